/**
 * The channel chart of a Funnel Report broken down by source, medium or campaign: a grouped
 * horizontal bar chart, one row per channel (the Top N, then "other" and "unknown" when they hold
 * leads), one bar per stage in the funnel chart's colours, the count beside each bar, and on the
 * right how many of the channel's leads reached CARE. 720 wide, text 13 px and up, so it stays
 * readable where it is shown at 600–800 px. Long names are cut with an ellipsis; every text is
 * escaped when written. English or German labels.
 *
 * The layout is the funnel chart's shapes, so `layoutSvg` writes it as SVG and `layoutPng`
 * paints it as PNG. Pure: no n8n import.
 */
import { STAGES } from '../input/signals';
import type { ChannelBreakdown, ChannelRow } from './channelBreakdown';
import { measureText } from './chartText';
import { layoutSvg, STAGE_COLOURS, type ChartLayout, type Shape } from './funnelChart';
import { formatPercent } from './funnelReport';

const LABELS = {
	en: {
		by: { source: 'by source', medium: 'by medium', campaign: 'by campaign', field: 'by channel' },
		leads: (n: number, text: string) => `${text} ${n === 1 ? 'lead' : 'leads'}`,
		toCare: 'to CARE',
		customers: (n: number, text: string) => `${text} ${n === 1 ? 'customer' : 'customers'}`,
		none: 'No leads in this report.',
		note: 'Bars: leads per stage. Right: leads at CARE ÷ all leads of the channel.',
		other: (n: number) => `${n} more values`,
	},
	de: {
		by: {
			source: 'nach Quelle',
			medium: 'nach Medium',
			campaign: 'nach Kampagne',
			field: 'nach Kanal',
		},
		leads: (n: number, text: string) => `${text} ${n === 1 ? 'Kontakt' : 'Kontakte'}`,
		toCare: 'zu CARE',
		customers: (n: number, text: string) => `${text} ${n === 1 ? 'Kunde' : 'Kunden'}`,
		none: 'Keine Kontakte in diesem Bericht.',
		note: 'Balken: Kontakte je Stufe. Rechts: Kontakte in CARE ÷ alle Kontakte des Kanals.',
		other: (n: number) => `${n} weitere Werte`,
	},
};

const WIDTH = 720;
const LEFT = 30;
const LABEL_WIDTH = 180;
const BAR_LEFT = 225;
const BAR_MAX = 260;
const RIGHT = 590;
const BAR = 15;
const GAP = 3;
const ROW = 4 * BAR + 3 * GAP + 26;
const TOP = 150;
const INK = '#1f2933';
const MUTED = '#3e4c59';

/** The text cut with an ellipsis so that it fits `width` pixels (whole characters, never half an emoji). */
export function fitText(text: string, width: number, size: number, bold = false): string {
	if (measureText(text, size, bold) <= width) return text;
	const chars = Array.from(text);
	let lo = 0;
	let hi = chars.length;
	while (lo < hi) {
		const mid = Math.ceil((lo + hi) / 2);
		if (measureText(chars.slice(0, mid).join('') + '…', size, bold) <= width) lo = mid;
		else hi = mid - 1;
	}
	return chars.slice(0, lo).join('').trimEnd() + '…';
}

/** The rows the chart shows: the Top N, then other and unknown when they hold leads. */
export function chartRows(b: ChannelBreakdown): ChannelRow[] {
	return [...b.channels, b.other, b.unknown].filter((r) => r.count > 0);
}

