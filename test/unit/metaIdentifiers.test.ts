import examples from '../fixtures/real/audiences/published-examples.json';
import {
	lettersOnly,
	metaEmail,
	metaRowMatches,
	metaRowOf,
	metaValue,
	type MetaKey,
} from '../../nodes/FunnelStage/audience/metaIdentifiers';
import type { PersonIdentity } from '../../nodes/FunnelStage/audience/identityFields';

const PERSON_FIELD: Record<string, keyof PersonIdentity> = {
	EMAIL: 'email',
	PHONE: 'phone',
	FN: 'firstName',
	LN: 'lastName',
	EXTERN_ID: 'externalId',
};

describe("Meta's published examples", () => {
	for (const ex of examples.meta) {
		it(`${ex.id}: ${JSON.stringify(ex.input)} → ${ex.normalised}`, () => {
			const person: PersonIdentity = { [PERSON_FIELD[ex.key]]: ex.input };
			if ('country' in ex && ex.country) person.country = ex.country;
			const row = metaRowOf(person);
			expect(row.problems).toEqual([]);
			expect(row.normalised[ex.key as MetaKey]).toBe(ex.normalised);
			if (ex.sha256) expect(metaValue(ex.key as MetaKey, ex.normalised)).toBe(ex.sha256);
		});
	}

	it('hashes the SDK test value "test" to the hash its test names (sha256 lowercase hex)', () => {
		expect(metaValue('EMAIL', 'test')).toBe(
			'9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08',
		);
	});

	it('sends EXTERN_ID as it is, never hashed', () => {
		expect(metaValue('EXTERN_ID', 'abc123def')).toBe('abc123def');
	});
});

describe('Meta normalisation rules', () => {
	it('EMAIL: trimmed and lower-cased; not an email is a problem, not an error', () => {
		expect(metaEmail('  Mia.Roth@Example.COM ')).toBe('mia.roth@example.com');
		expect(metaEmail('mia roth@example.com')).toBeUndefined();
		expect(metaEmail('mia@localhost')).toBeUndefined();
		expect(metaRowOf({ email: 'not-an-email' })).toEqual({
			normalised: {},
			problems: [{ field: 'email', problem: 'is not an email address' }],
		});
	});

	it('EMAIL: keeps gmail dots and +tags (that is Google’s rule, not Meta’s)', () => {
		expect(metaEmail('j.doe+shop@gmail.com')).toBe('j.doe+shop@gmail.com');
	});

	it('PHONE: digits only with the country code, no leading zeros', () => {
		expect(metaRowOf({ phone: '+49 (0)30 1234567' }).normalised.PHONE).toBe('49301234567');
		expect(metaRowOf({ phone: '0049 30 1234567' }).normalised.PHONE).toBe('49301234567');
		expect(metaRowOf({ phone: '030 1234567', country: 'DE' }).normalised.PHONE).toBe('49301234567');
	});

	it('FN, LN: lower case, letters only (UTF-8 letters kept, NFC), no punctuation or spaces', () => {
		expect(metaRowOf({ firstName: ' Zoë ', lastName: "O'Brien-Smith" }).normalised).toEqual({
			FN: 'zoë',
			LN: 'obriensmith',
		});
		// "e" + combining diaeresis is the same name as "ë": NFC makes the hashes equal.
		expect(lettersOnly('Zoe\u0308')).toBe(lettersOnly('Zoë'));
		expect(metaRowOf({ firstName: '123' }).problems).toEqual([
			{ field: 'firstName', problem: 'has no letters' },
		]);
	});

	it('CT: lower case, no spaces or punctuation', () => {
		expect(metaRowOf({ city: 'South San Francisco' }).normalised.CT).toBe('southsanfrancisco');
		expect(metaRowOf({ city: 'Frankfurt a. M.' }).normalised.CT).toBe('frankfurtam');
	});

	it('ST: a US state as its two-letter ANSI code, lower case; elsewhere letters only', () => {
		expect(metaRowOf({ state: 'California', country: 'US' }).normalised.ST).toBe('ca');
		expect(metaRowOf({ state: 'KY', country: 'US' }).normalised.ST).toBe('ky');
		expect(metaRowOf({ state: 'Nordrhein-Westfalen', country: 'DE' }).normalised.ST).toBe(
			'nordrheinwestfalen',
		);
	});

	it('ZIP: lower case without spaces; US: the first five digits', () => {
		expect(metaRowOf({ zip: '94303-5300', country: 'US' }).normalised.ZIP).toBe('94303');
		expect(metaRowOf({ zip: 'SW1A 1AA', country: 'GB' }).normalised.ZIP).toBe('sw1a1aa');
		expect(metaRowOf({ zip: '10115', country: 'DE' }).normalised.ZIP).toBe('10115');
		expect(metaRowOf({ zip: 'ABC', country: 'US' }).problems).toEqual([
			{ field: 'zip', problem: 'is not a US ZIP code (5 digits)' },
		]);
	});

	it('COUNTRY: ISO 3166-1 alpha-2 in lower case, from a code or a name', () => {
		expect(metaRowOf({ country: 'US' }).normalised.COUNTRY).toBe('us');
		expect(metaRowOf({ country: 'United States' }).normalised.COUNTRY).toBe('us');
		expect(metaRowOf({ country: 'Deutschland' }).normalised.COUNTRY).toBe('de');
		expect(metaRowOf({ country: 'Atlantis' }).problems[0].field).toBe('country');
	});

	it('a row matches only with an email, a phone, or first and last name with ZIP or city', () => {
		expect(metaRowMatches({ EMAIL: 'a@b.co' })).toBe(true);
		expect(metaRowMatches({ PHONE: '491701234567' })).toBe(true);
		expect(metaRowMatches({ FN: 'mia', LN: 'roth', ZIP: '10115' })).toBe(true);
		expect(metaRowMatches({ FN: 'mia', LN: 'roth' })).toBe(false);
		expect(metaRowMatches({ EXTERN_ID: '42', COUNTRY: 'de' })).toBe(false);
	});
});
