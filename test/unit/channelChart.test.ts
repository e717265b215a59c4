/** Unit tests of FunnelStage/report/channelChart.ts: the per-channel chart as SVG (parsed) and PNG. */
import { XMLValidator } from 'fast-xml-parser';
import type { Stage } from '../../nodes/FunnelStage/input/signals';
import {
	ChannelBreakdownBuilder,
	channelValue,
	type ChannelBreakdown,
} from '../../nodes/FunnelStage/report/channelBreakdown';
import {
	channelChartLayout,
	chartRows,
	fitText,
	renderChannelSvg,
} from '../../nodes/FunnelStage/report/channelChart';
import { measureText } from '../../nodes/FunnelStage/report/chartText';
import { STAGE_COLOURS, type Shape } from '../../nodes/FunnelStage/report/funnelChart';
import { layoutPng } from '../../nodes/FunnelStage/report/funnelPng';
import { svgTexts } from './reportFixtures';

const header = { title: 'Weekly Funnel', period: 'Week 12', summary: 'Most customers …' };

function breakdown(
	rows: Array<[string | undefined, Stage, number]>,
	topN = 8,
	dimension: 'campaign' | 'source' = 'campaign',
): ChannelBreakdown {
	const b = new ChannelBreakdownBuilder(dimension, { topN });
	let total = 0;
	for (const [c, stage, n] of rows)
		for (let i = 0; i < n; i++, total++)
			b.add(c === undefined ? undefined : channelValue(c), stage, { signals: [] });
	return b.finish(total);
}

const textsOf = (svg: string) => svgTexts(svg).texts;

describe('channel chart', () => {
	const data = breakdown([
		['Spring Sale', 'SEE', 12],
		['Spring Sale', 'THINK', 7],
		['Spring Sale', 'DO', 3],
		['Spring Sale', 'CARE', 2],
		['Newsletter', 'THINK', 4],
		['Newsletter', 'CARE', 3],
		[undefined, 'SEE', 5],
	]);

	it('is valid SVG holding every channel label, every count, the share to CARE and the legend', () => {
		const svg = renderChannelSvg(data, header);
		expect(XMLValidator.validate(svg)).toBe(true);
		const texts = textsOf(svg);
		for (const t of [
			'Weekly Funnel by campaign',
			'Week 12 · 36 leads',
			'Spring Sale',
			'24 leads · 66.7%',
			'12 SEE',
			'7 THINK',
			'3 DO',
			'2 CARE',
			'8.3%',
			'Newsletter',
			'7 leads · 19.4%',
			'4 THINK',
			'0 DO',
			'3 CARE',
			'42.9%',
			'Unknown',
			'5 leads · 13.9%',
			'0 customers',
			'2 customers',
			'5 SEE',
			'SEE',
			'THINK',
			'DO',
			'CARE',
		])
			expect(texts).toContain(t);
		// "Other" holds no lead here, so it is not drawn.
		expect(texts).not.toContain('Other');
		expect(svg).toContain('<title id="chart-title">Weekly Funnel – Week 12 – by campaign</title>');
	});

	it('uses the funnel chart’s stage colours for the bars and the legend', () => {
		const fills = channelChartLayout(data, header)
			.shapes.filter((s) => s.kind === 'rect')
			.map((s) => s.fill);
		for (const stage of ['SEE', 'THINK', 'DO', 'CARE'] as Stage[])
			expect(fills).toContain(STAGE_COLOURS[stage]);
	});

	it('escapes a <script> campaign name: the SVG stays valid and holds no script element', () => {
		const evil = breakdown([['<script>alert("x")</script> & co', 'CARE', 1]]);
		const svg = renderChannelSvg(evil, { ...header, title: 'Q1 <b>"bold"</b>' });
		expect(XMLValidator.validate(svg)).toBe(true);
		expect(svg).not.toMatch(/<script/i);
		expect(svg).not.toContain('<b>');
		expect(svg).toContain('&lt;script&gt;');
		expect(textsOf(svg).some((t) => t.startsWith('<script>alert("x")'))).toBe(true);
		// One lead, one customer: singular words.
		expect(textsOf(svg)).toEqual(expect.arrayContaining(['1 lead · 100%', '1 customer']));
	});

	it('cuts long names with an ellipsis so that they fit beside the bars; unicode stays whole', () => {
		const long = 'Sommerschlussverkauf Influencer Kooperation Instagram Reels 2026 Teil 2';
		const layout = channelChartLayout(
			breakdown([
				[long, 'SEE', 1],
				['春の🌸キャンペーン', 'SEE', 1],
			]),
			header,
		);
		const labels = layout.shapes.filter(
			(s): s is Extract<Shape, { kind: 'text' }> => s.kind === 'text' && s.size === 15 && !!s.bold,
		);
		const cut = labels.find((s) => s.text.startsWith('Sommer'))!;
		expect(cut.text.endsWith('…')).toBe(true);
		expect(measureText(cut.text, 15, true)).toBeLessThanOrEqual(180);
		expect(long.startsWith(cut.text.slice(0, -1))).toBe(true);
		expect(labels.map((s) => s.text)).toContain('春の🌸キャンペーン');
		expect(fitText('🌸'.repeat(80), 60, 15)).toMatch(/^(🌸)+…$/u);
		// Nothing is drawn beyond the chart's width.
		for (const s of layout.shapes)
			if (s.kind === 'text')
				expect(s.x + measureText(s.text, s.size, s.bold)).toBeLessThanOrEqual(layout.width);
	});

	it('50 campaigns: 8 rows, then "Other" naming how many values it holds', () => {
		const rows: Array<[string, Stage, number]> = Array.from({ length: 50 }, (_, i) => [
			`Campaign ${i}`,
			'SEE',
			i + 1,
		]);
		const many = breakdown(rows);
		expect(chartRows(many).map((r) => r.label)).toEqual([
			...Array.from({ length: 8 }, (_, i) => `Campaign ${49 - i}`),
			'Other',
		]);
		const texts = textsOf(renderChannelSvg(many, header));
		expect(texts).toContain('42 more values');
		expect(texts).toContain('903 leads · 70.8%');
	});

	it('German labels when the report is in German', () => {
		const de = new ChannelBreakdownBuilder('source');
		de.add(channelValue('instagram'), 'CARE', { signals: [] });
		de.add(undefined, 'SEE', { signals: [] });
		const texts = textsOf(renderChannelSvg(de.finish(2, 'de'), header, 'de'));
		for (const t of [
			'Weekly Funnel nach Quelle',
			'Week 12 · 2 Kontakte',
			'instagram',
			'1 Kontakt · 50%',
			'100%',
			'zu CARE',
			'1 Kunde',
			'Unbekannt',
		])
			expect(texts).toContain(t);
	});

	it('an empty report says so instead of drawing nothing', () => {
		const texts = textsOf(renderChannelSvg(breakdown([]), header));
		expect(texts).toContain('No leads in this report.');
	});

	it('paints the same layout as a PNG', () => {
		const png = layoutPng(channelChartLayout(data, header));
		expect([...png.subarray(0, 8)]).toEqual([137, 80, 78, 71, 13, 10, 26, 10]);
		// IHDR: twice the layout's size.
		expect(png.readUInt32BE(16)).toBe(1440);
	});
});
