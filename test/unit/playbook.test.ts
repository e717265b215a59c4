/** Unit tests of FunnelStage/rules/playbook.ts: the organic and paid measures per stage, with a status step in CARE. */
import { ago, classify } from './stageFixtures';

describe('reasons and next best actions', () => {
	it('offers the seed’s organic and paid measures for the stage, with a status step in CARE', () => {
		expect(classify({}).nextBestActions.paid).toEqual([
			'video ads',
			'influencer cooperations',
			'takeovers',
		]);
		const care = classify({ orders: 4, lastOrderAtMs: ago(120) });
		expect(care.nextBestActions.organic[0]).toBe(
			'send a win-back offer before the customer lapses',
		);
		expect(care.nextBestActions.paid).toContain('brand-ambassador programme');
	});
});
