/** Unit tests of InfluencerScore/rules/engagement.ts: tiers, rates over the newest posts, authenticity flags. */
import { measureEngagement, tierOf } from '../../nodes/InfluencerScore/rules/engagement';
import { NOW, post, profile } from './influencerFixtures';

describe('benchmarks', () => {
	it('tiers', () => {
		expect(
			[9_999, 10_000, 99_999, 100_000, 499_999, 500_000, 999_999, 1_000_000].map(tierOf),
		).toEqual(['nano', 'micro', 'micro', 'mid', 'mid', 'macro', 'macro', 'mega']);
	});
});

describe('engagement', () => {
	it('median and mean over the newest N posts; undated posts come after dated ones', () => {
		const posts = [
			post(100, 0, 1),
			post(300, 0, 2),
			post(200, 0, 3),
			{ likes: 10_000, comments: 0, caption: '' },
		];
		const m = measureEngagement(profile({ followers: 10_000, posts }), { postsToUse: 3, now: NOW });
		expect(m.postsUsed).toBe(3);
		expect(m.rateMedian).toBe(2);
		expect(m.rateMean).toBe(2);
		expect(m.lastPostDaysAgo).toBe(1);
		expect(m.postsPerWeek).toBe(7);
	});

	it('no followers: no rate by followers, never NaN; averages stand in for posts', () => {
		const m = measureEngagement(
			profile({ followers: 0, averages: { likes: 50, comments: 5, views: 1000 } }),
			{ postsToUse: 12, now: NOW },
		);
		expect(m).toMatchObject({
			basis: 'averages',
			rateMedian: null,
			rateMean: null,
			rateByViewsMedian: 5.5,
			engagementsPerPost: 55,
		});
		expect(JSON.stringify(m)).not.toMatch(/NaN|Infinity/);
	});

	it('implausible posts are flagged and left out of the rate', () => {
		const m = measureEngagement(
			profile({ followers: 100, posts: [post(5, 1, 1), post(50_000, 0, 2)] }),
			{ postsToUse: 12, now: NOW },
		);
		expect(m.postsUsed).toBe(1);
		expect(m.authenticity.map((f) => f.code)).toContain('implausibleCounts');
	});

	it('flags erratic engagement and an odd comment ratio', () => {
		const posts = [post(10, 0, 1), post(10, 0, 2), post(10, 0, 3), post(2000, 0, 4)];
		const m = measureEngagement(profile({ followers: 10_000, posts }), {
			postsToUse: 12,
			now: NOW,
		});
		expect(m.authenticity.map((f) => f.code)).toEqual(
			expect.arrayContaining(['erraticEngagement', 'unusualCommentRatio']),
		);
	});
});
