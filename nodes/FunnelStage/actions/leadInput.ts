/**
 * What both operations read the same way: the lead fields, Put Result in Field, and the options
 * (settings and the reference time). The parameters, and reading them (n8n glue).
 */
import { NodeOperationError, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';
import { parseJsonText } from '../../shared/json';
import {
	mappedFieldsOf,
	parameterPerItem,
	referenceTimeOf,
	resultFieldOf,
} from '../../shared/nodeGlue';
import {
	createLeadReader,
	LEAD_FIELDS,
	type LeadFieldName,
	type MappedValues,
} from '../input/leadFields';
import {
	DEFAULT_WEIGHTS,
	resolveSettings,
	type FunnelSettings,
	type SettingsOverrides,
} from '../rules/settings';

const leadFieldOptions: INodeProperties[] = LEAD_FIELDS.map((f) => ({
	displayName: f.displayName,
	name: f.name,
	type: 'string',
	default: '',
	placeholder: f.kind === 'events' ? '={{ $json.events }}' : `={{ $json.${f.recognised[0]} }}`,
	description: f.description,
}));

const numberOption = (
	displayName: string,
	name: keyof FunnelSettings,
	defaultValue: number,
	description: string,
): INodeProperties => ({
	displayName,
	name,
	type: 'number',
	default: defaultValue,
	description,
});

export const leadInputDescription: INodeProperties[] = [
	{
		displayName: 'Put Result in Field',
		name: 'resultField',
		type: 'string',
		default: 'funnel',
		required: true,
		description:
			'Name of the field that receives the stage, score and reasons. The input fields are kept. Funnel Report takes the stage from this field where an earlier Funnel Stage node put it, and classifies the other items.',
	},
	{
		displayName: 'Recognise Common Field Names',
		name: 'recogniseFields',
		type: 'boolean',
		default: true,
		description:
			'Whether to read fields such as orders_count (Shopify), properties.hs_email_open (HubSpot) or attributes.last_event_date (Klaviyo) without mapping them',
	},
	{
		displayName: 'Lead Fields',
		name: 'leadFields',
		type: 'collection',
		placeholder: 'Map a Field',
		default: {},
		description:
			'Map the fields of your data by expression. Fields you do not map are recognised by their common names.',
		options: leadFieldOptions,
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'CARE From Orders',
				name: 'careMinOrders',
				type: 'options',
				options: [
					{ name: '1 Order (Any Customer)', value: 1 },
					{ name: '2 Orders (Kaushik’s Strict Reading; One-Time Buyers Stay in DO)', value: 2 },
				],
				default: 1,
				description: 'How many orders make a lead a CARE customer',
			},
			{
				displayName: 'Classify As Of',
				name: 'referenceTime',
				type: 'dateTime',
				default: '',
				description: 'The moment ages are measured from. Empty means now.',
			},
			numberOption(
				'DO Score Threshold',
				'doScore',
				60,
				'Intent score (0–100) from which a lead is DO without fresh DO evidence',
			),
			numberOption(
				'DO Window (Days)',
				'doWindowDays',
				14,
				'Add-to-cart, checkout started or lead form within this many days makes a lead DO',
			),
			numberOption(
				'Lapsed After (Days)',
				'lapsedAfterDays',
				365,
				'A customer whose last order is older than this is lapsed',
			),
			numberOption(
				'Loyal From Orders',
				'loyalMinOrders',
				3,
				'Orders from which a recent customer is loyal',
			),
			numberOption(
				'Max Events per Type per Day',
				'maxEventsPerTypePerDay',
				20,
				'At most this many signals of one type count per day (as Marketo caps activities)',
			),
			{
				displayName: 'No Consent Field Means',
				name: 'missingTrackingConsent',
				type: 'options',
				options: [
					{ name: 'Not Given (Ignore Email Opens and Clicks)', value: 'notGiven' },
					{ name: 'Given', value: 'given' },
				],
				default: 'notGiven',
				description:
					'How to treat a lead without a tracking-consent field: email opens and clicks need per-person tracking consent (§ 25 TDDDG, GDPR)',
			},
			numberOption(
				'Repurchase Window (Days)',
				'repurchaseWindowDays',
				90,
				'A customer without an order in this many days is at risk',
			),
			numberOption(
				'Score Saturation Points',
				'scoreSaturationPoints',
				30,
				'Shape of the score curve: score = 100 × (1 − e^(−points / this)); at this many points the score is 63',
			),
			{
				displayName: 'Signal Weights (JSON)',
				name: 'signalWeights',
				type: 'json',
				default: JSON.stringify(DEFAULT_WEIGHTS, null, 2),
				description:
					'Points and half-life in days per signal type. Each signal counts points × 0.5^(age / half-life).',
			},
			numberOption(
				'THINK Score Threshold',
				'thinkScore',
				25,
				'Intent score (0–100) from which a lead is THINK without fresh THINK evidence',
			),
			numberOption(
				'THINK Window (Days)',
				'thinkWindowDays',
				30,
				'Link click, product or page view, opt-in, download, DM or question within this many days makes a lead THINK',
			),
			{
				displayName: 'Use Lifecycle Stage',
				name: 'useLifecycleStage',
				type: 'boolean',
				default: true,
				description:
					'Whether a lifecycle field raises the stage behaviour alone gives: HubSpot lifecyclestage customer → CARE, opportunity → DO, lead → THINK; WooCommerce is_paying_customer → CARE',
			},
			{
				displayName: 'Unknown Event Types',
				name: 'unknownEventTypes',
				type: 'options',
				options: [
					{ name: 'Error', value: 'error', description: 'Fail the item and name the event' },
					{
						name: 'Ignore and Note',
						value: 'ignore',
						description: 'Skip the event and say so in the notes',
					},
				],
				default: 'error',
			},
		],
	},
];

