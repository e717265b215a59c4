/**
 * The funnel chart of a Funnel Report as SVG: one bar per stage (width by count), count and
 * share beside it, the conversion between stages, title and period. Colour-blind-safe colours
 * (Okabe–Ito), all text dark on white, and a <title> and <desc> for screen readers. Labels in
 * English or German. Pure: no n8n import, no native module.
 */
import type { FunnelReportData } from './funnelReport';
import { formatPercent } from './funnelReport';
import type { Stage } from './signals';

export const STAGE_COLOURS: Readonly<Record<Stage, string>> = { SEE: '#56B4E9', THINK: '#009E73', DO: '#E69F00', CARE: '#CC79A7' };

const LABELS = {
	en: {
		stages: { SEE: 'Attention · TOFU', THINK: 'Interest · MOFU', DO: 'Desire → Action · BOFU', CARE: 'Retention' },
		leads: 'leads',
		ofAll: 'of all',
		conversion: 'move on',
		definition: 'Moving on = leads at the next stage or beyond ÷ leads at this stage or beyond',
		generated: 'Generated',
	},
	de: {
		stages: { SEE: 'Aufmerksamkeit · TOFU', THINK: 'Interesse · MOFU', DO: 'Wunsch → Handlung · BOFU', CARE: 'Bindung' },
		leads: 'Kontakte',
		ofAll: 'von allen',
		conversion: 'gehen weiter',
		definition: 'Weitergehen = Kontakte in der nächsten Stufe oder darüber ÷ Kontakte in dieser Stufe oder darüber',
		generated: 'Erstellt',
	},
};

export function escapeXml(text: string): string {
	return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);
}

const WIDTH = 860;
const BAR_LEFT = 230;
const BAR_WIDTH = 440;
const ROW = 96;
const TOP = 110;

export function renderFunnelSvg(report: FunnelReportData, language: 'en' | 'de' = 'en'): string {
	const l = LABELS[language];
	const max = Math.max(1, ...report.stages.map((s) => s.count));
	const height = TOP + report.stages.length * ROW + 40;
	const number = (n: number) => n.toLocaleString(language === 'de' ? 'de-DE' : 'en-US');
	const out: string[] = [];
	out.push(
		`<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" role="img" aria-labelledby="chart-title chart-desc" font-family="Arial, Helvetica, sans-serif">`,
		`<title id="chart-title">${escapeXml(`${report.title} – ${report.period}`)}</title>`,
		`<desc id="chart-desc">${escapeXml(report.summary)}</desc>`,
		`<rect width="${WIDTH}" height="${height}" fill="#ffffff"/>`,
		`<text x="30" y="44" font-size="26" font-weight="bold" fill="#1f2933">${escapeXml(report.title)}</text>`,
		`<text x="30" y="72" font-size="16" fill="#3e4c59">${escapeXml(report.period)} · ${number(report.total)} ${l.leads}</text>`,
	);
	report.stages.forEach((s, i) => {
		const y = TOP + i * ROW;
		const w = s.count === 0 ? 0 : Math.max(3, (BAR_WIDTH * s.count) / max);
		const x = BAR_LEFT + (BAR_WIDTH - w) / 2;
		out.push(
			`<g>`,
			`<text x="30" y="${y + 26}" font-size="22" font-weight="bold" fill="#1f2933">${s.stage}</text>`,
			`<text x="30" y="${y + 48}" font-size="13" fill="#3e4c59">${escapeXml(l.stages[s.stage])}</text>`,
			`<rect x="${BAR_LEFT}" y="${y}" width="${BAR_WIDTH}" height="56" fill="#f0f4f8" rx="4"/>`,
			w > 0 ? `<rect x="${x.toFixed(1)}" y="${y}" width="${w.toFixed(1)}" height="56" fill="${STAGE_COLOURS[s.stage]}" rx="4"/>` : '',
			`<text x="${BAR_LEFT + BAR_WIDTH + 24}" y="${y + 26}" font-size="22" font-weight="bold" fill="#1f2933">${number(s.count)}</text>`,
			`<text x="${BAR_LEFT + BAR_WIDTH + 24}" y="${y + 48}" font-size="14" fill="#3e4c59">${formatPercent(s.share, language)} ${l.ofAll}</text>`,
			`</g>`,
		);
		const step = report.conversion[i];
		if (step) {
			out.push(
				`<text x="${BAR_LEFT + BAR_WIDTH / 2}" y="${y + 80}" font-size="15" text-anchor="middle" fill="#1f2933">↓ ${formatPercent(step.rate, language)} ${l.conversion} (${step.from} → ${step.to})</text>`,
			);
		}
	});
	out.push(
		`<text x="30" y="${height - 16}" font-size="12" fill="#52606d">${escapeXml(l.definition)} · ${l.generated} ${report.generatedAt.slice(0, 10)}</text>`,
		`</svg>`,
	);
	return out.filter(Boolean).join('\n');
}
