/** Unit tests of CareFollowUp/input/customerGroups.ts: one person per customer id or email, however their orders are linked. */
import { readerOptions, type ReaderOptions } from '../../nodes/CareFollowUp/input/customerFields';
import {
	groupItems,
	readGroup,
	type Grouping,
} from '../../nodes/CareFollowUp/input/customerGroups';
import { shopifyOrder, wooOrder } from './shopOrderFixtures';

const people = (g: Grouping) => Array.from({ length: g.count }, (_, k) => g.group(k));

// Every test reads name by name, and through a batch's layouts (one reader for the whole run of tests, as for a batch).
describe.each<[string, ReaderOptions]>([
	['name by name', { recognise: true }],
	['by layout', readerOptions(true)],
])('reading orders and customers, %s', (_, opts) => {
	it('groups orders by customer id, else email, keeping which items each came from', () => {
		const items = [
			wooOrder,
			shopifyOrder,
			{ ...wooOrder, id: 813 },
			{ id: 1, created_at: '2026-01-01', email: 'Solo@Example.com' },
			{ id: 2, created_at: '2026-01-02', email: 'solo@example.com' },
			{ id: 3 },
		];
		const src = {
			inputType: 'orders' as const,
			count: items.length,
			jsonAt: (i: number) => items[i],
			mappedAt: () => ({}),
			opts,
		};
		const g = groupItems(src);
		expect(people(g).map((group) => [readGroup(src, group).customer!.key, group.items])).toEqual([
			['id:31', [0, 2]],
			['id:77', [1]],
			['email:solo@example.com', [3, 4]],
		]);
		expect(g.errors.map((e) => e.itemIndex)).toEqual([5]);
	});

	it('joins the orders of one person however they are linked: a guest order by email, two groups by a later order', () => {
		const order = (id: number, day: number, extra: object) => ({
			id,
			created_at: `2026-01-${String(day).padStart(2, '0')}`,
			total: 10,
			...extra,
		});
		const items = [
			order(1, 1, { email: 'ana@example.com', customer: { id: 7 } }),
			order(2, 2, { email: 'other@example.com', customer: { id: 8 } }),
			order(3, 3, { email: 'ANA@example.com' }), // a guest checkout of Ana's
			order(4, 4, { email: 'other@example.com', customer: { id: 7 } }), // Ana's account with the other email: one person
			order(5, 5, { billing: { email: 'guest@example.com' }, customer_id: 0 }), // WooCommerce guests: customer_id 0
			order(6, 6, { billing: { email: 'guest2@example.com' }, customer_id: 0 }),
		];
		const src = {
			inputType: 'orders' as const,
			count: items.length,
			jsonAt: (i: number) => items[i],
			mappedAt: () => ({}),
			opts,
		};
		const groups = people(groupItems(src));
		expect(groups.map((group) => group.items)).toEqual([[0, 1, 2, 3], [4], [5]]);
		expect(groups[0].keys.sort()).toEqual([
			'email:ana@example.com',
			'email:other@example.com',
			'id:7',
			'id:8',
		]);
		const ana = readGroup(src, groups[0]).customer!;
		expect(ana).toMatchObject({ key: 'id:7', id: '7', email: 'other@example.com' });
		expect(ana.otherKeys!.sort()).toEqual([
			'email:ana@example.com',
			'email:other@example.com',
			'id:8',
		]);
		expect(ana.orders.map((o) => o.id)).toEqual(['1', '2', '3', '4']);
		const guest = readGroup(src, groups[1]).customer!;
		expect(guest).toMatchObject({ key: 'email:guest@example.com', id: undefined, otherKeys: [] });

		// The newest order is a guest checkout: the customer id comes from an earlier order.
		const [first, guestLast] = [
			order(1, 1, { email: 'ben@example.com', customer: { id: 9 } }),
			order(2, 2, { email: 'ben@example.com' }),
		];
		const src2 = { ...src, count: 2, jsonAt: (i: number) => [first, guestLast][i] };
		const ben = readGroup(src2, groupItems(src2).group(0)).customer!;
		expect(ben).toMatchObject({ key: 'id:9', id: '9', otherKeys: ['email:ben@example.com'] });
	});
});
