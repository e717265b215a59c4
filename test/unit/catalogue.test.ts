/** Unit tests of CareFollowUp/input/catalogue.ts: reading the catalogue, and the upsell offer chosen from it. */
import { parseCatalogue } from '../../nodes/CareFollowUp/input/catalogue';
import { planCustomer } from '../../nodes/CareFollowUp/rules/planner';
import { ago, context, customer, NOW, only, order } from './careFixtures';

describe('VIP, ambassador, upsell and win-back', () => {
	it('offers a complementary product first, else the price ladder (cheapest above the highest order, at most 3×)', () => {
		const catalogue = parseCatalogue(
			JSON.stringify([
				{ sku: 'SKU-1', name: 'Mug', price: 40, complements: ['SAUCER'] },
				{ sku: 'SAUCER', name: 'Saucer', price: 9, url: 'https://shop.example/saucer' },
				{ sku: 'POT', name: 'Teapot', price: 80 },
				{ sku: 'SET', name: 'Tea set', price: 119 },
				{ sku: 'LUXE', name: 'Luxury set', price: 200 },
			]),
		);
		const delivered = (id: string) => order(id, 20, { deliveredAt: ago(15) });
		const a = planCustomer(customer([delivered('1')]), context(only('upsell'), { catalogue }), NOW);
		expect(a.action).toBe('upsell');
		expect(a.offer).toMatchObject({ sku: 'SAUCER', how: 'complementary' });
		expect(a.offer!.link).toBe(
			'https://shop.example/saucer?utm_source=n8n&utm_medium=email&utm_campaign=upsell',
		);
		const b = planCustomer(customer([delivered('9')]), context(only('upsell'), { catalogue }), NOW);
		expect(b.offer).toMatchObject({ sku: 'POT', how: 'priceLadder' });
		const c = planCustomer(
			customer([
				delivered('9'),
				order('8', 100, {
					lineItems: [{ productKey: 'POT', sku: 'POT', name: 'Teapot', quantity: 1 }],
				}),
			]),
			context(only('upsell'), { catalogue }),
			NOW,
		);
		expect(c.offer).toMatchObject({ sku: 'SET' });
		const none = planCustomer(
			customer([delivered('9')]),
			context(only('upsell'), {
				catalogue: parseCatalogue('[{"sku":"X","name":"X","price":500}]'),
			}),
			NOW,
		);
		expect(none.action).toBe('notNow');
		expect(
			planCustomer(
				customer([order('1', 20, { deliveredAt: ago(13) })]),
				context(only('upsell'), { catalogue }),
				NOW,
			).action,
		).toBe('notNow');
	});
});

describe('settings', () => {
	it('rejects a malformed catalogue with where and what', () => {
		expect(() => parseCatalogue('[{"sku": "A", "name": "A", "price": 1},')).toThrow(
			/^Catalogue is not valid JSON/,
		);
		expect(() => parseCatalogue('[{"sku": "A", "name": "A", "price": "cheap"}]')).toThrow(
			'Catalogue at [0].price: price must be a number',
		);
		expect(() => parseCatalogue('{"items": []}')).toThrow(/Catalogue/);
	});
});
