/** Funnel Report: every item into one report item, with the chart as binary data (n8n glue only). */
import {
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
} from 'n8n-workflow';
import { parseJsonText } from '../../../shared/json';
import { itemError, nodeError, parameterPerItem } from '../../../shared/nodeGlue';
import { STAGE_RANK, type Stage } from '../../input/signals';
import {
	breakdownSummary,
	ChannelBreakdownBuilder,
	readChannel,
	type ChannelBreakdown,
	type ChannelDimension,
	type ChannelRanking,
} from '../../report/channelBreakdown';
import { channelChartLayout } from '../../report/channelChart';
import { layoutSvg, renderFunnelSvg } from '../../report/funnelChart';
import { layoutPng, renderFunnelPng } from '../../report/funnelPng';
import {
	asPreviousReport,
	FunnelReportBuilder,
	type FunnelReportData,
} from '../../report/funnelReport';
import { StageTimesBuilder, stageTimesLine, type StageTimesReport } from '../../report/stageTimes';
import type { CustomerStatus } from '../../rules/playbook';
import { classifyLead } from '../../rules/stageRules';
import { isToolMode, toolArguments } from '../../../shared/toolMode';
import { leadInputOf, REPORT_TOOL_INPUTS } from '../leadInput';

/** Funnel Report: every item into one report item with the chart as binary data. */
export async function funnelReport(ctx: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = isToolMode(ctx) ? leadsFromTool(ctx) : ctx.getInputData();
	const p = leadInputOf(ctx);
	const language = ctx.getNodeParameter('language', 0, 'en') as 'en' | 'de';
	const binaryProperty =
		(ctx.getNodeParameter('binaryProperty', 0, 'chart') as string).trim() || 'chart';
	const title =
		(ctx.getNodeParameter('reportTitle', 0, 'Funnel Report') as string).trim() || 'Funnel Report';
	const previousRaw = ctx.getNodeParameter('previousReport', 0, '') as unknown;
	let previous: unknown;
	if (previousRaw !== '' && previousRaw !== undefined && previousRaw !== null) {
		const parsed =
			typeof previousRaw === 'string'
				? parseJsonText(previousRaw)
				: { ok: true as const, value: previousRaw };
		previous = parsed.ok ? asPreviousReport(parsed.value) : undefined;
		if (!previous) {
			throw new NodeOperationError(ctx.getNode(), 'Previous Report is not a Funnel Report', {
				description:
					'Map the report of an earlier run, e.g. {{ $json.report }} from where you stored it, or leave it empty.',
			});
		}
	}
	const { nowMs } = p.settingsFor(0);
	const builder = new FunnelReportBuilder(nowMs);
	const stageTimes = new StageTimesBuilder();
	const breakdown = channelBreakdownOf(ctx);
	const continueOnFail = ctx.continueOnFail();
	for (let i = 0; i < items.length; i++) {
		try {
			const { settings, nowMs: itemNow } = p.settingsFor(i);
			const json = items[i].json;
			const lead = p.reader.read(json, p.mappedAt(i), itemNow, settings);
			const earlier = (json as Record<string, unknown>)[p.resultField] as
				| { stage?: unknown; customerStatus?: CustomerStatus | null }
				| undefined;
			// The channel is read first: a bad Channel Field leaves the item out of both counts.
			const channel = breakdown?.channelAt(i, json);
			let stage: Stage;
			if (
				earlier &&
				typeof earlier === 'object' &&
				typeof earlier.stage === 'string' &&
				earlier.stage in STAGE_RANK
			) {
				stage = earlier.stage as Stage;
				builder.add(stage, earlier.customerStatus, lead, json, false);
				stageTimes.add((earlier as { reachedAt?: unknown }).reachedAt);
			} else {
				const result = classifyLead(lead, settings, itemNow);
				stage = result.stage;
				builder.add(stage, result.customerStatus, lead, json, true);
			}
			breakdown?.builder.add(channel, stage, lead);
		} catch (error) {
			const nodeError = itemError(ctx, error, i);
			if (!continueOnFail) throw nodeError;
			builder.addError(i, nodeError.message);
		}
	}
	const period =
		((ctx.getNodeParameter('period', 0, '') as string) || '').trim() ||
		`${language === 'de' ? 'Stand' : 'as of'} ${new Date(nowMs).toISOString().slice(0, 10)}`;
	const report: FunnelReportData & {
		byChannel?: ChannelBreakdown;
		stageTimes?: StageTimesReport;
	} = builder.finish({
		title,
		period,
		previous,
		language,
	});
	if (breakdown) {
		report.byChannel = breakdown.builder.finish(report.total, language);
		report.summary += `\n${breakdownSummary(report.byChannel, language)}`;
	}
	const times = stageTimes.finish();
	if (times) {
		report.stageTimes = times;
		report.summary += `\n${stageTimesLine(times, language)}`;
	}
	const svg = renderFunnelSvg(report, language);
	const binary: INodeExecutionData['binary'] = {
		[binaryProperty]: await ctx.helpers.prepareBinaryData(
			Buffer.from(svg, 'utf8'),
			'funnel-report.svg',
			'image/svg+xml',
		),
	};
	const includePng = ctx.getNodeParameter('includePng', 0, false) as boolean;
	// The funnel chart's PNG goes last: the editor's binary view opens the last one first.
	if (report.byChannel) {
		const layout = channelChartLayout(report.byChannel, report, language);
		binary[`${binaryProperty}ByChannel`] = await ctx.helpers.prepareBinaryData(
			Buffer.from(layoutSvg(layout), 'utf8'),
			'funnel-by-channel.svg',
			'image/svg+xml',
		);
		if (includePng)
			binary[`${binaryProperty}ByChannelPng`] = await ctx.helpers.prepareBinaryData(
				layoutPng(layout),
				'funnel-by-channel.png',
				'image/png',
			);
	}
	if (includePng) {
		binary[`${binaryProperty}Png`] = await ctx.helpers.prepareBinaryData(
			renderFunnelPng(report, language),
			'funnel-report.png',
			'image/png',
		);
	}
	return [
		[
			{
				json: { summary: report.summary, report: report as unknown as INodeExecutionData['json'] },
				binary,
				pairedItem: items.map((_, item) => ({ item })),
			},
		],
	];
}

