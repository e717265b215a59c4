/** Funnel Report data built from a few leads at a fixed time: helpers for the report and chart tests. */
import { XMLParser } from 'fast-xml-parser';
import {
	FunnelReportBuilder,
	type FunnelReportData,
} from '../../nodes/FunnelStage/report/funnelReport';
import type { LeadEvidence } from '../../nodes/FunnelStage/input/lead';
import type { Stage } from '../../nodes/FunnelStage/input/signals';

export const NOW = Date.parse('2026-03-16T12:00:00Z');
export const none: LeadEvidence = { signals: [] };
export const ev = (extra: Partial<LeadEvidence>): LeadEvidence => ({ signals: [], ...extra });

export function build(
	rows: Array<[Stage, LeadEvidence, Record<string, unknown>?, string?]>,
	previous?: unknown,
): FunnelReportData {
	const b = new FunnelReportBuilder(NOW);
	for (const [stage, evidence, json, status] of rows)
		b.add(stage, (status ?? null) as never, evidence, json ?? {}, true);
	return b.finish({ title: 'Weekly Funnel', period: 'Week 12', previous });
}

/** 2 SEE, 1 THINK, no DO, 1 CARE: a report with an empty stage. */
export const smallReport = () =>
	build([
		['SEE', none],
		['SEE', none],
		['THINK', none],
		['CARE', ev({ orders: 1 }), {}, 'new'],
	]);

/** An SVG parsed, and every text in it as a reader (or a screen reader) gets it: entities decoded. */
export function svgTexts(svg: string): { doc: Record<string, any>; texts: string[] } {
	const doc = new XMLParser({ ignoreAttributes: false }).parse(svg) as Record<string, any>;
	const texts: string[] = [];
	const walk = (node: unknown) => {
		if (Array.isArray(node)) node.forEach(walk);
		else if (node && typeof node === 'object') {
			for (const [k, v] of Object.entries(node)) {
				if (k === 'text')
					(Array.isArray(v) ? v : [v]).forEach((t) =>
						texts.push(
							typeof t === 'object' ? String((t as Record<string, unknown>)['#text']) : String(t),
						),
					);
				else walk(v);
			}
		}
	};
	walk(doc);
	return { doc, texts };
}
