/**
 * Google Data Manager API (Customer Match via `audienceMembers:ingest`): the user identifiers of
 * one audience member, formatted as "Format user data" says, hashed with SHA-256 and encoded as hex.
 * Spec: https://developers.google.com/data-manager/api/get-started/formatting ; request:
 * https://developers.google.com/data-manager/api/reference/rest/v1/audienceMembers/ingest
 *
 * | identifier           | formatting | hashed |
 * |----------------------|------------|--------|
 * | emailAddress         | lower case, all whitespace removed; gmail.com / googlemail.com: dots and a +tag removed from the local part | yes |
 * | phoneNumber          | E.164: "+", country code, digits | yes |
 * | address.givenName    | lower case, trimmed, no punctuation, no prefix (Mrs.) | yes |
 * | address.familyName   | lower case, trimmed, no punctuation, no suffix (Jr.) | yes |
 * | address.regionCode   | ISO 3166-1 alpha-2, upper case | no |
 * | address.postalCode   | trimmed; US: 5 digits or 5+4 | no |
 */
import { countryCodeOf } from './countries';
import type { PersonIdentity } from './identityFields';
import { internationalDigits } from './phoneNumbers';
import { EMAIL_SHAPE, sha256Hex, type IdentifierProblem } from './sha256';

/** Google's limit of AudienceMember resources per ingest request. */
export const GOOGLE_MAX_MEMBERS = 10_000;

export interface GoogleIdentifiers {
	emailAddress?: string;
	phoneNumber?: string;
	address?: { givenName: string; familyName: string; regionCode: string; postalCode: string };
}

export interface GoogleMember {
	/** Normalised, not yet hashed (only shown when the user switches raw identifiers on). */
	normalised: GoogleIdentifiers;
	problems: IdentifierProblem[];
}

export function googleEmail(value: string): string | undefined {
	const email = value.normalize('NFC').replace(/\s+/g, '').toLowerCase();
	if (!EMAIL_SHAPE.test(email)) return undefined;
	const at = email.lastIndexOf('@');
	let local = email.slice(0, at);
	const domain = email.slice(at + 1);
	if (domain === 'gmail.com' || domain === 'googlemail.com') {
		local = local.replace(/\+.*$/, '').replace(/\./g, '');
		if (!local) return undefined;
	}
	return `${local}@${domain}`;
}

const PREFIX = /^(?:mr|mrs|ms|miss|dr|prof|herr|frau)\.?\s+/u;
const SUFFIX = /\s+(?:jr|sr|ii|iii|iv)\.?$/u;

/** Lower case, NFC, punctuation removed, inner whitespace kept single; a title or suffix dropped. */
export function googleName(value: string, drop: RegExp): string {
	return value
		.normalize('NFC')
		.toLowerCase()
		.trim()
		.replace(drop, '')
		.replace(/[\p{P}\p{S}]/gu, '')
		.replace(/\s+/g, ' ')
		.trim();
}

/** One person's user identifiers as Google wants them, and the ones that could not be used, with why. */
export function googleMemberOf(person: PersonIdentity): GoogleMember {
	const normalised: GoogleIdentifiers = {};
	const problems: IdentifierProblem[] = [];
	const country = person.country !== undefined ? countryCodeOf(person.country) : undefined;
	if (person.email !== undefined) {
		const email = googleEmail(person.email);
		if (email) normalised.emailAddress = email;
		else problems.push({ field: 'email', problem: 'is not an email address' });
	}
	if (person.phone !== undefined) {
		const phone = internationalDigits(person.phone, country);
		if (phone.ok) normalised.phoneNumber = `+${phone.digits}`;
		else problems.push({ field: 'phone', problem: phone.problem });
	}
	const given = person.firstName !== undefined ? googleName(person.firstName, PREFIX) : '';
	const family = person.lastName !== undefined ? googleName(person.lastName, SUFFIX) : '';
	if (given || family) {
		let postal = person.zip?.normalize('NFC').trim().toUpperCase() ?? '';
		if (country === 'US' && postal && !/^\d{5}(?:-\d{4})?$/.test(postal)) postal = '';
		if (given && family && country && postal)
			normalised.address = {
				givenName: given,
				familyName: family,
				regionCode: country,
				postalCode: postal,
			};
		else
			problems.push({
				field: 'address',
				problem:
					'needs first name, last name, country and postal code together (Google matches them only as one address)',
			});
	}
	return { normalised, problems };
}

/** The member's `userIdentifiers` as the ingest request takes them (hashed, hex). */
export function googleUserIdentifiers(ids: GoogleIdentifiers): object[] {
	const out: object[] = [];
	if (ids.emailAddress) out.push({ emailAddress: sha256Hex(ids.emailAddress) });
	if (ids.phoneNumber) out.push({ phoneNumber: sha256Hex(ids.phoneNumber) });
	if (ids.address)
		out.push({
			address: {
				givenName: sha256Hex(ids.address.givenName),
				familyName: sha256Hex(ids.address.familyName),
				regionCode: ids.address.regionCode,
				postalCode: ids.address.postalCode,
			},
		});
	return out;
}
