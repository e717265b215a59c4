/** Unit tests of InfluencerScore/rules/fitScore.ts, through scoreInfluencer: parts, grade, decision and reasons. */
import { resolveBrandSettings } from '../../nodes/InfluencerScore/rules/brandSettings';
import { scoreInfluencer } from '../../nodes/InfluencerScore/rules/influencerScore';
import { NOW, post, profile } from './influencerFixtures';

describe('fit score', () => {
	const settings = resolveBrandSettings({ keywords: 'vegan', blocklist: 'casino' });
	const good = profile({
		followers: 20_000,
		following: 300,
		bio: 'vegan',
		posts: Array.from({ length: 12 }, (_, i) => post(400, 20, i * 3 + 1, '#vegan')),
		feePerPost: 30,
	});

	it('a strong on-niche profile is shortlisted with reasons', () => {
		const r = scoreInfluencer(good, settings, NOW);
		expect(r.decision).toBe('shortlist');
		expect(r.grade).toBe('A');
		expect(r.parts).toMatchObject({ niche: 100, followerRange: 100, cost: 100, authenticity: 100 });
		expect(r.reasons[0]).toBe(
			'Engagement 2.1% by followers is above average for 10k–50k on instagram (average 0.84–1.11%)',
		);
	});

	it('a blocked term rejects whatever the score', () => {
		const r = scoreInfluencer({ ...good, bio: 'vegan and Casino nights' }, settings, NOW);
		expect(r.decision).toBe('reject');
		expect(r.reasons[0]).toBe('Brand safety: "casino" in bio');
	});

	it('parts without data drop out and the others share the weight', () => {
		const r = scoreInfluencer({ ...good, feePerPost: undefined }, resolveBrandSettings({}), NOW);
		expect(r.parts.cost).toBeNull();
		expect(r.parts.niche).toBeNull();
		expect(r.fitScore).toBeGreaterThan(0);
	});

	it('no engagement data is never shortlisted', () => {
		const r = scoreInfluencer(profile({ followers: 5_000, bio: 'vegan' }), settings, NOW);
		expect(r.decision).not.toBe('shortlist');
		expect(r.reasons).toContain(
			'No engagement data: give recent posts (likes, comments) or averages to judge engagement',
		);
	});
});
