/** Unit tests of InfluencerScore/rules/influencerScore.ts: ranking a batch. */
import { rankOrder } from '../../nodes/InfluencerScore/rules/influencerScore';

describe('fit score', () => {
	it('ranking: decision, then score, then rate, then input order', () => {
		const order = rankOrder([
			{ decision: 'consider', fitScore: 90, rate: 1 },
			{ decision: 'shortlist', fitScore: 71, rate: 1 },
			undefined,
			{ decision: 'shortlist', fitScore: 80, rate: 1 },
			{ decision: 'shortlist', fitScore: 80, rate: 2 },
		]);
		expect(order).toEqual([4, 3, 1, 0, 2]);
	});
});
