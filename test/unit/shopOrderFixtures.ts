/** A Shopify REST order and a WooCommerce order as the shops' APIs give them: fixtures for the Care input tests. */

export const shopifyOrder = {
	id: 5551,
	created_at: '2026-03-01T10:00:00+01:00',
	financial_status: 'paid',
	cancelled_at: null,
	total_price: '59.90',
	currency: 'eur',
	customer_locale: 'de-DE',
	email: 'lena@example.com',
	customer: {
		id: 77,
		email: 'lena@example.com',
		first_name: 'Lena',
		email_marketing_consent: {
			state: 'subscribed',
			opt_in_level: 'confirmed_opt_in',
			consent_updated_at: '2025-12-01T00:00:00Z',
		},
	},
	line_items: [{ sku: 'MUG-1', product_id: 9, title: 'Mug', price: '29.95', quantity: 2 }],
	fulfillments: [
		{
			created_at: '2026-03-02T09:00:00Z',
			shipment_status: 'delivered',
			updated_at: '2026-03-04T15:00:00Z',
		},
	],
};

export const wooOrder = {
	id: 812,
	status: 'completed',
	date_created_gmt: '2026-02-20T08:00:00',
	date_completed_gmt: '2026-02-22T08:00:00',
	total: '120.00',
	currency: 'EUR',
	customer_id: 31,
	billing: { email: 'max@example.com', first_name: 'Max' },
	line_items: [{ product_id: 44, sku: '', name: 'Teapot', price: 120, quantity: 1 }],
};