export function channelChartLayout(
	b: ChannelBreakdown,
	header: { title: string; period: string; summary: string },
	language: 'en' | 'de' = 'en',
): ChartLayout {
	const l = LABELS[language];
	const number = (n: number) => n.toLocaleString(language === 'de' ? 'de-DE' : 'en-US');
	const rows = chartRows(b);
	const height = TOP + Math.max(1, rows.length) * ROW + 40;
	const max = Math.max(1, ...rows.flatMap((r) => STAGES.map((s) => r.stages[s])));
	const shapes: Shape[] = [
		{ kind: 'rect', x: 0, y: 0, width: WIDTH, height, fill: '#ffffff' },
		{
			kind: 'text',
			x: LEFT,
			y: 42,
			size: 24,
			bold: true,
			fill: INK,
			text: fitText(`${header.title} ${l.by[b.dimension]}`, WIDTH - 2 * LEFT, 24, true),
		},
		{
			kind: 'text',
			x: LEFT,
			y: 70,
			size: 15,
			fill: MUTED,
			text: fitText(
				`${header.period} · ${l.leads(b.total, number(b.total))}`,
				WIDTH - 2 * LEFT,
				15,
			),
		},
	];
	// The legend: one swatch per stage, as the bars are coloured.
	let x = LEFT;
	for (const stage of STAGES) {
		shapes.push(
			{ kind: 'rect', x, y: 96, width: 16, height: 16, fill: STAGE_COLOURS[stage], rounded: true },
			{ kind: 'text', x: x + 22, y: 109, size: 14, bold: true, fill: INK, text: stage },
		);
		x += 22 + measureText(stage, 14, true) + 26;
	}
	if (!rows.length)
		shapes.push({ kind: 'text', x: LEFT, y: TOP + 30, size: 15, fill: INK, text: l.none });
	rows.forEach((r, i) => {
		const y = TOP + i * ROW;
		const isBucket = r === b.other || r === b.unknown;
		shapes.push(
			{
				kind: 'text',
				x: LEFT,
				y: y + 18,
				size: 15,
				bold: true,
				fill: INK,
				text: fitText(r.label, LABEL_WIDTH, 15, true),
			},
			{
				kind: 'text',
				x: LEFT,
				y: y + 38,
				size: 13,
				fill: MUTED,
				text: `${l.leads(r.count, number(r.count))} · ${formatPercent(r.share, language)}`,
			},
		);
		if (r === b.other && b.other.values > 0)
			shapes.push({
				kind: 'text',
				x: LEFT,
				y: y + 56,
				size: 13,
				fill: MUTED,
				text: l.other(b.other.values),
			});
		STAGES.forEach((stage, k) => {
			const count = r.stages[stage];
			const by = y + k * (BAR + GAP);
			const w = count === 0 ? 0 : Math.max(2, (BAR_MAX * count) / max);
			if (w > 0)
				shapes.push({
					kind: 'rect',
					x: BAR_LEFT,
					y: by,
					width: w,
					height: BAR,
					fill: isBucket ? '#9aa5b1' : STAGE_COLOURS[stage],
					rounded: true,
				});
			shapes.push({
				kind: 'text',
				x: BAR_LEFT + w + 6,
				y: by + BAR - 2,
				size: 13,
				fill: INK,
				text: `${number(count)} ${stage}`,
			});
		});
		shapes.push(
			{
				kind: 'text',
				x: RIGHT,
				y: y + 22,
				size: 18,
				bold: true,
				fill: INK,
				text: formatPercent(r.toCare, language),
			},
			{ kind: 'text', x: RIGHT, y: y + 40, size: 13, fill: MUTED, text: l.toCare },
			{
				kind: 'text',
				x: RIGHT,
				y: y + 58,
				size: 13,
				fill: MUTED,
				text: l.customers(r.customers, number(r.customers)),
			},
		);
	});
	shapes.push({ kind: 'text', x: LEFT, y: height - 16, size: 13, fill: '#52606d', text: l.note });
	return {
		width: WIDTH,
		height,
		title: `${header.title} – ${header.period} – ${l.by[b.dimension]}`,
		description: header.summary,
		shapes,
	};
}

export function renderChannelSvg(
	b: ChannelBreakdown,
	header: { title: string; period: string; summary: string },
	language: 'en' | 'de' = 'en',
): string {
	return layoutSvg(channelChartLayout(b, header, language));
}
