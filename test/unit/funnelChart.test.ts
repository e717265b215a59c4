/** Unit tests of FunnelStage/report/funnelChart.ts: the chart's layout (every text inside) and its SVG. */
import { XMLValidator } from 'fast-xml-parser';
import { chartLayout, renderFunnelSvg } from '../../nodes/FunnelStage/report/funnelChart';
import { measureText } from '../../nodes/FunnelStage/report/chartText';
import { smallReport, svgTexts } from './reportFixtures';

describe('funnel chart (SVG)', () => {
	const r = smallReport();

	it('is well-formed SVG with every stage label, count and share, title and period, and a description for screen readers', () => {
		const svg = renderFunnelSvg({ ...r, title: 'Funnel <Q1> & "more"' });
		expect(XMLValidator.validate(svg)).toBe(true);
		const { doc, texts } = svgTexts(svg);
		expect(doc.svg['@_role']).toBe('img');
		for (const label of [
			'SEE',
			'THINK',
			'DO',
			'CARE',
			'2',
			'1',
			'0',
			'50% of all',
			'25% of all',
			'0% of all',
		])
			expect(texts).toContain(label);
		expect(texts).toContain('Funnel <Q1> & "more"');
		expect(texts.some((t) => t.startsWith('Weekly Funnel') || t.startsWith('Week 12'))).toBe(true);
		expect(texts.filter((t) => /move on/.test(t))).toEqual([
			'↓ 50% move on (SEE → THINK)',
			'↓ 50% move on (THINK → DO)',
			'↓ 100% move on (DO → CARE)',
		]);
		expect(doc.svg.desc['#text']).toBe(r.summary);
	});

	it('speaks German when asked', () => {
		const svg = renderFunnelSvg(r, 'de');
		expect(svg).toContain('50% von allen');
		expect(svg).toContain('gehen weiter');
		expect(svg).toContain('Aufmerksamkeit · TOFU');
	});
});

describe('funnel chart (PNG, no native module)', () => {
	const r = smallReport();

	it.each(['en', 'de'] as const)(
		'fits every text inside the chart, and the stage labels left of the bars (%s)',
		(language) => {
			const big = {
				...r,
				total: 1_234_567,
				stages: r.stages.map((st) => ({ ...st, count: 1_234_567, share: 0.333 })),
			};
			const layout = chartLayout(big, language);
			const barLeft = Math.min(
				...layout.shapes.filter((sh) => sh.kind === 'rect' && sh.y > 100).map((sh) => sh.x),
			);
			const overflowing: string[] = [];
			for (const sh of layout.shapes) {
				if (sh.kind !== 'text') continue;
				const width = measureText(sh.text, sh.size, sh.bold);
				const left = sh.anchor === 'middle' ? sh.x - width / 2 : sh.x;
				if (left < 10 || left + width > layout.width - 10)
					overflowing.push(`${sh.text} (${Math.round(left)}–${Math.round(left + width)})`);
				const stageLabel = sh.x === 30 && sh.y > 100 && sh.y < layout.height - 40;
				if (stageLabel && left + width > barLeft - 8)
					overflowing.push(`${sh.text} runs into the bars (ends at ${Math.round(left + width)})`);
			}
			expect(overflowing).toEqual([]);
		},
	);
});
