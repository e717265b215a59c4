/** Unit tests of CareFollowUp/messages/overrides.ts: the user's own message texts, checked and used. */
import { parseMessageOverrides } from '../../nodes/CareFollowUp/messages/overrides';
import { renderMessage } from '../../nodes/CareFollowUp/messages/render';
import { values } from './messageFixtures';

describe('messages', () => {
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
