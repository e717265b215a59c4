/** Unit tests of CareFollowUp/input/customerFields.ts: orders and customers from Shopify, WooCommerce and other exports, email addresses, time zones. */
import { z } from 'zod';
import {
	EMAIL_ADDRESS,
	isTimeZone,
	readCustomer,
	readCustomerFacts,
	readerOptions,
	readOrder,
	type ReaderOptions,
} from '../../nodes/CareFollowUp/input/customerFields';
import { shopifyOrder, wooOrder } from './shopOrderFixtures';

// Every test reads name by name, and through a batch's layouts (one reader for the whole run of tests, as for a batch).
describe.each<[string, ReaderOptions]>([
	['name by name', { recognise: true }],
	['by layout', readerOptions(true)],
])('reading orders and customers, %s', (_, opts) => {
	it('recognises a Shopify REST order without mapping', () => {
		const o = readOrder(shopifyOrder, {}, opts);
		expect(o).toMatchObject({
			id: '5551',
			status: 'paid',
			total: 59.9,
			currency: 'EUR',
			reviewed: false,
		});
		expect(o.orderedAt).toBe(Date.parse('2026-03-01T09:00:00Z'));
		expect(o.fulfilledAt).toBe(Date.parse('2026-03-02T09:00:00Z'));
		expect(o.deliveredAt).toBe(Date.parse('2026-03-04T15:00:00Z'));
		expect(o.lineItems).toEqual([
			{ productKey: 'MUG-1', sku: 'MUG-1', name: 'Mug', price: 29.95, quantity: 2 },
		]);
		const c = readCustomerFacts(shopifyOrder, {}, opts);
		expect(c).toMatchObject({
			key: 'id:77',
			email: 'lena@example.com',
			firstName: 'Lena',
			language: 'de',
			marketingConsent: true,
			consentSource: 'confirmed_opt_in',
			unsubscribed: false,
		});
	});

	it('recognises a WooCommerce order without mapping', () => {
		const o = readOrder(wooOrder, {}, opts);
		expect(o).toMatchObject({
			id: '812',
			status: 'paid',
			total: 120,
			fulfilledAt: Date.parse('2026-02-22T08:00:00Z'),
		});
		expect(o.lineItems[0].productKey).toBe('44');
		expect(readCustomerFacts(wooOrder, {}, opts)).toMatchObject({
			key: 'id:31',
			email: 'max@example.com',
			firstName: 'Max',
			language: 'en',
			marketingConsent: undefined,
		});
	});

	it('reads Shopify cancellations, Woo statuses and consent words', () => {
		expect(
			readOrder({ ...shopifyOrder, cancelled_at: '2026-03-02T00:00:00Z' }, {}, opts).status,
		).toBe('cancelled');
		expect(readOrder({ ...wooOrder, status: 'wc-refunded' }, {}, opts).status).toBe('refunded');
		expect(readOrder({ ...wooOrder, status: 'on-hold' }, {}, opts).status).toBe('pending');
		expect(() =>
			readCustomerFacts({ email: 'a@example.com', marketing_consent: 'constructor' }, {}, opts),
		).toThrow('Field "marketing_consent" must be yes or no, got "constructor"');
		const unsub = readCustomerFacts(
			{ email: 'a@example.com', email_marketing_consent: { state: 'unsubscribed' } },
			{},
			opts,
		);
		expect(unsub).toMatchObject({ marketingConsent: false, unsubscribed: true });
	});

	it('prefers mapped values over recognised names', () => {
		const o = readOrder(wooOrder, { total: 5, orderId: 'X-1' }, opts);
		expect(o).toMatchObject({ id: 'X-1', total: 5 });
	});

	it.each([
		[
			{ ...wooOrder, date_created_gmt: 'yesterday' },
			'Field "date_created_gmt" is not a date we can read, got "yesterday"',
		],
		[{ ...wooOrder, total: '-3' }, 'Field "total" must not be negative, got "-3"'],
		[{ ...wooOrder, total: 1e308 }, 'Field "total" is too large for an amount, got 1e+308'],
		[{ ...wooOrder, id: undefined }, 'Field "id" is missing'],
		[
			{ ...wooOrder, status: 'lost in the mail' },
			'Field "status" is not an order status we know, got "lost in the mail"',
		],
		[
			{ ...wooOrder, status: 'constructor' },
			'Field "status" is not an order status we know, got "constructor"',
		],
		[
			{ ...wooOrder, line_items: 'mug' },
			'Field "line_items" must be a list of products, got "mug"',
		],
		[{ ...wooOrder, rating: 9 }, 'Field "rating" must be 0 to 5 stars, got 9'],
		[
			{
				...wooOrder,
				line_items: [
					{ sku: 'A', price: 1 },
					{ sku: 'B', price: 'cheap' },
				],
			},
			'Field "line_items[1].price" must be a number, got "cheap"',
		],
		[
			{ ...wooOrder, line_items: [{ sku: 'A' }, 'B'] },
			'Field "line_items[1]" must be an object, got "B"',
		],
		[
			{ ...wooOrder, line_items: [{ price: 3 }] },
			'Field "line_items[0].sku" is missing, and so are product_id and name',
		],
	])('names the field and the problem: %#', (json, message) => {
		expect(() => readOrder(json, {}, opts)).toThrow(message);
	});

	it('needs an email address', () => {
		expect(() => readCustomerFacts({ customer_id: 1 }, {}, opts)).toThrow(
			'Field "email" is missing',
		);
		expect(() => readCustomerFacts({ email: 'not-an-address' }, {}, opts)).toThrow(
			'Field "email" is not an email address, got "not-an-address"',
		);
		expect(() =>
			readCustomerFacts({ email: 'a@example.com', time_zone: 'Mars/Olympus' }, {}, opts),
		).toThrow('Field "time_zone" is not a time zone we know');
	});

	it('reads a customer with an orders list, naming a bad order by its position', () => {
		const c = readCustomer({ id: 5, email: 'a@example.com', orders: [wooOrder] }, {}, opts);
		expect(c).toMatchObject({ key: 'id:5', orders: [{ id: '812' }] });
		expect(() =>
			readCustomer(
				{ email: 'a@example.com', orders: [wooOrder, { ...wooOrder, total: -1 }] },
				{},
				opts,
			),
		).toThrow('Field "orders[1].total" must not be negative');
		expect(() =>
			readCustomer(
				{
					email: 'a@example.com',
					orders: [wooOrder, { ...wooOrder, line_items: [{ sku: 'A', quantity: -1 }] }],
				},
				{},
				opts,
			),
		).toThrow('Field "orders[1].line_items[0].quantity" must not be negative');
		expect(() => readCustomer({ email: 'a@example.com', orders: [7] }, {}, opts)).toThrow(
			'Field "orders[0]" must be an object, got 7',
		);
	});

	it('a customer record names the person by id and by email', () => {
		expect(readCustomer({ id: 5, email: 'A@example.com' }, {}, opts)).toMatchObject({
			key: 'id:5',
			otherKeys: ['email:a@example.com'],
		});
		const guest = readCustomer({ id: 0, email: 'a@example.com' }, {}, opts);
		expect(guest).toMatchObject({ key: 'email:a@example.com' });
		expect(guest.id).toBeUndefined();
		expect(guest.otherKeys).toBeUndefined();
	});
});

describe('email addresses', () => {
	it("are checked exactly as zod's z.string().email() checks them", () => {
		const zodEmail = z.string().email();
		const samples = [
			'ana@example.com',
			'Ana.Maria+news@Sub.Example.CO',
			"o'neil@example.ie",
			'a_b-c@ex-ample.de',
			'.ana@example.com',
			'ana.@example.com',
			'an..a@example.com',
			'ana@example',
			'ana@-example.com',
			'ana@example.c',
			'ana@exa_mple.com',
			'ana example@example.com',
			'ana@@example.com',
			'@example.com',
			'ana@example.com.',
			'zoë@example.com',
			'ana@example.museum',
			'a@b.cd',
			'',
		];
		for (const email of samples)
			expect([email, EMAIL_ADDRESS.test(email)]).toEqual([
				email,
				zodEmail.safeParse(email).success,
			]);
	});
});

describe('time zones from input data', () => {
	it('tells IANA zones from names that are none, however many of those it sees (they are not kept)', () => {
		for (let i = 0; i < 5000; i++) expect(isTimeZone(`Mars/Crater-${i}`)).toBe(false);
		expect(isTimeZone('Europe/Berlin')).toBe(true);
		expect(isTimeZone('europe/berlin')).toBe(true);
	});
});
