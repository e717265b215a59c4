/** A profile and its posts at a fixed time: helpers for the Influencer Score tests. */
import type { InfluencerProfile } from '../../nodes/InfluencerScore/input/influencerProfile';

export const NOW = Date.parse('2026-11-20T12:00:00Z');
const DAY = 86_400_000;

export function profile(over: Partial<InfluencerProfile> = {}): InfluencerProfile {
	return {
		platform: 'instagram',
		handle: 'x',
		bio: '',
		posts: [],
		averages: {},
		audienceCountries: [],
		...over,
	};
}
export const post = (likes: number, comments: number, daysAgo: number, caption = '') => ({
	likes,
	comments,
	date: NOW - daysAgo * DAY,
	caption,
});
