import examples from '../fixtures/real/audiences/published-examples.json';
import {
	googleEmail,
	googleMemberOf,
	googleUserIdentifiers,
} from '../../nodes/FunnelStage/audience/googleIdentifiers';
import { sha256Hex } from '../../nodes/FunnelStage/audience/sha256';

describe("Google's published examples", () => {
	const full = { firstName: 'Ann', lastName: 'Lee', country: 'US', zip: '94303' };
	for (const ex of examples.google) {
		it(`${ex.id}: ${JSON.stringify(ex.input)} → ${ex.normalised}`, () => {
			let normalised: string | undefined;
			const country = 'country' in ex ? ex.country : undefined;
			if (ex.identifier === 'emailAddress')
				normalised = googleMemberOf({ email: ex.input }).normalised.emailAddress;
			else if (ex.identifier === 'phoneNumber')
				normalised = googleMemberOf({ phone: ex.input, country }).normalised.phoneNumber;
			else if (ex.identifier === 'address.givenName')
				normalised = googleMemberOf({ ...full, firstName: ex.input }).normalised.address?.givenName;
			else if (ex.identifier === 'address.familyName')
				normalised = googleMemberOf({ ...full, lastName: ex.input }).normalised.address?.familyName;
			else if (ex.identifier === 'address.regionCode')
				normalised = googleMemberOf({ ...full, country: ex.input }).normalised.address?.regionCode;
			else if (ex.identifier === 'address.postalCode')
				normalised = googleMemberOf({ ...full, country: 'PT', zip: ex.input }).normalised.address
					?.postalCode;
			expect(normalised).toBe(ex.normalised);
			if (ex.sha256) expect(sha256Hex(normalised!)).toBe(ex.sha256);
		});
	}
});

describe('Google formatting rules', () => {
	it('emailAddress: lower case, all whitespace removed; gmail dots and +tags only for gmail/googlemail', () => {
		expect(googleEmail(' Mia . Roth@Example.COM ')).toBe('mia.roth@example.com');
		expect(googleEmail('j.o.e+news@GoogleMail.com')).toBe('joe@googlemail.com');
		expect(googleEmail('j.o.e+news@web.de')).toBe('j.o.e+news@web.de');
		expect(googleEmail('+news@gmail.com')).toBeUndefined();
		expect(googleEmail('no-at-sign')).toBeUndefined();
	});

	it('phoneNumber: E.164 with the plus sign', () => {
		expect(googleMemberOf({ phone: '0049 30 1234567' }).normalised.phoneNumber).toBe(
			'+49301234567',
		);
	});

	it('names: lower case, no punctuation, no title or suffix', () => {
		const member = googleMemberOf({
			firstName: 'Mrs. Anna-Lena',
			lastName: 'Smith Jr.',
			country: 'de',
			zip: '10115',
		});
		expect(member.normalised.address).toEqual({
			givenName: 'annalena',
			familyName: 'smith',
			regionCode: 'DE',
			postalCode: '10115',
		});
	});

	it('address: only all four parts together; otherwise the address is a problem, not an error', () => {
		const member = googleMemberOf({ email: 'a@b.co', firstName: 'Ann', lastName: 'Lee' });
		expect(member.normalised.address).toBeUndefined();
		expect(member.problems).toEqual([
			{
				field: 'address',
				problem:
					'needs first name, last name, country and postal code together (Google matches them only as one address)',
			},
		]);
	});

	it('US postal codes: 5 digits or 5+4; anything else leaves the address out', () => {
		const ok = googleMemberOf({ firstName: 'A', lastName: 'B', country: 'US', zip: '94303-5300' });
		expect(ok.normalised.address?.postalCode).toBe('94303-5300');
		const bad = googleMemberOf({ firstName: 'A', lastName: 'B', country: 'US', zip: 'SW1A' });
		expect(bad.normalised.address).toBeUndefined();
	});

	it('userIdentifiers: email, phone and the names hashed (hex); region and postal code not', () => {
		const ids = googleUserIdentifiers({
			emailAddress: 'alexz@example.com',
			phoneNumber: '+18005550100',
			address: {
				givenName: 'givenname',
				familyName: 'familyname',
				regionCode: 'US',
				postalCode: '94303',
			},
		});
		expect(ids).toEqual([
			{ emailAddress: '509e933019bb285a134a9334b8bb679dff79d0ce023d529af4bd744d47b4fd8a' },
			{ phoneNumber: 'fb4f73a6ec5fdb7077d564cdd22c3554b43ce49168550c3b12c547b78c517b30' },
			{
				address: {
					givenName: '128a07bfe2df877c52076e60d7774cf5baaa046c5a6c48daf30ff43ecca2f814',
					familyName: '77762c287e61ce065bee5c15464012c6fbe088398b8057627d5577249430d574',
					regionCode: 'US',
					postalCode: '94303',
				},
			},
		]);
	});
});
