/** Generated shops for the Care Follow-Up ledger properties: customers with orders, and time steps with confirmations. */
import fc from 'fast-check';
import type { Customer, Order } from '../../nodes/CareFollowUp/input/customer';
import { parseConfirmationRef } from '../../nodes/CareFollowUp/ledger/followUpLedger';
import { DAY_MS } from '../../nodes/shared/dates';
import { NOW } from '../unit/careFixtures';

const order: fc.Arbitrary<Order> = fc.record({
	id: fc.integer({ min: 1, max: 99 }).map(String),
	orderedAt: fc.integer({ min: 0, max: 300 }).map((d) => NOW - d * DAY_MS),
	status: fc.constantFrom('paid' as const, 'paid' as const, 'refunded' as const),
	total: fc.integer({ min: 5, max: 400 }),
	lineItems: fc.array(
		fc
			.constantFrom('MUG', 'TEA', 'POT')
			.map((sku) => ({ productKey: sku, sku, name: sku, price: 10, quantity: 1 })),
		{ maxLength: 2 },
	),
	reviewed: fc.boolean(),
	rating: fc.option(fc.integer({ min: 1, max: 5 }), { nil: undefined }),
});
export const customers: fc.Arbitrary<Customer[]> = fc
	.array(fc.array(order, { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 5 })
	.map((lists) =>
		lists.map((orders, i) => ({
			key: `id:c${i}`,
			id: `c${i}`,
			email: `c${i}@example.com`,
			language: 'en' as const,
			timeZone: 'Europe/Berlin',
			marketingConsent: true,
			unsubscribed: false,
			openSupportTicket: false,
			// Distinct order ids per customer, as a shop has them.
			orders: orders.map((o, k) => ({ ...o, id: `${i}-${k}-${o.id}` })),
		})),
	);
/** Time steps forward (hours) and, per step, whether Confirm Sent runs for each planned follow-up. */
export const steps = fc.array(
	fc.record({
		hours: fc.integer({ min: 1, max: 24 * 9 }),
		confirm: fc.array(fc.boolean(), { minLength: 5, maxLength: 5 }),
	}),
	{ minLength: 3, maxLength: 12 },
);
export const followUpId = (ref: string) => {
	const r = parseConfirmationRef(ref)!;
	return `${r.customerHash}.${r.mailFid}`;
};