/** Break Down By: the builder and each item's channel, or undefined for None. */
function channelBreakdownOf(ctx: IExecuteFunctions):
	| {
			builder: ChannelBreakdownBuilder;
			channelAt: (i: number, json: IDataObject) => ReturnType<typeof readChannel>;
	  }
	| undefined {
	const dimension = ctx.getNodeParameter('breakDownBy', 0, 'none') as ChannelDimension | 'none';
	if (dimension === 'none') return undefined;
	const topN = ctx.getNodeParameter('topChannels', 0, 8) as number;
	const rankBy = ctx.getNodeParameter('rankChannelsBy', 0, 'leads') as ChannelRanking;
	let builder: ChannelBreakdownBuilder;
	try {
		builder = new ChannelBreakdownBuilder(dimension, { topN, rankBy });
	} catch (error) {
		throw nodeError(ctx, (error as Error).message, 'Enter a whole number from 1 to 50.');
	}
	const mapped =
		dimension === 'field' ? parameterPerItem<unknown>(ctx, 'channelField', undefined) : undefined;
	return {
		builder,
		channelAt: (i, json) => readChannel(json, dimension, mapped?.get(i)),
	};
}

/** Funnel Report as a tool: the leads the model passed, each as an item. */
function leadsFromTool(ctx: IExecuteFunctions): INodeExecutionData[] {
	const { leads } = toolArguments(ctx, REPORT_TOOL_INPUTS, 0);
	if (!Array.isArray(leads) || !leads.length) {
		throw new NodeOperationError(ctx.getNode(), 'leads must be a list of leads', {
			description:
				'How to fix: pass leads as a list of objects, e.g. [{"email": "ana@example.com", "events": [{"type": "add_to_cart", "at": "2026-03-01"}]}].',
		});
	}
	return leads.map((lead) => ({
		json:
			lead !== null && typeof lead === 'object' && !Array.isArray(lead)
				? (lead as IDataObject)
				: { lead },
	}));
}

/** The report as a tool's answer: the figures; the chart stays with the node outside an agent. */
export function reportAnswer(item: INodeExecutionData): IDataObject {
	return {
		summary: item.json.summary,
		report: item.json.report,
		chart:
			'The chart (SVG, and PNG if chosen) is attached when Funnel Report runs as a node in a workflow, outside an agent.',
	};
}
