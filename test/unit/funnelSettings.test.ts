/** Unit tests of FunnelStage/rules/settings.ts: impossible options named, partial weights merged over the defaults. */
import { leadInputDescription } from '../../nodes/FunnelStage/actions/leadInput';
import {
	DEFAULT_SETTINGS,
	NUMBER_OPTIONS,
	resolveSettings,
} from '../../nodes/FunnelStage/rules/settings';
import { classify, ev } from './stageFixtures';

describe('settings', () => {
	it('rejects impossible options with a message naming the option', () => {
		expect(() => resolveSettings({ doWindowDays: 0 })).toThrow(
			'Invalid option doWindowDays: DO Window (Days) must be more than 0 days',
		);
		expect(() => resolveSettings({ weights: { telepathy: { points: 1 } } })).toThrow(
			/unknown signal "telepathy"/,
		);
		expect(() => resolveSettings({ weights: { like: { points: -1 } } })).toThrow(
			/weights.like.points: points must be 0 or more/,
		);
		expect(() => resolveSettings({ repurchaseWindowDays: 400 })).toThrow(
			/Repurchase Window \(Days\) must be shorter than Lapsed After \(Days\)/,
		);
	});

	it('merges a partial weight over the default', () => {
		const s = resolveSettings({ weights: { like: { points: 2 } } });
		expect(s.weights.like).toEqual({ points: 2, halfLifeDays: 7 });
		expect(classify({ signals: [ev('like', 0)] }, s).intentPoints).toBe(2);
	});
});

describe('number options', () => {
	const options = leadInputDescription.find((p) => p.name === 'options')!.options as {
		name: string;
		displayName: string;
		default: unknown;
	}[];

	it('come from one table: the editor shows each with the rules’ default, in alphabetical order', () => {
		for (const o of NUMBER_OPTIONS)
			expect(options.find((p) => p.name === o.name)).toMatchObject({
				displayName: o.label,
				default: DEFAULT_SETTINGS[o.name],
			});
		const labels = options.map((o) => o.displayName);
		expect(labels).toEqual([...labels].sort((a, b) => a.localeCompare(b, 'en')));
	});

	it('name a wrong value by the label the editor shows', () => {
		for (const o of NUMBER_OPTIONS) {
			expect(() => resolveSettings({ [o.name]: -1 })).toThrow(o.label);
		}
	});
});
