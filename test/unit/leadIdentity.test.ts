import { readFileSync } from 'node:fs';
import path from 'node:path';
import { leadHash, leadIdentityOf } from '../../nodes/FunnelStage/memory/leadIdentity';

const fixture = (p: string) =>
	JSON.parse(readFileSync(path.join(__dirname, '../fixtures/real', p), 'utf8')) as Record<
		string,
		unknown
	>;

describe('leadIdentityOf', () => {
	it('reads the email of real payloads first (HubSpot v3, WooCommerce order, Shopify order, Klaviyo profile)', () => {
		expect(leadIdentityOf(fixture('hubspot/v3-contact.json'), undefined, true)).toEqual({
			key: 'email:test-to@yo.dev',
			field: 'properties.email',
		});
		expect(
			leadIdentityOf(fixture('woocommerce/v3-order-with-refunds.json'), undefined, true),
		).toEqual({
			key: 'email:joao.silva@example.com',
			field: 'billing.email',
		});
		const shopify = leadIdentityOf(
			fixture('shopify/rest-order-fulfilled.json').order as Record<string, unknown>,
			undefined,
			true,
		);
		expect(shopify).toEqual({ key: 'email:foo@example.com', field: 'email' });
		expect(leadIdentityOf(fixture('klaviyo/profile.json'), undefined, true)).toEqual({
			key: 'email:sarah.mason@klaviyo-demo.com',
			field: 'attributes.email',
		});
	});

	it('falls back to a customer or contact id; 0 (a guest) is no id', () => {
		expect(leadIdentityOf({ customer: { id: 207119551 } }, undefined, true)).toEqual({
			key: 'id:207119551',
			field: 'customer.id',
		});
		expect(leadIdentityOf({ customer_id: 0, id: 723 }, undefined, true)).toEqual({
			key: 'id:723',
			field: 'id',
		});
		// HubSpot v1 wraps values: { value }.
		expect(
			leadIdentityOf({ vid: 51, properties: { email: { value: 'A@B.example' } } }, undefined, true),
		).toEqual({
			key: 'email:a@b.example',
			field: 'properties.email',
		});
		expect(leadIdentityOf({ name: 'x' }, undefined, true)).toBeUndefined();
		expect(leadIdentityOf({ email: 'ana@example.com' }, undefined, false)).toBeUndefined();
	});

	it('takes the mapped Lead Key first; an email in it is the same person as the recognised email', () => {
		const mapped = leadIdentityOf({ email: 'x@example.com' }, '  Ana@Example.com ', true);
		expect(mapped).toEqual({ key: 'email:ana@example.com', field: 'Lead Key' });
		expect(leadIdentityOf({}, 'crm-42', true)).toEqual({ key: 'id:crm-42', field: 'Lead Key' });
	});
});

describe('leadHash', () => {
	it('is 16 URL-safe characters, the same for the same key, and never the key', () => {
		const h = leadHash('email:ana@example.com');
		expect(h).toMatch(/^[A-Za-z0-9_-]{16}$/);
		expect(leadHash('email:ana@example.com')).toBe(h);
		expect(leadHash('email:ben@example.com')).not.toBe(h);
	});
});
