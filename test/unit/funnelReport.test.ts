import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { DAY_MS } from '../../nodes/shared/dates';
import { inflateSync } from 'zlib';
import {
	chartLayout,
	renderFunnelSvg,
	STAGE_COLOURS,
} from '../../nodes/FunnelStage/report/funnelChart';
import { coverage, measureText, textOutlines } from '../../nodes/FunnelStage/report/chartText';
import { crc32, PNG_SCALE, renderFunnelPng } from '../../nodes/FunnelStage/report/funnelPng';
import {
	FunnelReportBuilder,
	type FunnelReportData,
} from '../../nodes/FunnelStage/report/funnelReport';
import type { LeadEvidence } from '../../nodes/FunnelStage/input/lead';
import type { Stage } from '../../nodes/FunnelStage/input/signals';

const NOW = Date.parse('2026-03-16T12:00:00Z');
const none: LeadEvidence = { signals: [] };
const ev = (extra: Partial<LeadEvidence>): LeadEvidence => ({ signals: [], ...extra });

function build(
	rows: Array<[Stage, LeadEvidence, Record<string, unknown>?, string?]>,
	previous?: unknown,
): FunnelReportData {
	const b = new FunnelReportBuilder(NOW);
	for (const [stage, evidence, json, status] of rows)
		b.add(stage, (status ?? null) as never, evidence, json ?? {}, true);
	return b.finish({ title: 'Weekly Funnel', period: 'Week 12', previous });
}

/** 2 SEE, 1 THINK, no DO, 1 CARE: a report with an empty stage. */
const smallReport = () =>
	build([
		['SEE', none],
		['SEE', none],
		['THINK', none],
		['CARE', ev({ orders: 1 }), {}, 'new'],
	]);

describe('Funnel Report numbers', () => {
	// Hand-computed fixture: 4 SEE, 3 THINK, 2 DO, 1 CARE = 10 leads.
	const rows: Array<[Stage, LeadEvidence, Record<string, unknown>?, string?]> = [
		['SEE', none, { reach: 1000, impressions: 1500, followers: 3, likes: 10 }],
		['SEE', none, { reach: '500', likes: 5 }],
		['SEE', none, {}],
		['SEE', none, { impressions: '' }],
		['THINK', none, { impressions: 200, linkClicks: 10 }],
		['THINK', none, { impressions: 200, link_clicks: 6 }],
		['THINK', none, {}],
		['DO', ev({ signals: [{ type: 'lead_form', atMs: NOW, count: 1, source: 'event' }] }), {}],
		['DO', ev({ signals: [{ type: 'add_to_cart', atMs: NOW, count: 1, source: 'event' }] }), {}],
		[
			'CARE',
			ev({
				orders: 3,
				totalSpent: 240.5,
				signals: [{ type: 'comment', atMs: NOW - 2 * DAY_MS, count: 1, source: 'event' }],
			}),
			{ reviews: 2, referrals: 1 },
			'loyal',
		],
	];
	const r = build(rows);

	it('counts and shares every stage', () => {
		expect(r.total).toBe(10);
		expect(r.stages.map((s) => [s.stage, s.count, s.share])).toEqual([
			['SEE', 4, 40],
			['THINK', 3, 30],
			['DO', 2, 20],
			['CARE', 1, 10],
		]);
	});

	it('converts stage to stage as next-and-beyond ÷ this-and-beyond, and says so', () => {
		// THINK+ = 6 of 10; DO+ = 3 of 6; CARE = 1 of 3.
		expect(r.conversion.map((c) => [c.from, c.to, c.reached, c.base, c.rate])).toEqual([
			['SEE', 'THINK', 6, 10, 60],
			['THINK', 'DO', 3, 6, 50],
			['DO', 'CARE', 1, 3, 33.3],
		]);
		expect(r.conversionDefinition).toMatch(/THINK ÷ SEE-and-above/);
	});

	it('sums the seed’s KPIs per stage where the data carries them', () => {
		expect(r.stages[0].kpis).toEqual({ reach: 1500, impressions: 1500, followers: 3, likes: 15 });
		expect(r.stages[1].kpis).toEqual({
			impressions: 400,
			clicks: 16,
			clickThroughRate: 4,
			conversion: 50,
		});
		expect(r.stages[2].kpis).toEqual({ conversion: 33.3, leads: 1, revenue: 240.5 });
		expect(r.stages[3].kpis).toEqual({
			reviews: 2,
			referrals: 1,
			repurchaseRate: 100,
			interactionRate: 100,
		});
		expect(r.careStatus).toMatchObject({ loyal: 1, new: 0 });
		expect(r.summary).toBe(
			'Weekly Funnel (Week 12): 10 leads: SEE 4 (40%), THINK 3 (30%), DO 2 (20%), CARE 1 (10%). Conversion: SEE→THINK 60%, THINK→DO 50%, DO→CARE 33.3%. CARE: 1 loyal.',
		);
	});

	it('names a KPI field that is not a count, and adds nothing of that lead', () => {
		const b = new FunnelReportBuilder(NOW);
		expect(() => b.add('SEE', null, none, { reach: 'a lot' }, true)).toThrow(
			'Field "reach" must be a number, got "a lot"',
		);
		expect(() => b.add('CARE', null, none, { reviews_count: -2 }, true)).toThrow(
			'Field "reviews_count" must not be negative, got -2',
		);
		expect(b.finish({ title: 'T', period: 'P' }).total).toBe(0);
	});

	it('has no NaN and no division by zero for an empty report or an empty stage', () => {
		const empty = build([]);
		expect(empty.total).toBe(0);
		expect(empty.stages.every((s) => s.count === 0 && s.share === 0)).toBe(true);
		expect(empty.conversion.every((c) => c.rate === null)).toBe(true);
		expect(empty.summary).toBe('Weekly Funnel (Week 12): no leads.');
		const noThink = build([
			['SEE', none],
			['CARE', ev({ orders: 1 })],
		]);
		expect(noThink.conversion.map((c) => c.rate)).toEqual([50, 100, 100]);
		expect(noThink.stages[1].kpis.clickThroughRate).toBeUndefined();
		const json = JSON.stringify([empty, noThink]);
		expect(json).not.toMatch(/NaN|Infinity/);
		expect(renderFunnelSvg(empty)).not.toMatch(/NaN|Infinity|undefined/);
	});

	it('compares with the previous period: deltas per stage, share and KPI', () => {
		const next = build(rows.slice(0, 8), { report: r });
		expect(next.comparison!.total).toBe(-2);
		expect(next.comparison!.stages.map((s) => [s.stage, s.count])).toEqual([
			['SEE', 0],
			['THINK', 0],
			['DO', -1],
			['CARE', -1],
		]);
		expect(next.comparison!.stages[0].share).toBe(10); // 50% now, 40% before
		expect(next.comparison!.stages[1].kpis.clicks).toBe(0);
		expect(next.summary).toMatch(/vs\. Week 12: SEE \+0, THINK \+0, DO -1, CARE -1\.$/);
	});

	it('aggregates 1,000,000 leads without keeping them', () => {
		const before = process.memoryUsage().heapUsed;
		const b = new FunnelReportBuilder(NOW);
		const stages: Stage[] = ['SEE', 'THINK', 'DO', 'CARE'];
		for (let i = 0; i < 1_000_000; i++) {
			b.add(
				stages[i % 4],
				i % 4 === 3 ? 'active' : null,
				{ signals: [], orders: i % 4 === 3 ? 2 : 0 },
				{ reach: 1, impressions: 2 },
				true,
			);
		}
		const big = b.finish({ title: 'Big', period: 'all' });
		const grown = process.memoryUsage().heapUsed - before;
		expect(big.total).toBe(1_000_000);
		expect(big.stages.map((s) => s.count)).toEqual([250_000, 250_000, 250_000, 250_000]);
		expect(big.stages[0].kpis.reach).toBe(250_000);
		expect(big.careStatus.active).toBe(250_000);
		expect(big.stages[3].kpis.repurchaseRate).toBe(100);
		expect(grown).toBeLessThan(64 * 2 ** 20);
	});
});

