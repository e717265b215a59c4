/**
 * Date handling shared by every node. Pure: no n8n import.
 *
 * Accepted date values: ISO 8601 strings (a date or date-time without a zone is read as UTC,
 * so results never depend on the server's time zone), RFC 2822 strings, epoch numbers
 * (milliseconds; values below 100,000,000,000 are read as seconds, as HubSpot and Unix
 * exports use both), numeric strings of the same, Date objects and Luxon DateTimes (what
 * n8n expressions such as `{{ $now }}` return).
 */

export const DAY_MS = 86_400_000;

const LOCAL_ISO = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?)?$/;
const NUMERIC = /^-?\d+(?:\.\d+)?$/;
const ISO_DATE_PREFIX = /^\d{4}-\d{2}-\d{2}T/;
const SECONDS_BELOW = 100_000_000_000;

/** Epoch milliseconds, `undefined` for an empty value, or `NaN` for a value that is no date. */
export function toEpochMs(value: unknown): number | undefined {
	if (value === undefined || value === null || value === '') return undefined;
	if (typeof value === 'number') return epochFromNumber(value);
	if (typeof value === 'string') {
		const text = value.trim();
		if (text === '') return undefined;
		if (NUMERIC.test(text)) return epochFromNumber(Number(text));
		if (LOCAL_ISO.test(text)) return validCalendarDate(text, Date.parse(`${text.replace(' ', 'T')}${text.length === 10 ? 'T00:00:00' : ''}Z`));
		const ms = Date.parse(text);
		return ISO_DATE_PREFIX.test(text) ? validCalendarDate(text, ms) : ms;
	}
	if (value instanceof Date) return value.getTime();
	if (typeof value === 'object' && typeof (value as { toMillis?: unknown }).toMillis === 'function') {
		const ms = (value as { toMillis: () => number }).toMillis();
		return typeof ms === 'number' ? ms : NaN;
	}
	return NaN;
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

function epochFromNumber(n: number): number {
	if (!Number.isFinite(n)) return NaN;
	return Math.abs(n) < SECONDS_BELOW ? n * 1000 : n;
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
