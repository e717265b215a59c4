import { countryCodeOf } from '../../nodes/FunnelStage/audience/countries';
import { internationalDigits } from '../../nodes/FunnelStage/audience/phoneNumbers';

const digits = (value: string, country?: string) => {
	const r = internationalDigits(value, country);
	return r.ok ? r.digits : `problem: ${r.problem}`;
};

describe('phone numbers with their country code', () => {
	it.each([
		['+49 (0)30 1234567', undefined, '49301234567'],
		// Italy keeps its leading 0 after the country code: the national and the international form agree.
		['06 6982 1234', 'IT', '390669821234'],
		['+39 06 6982 1234', undefined, '390669821234'],
		['0049 30 1234567', undefined, '49301234567'],
		['+49-30-1234567', undefined, '49301234567'],
		['030 1234567', 'DE', '49301234567'],
		['030/1234567', 'DE', '49301234567'],
		['(650) 555-1212', 'US', '16505551212'],
		['650.555.1212', 'US', '16505551212'],
		['16505551212', 'US', '16505551212'],
		['18005550100', undefined, '18005550100'],
		['+43 664 1234567', 'DE', '436641234567'],
		['0664 1234567', 'AT', '436641234567'],
	])('%s (country %s) → %s', (value, country, expected) => {
		expect(digits(value, country)).toBe(expected);
	});

	it('a national number without a country cannot be used', () => {
		expect(digits('030 1234567')).toMatch(
			/^problem: has no country code and the person has no country/,
		);
		expect(digits('(650) 555-1212')).toMatch(/^problem: has no country code/);
	});

	it('letters, stray characters, too short and too long are problems', () => {
		expect(digits('+1 800 FLOWERS')).toMatch(/^problem: contains letters/);
		expect(digits('+49 30 1234567 ext 12')).toMatch(/^problem: contains letters/);
		expect(digits('+49 30 #1234')).toMatch(/^problem: contains characters/);
		expect(digits('++49 30 1234567')).toBe('problem: has a "+" that is not at its start');
		expect(digits('+49 30')).toMatch(/^problem: is too short/);
		expect(digits('+49 30 1234567 8901234')).toMatch(/^problem: has more than 15 digits/);
		expect(digits('   ')).toBe('problem: is empty');
	});

	it('a national number of a country whose calling code is not known asks for the +', () => {
		expect(digits('0123 456789', 'XK')).toMatch(/calling code of XK is not known/);
	});

	it('full-width digits (NFKC) read as digits', () => {
		expect(digits('＋４９ ３０ １２３４５６７')).toBe('49301234567');
	});
});

describe('country codes', () => {
	it('reads codes in any case and the common names in English and German', () => {
		expect(countryCodeOf(' de ')).toBe('DE');
		expect(countryCodeOf('Österreich')).toBe('AT');
		expect(countryCodeOf('United  Kingdom')).toBe('GB');
		expect(countryCodeOf('Narnia')).toBeUndefined();
	});
});
