/** Unit tests of CareFollowUp/rules/sendWindow.ts: the next opening of the send window in a time zone. */
import { nextSendTime } from '../../nodes/CareFollowUp/rules/sendWindow';

describe('guards', () => {
	it('finds the next window opening across days and daylight-saving changes', () => {
		const w = { startHour: 9, endHour: 20 };
		expect(nextSendTime(Date.parse('2026-03-16T19:30:00Z'), 'Europe/Berlin', w)).toBe(
			Date.parse('2026-03-17T08:00:00Z'),
		);
		// Berlin switches to summer time on 2026-03-29: 09:00 is 07:00 UTC from then on.
		expect(nextSendTime(Date.parse('2026-03-28T20:00:00Z'), 'Europe/Berlin', w)).toBe(
			Date.parse('2026-03-29T07:00:00Z'),
		);
		expect(nextSendTime(Date.parse('2026-03-16T10:00:00Z'), 'Europe/Berlin', w)).toBe(
			Date.parse('2026-03-16T10:00:00Z'),
		);
	});
});
