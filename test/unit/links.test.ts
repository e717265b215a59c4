/** Unit tests of CareFollowUp/messages/links.ts: only web links reach a message, UTM tags, links filled per customer. */
import { parseCatalogue } from '../../nodes/CareFollowUp/input/catalogue';
import { fillLink, withUtm } from '../../nodes/CareFollowUp/messages/links';
import { planCustomer } from '../../nodes/CareFollowUp/rules/planner';
import { ago, context, customer, NOW, order } from './careFixtures';

describe('VIP, ambassador, upsell and win-back', () => {
	it('never puts a link that is not https or mailto into a message', () => {
		const catalogue = parseCatalogue(
			'[{"sku": "SKU-1", "name": "Mug", "price": 40, "complements": ["EVIL"]}, {"sku": "EVIL", "name": "Saucer", "price": 9, "url": "javascript:alert(1)"}]',
		);
		const r = planCustomer(
			customer([order('1', 20, { deliveredAt: ago(15) })]),
			context(
				{
					enabled: {
						reviewRequest: false,
						vipInvite: false,
						ambassadorInvite: false,
						upsell: true,
						winBack: false,
					},
				},
				{ catalogue },
			),
			NOW,
		);
		expect(r.offer).toMatchObject({ sku: 'EVIL', link: undefined });
		expect(r.message!.html).not.toMatch(/javascript:/);
		expect(r.message!.text).not.toMatch(/javascript:|Have a look/);
	});
});

describe('messages', () => {
	it('adds UTM parameters without overwriting the shop’s own', () => {
		expect(
			withUtm('https://shop.example/p?id=1', {
				source: 'n8n',
				medium: 'email',
				campaign: 'upsell',
			}),
		).toBe('https://shop.example/p?id=1&utm_source=n8n&utm_medium=email&utm_campaign=upsell');
		expect(
			withUtm('https://shop.example/p?utm_source=ig', {
				source: 'n8n',
				medium: 'email',
				campaign: 'x',
			}),
		).toBe('https://shop.example/p?utm_source=ig&utm_medium=email&utm_campaign=x');
		expect(withUtm('https://shop.example', { source: 'n8n', medium: 'email', campaign: 'x' })).toBe(
			'https://shop.example/?utm_source=n8n&utm_medium=email&utm_campaign=x',
		);
		expect(
			withUtm('https://shop.example/p#reviews', { source: 'n8n', medium: 'email', campaign: 'x' }),
		).toBe('https://shop.example/p?utm_source=n8n&utm_medium=email&utm_campaign=x#reviews');
		expect(
			withUtm('https://shop.example/p?', { source: 'my shop', medium: 'email', campaign: 'x' }),
		).toBe('https://shop.example/p?utm_source=my%20shop&utm_medium=email&utm_campaign=x');
		const tagged = (source: string, medium: string, campaign: string) =>
			withUtm('https://shop.example/p', { source, medium, campaign });
		for (const [source, medium, campaign] of [
			['n8n', 'email', 'x'],
			['shop', 'email', 'x'],
			['shop', 'sms', 'x'],
			['shop', 'sms', 'y'],
			['n8n', 'email', 'x'],
		]) {
			expect(tagged(source, medium, campaign)).toBe(
				`https://shop.example/p?utm_source=${source}&utm_medium=${medium}&utm_campaign=${campaign}`,
			);
		}
		expect(
			fillLink('https://shop.example/review?order={orderId}&e={email}', {
				orderId: '10 01',
				email: 'a+b@example.com',
			}),
		).toBe('https://shop.example/review?order=10%2001&e=a%2Bb%40example.com');
		expect(fillLink('https://shop.example/{unknown}/{constructor}', { orderId: '1' })).toBe(
			'https://shop.example/{unknown}/{constructor}',
		);
	});
});
