/** Unit tests of InfluencerScore/rules/brandSettings.ts: options checked with the option named. */
import { resolveBrandSettings } from '../../nodes/InfluencerScore/rules/brandSettings';

describe('fit score', () => {
	it('options are validated with the option named', () => {
		expect(() => resolveBrandSettings({ weights: { niche: -1 } })).toThrow(
			'Weight: Niche must be 0 or more',
		);
		expect(() => resolveBrandSettings({ postsToUse: 0 })).toThrow(
			'Posts to Use must be at least 1',
		);
		expect(() => resolveBrandSettings({ shortlistFrom: 40, considerFrom: 60 })).toThrow(
			'Consider From Score must not be above Shortlist From Score',
		);
		expect(() =>
			resolveBrandSettings({
				weights: {
					engagement: 0,
					niche: 0,
					authenticity: 0,
					followerRange: 0,
					cost: 0,
					activity: 0,
				},
			}),
		).toThrow('Weights: at least one weight must be more than 0');
	});
});
