/**
 * What both operations read the same way: the lead fields, Put Result in Field, and the options
 * (settings and the reference time). The parameters, and reading them (n8n glue).
 */
import {
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeProperties,
} from 'n8n-workflow';
import { parseJsonText } from '../../shared/json';
import {
	fieldMappingOptions,
	mappedFieldsOf,
	numberParameter,
	parameterPerItem,
	referenceTimeOf,
	resultFieldOf,
} from '../../shared/nodeGlue';
import {
	isToolMode,
	toolArguments,
	type ToolInput,
	type ToolInputType,
} from '../../shared/toolMode';
import {
	createLeadReader,
	LEAD_FIELDS,
	type LeadFieldName,
	type MappedValues,
} from '../input/leadFields';
import {
	DEFAULT_SETTINGS,
	DEFAULT_WEIGHTS,
	NUMBER_OPTIONS,
	resolveSettings,
	type FunnelSettings,
	type SettingsOverrides,
} from '../rules/settings';

const leadFieldOptions: INodeProperties[] = fieldMappingOptions(LEAD_FIELDS, (f) =>
	f.name === 'events' ? '={{ $json.events }}' : `={{ $json.${f.recognised[0]} }}`,
);

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
		options: (
			[
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
				{
					displayName: 'Signal Weights (JSON)',
					name: 'signalWeights',
					type: 'json',
					default: JSON.stringify(DEFAULT_WEIGHTS, null, 2),
					description:
						'Points and half-life in days per signal type. Each signal counts points × 0.5^(age / half-life).',
				},
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
				...NUMBER_OPTIONS.map((o) =>
					numberParameter(o.label, o.name, DEFAULT_SETTINGS[o.name], o.help),
				),
			] as INodeProperties[]
		).sort((x, y) => x.displayName.localeCompare(y.displayName, 'en')),
	},
];

/** A lead input, read: where the result goes, the reader, the mapped values and the settings per item. */
const TOOL_TYPES: Record<(typeof LEAD_FIELDS)[number]['kind'], ToolInputType> = {
	count: 'number',
	amount: 'number',
	date: 'string',
	events: 'json',
	flag: 'boolean',
	stage: 'string',
	lifecycle: 'string',
};

/** A field's description for a model: what it holds, without the field names the node recognises. */
const forModel = (description: string) =>
	description.replace(/\s*Recognised without mapping:.*$/, '');

/** Classify Leads as a tool: one lead, typed, as a model passes it. */
export const LEAD_TOOL_INPUTS: readonly ToolInput[] = [
	{
		key: 'email',
		type: 'string',
		description: 'The lead’s email address, if known: it names the lead in the answer',
	},
	{ key: 'name', type: 'string', description: 'The lead’s name, if known' },
	...LEAD_FIELDS.map((f) => ({
		key: f.name,
		type: TOOL_TYPES[f.kind],
		description:
			f.kind === 'events'
				? 'What the lead did, as a list such as [{"type": "add_to_cart", "at": "2026-03-01T10:00:00Z"}]. Types: follow, like, comment, share, save, direct_message, link_click, page_view, product_view, email_opt_in, download, add_to_cart, checkout_started, lead_form, purchase (Meta, GA4, Klaviyo and Shopify event names work too). Optional "count" per event.'
				: f.kind === 'date'
				? `${forModel(f.description)} ISO 8601, e.g. 2026-03-01.`
				: forModel(f.description),
	})),
];

/** Funnel Report as a tool: the leads to count. */
export const REPORT_TOOL_INPUTS: readonly ToolInput[] = [
	{
		key: 'leads',
		type: 'json',
		description:
			'The leads to count, as a list of objects with the fields Classify Leads takes (email, events, likes, orders, lastOrderAt …), or leads already classified, with a funnel object holding their stage',
	},
];

export interface LeadInput {
	/** The item's lead data: the item itself, or in tool mode the identity the model passed. */
	jsonAt: (itemIndex: number, item: { json: IDataObject }) => IDataObject;
	resultField: string;
	reader: ReturnType<typeof createLeadReader>;
	mappedAt: (itemIndex: number) => MappedValues;
	settingsFor: (itemIndex: number) => { settings: FunnelSettings; nowMs: number };
}

/** `oneLeadFromTool`: in tool mode, the model's arguments are the lead (Classify Leads). */
export function leadInputOf(ctx: IExecuteFunctions, { oneLeadFromTool = false } = {}): LeadInput {
	const resultField = resultFieldOf(ctx, 'funnel');
	const recognise = ctx.getNodeParameter('recogniseFields', 0, true) as boolean;
	const options = parameterPerItem<Record<string, unknown>>(ctx, 'options', {});
	const settingsFor = settingsReader(ctx, options, Date.now());
	if (oneLeadFromTool && isToolMode(ctx)) {
		// The model's arguments are the lead: the item (the agent's own input) is not read.
		let last: { i: number; args: IDataObject } | undefined;
		const args = (i: number) =>
			last?.i === i
				? last.args
				: (last = { i, args: toolArguments(ctx, LEAD_TOOL_INPUTS, i) }).args;
		return {
			jsonAt: (i) => {
				const { email, name } = args(i);
				return { ...(email ? { email } : {}), ...(name ? { name } : {}) };
			},
			resultField,
			reader: createLeadReader({ recognise: false, resultField }),
			// email and name only name the lead; every other argument is a lead field.
			mappedAt: (i) =>
				Object.fromEntries(
					Object.entries(args(i)).filter(([key]) => key !== 'email' && key !== 'name'),
				) as MappedValues,
			settingsFor,
		};
	}
	return {
		jsonAt: (_, item) => item.json,
		resultField,
		reader: createLeadReader({ recognise, resultField }),
		mappedAt: mappedFieldsOf<LeadFieldName>(
			ctx,
			LEAD_FIELDS.map((f) => ({ collection: 'leadFields', name: f.name as LeadFieldName })),
		),
		settingsFor,
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
