/** Funnel Report: every item into one report item, with the chart as binary data (n8n glue only). */
import {
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
} from 'n8n-workflow';
import { parseJsonText } from '../../../shared/json';
import { itemError } from '../../../shared/nodeGlue';
import { STAGE_RANK, type Stage } from '../../input/signals';
import { renderFunnelSvg } from '../../report/funnelChart';
import { renderFunnelPng } from '../../report/funnelPng';
import { asPreviousReport, FunnelReportBuilder } from '../../report/funnelReport';
import { StageTimesBuilder, stageTimesLine } from '../../report/stageTimes';
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
	const continueOnFail = ctx.continueOnFail();
	for (let i = 0; i < items.length; i++) {
		try {
			const { settings, nowMs: itemNow } = p.settingsFor(i);
			const json = items[i].json;
			const lead = p.reader.read(json, p.mappedAt(i), itemNow, settings);
			const earlier = (json as Record<string, unknown>)[p.resultField] as
				| { stage?: unknown; customerStatus?: CustomerStatus | null }
				| undefined;
			if (
				earlier &&
				typeof earlier === 'object' &&
				typeof earlier.stage === 'string' &&
				earlier.stage in STAGE_RANK
			) {
				builder.add(earlier.stage as Stage, earlier.customerStatus, lead, json, false);
				stageTimes.add((earlier as { reachedAt?: unknown }).reachedAt);
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
	const period =
		((ctx.getNodeParameter('period', 0, '') as string) || '').trim() ||
		`${language === 'de' ? 'Stand' : 'as of'} ${new Date(nowMs).toISOString().slice(0, 10)}`;
	const times = stageTimes.finish();
	const report = {
		...builder.finish({ title, period, previous, language }),
		...(times ? { stageTimes: times } : {}),
	};
	if (times) report.summary += ` ${stageTimesLine(times, language)}`;
	const svg = renderFunnelSvg(report, language);
	const binary: INodeExecutionData['binary'] = {
		[binaryProperty]: await ctx.helpers.prepareBinaryData(
			Buffer.from(svg, 'utf8'),
			'funnel-report.svg',
			'image/svg+xml',
		),
	};
	if (ctx.getNodeParameter('includePng', 0, false)) {
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
