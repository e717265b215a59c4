/**
 * The funnel chart of a Funnel Report: one bar per stage (width by count), count and share
 * beside it, the conversion between stages, title and period. Colour-blind-safe colours
 * (Okabe–Ito), all text dark on white. Labels in English or German.
 *
 * The layout is computed once as shapes; `renderFunnelSvg` writes them as SVG (with a <title>
 * and <desc> for screen readers) and `funnelPng.ts` paints the same shapes into a PNG.
 * Pure: no n8n import, no native module.
 */
import { escapeMarkup as escapeXml } from '../../shared/markup';
import type { FunnelReportData } from './funnelReport';
import { formatPercent } from './funnelReport';
import type { Stage } from '../input/signals';

export const STAGE_COLOURS: Readonly<Record<Stage, string>> = {
	SEE: '#56B4E9',
	THINK: '#009E73',
	DO: '#E69F00',
	CARE: '#CC79A7',
};

const LABELS = {
	en: {
		stages: {
			SEE: 'Attention · TOFU',
			THINK: 'Interest · MOFU',
			DO: 'Desire → Action · BOFU',
			CARE: 'Retention',
		},
		leads: 'leads',
		ofAll: 'of all',
		conversion: 'move on',
		definition: 'Moving on = leads at the next stage or beyond ÷ leads at this stage or beyond',
		generated: 'Generated',
	},
	de: {
		stages: {
			SEE: 'Aufmerksamkeit · TOFU',
			THINK: 'Interesse · MOFU',
			DO: 'Wunsch → Handlung · BOFU',
			CARE: 'Bindung',
		},
		leads: 'Kontakte',
		ofAll: 'von allen',
		conversion: 'gehen weiter',
		definition: 'Weitergehen = Kontakte ab der nächsten Stufe ÷ Kontakte ab dieser Stufe',
		generated: 'Erstellt',
	},
};

export type Shape =
	| {
			kind: 'rect';
			x: number;
			y: number;
			width: number;
			height: number;
			fill: string;
			rounded?: boolean;
	  }
	| {
			kind: 'text';
			x: number;
			y: number;
			size: number;
			bold?: boolean;
			fill: string;
			anchor?: 'start' | 'middle';
			text: string;
	  };

export interface ChartLayout {
	width: number;
	height: number;
	title: string;
	description: string;
	shapes: Shape[];
}

// 640 wide, so that the smallest text (13 px) stays readable where the chart is shown smaller:
// n8n's output panel fits it into about 450 px, mail clients into about 600.
const WIDTH = 640;
const BAR_LEFT = 215;
const BAR_WIDTH = 270;
const ROW = 96;
const TOP = 110;
const INK = '#1f2933';
const MUTED = '#3e4c59';

export function chartLayout(report: FunnelReportData, language: 'en' | 'de' = 'en'): ChartLayout {
	const l = LABELS[language];
	const max = Math.max(1, ...report.stages.map((s) => s.count));
	const height = TOP + report.stages.length * ROW + 56;
	const number = (n: number) => n.toLocaleString(language === 'de' ? 'de-DE' : 'en-US');
	const shapes: Shape[] = [
		{ kind: 'rect', x: 0, y: 0, width: WIDTH, height, fill: '#ffffff' },
		{ kind: 'text', x: 30, y: 44, size: 26, bold: true, fill: INK, text: report.title },
		{
			kind: 'text',
			x: 30,
			y: 72,
			size: 16,
			fill: MUTED,
			text: `${report.period} · ${number(report.total)} ${l.leads}`,
		},
	];
	report.stages.forEach((s, i) => {
		const y = TOP + i * ROW;
		const w = s.count === 0 ? 0 : Math.max(3, (BAR_WIDTH * s.count) / max);
		shapes.push(
			{ kind: 'text', x: 30, y: y + 26, size: 22, bold: true, fill: INK, text: s.stage },
			{ kind: 'text', x: 30, y: y + 48, size: 13, fill: MUTED, text: l.stages[s.stage] },
			{
				kind: 'rect',
				x: BAR_LEFT,
				y,
				width: BAR_WIDTH,
				height: 56,
				fill: '#f0f4f8',
				rounded: true,
			},
		);
		if (w > 0)
			shapes.push({
				kind: 'rect',
				x: BAR_LEFT + (BAR_WIDTH - w) / 2,
				y,
				width: w,
				height: 56,
				fill: STAGE_COLOURS[s.stage],
				rounded: true,
			});
		shapes.push(
			{
				kind: 'text',
				x: BAR_LEFT + BAR_WIDTH + 20,
				y: y + 26,
				size: 22,
				bold: true,
				fill: INK,
				text: number(s.count),
			},
			{
				kind: 'text',
				x: BAR_LEFT + BAR_WIDTH + 20,
				y: y + 48,
				size: 14,
				fill: MUTED,
				text: `${formatPercent(s.share, language)} ${l.ofAll}`,
			},
		);
		const step = report.conversion[i];
		if (step) {
			shapes.push({
				kind: 'text',
				x: BAR_LEFT + BAR_WIDTH / 2,
				y: y + 80,
				size: 15,
				fill: INK,
				anchor: 'middle',
				text: `↓ ${formatPercent(step.rate, language)} ${l.conversion} (${step.from} → ${step.to})`,
			});
		}
	});
	shapes.push(
		{ kind: 'text', x: 30, y: height - 34, size: 13, fill: '#52606d', text: l.definition },
		{
			kind: 'text',
			x: 30,
			y: height - 14,
			size: 13,
			fill: '#52606d',
			text: `${l.generated} ${report.generatedAt.slice(0, 10)}`,
		},
	);
	return {
		width: WIDTH,
		height,
		title: `${report.title} – ${report.period}`,
		description: report.summary,
		shapes,
	};
}

export function renderFunnelSvg(report: FunnelReportData, language: 'en' | 'de' = 'en'): string {
	return layoutSvg(chartLayout(report, language));
}

/** A chart's shapes written as SVG, every text escaped; the channel chart is written the same way. */
export function layoutSvg(c: ChartLayout): string {
	const out = [
		`<svg xmlns="http://www.w3.org/2000/svg" width="${c.width}" height="${c.height}" viewBox="0 0 ${c.width} ${c.height}" role="img" aria-labelledby="chart-title chart-desc" font-family="Arial, Helvetica, sans-serif">`,
		`<title id="chart-title">${escapeXml(c.title)}</title>`,
		`<desc id="chart-desc">${escapeXml(c.description)}</desc>`,
	];
	for (const s of c.shapes) {
		if (s.kind === 'rect') {
			out.push(
				`<rect x="${+s.x.toFixed(1)}" y="${s.y}" width="${+s.width.toFixed(1)}" height="${
					s.height
				}" fill="${s.fill}"${s.rounded ? ' rx="4"' : ''}/>`,
			);
		} else {
			const attrs = [
				`x="${s.x}"`,
				`y="${s.y}"`,
				`font-size="${s.size}"`,
				s.bold ? 'font-weight="bold"' : '',
				s.anchor === 'middle' ? 'text-anchor="middle"' : '',
				`fill="${s.fill}"`,
			]
				.filter(Boolean)
				.join(' ');
			out.push(`<text ${attrs}>${escapeXml(s.text)}</text>`);
		}
	}
	out.push('</svg>');
	return out.join('\n');
}
