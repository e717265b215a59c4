/** Unit tests of InfluencerScore/platforms/instagramApi.ts: the Business Discovery request. */
import { businessDiscoveryRequest } from '../../nodes/InfluencerScore/platforms/instagramApi';

describe('handles', () => {
	it('the Instagram request URL-encodes nothing into the path but the account; the handle goes in the fields query', () => {
		const r = businessDiscoveryRequest(
			{ baseUrl: 'https://graph.facebook.com/', apiVersion: 'v23.0', accountId: '1784' },
			'nat.geo',
			12,
		);
		expect(r.url).toBe('https://graph.facebook.com/v23.0/1784');
		expect(r.qs.fields).toContain('business_discovery.username(nat.geo)');
		expect(r.qs.fields).toContain('media.limit(12)');
	});
});
