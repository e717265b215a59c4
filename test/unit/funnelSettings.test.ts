/** Unit tests of FunnelStage/rules/settings.ts: impossible options named, partial weights merged over the defaults. */
import { resolveSettings } from '../../nodes/FunnelStage/rules/settings';
import { classify, ev } from './stageFixtures';

describe('settings', () => {
	it('rejects impossible options with a message naming the option', () => {
		expect(() => resolveSettings({ doWindowDays: 0 })).toThrow(
			'Invalid option doWindowDays: DO Window must be more than 0 days',
		);
		expect(() => resolveSettings({ weights: { telepathy: { points: 1 } } })).toThrow(
			/unknown signal "telepathy"/,
		);
		expect(() => resolveSettings({ weights: { like: { points: -1 } } })).toThrow(
			/weights.like.points: points must be 0 or more/,
		);
		expect(() => resolveSettings({ repurchaseWindowDays: 400 })).toThrow(
			/Repurchase Window must be shorter than Lapsed After/,
		);
	});

	it('merges a partial weight over the default', () => {
		const s = resolveSettings({ weights: { like: { points: 2 } } });
		expect(s.weights.like).toEqual({ points: 2, halfLifeDays: 7 });
		expect(classify({ signals: [ev('like', 0)] }, s).intentPoints).toBe(2);
	});
});
