/**
 * A phone number as both platforms match it: the country code and the subscriber number, digits
 * only. Meta hashes these digits ("remove symbols, letters, and any leading zeros"; the country
 * code is required); Google hashes them in E.164, i.e. with a leading "+".
 *
 * How a written number is read:
 * - "+49 (0)30 1234567", "0049 30 1234567": international (a "+" or the "00" prefix); the "(0)"
 *   some write after the country code is the national trunk prefix and is dropped.
 * - "030 1234567", "(650) 555-1212": national (a leading 0 or an area code in parentheses); the
 *   person's country supplies the calling code, and without a country the number is not usable.
 * - "16505551212": digits alone are taken as already holding the country code, as Google's
 *   Data Manager formatter does ("18005550100" → "+18005550100"), unless the person's country is
 *   known and its calling code is not in front: then they are national.
 */
import { CALLING_CODES } from './countries';

/** Countries whose numbers keep their leading 0 after the country code (no trunk prefix; ITU-T E.164 national plans). */
const KEEPS_LEADING_ZERO: ReadonlySet<string> = new Set(['IT', 'SM', 'VA']);

export type PhoneResult = { ok: true; digits: string } | { ok: false; problem: string };

/** E.164 allows at most 15 digits; fewer than 7 cannot be a subscriber number with its country. */
const MIN_DIGITS = 7;
const MAX_DIGITS = 15;

/**
 * The number's digits with the country code and no leading zeros, or why it cannot be used.
 * `country` is an ISO 3166-1 alpha-2 code (upper case) or undefined.
 */
export function internationalDigits(value: string, country: string | undefined): PhoneResult {
	const text = value.normalize('NFKC').trim();
	if (text === '') return { ok: false, problem: 'is empty' };
	if (/\p{L}/u.test(text))
		return {
			ok: false,
			problem: 'contains letters (a vanity number or an extension cannot be matched)',
		};
	if (!/^[\d\s()./+-]+$/.test(text))
		return { ok: false, problem: 'contains characters a phone number does not have' };
	if (text.slice(1).includes('+'))
		return { ok: false, problem: 'has a "+" that is not at its start' };
	let digits: string;
	if (text.startsWith('+') || /^00/.test(text)) {
		// International: drop "+" or "00", and a trunk "(0)" written after the country code.
		digits = text
			.replace(/^\+|^00/, '')
			.replace(/\(0\)/g, '')
			.replace(/\D/g, '');
	} else {
		const national = text.startsWith('0') || text.startsWith('(');
		const bare = text.replace(/\D/g, '');
		const code = country ? CALLING_CODES[country] : undefined;
		if (national || (code !== undefined && !bare.startsWith(code))) {
			if (!country)
				return {
					ok: false,
					problem:
						'has no country code and the person has no country (write it as +49 30 1234567, or map the country)',
				};
			if (code === undefined)
				return {
					ok: false,
					problem: `has no country code and the calling code of ${country} is not known here (write the number with +)`,
				};
			// The leading 0 is a trunk prefix to drop, except where it belongs to the number (Italy, San
			// Marino, the Vatican: +39 06 6982 1234 is dialled 06 6982 1234 at home).
			digits = code + (KEEPS_LEADING_ZERO.has(country) ? bare : bare.replace(/^0+/, ''));
		} else digits = bare;
	}
	digits = digits.replace(/^0+/, '');
	if (digits.length < MIN_DIGITS)
		return { ok: false, problem: `is too short for a phone number with its country code` };
	if (digits.length > MAX_DIGITS)
		return { ok: false, problem: `has more than ${MAX_DIGITS} digits (E.164)` };
	return { ok: true, digits };
}
