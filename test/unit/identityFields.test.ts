import { readFileSync } from 'fs';
import path from 'path';
import { createIdentityReader } from '../../nodes/FunnelStage/audience/identityFields';
import { InputFieldError } from '../../nodes/shared/inputErrors';

const fixture = (file: string) =>
	JSON.parse(readFileSync(path.join(__dirname, '../fixtures/real', file), 'utf8'));
const reader = createIdentityReader({ recognise: true });

describe('identity fields recognised without mapping', () => {
	it('reads a Shopify REST customer (address from default_address, country from its code)', () => {
		const { customer } = fixture('shopify/rest-customer.json');
		expect(reader.read(customer, {})).toEqual({
			email: 'bob.norman@mail.example.com',
			phone: '+16136120707',
			firstName: 'Bob',
			lastName: 'Norman',
			city: 'Louisville',
			state: 'KY',
			zip: '40202',
			country: 'US',
		});
	});

	it('reads a WooCommerce v3 customer (billing address)', () => {
		expect(reader.read(fixture('woocommerce/v3-customer.json'), {})).toMatchObject({
			email: 'john.doe@example.com',
			phone: '(555) 555-5555',
			firstName: 'John',
			lastName: 'Doe',
			city: 'San Francisco',
			state: 'CA',
			zip: '94103',
			country: 'US',
		});
	});

	it('reads a HubSpot CRM v3 contact (properties.*)', () => {
		expect(reader.read(fixture('hubspot/v3-contact.json'), {})).toEqual({
			email: 'test-to@yo.dev',
			firstName: 'To',
		});
	});

	it('reads a Klaviyo profile (attributes.*, location.*, external_id)', () => {
		expect(reader.read(fixture('klaviyo/profile.json'), {})).toEqual({
			email: 'sarah.mason@klaviyo-demo.com',
			phone: '+15005550006',
			firstName: 'Sarah',
			lastName: 'Mason',
			city: 'New York',
			state: 'NY',
			zip: '10017',
			country: 'United States',
			externalId: 'string',
		});
	});

	it('reads the consent field with the name it came from', () => {
		expect(reader.read({ adConsent: 'granted' }, {}).adConsent).toEqual({
			value: 'granted',
			field: 'adConsent',
		});
	});

	it('Google Consent Mode counts only when ad user data and ad personalisation are both granted', () => {
		const both = { field: 'consent.adUserData and consent.adPersonalization' };
		const consent = (c: Record<string, string>) => reader.read({ consent: c }, {}).adConsent;
		expect(
			consent({ adUserData: 'CONSENT_GRANTED', adPersonalization: 'CONSENT_GRANTED' }),
		).toEqual({ ...both, value: 'CONSENT_GRANTED' });
		expect(consent({ adUserData: 'CONSENT_GRANTED', adPersonalization: 'CONSENT_DENIED' })).toEqual(
			{ ...both, value: 'CONSENT_DENIED' },
		);
		expect(consent({ adUserData: 'CONSENT_DENIED', adPersonalization: 'CONSENT_GRANTED' })).toEqual(
			{ ...both, value: 'CONSENT_DENIED' },
		);
		// Ad user data alone says nothing about remarketing: no consent.
		expect(consent({ adUserData: 'CONSENT_GRANTED' })).toEqual({ ...both, value: undefined });
	});

	it('unwraps HubSpot v1 properties ({ value, versions })', () => {
		const person = reader.read(
			{
				properties: {
					email: { value: 'Tom@HubSpot.example', versions: [] },
					firstname: { value: 'Tom' },
				},
			},
			{},
		);
		expect(person.email).toBe('Tom@HubSpot.example');
		expect(person.firstName).toBe('Tom');
	});

	it('a mapped value wins; numbers become text; without recognition only mapped fields count', () => {
		expect(reader.read({ email: 'a@b.co' }, { email: 'c@d.co', externalId: 4711 })).toEqual({
			email: 'c@d.co',
			externalId: '4711',
		});
		expect(createIdentityReader({ recognise: false }).read({ email: 'a@b.co' }, {})).toEqual({});
	});

	it('an object where text belongs is an error naming the field', () => {
		let error: unknown;
		try {
			reader.read({ email: { primary: 'a@b.co' } }, {});
		} catch (e) {
			error = e;
		}
		expect(error).toBeInstanceOf(InputFieldError);
		expect((error as Error).message).toBe('Field "email" must be text, got an object');
	});
});
