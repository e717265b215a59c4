/**
 * Meta Custom Audiences (customer list): each identifier normalised as Meta's "Hashing and
 * normalization" table says, then SHA-256 as lowercase hex; EXTERN_ID is sent as it is.
 * Spec: https://developers.facebook.com/docs/marketing-api/audiences/guides/custom-audiences
 * (examples with hashes: https://developers.facebook.com/docs/marketing-api/conversions-api/parameters/customer-information-parameters).
 *
 * | key       | normalisation |
 * |-----------|---------------|
 * | EMAIL     | trim, lower case                                                       |
 * | PHONE     | digits only, country code in front, no leading zeros                   |
 * | FN, LN    | lower case, letters only (no punctuation or spaces), UTF-8 (é, ë stay)  |
 * | CT        | lower case, letters only, no spaces                                    |
 * | ST        | US: two-letter ANSI code, lower case; elsewhere lower case, letters only |
 * | ZIP       | lower case, no spaces; US: the first 5 digits                          |
 * | COUNTRY   | ISO 3166-1 alpha-2, lower case                                         |
 * | EXTERN_ID | not hashed, trimmed                                                    |
 */
import { countryCodeOf, US_STATES } from './countries';
import type { PersonIdentity } from './identityFields';
import { internationalDigits } from './phoneNumbers';
import { EMAIL_SHAPE, sha256Hex, type IdentifierProblem } from './sha256';

export const META_KEYS = [
	'EMAIL',
	'PHONE',
	'FN',
	'LN',
	'CT',
	'ST',
	'ZIP',
	'COUNTRY',
	'EXTERN_ID',
] as const;
export type MetaKey = (typeof META_KEYS)[number];

/** Meta's limit per `POST /<audience_id>/users` request. */
export const META_MAX_ROWS = 10_000;

export interface MetaRow {
	/** Normalised, not yet hashed (only shown when the user switches raw identifiers on). */
	normalised: Partial<Record<MetaKey, string>>;
	problems: IdentifierProblem[];
}

/** Lower case, Unicode NFC (so "Zoë" typed either way hashes the same), letters and marks only. */
export function lettersOnly(text: string): string {
	return text
		.normalize('NFC')
		.toLowerCase()
		.replace(/[^\p{L}\p{M}]/gu, '');
}

export function metaEmail(value: string): string | undefined {
	const email = value.normalize('NFC').trim().toLowerCase();
	return EMAIL_SHAPE.test(email) ? email : undefined;
}

/** One person's identifiers as Meta wants them, and the ones that could not be used, with why. */
export function metaRowOf(person: PersonIdentity): MetaRow {
	const normalised: MetaRow['normalised'] = {};
	const problems: IdentifierProblem[] = [];
	const country = person.country !== undefined ? countryCodeOf(person.country) : undefined;
	if (person.country !== undefined && country === undefined)
		problems.push({
			field: 'country',
			problem: 'is not a two-letter ISO country code or a country name known here',
		});
	if (person.email !== undefined) {
		const email = metaEmail(person.email);
		if (email) normalised.EMAIL = email;
		else problems.push({ field: 'email', problem: 'is not an email address' });
	}
	if (person.phone !== undefined) {
		const phone = internationalDigits(person.phone, country);
		if (phone.ok) normalised.PHONE = phone.digits;
		else problems.push({ field: 'phone', problem: phone.problem });
	}
	for (const [key, name] of [
		['FN', 'firstName'],
		['LN', 'lastName'],
		['CT', 'city'],
	] as const) {
		const given = person[name];
		if (given === undefined) continue;
		const letters = lettersOnly(given);
		if (letters) normalised[key] = letters;
		else problems.push({ field: name, problem: 'has no letters' });
	}
	if (person.state !== undefined) {
		const state = lettersOnly(person.state);
		const us = country === 'US' || country === undefined;
		const named = person.state.normalize('NFC').trim().toLowerCase().replace(/\s+/g, ' ');
		if (us && Object.prototype.hasOwnProperty.call(US_STATES, named))
			normalised.ST = US_STATES[named];
		else if (state) normalised.ST = state;
		else problems.push({ field: 'state', problem: 'has no letters' });
	}
	if (person.zip !== undefined) {
		const zip = person.zip.normalize('NFC').toLowerCase().replace(/\s+/g, '');
		if (country === 'US') {
			const five = /^(\d{5})(?:-?\d{4})?$/.exec(zip);
			if (five) normalised.ZIP = five[1];
			else problems.push({ field: 'zip', problem: 'is not a US ZIP code (5 digits)' });
		} else if (zip) normalised.ZIP = zip;
	}
	if (country) normalised.COUNTRY = country.toLowerCase();
	if (person.externalId !== undefined) normalised.EXTERN_ID = person.externalId.trim();
	return { normalised, problems };
}

/** Whether the row can match anyone: EXTERN_ID alone or an address alone does not identify a person to Meta. */
export function metaRowMatches(row: MetaRow['normalised']): boolean {
	return (
		row.EMAIL !== undefined ||
		row.PHONE !== undefined ||
		(row.FN !== undefined &&
			row.LN !== undefined &&
			(row.ZIP !== undefined || row.CT !== undefined))
	);
}

/** A value as Meta takes it: hashed, except EXTERN_ID. */
export function metaValue(key: MetaKey, normalised: string): string {
	return key === 'EXTERN_ID' ? normalised : sha256Hex(normalised);
}
