import {
	CARE_EXCLUSION,
	customAudience,
	outsideAudience,
	REMARKETING,
} from '../../nodes/FunnelStage/audience/audienceSelection';

describe('who is in an audience', () => {
	it('remarketing: THINK and DO without an order', () => {
		expect(
			outsideAudience(REMARKETING, { stage: 'THINK', transition: 'new', orders: 0 }),
		).toBeUndefined();
		expect(
			outsideAudience(REMARKETING, { stage: 'DO', transition: 'up', orders: 0 }),
		).toBeUndefined();
		expect(outsideAudience(REMARKETING, { stage: 'SEE', transition: 'new', orders: 0 })).toBe(
			'stage SEE is not in this audience',
		);
		expect(outsideAudience(REMARKETING, { stage: 'CARE', transition: 'up', orders: 2 })).toBe(
			'stage CARE is not in this audience',
		);
		// With "CARE from 2 orders" a one-time buyer stays in DO, but has ordered: not for remarketing.
		expect(outsideAudience(REMARKETING, { stage: 'DO', transition: 'same', orders: 1 })).toBe(
			'has ordered (1), and this audience is for people without an order',
		);
	});

	it('exclusion list: CARE customers', () => {
		expect(
			outsideAudience(CARE_EXCLUSION, { stage: 'CARE', transition: 'same', orders: 3 }),
		).toBeUndefined();
		expect(outsideAudience(CARE_EXCLUSION, { stage: 'DO', transition: 'same', orders: 0 })).toBe(
			'stage DO is not in this audience',
		);
	});

	it('custom: stages, transitions and orders', () => {
		const risers = customAudience(['THINK', 'DO'], ['up'], 'any');
		expect(outsideAudience(risers, { stage: 'DO', transition: 'up', orders: 0 })).toBeUndefined();
		expect(outsideAudience(risers, { stage: 'DO', transition: 'same', orders: 0 })).toBe(
			'transition "same" is not in this audience',
		);
		const buyers = customAudience(['DO', 'CARE'], [], 'some');
		expect(outsideAudience(buyers, { stage: 'DO', transition: 'new', orders: 0 })).toBe(
			'has no order, and this audience is for customers',
		);
		expect(() => customAudience([], [], 'any')).toThrow(
			'Custom Stages must name at least one stage',
		);
	});
});
