import { toEpochMs } from '../../nodes/shared/dates';

describe('toEpochMs', () => {
	it.each([
		['2026-03-01', Date.UTC(2026, 2, 1)],
		['2026-03-01 10:30:00', Date.UTC(2026, 2, 1, 10, 30)],
		['2026-03-01T10:30:00', Date.UTC(2026, 2, 1, 10, 30)],
		['2026-03-01T10:30:00+02:00', Date.UTC(2026, 2, 1, 8, 30)],
		['2026-03-01T10:30:00Z', Date.UTC(2026, 2, 1, 10, 30)],
		['2026-03-01T10:30:00.250Z', Date.UTC(2026, 2, 1, 10, 30, 0, 250)],
		['2026-03-01T00:15:00.999-05:30', Date.UTC(2026, 2, 1, 5, 45, 0, 999)],
		['2024-02-29T10:30:00Z', Date.UTC(2024, 1, 29, 10, 30)],
		['0999-03-01T10:30:00Z', Date.UTC(999, 2, 1, 10, 30)],
		['Sun, 01 Mar 2026 10:30:00 GMT', Date.UTC(2026, 2, 1, 10, 30)],
		[1772361000, 1772361000 * 1000],
		[1772361000000, 1772361000000],
		['1772361000000', 1772361000000],
	])('%j', (input, expected) => {
		expect(toEpochMs(input)).toBe(expected);
	});

	it('reads Date objects and Luxon-like DateTimes', () => {
		expect(toEpochMs(new Date(5000))).toBe(5000);
		expect(toEpochMs({ toMillis: () => 7000 })).toBe(7000);
	});

	it('returns undefined for empty and NaN for unreadable values', () => {
		expect(toEpochMs('')).toBeUndefined();
		expect(toEpochMs(null)).toBeUndefined();
		expect(toEpochMs('soon')).toBeNaN();
		expect(toEpochMs(Infinity)).toBeNaN();
		expect(toEpochMs(true)).toBeNaN();
		expect(toEpochMs('2026-02-31')).toBeNaN();
		expect(toEpochMs('2026-02-31T10:30:00Z')).toBeNaN();
		expect(toEpochMs('2025-02-29T10:30:00.000Z')).toBeNaN();
		expect(toEpochMs('2026-13-01T10:30:00Z')).toBeNaN();
		expect(toEpochMs('2026-03-01T25:30:00Z')).toBeNaN();
		// Numbers beyond what a Date can hold are no date (they would fail later as "Invalid time value").
		expect(toEpochMs(1e308)).toBeNaN();
		expect(toEpochMs('900000000000000000000')).toBeNaN();
		expect(toEpochMs({ toMillis: () => 1e300 })).toBeNaN();
	});

	it('tells epoch seconds, milliseconds, microseconds and nanoseconds apart by their size', () => {
		const at = Date.parse('2023-05-04T10:20:30.123Z');
		expect(toEpochMs(Math.floor(at / 1000))).toBe(at - 123); // Unix, Meta's event_time
		expect(toEpochMs(at)).toBe(at); // JavaScript, HubSpot
		expect(toEpochMs(String(at * 1000))).toBe(at); // GA4's event_timestamp, as text in a BigQuery export
		expect(toEpochMs(at * 1000 + 456)).toBe(at); // microseconds are rounded to the millisecond
		expect(toEpochMs(BigInt(at) * 1_000_000n)).toBeNaN(); // a BigInt is no JSON value
		expect(toEpochMs(at * 1e6)).toBe(at); // nanoseconds
		expect(toEpochMs(0)).toBe(0);
		expect(toEpochMs(-86_400)).toBe(-86_400_000);
	});
});
