/** Message bodies kept in shared chunks read exactly as if each were its own string. */
import { TextChunks } from '../../nodes/CareFollowUp/messages/textChunks';
import { MessageRenderer, renderMessage } from '../../nodes/CareFollowUp/messages/render';

describe('texts in shared chunks', () => {
	it('sets each text on its target when the chunk is sealed, as the pieces joined', () => {
		const chunks = new TextChunks();
		const a = { body: '' };
		const b = { body: '', other: 'kept' };
		chunks.add(a, 'body', ['Hallo ', 'Lena', ', ä € 😀']);
		chunks.add(b, 'body', [' and this', '']);
		expect(a.body).toBe('');
		chunks.seal();
		expect(a).toEqual({ body: 'Hallo Lena, ä € 😀' });
		expect(b).toEqual({ body: ' and this', other: 'kept' });
		chunks.seal(); // nothing left: changes nothing
		expect(a.body).toBe('Hallo Lena, ä € 😀');
	});

	it('seals a chunk by itself once it is large, so a batch never holds all its texts as pieces', () => {
		const chunks = new TextChunks();
		const targets = Array.from({ length: 400 }, () => ({ text: '' }));
		targets.forEach((t, i) => chunks.add(t, 'text', [`${i}:`, 'x'.repeat(1000)]));
		// 400 texts of about 1,000 characters fill one chunk of 256 KB; the texts in it are set.
		expect(targets.filter((t) => t.text !== '').length).toBeGreaterThan(200);
		expect(targets.filter((t) => t.text !== '').length).toBeLessThan(400);
		chunks.seal();
		targets.forEach((t, i) => expect(t.text).toBe(`${i}:${'x'.repeat(1000)}`));
	});

	it('renders a batch of messages through chunks exactly as one by one', () => {
		const values = (i: number) => ({
			firstName: i % 3 ? `Kund<in> ${i}` : undefined,
			product: `Tasse ${i}`,
			reviewLink: `https://shop.example/r?o=${i}&utm_source=n8n`,
			shopName: 'Shop & Co',
			unsubscribeLink: `https://shop.example/u?e=${i}`,
			discountCode: i % 2 ? 'SAVE10' : undefined,
		});
		const renderer = new MessageRenderer({}, { batch: true });
		const batch = Array.from({ length: 600 }, (_, i) =>
			renderer.render(
				i % 2 ? 'reviewRequest' : 'winBack',
				i % 4 < 2 ? 'de' : 'en',
				values(i),
				i % 5 ? 'unsubscribe' : 'optOut',
			),
		);
		renderer.seal();
		batch.forEach((m, i) =>
			expect(m).toEqual(
				renderMessage(
					i % 2 ? 'reviewRequest' : 'winBack',
					i % 4 < 2 ? 'de' : 'en',
					values(i),
					i % 5 ? 'unsubscribe' : 'optOut',
				),
			),
		);
	});
});