/** A lead input, read: where the result goes, the reader, the mapped values and the settings per item. */
export interface LeadInput {
	resultField: string;
	reader: ReturnType<typeof createLeadReader>;
	mappedAt: (itemIndex: number) => MappedValues;
	settingsFor: (itemIndex: number) => { settings: FunnelSettings; nowMs: number };
}

export function leadInputOf(ctx: IExecuteFunctions): LeadInput {
	const resultField = resultFieldOf(ctx, 'funnel');
	const recognise = ctx.getNodeParameter('recogniseFields', 0) as boolean;
	const options = parameterPerItem<Record<string, unknown>>(ctx, 'options', {});
	return {
		resultField,
		reader: createLeadReader({ recognise, resultField }),
		mappedAt: mappedFieldsOf<LeadFieldName>(
			ctx,
			LEAD_FIELDS.map((f) => ({ collection: 'leadFields', name: f.name as LeadFieldName })),
		),
		settingsFor: settingsReader(ctx, options, Date.now()),
	};
}

/** Settings and the reference time: resolved once, or per item when an option is an expression. */
function settingsReader(
	ctx: IExecuteFunctions,
	options: { perItem: boolean; get: (i: number) => Record<string, unknown> },
	startedAt: number,
): (itemIndex: number) => { settings: FunnelSettings; nowMs: number } {
	const resolve = (raw: Record<string, unknown>) => {
		const { referenceTime, signalWeights, ...numbers } = raw;
		let weights: SettingsOverrides['weights'];
		if (signalWeights !== undefined && signalWeights !== '') {
			const parsed =
				typeof signalWeights === 'string'
					? parseJsonText(signalWeights)
					: { ok: true as const, value: signalWeights };
			if (!parsed.ok) {
				throw new NodeOperationError(
					ctx.getNode(),
					'Options → Signal Weights (JSON) is not valid JSON',
					{
						description: 'Use an object such as {"like": {"points": 1, "halfLifeDays": 7}}.',
					},
				);
			}
			weights = parsed.value as SettingsOverrides['weights'];
		}
		let settings: FunnelSettings;
		try {
			settings = resolveSettings({ ...(numbers as SettingsOverrides), weights });
		} catch (error) {
			throw new NodeOperationError(ctx.getNode(), (error as Error).message, {
				description: 'Correct the value under Options.',
			});
		}
		const ref = referenceTimeOf(ctx, referenceTime, 'Options → Classify As Of');
		return { settings, nowMs: ref ?? startedAt };
	};
	if (options.perItem) return (i) => resolve(options.get(i));
	// Constant options are checked once, before any item: a wrong option fails the node, not each item.
	const once = resolve(options.get(0));
	return () => once;
}
