import { adConsentOf } from '../../nodes/FunnelStage/audience/adConsent';
import { InputFieldError } from '../../nodes/shared/inputErrors';

const of = (value: unknown) => adConsentOf({ value, field: 'adConsent' });

describe('consent to ad targeting', () => {
	it.each([true, 'true', 'yes', 1, 'granted', 'GRANTED', 'CONSENT_GRANTED', 'opted_in', ' Yes '])(
		'%p is consent',
		(value) => {
			expect(of(value)).toEqual({ given: true });
		},
	);

	it.each([false, 'false', 'no', 0, 'denied', 'CONSENT_DENIED', 'revoked', 'unsubscribed'])(
		'%p is a refusal',
		(value) => {
			expect(of(value)).toEqual({ given: false, reason: 'consent refused' });
		},
	);

	it.each(['pending', 'CONSENT_STATUS_UNSPECIFIED', 'unknown'])(
		'%p is pending: no consent',
		(value) => {
			expect(of(value)).toEqual({ given: false, reason: 'consent pending' });
		},
	);

	it('no field, an empty one or null is no consent', () => {
		expect(adConsentOf(undefined)).toEqual({ given: false, reason: 'no consent field' });
		expect(of('')).toEqual({ given: false, reason: 'no consent field' });
		expect(of('  ')).toEqual({ given: false, reason: 'no consent field' });
		expect(of(null)).toEqual({ given: false, reason: 'no consent field' });
	});

	it('anything else is an error naming the field and the words it takes', () => {
		let error: unknown;
		try {
			of('maybe');
		} catch (e) {
			error = e;
		}
		expect(error).toBeInstanceOf(InputFieldError);
		expect((error as InputFieldError).message).toBe(
			'Field "adConsent" is not a consent value, got "maybe"',
		);
		expect((error as InputFieldError).fix).toMatch(/CONSENT_GRANTED/);
	});
});
