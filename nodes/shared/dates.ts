/**
 * Date handling shared by every node. Pure: no n8n import.
 *
 * Accepted date values: ISO 8601 strings (a date or date-time without a zone is read as UTC,
 * so results never depend on the server's time zone), RFC 2822 strings, epoch numbers
 * told apart by magnitude: below 10^11 seconds (Unix, Meta's event_time), below 10^14
 * milliseconds (JavaScript, HubSpot), below 10^17 microseconds (GA4's event_timestamp), below
 * 10^20 nanoseconds; each band covers the years 1970 to 5138), numeric strings of the same, Date objects and Luxon DateTimes (what
 * n8n expressions such as `{{ $now }}` return).
 */

export const DAY_MS = 86_400_000;

const LOCAL_ISO = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?)?$/;
const NUMERIC = /^-?\d+(?:\.\d+)?$/;
const ISO_DATE_PREFIX = /^\d{4}-\d{2}-\d{2}T/;
/** Upper bounds of epoch numbers in seconds, milliseconds, microseconds and nanoseconds, with the factor to milliseconds. */
const EPOCH_BANDS: ReadonlyArray<[number, number]> = [
	[1e11, 1000],
	[1e14, 1],
	[1e17, 1e-3],
	[1e20, 1e-6],
];

/** Epoch milliseconds, `undefined` for an empty value, or `NaN` for a value that is no date. */
export function toEpochMs(value: unknown): number | undefined {
	if (value === undefined || value === null || value === '') return undefined;
	if (typeof value === 'number') return epochFromNumber(value);
	if (typeof value === 'string') {
		const text = value.trim();
		if (text === '') return undefined;
		const exact = isoInstant(text);
		if (exact !== undefined) return exact;
		if (NUMERIC.test(text)) return epochFromNumber(Number(text));
		if (LOCAL_ISO.test(text))
			return validCalendarDate(
				text,
				Date.parse(`${text.replace(' ', 'T')}${text.length === 10 ? 'T00:00:00' : ''}Z`),
			);
		const ms = Date.parse(text);
		return ISO_DATE_PREFIX.test(text) ? validCalendarDate(text, ms) : ms;
	}
	if (value instanceof Date) return value.getTime();
	if (
		typeof value === 'object' &&
		typeof (value as { toMillis?: unknown }).toMillis === 'function'
	) {
		const ms = (value as { toMillis: () => number }).toMillis();
		return typeof ms === 'number' && Math.abs(ms) <= MAX_DATE_MS ? ms : NaN;
	}
	return NaN;
}

const digit = (text: string, at: number) => text.charCodeAt(at) - 48;
/** Two digits at `at` as a number, or -1 if they are not digits. */
function twoDigits(text: string, at: number): number {
	const a = digit(text, at);
	const b = digit(text, at + 1);
	return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
}

/**
 * The instant of the timestamps shops and APIs send ("2026-03-16T12:00:00Z",
 * "2026-03-16T12:00:00.000Z", "2026-03-16T13:00:00+01:00"), read without Date.parse: a batch
 * reads several per order. Anything else, or any doubtful value (a day after the 28th, year
 * before 1000), returns undefined and takes the general path, so results never differ.
 */
function isoInstant(text: string): number | undefined {
	const n = text.length;
	if (
		n < 20 ||
		text.charCodeAt(4) !== 45 ||
		text.charCodeAt(7) !== 45 ||
		text.charCodeAt(10) !== 84 ||
		text.charCodeAt(13) !== 58 ||
		text.charCodeAt(16) !== 58
	)
		return undefined;
	const century = twoDigits(text, 0);
	const year = century * 100 + twoDigits(text, 2);
	const month = twoDigits(text, 5);
	const day = twoDigits(text, 8);
	const hour = twoDigits(text, 11);
	const minute = twoDigits(text, 14);
	const second = twoDigits(text, 17);
	if (
		century < 10 ||
		year < 1000 ||
		month < 1 ||
		month > 12 ||
		day < 1 ||
		day > 28 ||
		hour < 0 ||
		hour > 23 ||
		minute < 0 ||
		minute > 59 ||
		second < 0 ||
		second > 59
	)
		return undefined;
	let at = 19;
	let ms = 0;
	if (text.charCodeAt(at) === 46 /* . */) {
		const hundreds = digit(text, 20);
		const rest = twoDigits(text, 21);
		if (hundreds < 0 || hundreds > 9 || rest < 0) return undefined;
		ms = hundreds * 100 + rest;
		at = 23;
	}
	let offsetMinutes = 0;
	const zone = text.charCodeAt(at);
	if (zone === 90 /* Z */ && n === at + 1) offsetMinutes = 0;
	else if (
		(zone === 43 /* + */ || zone === 45) /* - */ &&
		n === at + 6 &&
		text.charCodeAt(at + 3) === 58
	) {
		const oh = twoDigits(text, at + 1);
		const om = twoDigits(text, at + 4);
		if (oh < 0 || oh > 23 || om < 0 || om > 59) return undefined;
		offsetMinutes = (zone === 43 ? 1 : -1) * (oh * 60 + om);
	} else return undefined;
	return Date.UTC(year, month - 1, day, hour, minute, second, ms) - offsetMinutes * 60_000;
}

/** Rejects dates JavaScript would roll over, such as 2026-02-31 (read as March 3). */
function validCalendarDate(text: string, ms: number): number {
	if (Number.isNaN(ms)) return ms;
	const day = (text.charCodeAt(8) - 48) * 10 + (text.charCodeAt(9) - 48);
	const month = (text.charCodeAt(5) - 48) * 10 + (text.charCodeAt(6) - 48);
	if (month < 1 || month > 12 || day < 1) return NaN;
	if (day <= 28) return ms; // every month has these: the common case needs no more work
	const year = Number(text.slice(0, 4));
	return day > new Date(Date.UTC(year, month, 0)).getUTCDate() ? NaN : ms;
}

/** The largest distance from 1970 a JavaScript Date can hold (±100,000,000 days); beyond it, no date. */
const MAX_DATE_MS = 8.64e15;

function epochFromNumber(n: number): number {
	if (!Number.isFinite(n)) return NaN;
	const size = Math.abs(n);
	const band = EPOCH_BANDS.find(([below]) => size < below);
	if (!band) return NaN;
	const ms = band[1] === 1 ? n : Math.round(n * band[1]);
	return Math.abs(ms) <= MAX_DATE_MS ? ms : NaN;
}

const isoTexts = new Map<number, string>();
/** ISO text of a moment. Remembered: a batch asks for the same few moments ("now", "now + 24 h") per item. */
export function isoDate(ms: number): string {
	let text = isoTexts.get(ms);
	if (text === undefined) {
		if (isoTexts.size >= 4096) isoTexts.clear();
		text = new Date(ms).toISOString();
		isoTexts.set(ms, text);
	}
	return text;
}

/** Rounds for display: at most `digits` decimals, no trailing noise. */
export function round(value: number, digits = 2): number {
	const f = 10 ** digits;
	return Math.round(value * f) / f;
}
