/** Unit tests of the language packs (CareFollowUp/messages/languagePack.ts, filled by english.ts and german.ts): grammatical for any product and shop name. */
import {
	DEFAULT_MESSAGES,
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
