/**
 * Reading loosely typed export data (CSV, CRM and shop exports send numbers as strings) into
 * numbers, flags and dates, with an InputFieldError that names the field when it cannot be read.
 */
import { toEpochMs } from './dates';
import { InputFieldError, preview } from './inputErrors';

const NUMBER_TEXT = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?$/i;

/** A number from a number or a numeric string; `undefined` for empty values. */
export function readNumber(value: unknown, field: string): number | undefined {
	if (value === undefined || value === null || value === '') return undefined;
	if (typeof value === 'number') {
		if (Number.isFinite(value)) return value;
	} else if (typeof value === 'string') {
		const text = value.trim();
		if (text === '') return undefined;
		if (NUMBER_TEXT.test(text)) {
			const n = Number(text);
			if (Number.isFinite(n)) return n;
		}
	}
	throw new InputFieldError(
		field,
		`must be a number, got ${preview(value)}`,
		'map a numeric field, or leave it empty',
	);
}

/** A count: a whole-or-fractional number of at least 0. Booleans count as 1 and 0 (e.g. "opted in"). */
export function readCount(value: unknown, field: string): number | undefined {
	if (typeof value === 'boolean') return value ? 1 : 0;
	const n = readNumber(value, field);
	if (n !== undefined && n < 0) {
		throw new InputFieldError(
			field,
			`must not be negative, got ${preview(value)}`,
			'map a count of 0 or more, or leave it empty',
		);
	}
	return n;
}

const TRUE_WORDS = new Set([
	'true',
	'yes',
	'y',
	'1',
	'granted',
	'given',
	'subscribed',
	'opted_in',
	'opted-in',
	'on',
]);
const FALSE_WORDS = new Set([
	'false',
	'no',
	'n',
	'0',
	'denied',
	'revoked',
	'unsubscribed',
	'not_subscribed',
	'off',
	'never_subscribed',
]);

/** A yes/no flag from booleans, 0/1 and common consent words; `undefined` for empty values. */
export function readFlag(value: unknown, field: string): boolean | undefined {
	if (value === undefined || value === null || value === '') return undefined;
	if (typeof value === 'boolean') return value;
	if (typeof value === 'number' && (value === 0 || value === 1)) return value === 1;
	if (typeof value === 'string') {
		const word = value.trim().toLowerCase();
		if (TRUE_WORDS.has(word)) return true;
		if (FALSE_WORDS.has(word)) return false;
	}
	throw new InputFieldError(
		field,
		`must be yes or no, got ${preview(value)}`,
		'map true/false (or yes/no, granted/denied, subscribed/unsubscribed), or leave it empty',
	);
}

/** Epoch milliseconds from any date value `toEpochMs` accepts; `undefined` for empty values. */
export function readDate(value: unknown, field: string): number | undefined {
	const ms = toEpochMs(value);
	if (ms !== undefined && Number.isNaN(ms)) {
		throw new InputFieldError(
			field,
			`is not a date we can read, got ${preview(value)}`,
			'use an ISO 8601 date such as 2026-03-01 or 2026-03-01T14:30:00Z, or epoch milliseconds',
		);
	}
	return ms;
}
