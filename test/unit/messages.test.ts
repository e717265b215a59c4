import { fillLink, withUtm } from '../../nodes/CareFollowUp/messages/links';
import { parseMessageOverrides } from '../../nodes/CareFollowUp/messages/overrides';
import {
	DEFAULT_MESSAGES,
	escapeHtml,
	renderMessage,
	type MessageKind,
} from '../../nodes/CareFollowUp/messages/render';

const KINDS = Object.keys(DEFAULT_MESSAGES.en) as MessageKind[];
// German product names of every gender and number, and none (an order without line items).
const PRODUCTS: Array<[string, string | undefined]> = [
	['masculine', 'Becher'],
	['feminine', 'Blaue Tasse'],
	['neuter', 'Teeglas'],
	['plural', 'Untersetzer (4 Stück)'],
	['no product', undefined],
];
const SHOPS = ['Tea & Cups', 'Our Shop', 'Apfelhaus', 'Emma’s Laden'];

function render(
	kind: MessageKind,
	language: 'de' | 'en',
	product: string | undefined,
	shopName: string,
) {
	const values = {
		firstName: 'Lena',
		product: product ?? (language === 'de' ? 'Bestellung' : 'order'),
		...(product === undefined
			? { yourProduct: language === 'de' ? 'deine Bestellung' : 'your order' }
			: {}),
		offer: product ?? 'Teeglas',
		shopName,
		reviewLink: 'https://shop.example/r',
		offerLink: 'https://shop.example/o',
		shopLink: 'https://shop.example',
		referralLink: 'https://shop.example/ref',
		discountCode: 'DANKE10',
		unsubscribeLink: 'https://shop.example/u',
	};
	const m = renderMessage(kind, language, values, 'unsubscribe');
	return `${m.subject}\n${m.text}`;
}

describe('message texts are grammatical for any product and shop name', () => {
	for (const kind of KINDS) {
		for (const [gender, product] of PRODUCTS) {
			for (const shop of SHOPS) {
				it(`${kind}, ${gender}, ${shop}`, () => {
					const de = render(kind, 'de', product, shop);
					// No possessive or article bound to the product's gender, and no "dein Bestellung".
					expect(de).not.toMatch(/\b(dein|deine|deinen|deinem|deiner|der|die|das|den|dem)\s+„/);
					if (product)
						expect(de).not.toMatch(
							new RegExp(
								`\\b(dein|deine|deinen|deinem|deiner)\\s+${product.replace(/[()]/g, '\\$&')}`,
							),
						);
					expect(de).not.toMatch(/\bdein Bestellung\b/);
					expect(de).not.toMatch(/\{\w+\}| {2,}| [,.?!]/);
					const en = render(kind, 'en', product, shop);
					expect(en).not.toMatch(/\ba (?=[AEIOU])/); // "a Our Shop VIP"
					expect(en).not.toMatch(/\{\w+\}| {2,}| [,.?!]/);
				});
			}
		}
	}

	it('asks about the product by name in German, or about the order', () => {
		expect(render('reviewRequest', 'de', 'Blaue Tasse', 'Tea & Cups').split('\n')[0]).toBe(
			'Wie gefällt dir „Blaue Tasse“?',
		);
		expect(render('reviewRequest', 'de', undefined, 'Tea & Cups').split('\n')[0]).toBe(
			'Wie gefällt dir deine Bestellung?',
		);
		expect(render('reviewReminder', 'de', 'Becher', 'Tea & Cups').split('\n')[0]).toBe(
			'Kurze Erinnerung: Wie gefällt dir „Becher“?',
		);
		expect(render('reviewRequest', 'en', undefined, 'Our Shop').split('\n')[0]).toBe(
			'How do you like your order?',
		);
		expect(render('vipInvite', 'en', 'Becher', 'Our Shop').split('\n')[0]).toBe(
			'Welcome to the Our Shop VIP circle',
		);
		expect(render('ambassadorInvite', 'en', 'Becher', 'Apfelhaus').split('\n')[0]).toBe(
			'Would you like to become an ambassador for Apfelhaus?',
		);
	});
});

describe('messages', () => {
	const values = {
		firstName: 'Ana',
		product: 'Mug',
		reviewLink: 'https://shop.example/r?utm_source=n8n',
		shopName: 'Shop',
		unsubscribeLink: 'https://shop.example/u',
	};

	it('renders German for de locales and English otherwise', () => {
		expect(renderMessage('reviewRequest', 'de', values, 'unsubscribe').subject).toBe(
			'Wie gefällt dir „Mug“?',
		);
		expect(renderMessage('reviewRequest', 'en', values, 'unsubscribe').text).toMatch(
			/^Hi Ana,\n\nthank you for your order at Shop/,
		);
	});

	it('escapes every value in the HTML body, so no script survives', () => {
		const m = renderMessage(
			'reviewRequest',
			'en',
			{ ...values, firstName: '<script>alert(1)</script>', product: 'Mug "Deluxe" & <b>Co</b>' },
			'unsubscribe',
		);
		expect(m.html).not.toMatch(/<script|<b>/);
		expect(m.html).toContain('Hi &lt;script&gt;alert(1)&lt;/script&gt;,');
		expect(m.html).toContain('Mug &quot;Deluxe&quot; &amp; &lt;b&gt;Co&lt;/b&gt;');
		expect(m.html).toContain('<a href="https://shop.example/r?utm_source=n8n">');
		expect(escapeHtml(`'`)).toBe('&#39;');
	});

	it('renders each message from its own values, one after another', () => {
		const ana = { ...values, firstName: 'Ana & Co', reviewLink: 'https://shop.example/r?o=1&s=A' };
		const ben = { ...values, firstName: 'Ben', reviewLink: 'https://shop.example/r?o=2&s=B' };
		const html = [ana, ben, ana, ben].map(
			(v) => renderMessage('reviewRequest', 'en', v, 'unsubscribe').html,
		);
		for (const [i, h] of html.entries()) {
			const mine =
				i % 2 === 0
					? { name: 'Hi Ana &amp; Co,', link: 'o=1&amp;s=A' }
					: { name: 'Hi Ben,', link: 'o=2&amp;s=B' };
			const other = i % 2 === 0 ? 'o=2&amp;s=B' : 'o=1&amp;s=A';
			expect(h).toContain(mine.name);
			expect(h).toContain(
				`<a href="https://shop.example/r?${mine.link}">https://shop.example/r?${mine.link}</a>`,
			);
			expect(h).not.toContain(other);
		}
		expect(html[0]).toBe(html[2]);
	});

	it('leaves out a line whose value is missing (no discount code)', () => {
		const m = renderMessage(
			'winBack',
			'en',
			{ ...values, shopLink: 'https://shop.example/' },
			'unsubscribe',
		);
		expect(m.text).not.toMatch(/code/);
		expect(
			renderMessage(
				'winBack',
				'en',
				{ ...values, shopLink: 'https://shop.example/', discountCode: 'BACK10' },
				'unsubscribe',
			).text,
		).toMatch(/With the code BACK10/);
	});

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

	it('takes the user’s own texts and checks them', () => {
		const overrides = parseMessageOverrides(
			'{"en": {"reviewRequest": {"subject": "Rate {product}!"}}}',
		);
		expect(renderMessage('reviewRequest', 'en', values, 'unsubscribe', overrides).subject).toBe(
			'Rate Mug!',
		);
		expect(() => parseMessageOverrides('{"fr": {}}')).toThrow(/Message Texts \(JSON\)/);
		expect(() => parseMessageOverrides('{oops')).toThrow(/not valid JSON/);
	});
});
