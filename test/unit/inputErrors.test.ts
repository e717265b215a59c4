import { forItem, itemIdentity } from '../../nodes/shared/inputErrors';

describe('naming the item in an error', () => {
	it.each([
		[{ name: 'Mia Roth', email: 'mia@example.com' }, 'Mia Roth <mia@example.com>'],
		[{ email: 'mia@example.com', id: 7 }, 'mia@example.com'],
		[{ first_name: 'Mia', last_name: 'Roth' }, 'Mia Roth'],
		[
			{ firstName: 'Mia', lastName: 'Roth', email: 'mia@example.com' },
			'Mia Roth <mia@example.com>',
		],
		[{ name: 'Nina isst pflanzlich', handle: '@nina.isst' }, 'Nina isst pflanzlich (@nina.isst)'],
		[{ username: 'vegan.kitchen' }, '@vegan.kitchen'],
		[{ id: 4711 }, 'id 4711'],
		[{ id: 'gid://shopify/Customer/1' }, 'id gid://shopify/Customer/1'],
	])('%j is %s', (json, who) => {
		expect(itemIdentity(json)).toBe(who);
	});

	it('never repeats a bad value as the name: an address that is no address or a handle with spaces is left out', () => {
		expect(itemIdentity({ email: 'ana at example', id: 1001 })).toBe('id 1001');
		expect(itemIdentity({ email: '<script>@example.com' })).toBeUndefined();
		expect(itemIdentity({ handle: 'has space' })).toBeUndefined();
	});

	it('says nothing for an item without name, email, handle or id, and shortens long names', () => {
		for (const json of [
			{},
			{ likes: 3 },
			null,
			'text',
			[1, 2],
			{ name: '   ' },
			{ id: { nested: 1 } },
		])
			expect(itemIdentity(json)).toBeUndefined();
		expect(itemIdentity({ name: 'x'.repeat(100) })).toBe(`${'x'.repeat(57)}...`);
	});

	it('leads the message with the name, once, and never with the position (n8n adds "[item N]")', () => {
		expect(
			forItem(
				{ name: 'Sara', email: 'sara@example.com' },
				'Field "likes" must not be negative, got -5',
			),
		).toBe('Sara <sara@example.com>: Field "likes" must not be negative, got -5');
		expect(forItem({ likes: -5 }, 'Field "likes" must not be negative, got -5')).toBe(
			'Field "likes" must not be negative, got -5',
		);
	});
});
