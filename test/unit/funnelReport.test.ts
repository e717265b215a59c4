/** Unit tests of FunnelStage/report/funnelReport.ts: counts, conversion, KPIs and the comparison with the previous period. */
import { DAY_MS } from '../../nodes/shared/dates';
import { renderFunnelSvg } from '../../nodes/FunnelStage/report/funnelChart';
import { FunnelReportBuilder } from '../../nodes/FunnelStage/report/funnelReport';
import type { LeadEvidence } from '../../nodes/FunnelStage/input/lead';
import type { Stage } from '../../nodes/FunnelStage/input/signals';
import { build, ev, none, NOW } from './reportFixtures';

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
