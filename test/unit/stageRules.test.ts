/** Unit tests of FunnelStage/rules/stageRules.ts: the intent score, the SEE/THINK/DO/CARE rule, customer status, transitions and reasons. */
import { resolveSettings } from '../../nodes/FunnelStage/rules/settings';
import { ago, classify, ev, NOW } from './stageFixtures';

describe('intent score', () => {
	it('halves a signal’s points every half-life', () => {
		// product view: 5 points, half-life 14 days → 2.5 points at 14 days
		expect(classify({ signals: [ev('product_view', 14)] }).intentPoints).toBeCloseTo(2.5, 5);
		expect(classify({ signals: [ev('like', 0)] }).intentPoints).toBe(1);
		expect(classify({ signals: [ev('follow', 60)] }).intentPoints).toBeCloseTo(0.75, 5);
	});

	it('maps points to 0–100 by 100 × (1 − e^(−S/30))', () => {
		const r = classify({ signals: [ev('checkout_started', 0)] });
		expect(r.intentPoints).toBe(25);
		expect(r.score).toBe(Math.round(100 * (1 - Math.exp(-25 / 30))));
		expect(classify({}).score).toBe(0);
		expect(classify({ signals: [ev('lead_form', 0, 20)] }).score).toBe(100);
	});

	it('counts at most 20 events of one type per day and says so', () => {
		const r = classify({ signals: [ev('like', 0, 30), ev('like', 0.01, 5), ev('like', 1.5, 4)] });
		const likes = r.reasons.find((x) => x.signal === 'like')!;
		expect(likes.count).toBe(24);
		expect(r.notes).toContain('15× like not counted: at most 20 of one type count per day');
	});

	it('ignores email opens and clicks without tracking consent, and says why', () => {
		const lead = { signals: [ev('email_open', 1, 3), ev('email_click', 1)] };
		const without = classify(lead);
		expect(without.intentPoints).toBe(0);
		expect(without.stage).toBe('SEE');
		expect(without.notes.join(' ')).toMatch(
			/3× email open ignored: no tracking consent \(.*§ 25 TDDDG/,
		);
		const withConsent = classify({ ...lead, trackingConsent: true });
		expect(withConsent.stage).toBe('THINK');
		expect(withConsent.intentPoints).toBeGreaterThan(0);
	});

	it('counts future-dated signals as today and notes it', () => {
		const r = classify({ signals: [ev('link_click', -3)] });
		expect(r.intentPoints).toBe(5);
		expect(r.notes).toContain('1 signal(s) dated in the future were counted as today');
	});
});

describe('stage rule: the highest stage with fresh evidence', () => {
	it('CARE from 1 order by default, 2 in the strict reading (one-time buyers stay in DO)', () => {
		expect(classify({ orders: 1 }).stage).toBe('CARE');
		const strict = resolveSettings({ careMinOrders: 2 });
		const oneTime = classify({ orders: 1 }, strict);
		expect(oneTime.stage).toBe('DO');
		expect(oneTime.explanation).toBe('DO: one-time buyer (1 order; CARE starts at 2 orders)');
		expect(classify({ orders: 2 }, strict).stage).toBe('CARE');
	});

	it('DO on add-to-cart, checkout or lead form within 14 days, not after', () => {
		expect(classify({ signals: [ev('add_to_cart', 14)] }).stage).toBe('DO');
		expect(classify({ signals: [ev('add_to_cart', 14)] }).explanation).toBe(
			'DO: add to cart 14 days ago (fresh: within 14 days)',
		);
		expect(classify({ signals: [ev('add_to_cart', 15)] }).stage).not.toBe('DO');
		expect(classify({ signals: [ev('lead_form', 3)] }).stage).toBe('DO');
	});

	it('DO from an intent score of 60 or more without fresh DO evidence', () => {
		// 6 shares (24 points) + 20 likes (20) + 5 saves (10) today = 54 points → score 83
		const r = classify({ signals: [ev('share', 0, 6), ev('like', 0, 20), ev('save', 0, 5)] });
		expect(r.score).toBeGreaterThanOrEqual(60);
		expect(r.stage).toBe('DO');
		expect(r.explanation).toBe(`DO: intent score ${r.score} ≥ 60`);
	});

	it('THINK on a fresh interest signal within 30 days, else SEE', () => {
		expect(classify({ signals: [ev('page_view', 30)] }).stage).toBe('THINK');
		expect(classify({ signals: [ev('page_view', 31)] }).stage).toBe('SEE');
		expect(classify({ signals: [ev('question', 2)] }).stage).toBe('THINK');
		expect(classify({ signals: [ev('add_to_cart', 20)] }).stage).toBe('SEE');
	});

	it('THINK from a score of 25 or more on reach signals alone', () => {
		const r = classify({ signals: [ev('like', 0, 9)] }); // 9 points → score 26
		expect(r.score).toBe(26);
		expect(r.stage).toBe('THINK');
	});

	it('SEE with no evidence at all is flagged', () => {
		const r = classify({});
		expect(r).toMatchObject({
			stage: 'SEE',
			noEvidence: true,
			explanation: 'SEE: no behaviour recorded yet',
			aida: 'Attention',
			funnelPosition: 'TOFU',
		});
		expect(classify({ signals: [ev('like', 1)] }).noEvidence).toBe(false);
	});

	it('every threshold is a parameter', () => {
		const s = resolveSettings({ doWindowDays: 30, thinkScore: 1, scoreSaturationPoints: 10 });
		expect(classify({ signals: [ev('add_to_cart', 20)] }, s).stage).toBe('DO');
		expect(classify({ signals: [ev('like', 0)] }, s).stage).toBe('THINK');
	});
});

describe('customer status in CARE', () => {
	it.each([
		[1, 10, 'new'],
		[2, 10, 'active'],
		[3, 89, 'loyal'],
		[5, 91, 'at risk'],
		[5, 366, 'lapsed'],
	])('%i orders, last %i days ago → %s', (orders, daysAgo, status) => {
		expect(classify({ orders, lastOrderAtMs: ago(daysAgo) }).customerStatus).toBe(status);
	});

	it('uses order events when there is no counter', () => {
		const r = classify({ signals: [ev('order', 100), ev('order', 5)] });
		expect(r).toMatchObject({ stage: 'CARE', customerStatus: 'active' });
	});

	it('is null outside CARE', () => {
		expect(classify({ signals: [ev('like', 0)] }).customerStatus).toBeNull();
	});
});

describe('transition and highest stage', () => {
	it.each([
		[undefined, 'THINK', 'new'],
		['SEE', 'THINK', 'up'],
		['CARE', 'THINK', 'down'],
		['THINK', 'THINK', 'same'],
	] as const)('previous %s, now %s → %s', (previousStage, _now, transition) => {
		const r = classify({ signals: [ev('page_view', 1)], previousStage });
		expect(r.stage).toBe('THINK');
		expect(r.transition).toBe(transition);
	});

	it('keeps the highest stage ever reached', () => {
		expect(
			classify({
				signals: [ev('page_view', 1)],
				previousStage: 'SEE',
				previousHighestStage: 'CARE',
			}).highestStage,
		).toBe('CARE');
		expect(classify({ orders: 1, previousStage: 'DO' }).highestStage).toBe('CARE');
	});
});

describe('reasons and next best actions', () => {
	it('lists each signal with count, points and age, strongest first', () => {
		const r = classify({ signals: [ev('like', 2, 2), ev('product_view', 1)] });
		expect(r.reasons).toEqual([
			{ signal: 'product_view', label: 'product view', count: 1, points: 4.76, ageDays: 1 },
			{ signal: 'like', label: 'like', count: 2, points: 1.64, ageDays: 2 },
		]);
		expect(r.notes).toEqual([]);
	});

	it('says when a counter had no date', () => {
		const today = classify({
			signals: [{ type: 'like', atMs: NOW, count: 1, source: 'counter' }],
			counterDating: 'assumedToday',
		});
		expect(today.notes).toEqual([
			'counters without a date were counted as today (no last activity date either)',
		]);
		const last = classify({
			signals: [{ type: 'like', atMs: ago(3), count: 1, source: 'counter' }],
			counterDating: 'lastActivity',
		});
		expect(last.notes).toEqual([
			'counters without a date of their own were counted at the last activity date',
		]);
	});
});
