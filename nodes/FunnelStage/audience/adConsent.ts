/**
 * The legal basis for uploading a person to an ad platform: their consent (GDPR Art. 6(1)(a)), as
 * German data-protection authorities read customer-list uploads (see the README). No consent field,
 * an empty one, "pending" or a no: the person is skipped, with the reason, and never uploaded.
 */
import { readFlag } from '../../shared/coerce';
import { InputFieldError, preview } from '../../shared/inputErrors';

export type AdConsent =
	| { given: true }
	| { given: false; reason: 'no consent field' | 'consent refused' | 'consent pending' };

/** Google Consent Mode's enum words (Data Manager API `Consent`) and a pending state, besides readFlag's words. */
const CONSENT_ENUM: Readonly<Record<string, boolean | 'pending'>> = Object.freeze({
	consent_granted: true,
	consent_denied: false,
	consent_status_unspecified: 'pending',
	pending: 'pending',
	unknown: 'pending',
});

/** The consent decision for one person from the value of their consent field (undefined: none). */
export function adConsentOf(consent: { value: unknown; field: string } | undefined): AdConsent {
	if (consent === undefined) return { given: false, reason: 'no consent field' };
	const { value, field } = consent;
	if (typeof value === 'string') {
		const word = value.trim().toLowerCase();
		if (word === '') return { given: false, reason: 'no consent field' };
		if (Object.prototype.hasOwnProperty.call(CONSENT_ENUM, word)) {
			const decision = CONSENT_ENUM[word];
			if (decision === 'pending') return { given: false, reason: 'consent pending' };
			return decision ? { given: true } : { given: false, reason: 'consent refused' };
		}
	}
	let flag: boolean | undefined | 'unreadable';
	try {
		flag = readFlag(value, field);
	} catch {
		flag = 'unreadable';
	}
	if (flag === 'unreadable')
		throw new InputFieldError(
			field,
			`is not a consent value, got ${preview(value)}`,
			'map yes/no, true/false, granted/denied or CONSENT_GRANTED/CONSENT_DENIED, or leave it empty (then the person is skipped)',
		);
	if (flag === undefined) return { given: false, reason: 'no consent field' };
	return flag ? { given: true } : { given: false, reason: 'consent refused' };
}
