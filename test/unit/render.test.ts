/** Unit tests of CareFollowUp/messages/render.ts: the customer's language, HTML escaping, each message from its own values, lines without a value left out. */
import { escapeHtml, renderMessage } from '../../nodes/CareFollowUp/messages/render';
import { values } from './messageFixtures';

describe('messages', () => {
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
});
