import {
	NodeConnectionTypes,
	NodeOperationError,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';
import { readDate } from '../shared/coerce';
import { errorItem, itemError, parameterPerItem } from '../shared/nodeGlue';
import { createLeadReader, LEAD_FIELDS, type LeadFieldName, type MappedValues } from './input/leadFields';
import { DEFAULT_WEIGHTS, resolveSettings, type FunnelSettings, type SettingsOverrides } from './rules/settings';
import { renderFunnelSvg } from './report/funnelChart';
import { renderFunnelPng } from './report/funnelPng';
import { asPreviousReport, FunnelReportBuilder } from './report/funnelReport';
import type { CustomerStatus } from './rules/playbook';
import { classifyLead } from './rules/stageRules';
import { STAGE_RANK, STAGES, type Stage } from './input/signals';
import { parseJsonText } from '../shared/json';

const NOTHING_MAPPED: MappedValues = Object.freeze({});

/** Evaluated by n8n in the editor and the engine: must stay self-contained (no imports). */
const stageOutputs = (parameters: { operation?: string; routing?: string }) =>
	parameters.operation === 'report'
		? [{ type: 'main', displayName: 'Report' }]
		: parameters.routing === 'single'
			? [{ type: 'main', displayName: 'Leads' }]
			: ['SEE', 'THINK', 'DO', 'CARE'].map((stage) => ({ type: 'main', displayName: stage }));

const leadFieldOptions: INodeProperties[] = LEAD_FIELDS.map((f) => ({
	displayName: f.displayName,
	name: f.name,
	type: 'string',
	default: '',
	placeholder: f.kind === 'events' ? '={{ $json.events }}' : `={{ $json.${f.recognised[0]} }}`,
	description: f.description,
}));

const numberOption = (displayName: string, name: keyof FunnelSettings, defaultValue: number, description: string): INodeProperties => ({
	displayName,
	name,
	type: 'number',
	default: defaultValue,
	description,
});

export class FunnelStage implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Funnel Stage',
		name: 'funnelStage',
		icon: { light: 'file:funnelStage.svg', dark: 'file:funnelStage.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{ { classify: "Classify Leads", report: "Funnel Report" }[$parameter["operation"]] }}',
		description: 'Classify leads into SEE, THINK, DO or CARE from their behaviour, explain why, and route them by stage',
		defaults: { name: 'Funnel Stage' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: `={{(${stageOutputs})($parameter)}}`,
		properties: [
			{
				displayName: 'Operation',
				name: 'operation',
				type: 'options',
				noDataExpression: true,
				options: [
					{
						name: 'Classify Leads',
						value: 'classify',
						action: 'Classify leads into funnel stages',
						description: 'Give each lead its stage, intent score, reasons and next best actions',
					},
					{
						name: 'Funnel Report',
						value: 'report',
						action: 'Report the funnel with a chart',
						description: 'Count and share per stage, conversion between stages, KPIs per stage and a funnel chart, in one item',
					},
				],
				default: 'classify',
			},
			{
				displayName: 'Report Title',
				name: 'reportTitle',
				type: 'string',
				displayOptions: { show: { operation: ['report'] } },
				default: 'Funnel Report',
			},
			{
				displayName: 'Period',
				name: 'period',
				type: 'string',
				displayOptions: { show: { operation: ['report'] } },
				default: '',
				placeholder: '={{ "Week " + $now.toFormat("kkkk-WW") }}',
				description: 'Shown under the title. Empty: "as of" the date of the report.',
			},
			{
				displayName: 'Language',
				name: 'language',
				type: 'options',
				displayOptions: { show: { operation: ['report'] } },
				options: [
					{ name: 'English', value: 'en' },
					{ name: 'German', value: 'de' },
				],
				default: 'en',
				description: 'Language of the chart labels and the summary',
			},
			{
				displayName: 'Put Chart in Field',
				name: 'binaryProperty',
				type: 'string',
				displayOptions: { show: { operation: ['report'] } },
				default: 'chart',
				required: true,
				description: 'Binary field that receives the funnel chart (SVG), e.g. for the Send Email node’s attachments',
			},
			{
				displayName: 'Also Attach a PNG',
				name: 'includePng',
				type: 'boolean',
				displayOptions: { show: { operation: ['report'] } },
				default: false,
				description: 'Whether to add the chart as a PNG image too (in the chart field’s name + "Png"), for mail clients and chat tools that do not show SVG',
			},
			{
				displayName: 'Previous Report',
				name: 'previousReport',
				// Text, not n8n's JSON editor: that marks an empty value (valid here) as an error.
				type: 'string',
				typeOptions: { rows: 4 },
				displayOptions: { show: { operation: ['report'] } },
				default: '',
				description: 'Last period’s report (the report field this node put out then), for deltas per stage and KPI. Empty: no comparison.',
			},
			{
				displayName: 'Route By',
				name: 'routing',
				type: 'options',
				noDataExpression: true,
				displayOptions: { show: { operation: ['classify'] } },
				options: [
					{ name: 'One Output per Stage', value: 'perStage', description: 'Outputs SEE, THINK, DO and CARE' },
					{ name: 'One Output', value: 'single', description: 'All leads on one output; the stage is in the result field' },
				],
				default: 'perStage',
			},
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
				description: 'Map the fields of your data by expression. Fields you do not map are recognised by their common names.',
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
					numberOption('DO Score Threshold', 'doScore', 60, 'Intent score (0–100) from which a lead is DO without fresh DO evidence'),
					numberOption('DO Window (Days)', 'doWindowDays', 14, 'Add-to-cart, checkout started or lead form within this many days makes a lead DO'),
					numberOption('Lapsed After (Days)', 'lapsedAfterDays', 365, 'A customer whose last order is older than this is lapsed'),
					numberOption('Loyal From Orders', 'loyalMinOrders', 3, 'Orders from which a recent customer is loyal'),
					numberOption('Max Events per Type per Day', 'maxEventsPerTypePerDay', 20, 'At most this many signals of one type count per day (as Marketo caps activities)'),
					{
						displayName: 'No Consent Field Means',
						name: 'missingTrackingConsent',
						type: 'options',
						options: [
							{ name: 'Not Given (Ignore Email Opens and Clicks)', value: 'notGiven' },
							{ name: 'Given', value: 'given' },
						],
						default: 'notGiven',
						description: 'How to treat a lead without a tracking-consent field: email opens and clicks need per-person tracking consent (§ 25 TDDDG, GDPR)',
					},
					numberOption('Repurchase Window (Days)', 'repurchaseWindowDays', 90, 'A customer without an order in this many days is at risk'),
					numberOption(
						'Score Saturation Points',
						'scoreSaturationPoints', 30,
						'Shape of the score curve: score = 100 × (1 − e^(−points / this)); at this many points the score is 63',
					),
					{
						displayName: 'Signal Weights (JSON)',
						name: 'signalWeights',
						type: 'json',
						default: JSON.stringify(DEFAULT_WEIGHTS, null, 2),
						description: 'Points and half-life in days per signal type. Each signal counts points × 0.5^(age / half-life).',
					},
					numberOption('THINK Score Threshold', 'thinkScore', 25, 'Intent score (0–100) from which a lead is THINK without fresh THINK evidence'),
					numberOption('THINK Window (Days)', 'thinkWindowDays', 30, 'Link click, product or page view, opt-in, download, DM or question within this many days makes a lead THINK'),
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
							{ name: 'Ignore and Note', value: 'ignore', description: 'Skip the event and say so in the notes' },
						],
						default: 'error',
					},
				],
			},
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		const routing = this.getNodeParameter('routing', 0, 'perStage') as string;
		const resultField = (this.getNodeParameter('resultField', 0) as string).trim();
		if (!resultField) throw new NodeOperationError(this.getNode(), 'Put Result in Field must not be empty', { description: 'Enter a field name such as funnel.' });
		const recognise = this.getNodeParameter('recogniseFields', 0) as boolean;

		const options = parameterPerItem<Record<string, unknown>>(this, 'options', {});
		const settingsFor = settingsReader(this, options, Date.now());
		const mappedFields = LEAD_FIELDS.map((f) => ({
			name: f.name as LeadFieldName,
			value: parameterPerItem<unknown>(this, `leadFields.${f.name}`, undefined),
		})).filter((m) => m.value.perItem || m.value.get(0) !== undefined);
		const reader = createLeadReader({ recognise, resultField });

		if (this.getNodeParameter('operation', 0) === 'report') {
			return [[await funnelReport(this, items, { resultField, recognise, reader, mappedFields, settingsFor })]];
		}
		const outputs: INodeExecutionData[][] = routing === 'single' ? [[]] : STAGES.map(() => []);
		for (let i = 0; i < items.length; i++) {
			const item = items[i];
			try {
				const { settings, nowMs } = settingsFor(i);
				let mapped: MappedValues = NOTHING_MAPPED;
				if (mappedFields.length) {
					mapped = {};
					for (const m of mappedFields) mapped[m.name] = m.value.get(i);
				}
				const lead = reader.read(item.json, mapped, nowMs, settings);
				const result = classifyLead(lead, settings, nowMs);
				const out: INodeExecutionData = { json: { ...item.json, [resultField]: result as unknown as INodeExecutionData['json'] }, pairedItem: { item: i } };
				if (item.binary) out.binary = item.binary;
				outputs[routing === 'single' ? 0 : STAGE_RANK[result.stage]].push(out);
			} catch (error) {
				const nodeError = itemError(this, error, i);
				if (!this.continueOnFail()) throw nodeError;
				outputs[0].push(errorItem(this, item, nodeError, i));
			}
		}
		return outputs;
	}
}

