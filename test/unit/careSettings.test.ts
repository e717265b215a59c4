/** Unit tests of CareFollowUp/rules/settings.ts. Care Follow-Up's options: one table feeds the editor's Options list and the validation messages. */
import { planDescription } from '../../nodes/CareFollowUp/actions/plan/description';
import {
	DEFAULT_FOLLOW_UP_SETTINGS,
	NUMBER_OPTIONS,
	resolveFollowUpSettings,
} from '../../nodes/CareFollowUp/rules/settings';

describe('Care Follow-Up number options', () => {
	const options = planDescription.find((p) => p.name === 'options')!.options as {
		name: string;
		displayName: string;
		default: unknown;
	}[];

	it('cover every number setting, each once, with the default of the rules', () => {
		const numberSettings = Object.entries(DEFAULT_FOLLOW_UP_SETTINGS)
			.filter(([, v]) => typeof v === 'number')
			.map(([k]) => k)
			.sort();
		expect(NUMBER_OPTIONS.map((o) => o.name).sort()).toEqual(numberSettings);
		for (const o of NUMBER_OPTIONS)
			expect(options.find((p) => p.name === o.name)).toMatchObject({
				displayName: o.label,
				default: DEFAULT_FOLLOW_UP_SETTINGS[o.name],
			});
	});

	it('are listed in alphabetical order in the editor', () => {
		const labels = options.map((o) => o.displayName);
		expect(labels).toEqual([...labels].sort((a, b) => a.localeCompare(b, 'en')));
	});

	it('name a wrong value by the label the editor shows', () => {
		for (const o of NUMBER_OPTIONS) {
			let message = '';
			try {
				resolveFollowUpSettings({ [o.name]: -1 });
			} catch (error) {
				message = (error as Error).message;
			}
			expect(message.startsWith(o.label)).toBe(true);
		}
		expect(() =>
			resolveFollowUpSettings({ reviewProductRepeatDays: 'soon' as unknown as number }),
		).toThrow('Review Request: Once per Product in (Days) must be a number of days');
	});
});

describe('settings', () => {
	it('rejects wrong options with the option’s name', () => {
		expect(() => resolveFollowUpSettings({ sendWindowStartHour: 21 })).toThrow(
			'Send Window Start must be before Send Window End',
		);
		expect(() => resolveFollowUpSettings({ maxPer30Days: 0 })).toThrow(
			'Maximum Follow-Ups per 30 Days must be at least 1',
		);
		expect(() => resolveFollowUpSettings({ reservationHours: -1 })).toThrow(
			'Reservation Expires After (Hours) must be more than 0',
		);
	});
});
