/** Unit tests of CareFollowUp/rules/rfm.ts: recency, frequency and monetary scores, and the segments they name. */
import { rfmOf, segmentOf } from '../../nodes/CareFollowUp/rules/rfm';
import { customer, NOW, order } from './careFixtures';

describe('RFM', () => {
	it('names the classic segments from recency and frequency', () => {
		expect(segmentOf(5, 5)).toBe('champions');
		expect(segmentOf(4, 4)).toBe('loyal');
		expect(segmentOf(5, 2)).toBe('potential loyalists');
		expect(segmentOf(5, 1)).toBe('new');
		expect(segmentOf(4, 1)).toBe('promising');
		expect(segmentOf(3, 3)).toBe('need attention');
		expect(segmentOf(3, 1)).toBe('about to sleep');
		expect(segmentOf(2, 3)).toBe('at risk');
		expect(segmentOf(1, 5)).toBe("can't lose");
		expect(segmentOf(1, 1)).toBe('hibernating');
	});

	it('scores recency, frequency and monetary value of paid orders only', () => {
		const r = rfmOf(
			customer([
				order('1', 10, { total: 300 }),
				order('2', 40, { total: 300 }),
				order('3', 5, { status: 'refunded', total: 5000 }),
			]),
			NOW,
		);
		expect(r).toMatchObject({
			recency: 5,
			frequency: 2,
			monetary: 4,
			score: '5-2-4',
			segment: 'potential loyalists',
			orders: 2,
			spent: 600,
			daysSinceLastOrder: 10,
		});
		expect(rfmOf(customer([]), NOW).segment).toBe('no purchase');
	});

	it('writes the score as "R-F-M" for every combination', () => {
		const seen = new Set<string>();
		for (const days of [5, 45, 75, 120, 300])
			for (const count of [1, 2, 3, 4, 5])
				for (const each of [10, 100, 250, 500, 1000]) {
					const r = rfmOf(
						customer(
							Array.from({ length: count }, (_, i) =>
								order(`${i}`, days + i, { total: each / count }),
							),
						),
						NOW,
					);
					expect(r.score).toBe(`${r.recency}-${r.frequency}-${r.monetary}`);
					seen.add(r.score);
				}
		expect(seen.size).toBe(125);
	});
});