describe('funnel chart (SVG)', () => {
	const r = smallReport();

	it('is well-formed SVG with every stage label, count and share, title and period, and a description for screen readers', () => {
		const svg = renderFunnelSvg({ ...r, title: 'Funnel <Q1> & "more"' });
		expect(XMLValidator.validate(svg)).toBe(true);
		const doc = new XMLParser({ ignoreAttributes: false }).parse(svg);
		expect(doc.svg['@_role']).toBe('img');
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

	it('is a valid PNG of the same layout, with the stage colours where the bars are', () => {
		const png = renderFunnelPng(r);
		expect([...png.subarray(0, 8)]).toEqual([137, 80, 78, 71, 13, 10, 26, 10]);
		// Walk the chunks, checking each CRC.
		let at = 8;
		const chunks: Record<string, Buffer[]> = {};
		while (at < png.length) {
			const length = png.readUInt32BE(at);
			const type = png.subarray(at + 4, at + 8).toString('latin1');
			const data = png.subarray(at + 8, at + 8 + length);
			expect(png.readUInt32BE(at + 8 + length)).toBe(crc32(png.subarray(at + 4, at + 8 + length)));
			(chunks[type] ??= []).push(data);
			at += 12 + length;
		}
		expect(Object.keys(chunks)).toEqual(['IHDR', 'IDAT', 'IEND']);
		const width = chunks.IHDR[0].readUInt32BE(0);
		const height = chunks.IHDR[0].readUInt32BE(4);
		const layout = chartLayout(r);
		expect([width, height, chunks.IHDR[0][8], chunks.IHDR[0][9]]).toEqual([
			layout.width * PNG_SCALE,
			layout.height * PNG_SCALE,
			8,
			2,
		]);
		const raw = inflateSync(Buffer.concat(chunks.IDAT));
		expect(raw.length).toBe((width * 3 + 1) * height);
		// Positions in layout units; the PNG has PNG_SCALE pixels per unit.
		const pixel = (ux: number, uy: number, x = ux * PNG_SCALE, y = uy * PNG_SCALE) =>
			'#' +
			[...raw.subarray(y * (width * 3 + 1) + 1 + x * 3, y * (width * 3 + 1) + 4 + x * 3)]
				.map((b) => b.toString(16).padStart(2, '0'))
				.join('')
				.toUpperCase();
		// Bars are centred at x = 350; row i starts at y = 110 + 96 i.
		expect(pixel(350, 130)).toBe(STAGE_COLOURS.SEE.toUpperCase());
		expect(pixel(350, 226)).toBe(STAGE_COLOURS.THINK.toUpperCase());
		expect(pixel(350, 322)).toBe('#F0F4F8'); // DO: nobody, only the empty track
		expect(pixel(350, 418)).toBe(STAGE_COLOURS.CARE.toUpperCase());
		expect(pixel(5, 5)).toBe('#FFFFFF');
		// The stage names are painted in dark ink left of the bars.
		const ink = (x0: number, y0: number, x1: number, y1: number) => {
			[x0, y0, x1, y1] = [x0, y0, x1, y1].map((v) => v * PNG_SCALE);
			let n = 0;
			for (let y = y0; y < y1; y++)
				for (let x = x0; x < x1; x++) if (pixel(0, 0, x, y) === '#1F2933') n++;
			return n;
		};
		expect(ink(30, 110, 200, 136)).toBeGreaterThan(50);
	});

	it('draws its text from a real font, anti-aliased: edge pixels mix ink and paper', () => {
		const png = renderFunnelPng(r);
		const pixels = decodeRgb(png);
		// The title "Weekly Funnel Report" (26 px bold, baseline y = 44) in ink #1F2933 on white.
		let ink = 0;
		let mixed = 0;
		for (let y = 20 * PNG_SCALE; y < 50 * PNG_SCALE; y++) {
			for (let x = 30 * PNG_SCALE; x < 330 * PNG_SCALE; x++) {
				const [red] = pixels.at(x, y);
				if (red === 0x1f) ink++;
				else if (red > 0x1f && red < 0xff) mixed++;
			}
		}
		expect(ink).toBeGreaterThan(500);
		expect(mixed).toBeGreaterThan(300);
	});

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

	it('paints a title of 20,000 characters, and characters the font lacks, without failing', () => {
		const png = renderFunnelPng({ ...r, title: `${'Funnel 🚀 漏斗 '.repeat(2000)}` });
		expect([...png.subarray(0, 8)]).toEqual([137, 80, 78, 71, 13, 10, 26, 10]);
	});

	it('measures text as it paints it: wider when bold or larger, umlauts and arrows included', () => {
		const see = measureText('SEE', 22, true);
		expect(see).toBeGreaterThan(35);
		expect(see).toBeLessThan(55);
		expect(measureText('SEE', 22)).toBeLessThan(see);
		expect(measureText('SEE', 44, true)).toBeCloseTo(2 * see, 5);
		expect(measureText('Bindung → Ä', 14)).toBeGreaterThan(measureText('Bindung', 14) + 14);
	});

	it('draws "→" (which Inter\'s Latin subset lacks) as an arrow pointing right: the head is at the right end', () => {
		const polygons = textOutlines('→', 0, 30, 30);
		const cover = coverage(polygons, 0, 0, 40, 40);
		const inkRows = (x: number) =>
			Array.from({ length: 40 }, (_, y) => cover[y * 40 + x]).filter((a) => a > 0.5).length;
		const columns = Array.from({ length: 40 }, (_, x) => inkRows(x));
		const inked = columns.map((n, x) => (n > 0 ? x : -1)).filter((x) => x >= 0);
		const [first, last] = [inked[0], inked[inked.length - 1]];
		expect(last - first).toBeGreaterThan(12); // wider than tall-thin: it lies on its side
		const shaft = columns[first + 1];
		const head = Math.max(...columns.slice(last - Math.floor((last - first) / 3), last + 1));
		expect(head).toBeGreaterThan(3 * shaft);
	});
});

/** The RGB pixels of an 8-bit RGB PNG with filter 0 rows, as renderFunnelPng writes it. */
function decodeRgb(png: Buffer): { width: number; at: (x: number, y: number) => number[] } {
	let at = 8;
	const idat: Buffer[] = [];
	let width = 0;
	while (at < png.length) {
		const length = png.readUInt32BE(at);
		const type = png.subarray(at + 4, at + 8).toString('latin1');
		if (type === 'IHDR') width = png.readUInt32BE(at + 8);
		if (type === 'IDAT') idat.push(png.subarray(at + 8, at + 8 + length));
		at += 12 + length;
	}
	const raw = inflateSync(Buffer.concat(idat));
	return {
		width,
		at: (x, y) => [
			...raw.subarray(y * (width * 3 + 1) + 1 + x * 3, y * (width * 3 + 1) + 4 + x * 3),
		],
	};
}