type MappedField = { name: LeadFieldName; value: { perItem: boolean; get: (i: number) => unknown } };

/** Funnel Report: every item into one report item with the chart as binary data. */
async function funnelReport(
	ctx: IExecuteFunctions,
	items: INodeExecutionData[],
	p: { resultField: string; recognise: boolean; reader: ReturnType<typeof createLeadReader>; mappedFields: MappedField[]; settingsFor: ReturnType<typeof settingsReader> },
): Promise<INodeExecutionData> {
	const language = ctx.getNodeParameter('language', 0, 'en') as 'en' | 'de';
	const binaryProperty = (ctx.getNodeParameter('binaryProperty', 0, 'chart') as string).trim() || 'chart';
	const title = (ctx.getNodeParameter('reportTitle', 0, 'Funnel Report') as string).trim() || 'Funnel Report';
	const previousRaw = ctx.getNodeParameter('previousReport', 0, '') as unknown;
	let previous: unknown;
	if (previousRaw !== '' && previousRaw !== undefined && previousRaw !== null) {
		const parsed = typeof previousRaw === 'string' ? parseJsonText(previousRaw) : { ok: true as const, value: previousRaw };
		previous = parsed.ok ? asPreviousReport(parsed.value) : undefined;
		if (!previous) {
			throw new NodeOperationError(ctx.getNode(), 'Previous Report is not a Funnel Report', {
				description: 'Map the report of an earlier run, e.g. {{ $json.report }} from where you stored it, or leave it empty.',
			});
		}
	}
	const { nowMs } = p.settingsFor(0);
	const builder = new FunnelReportBuilder(nowMs);
	const continueOnFail = ctx.continueOnFail();
	for (let i = 0; i < items.length; i++) {
		try {
			const { settings, nowMs: itemNow } = p.settingsFor(i);
			let mapped: MappedValues = NOTHING_MAPPED;
			if (p.mappedFields.length) {
				mapped = {};
				for (const m of p.mappedFields) mapped[m.name] = m.value.get(i);
			}
			const json = items[i].json;
			const lead = p.reader.read(json, mapped, itemNow, settings);
			const earlier = (json as Record<string, unknown>)[p.resultField] as { stage?: unknown; customerStatus?: CustomerStatus | null } | undefined;
			if (earlier && typeof earlier === 'object' && typeof earlier.stage === 'string' && earlier.stage in STAGE_RANK) {
				builder.add(earlier.stage as Stage, earlier.customerStatus, lead, json, false);
			} else {
				const result = classifyLead(lead, settings, itemNow);
				builder.add(result.stage, result.customerStatus, lead, json, true);
			}
		} catch (error) {
			const nodeError = itemError(ctx, error, i);
			if (!continueOnFail) throw nodeError;
			builder.addError(i, nodeError.message);
		}
	}
	const period = ((ctx.getNodeParameter('period', 0, '') as string) || '').trim() || `${language === 'de' ? 'Stand' : 'as of'} ${new Date(nowMs).toISOString().slice(0, 10)}`;
	const report = builder.finish({ title, period, previous, language });
	const svg = renderFunnelSvg(report, language);
	const binary: INodeExecutionData['binary'] = {
		[binaryProperty]: await ctx.helpers.prepareBinaryData(Buffer.from(svg, 'utf8'), 'funnel-report.svg', 'image/svg+xml'),
	};
	if (ctx.getNodeParameter('includePng', 0, false)) {
		binary[`${binaryProperty}Png`] = await ctx.helpers.prepareBinaryData(renderFunnelPng(report, language), 'funnel-report.png', 'image/png');
	}
	return {
		json: { summary: report.summary, report: report as unknown as INodeExecutionData['json'] },
		binary,
		pairedItem: items.map((_, item) => ({ item })),
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
			const parsed = typeof signalWeights === 'string' ? parseJsonText(signalWeights) : { ok: true as const, value: signalWeights };
			if (!parsed.ok) {
				throw new NodeOperationError(ctx.getNode(), 'Options → Signal Weights (JSON) is not valid JSON', {
					description: 'Use an object such as {"like": {"points": 1, "halfLifeDays": 7}}.',
				});
			}
			weights = parsed.value as SettingsOverrides['weights'];
		}
		let settings: FunnelSettings;
		try {
			settings = resolveSettings({ ...(numbers as SettingsOverrides), weights });
		} catch (error) {
			throw new NodeOperationError(ctx.getNode(), (error as Error).message, { description: 'Correct the value under Options.' });
		}
		let ref: number | undefined;
		try {
			ref = readDate(referenceTime, 'Options → Classify As Of');
		} catch (error) {
			throw new NodeOperationError(ctx.getNode(), (error as Error).message, { description: 'Use an ISO 8601 date such as 2026-03-01T09:00:00Z, or leave it empty for now.' });
		}
		return { settings, nowMs: ref ?? startedAt };
	};
	if (options.perItem) return (i) => resolve(options.get(i));
	// Constant options are checked once, before any item: a wrong option fails the node, not each item.
	const once = resolve(options.get(0));
	return () => once;
}
