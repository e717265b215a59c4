/** Unit tests of CareFollowUp/rules/dueDates.ts: when each follow-up is due (review request and its reminder, VIP, ambassador, win-back). */
import { DAY_MS } from '../../nodes/shared/dates';
import { planCustomer } from '../../nodes/CareFollowUp/rules/planner';
import { ago, context, customer, NOW, only, onlyReviews, order, parseRef } from './careFixtures';

describe('review request', () => {
	it('is due 3 days after delivery, else 7 after fulfilment, else 14 after the order', () => {
		const delivered = planCustomer(
			customer([order('1', 10, { deliveredAt: ago(3) })]),
			context(onlyReviews),
			NOW,
		);
		expect(delivered.action).toBe('reviewRequest');
		expect(delivered.dueAt).toBe(new Date(ago(0)).toISOString());
		const notYet = planCustomer(
			customer([order('1', 10, { deliveredAt: ago(2) })]),
			context(onlyReviews),
			NOW,
		);
		expect(notYet.action).toBe('notNow');
		expect(notYet.nextDueAt).toBe(new Date(ago(-1)).toISOString());
		expect(
			planCustomer(customer([order('1', 10, { fulfilledAt: ago(7) })]), context(onlyReviews), NOW)
				.action,
		).toBe('reviewRequest');
		expect(
			planCustomer(customer([order('1', 10, { fulfilledAt: ago(6) })]), context(onlyReviews), NOW)
				.action,
		).toBe('notNow');
		expect(planCustomer(customer([order('1', 14)]), context(onlyReviews), NOW).action).toBe(
			'reviewRequest',
		);
		expect(planCustomer(customer([order('1', 13)]), context(onlyReviews), NOW).action).toBe(
			'notNow',
		);
	});

	it.each(['refunded', 'cancelled', 'returned', 'pending'] as const)(
		'skips %s orders',
		(status) => {
			expect(
				planCustomer(customer([order('1', 20, { status })]), context(onlyReviews), NOW).action,
			).toBe('notNow');
		},
	);

	it('skips reviewed orders and never looks at the rating to decide whom to ask', () => {
		expect(
			planCustomer(customer([order('1', 20, { reviewed: true })]), context(onlyReviews), NOW)
				.action,
		).toBe('notNow');
		// Same orders, one with a bad and one with a good rating of an OTHER order: the request is identical.
		const low = planCustomer(
			customer([order('1', 20), order('2', 200, { reviewed: true, rating: 1 })]),
			context(onlyReviews),
			NOW,
		);
		const high = planCustomer(
			customer([order('1', 20), order('2', 200, { reviewed: true, rating: 5 })]),
			context(onlyReviews),
			NOW,
		);
		expect(low.action).toBe('reviewRequest');
		expect(high.action).toBe('reviewRequest');
		expect(low.message!.subject).toBe(high.message!.subject);
	});

	it('asks once per product per 12 months and sends one reminder 7 days later if still unreviewed', () => {
		const ctx = context(onlyReviews);
		const first = planCustomer(customer([order('1', 20)]), ctx, NOW);
		expect(first.kind).toBe('request');
		ctx.ledger.commit(parseRef(first.ref!), NOW);
		expect(planCustomer(customer([order('1', 20)]), ctx, NOW + 6 * DAY_MS).action).toBe('notNow');
		const reminder = planCustomer(customer([order('1', 20)]), ctx, NOW + 7 * DAY_MS);
		expect(reminder.action).toBe('reviewRequest');
		expect(reminder.kind).toBe('reminder');
		expect(reminder.message!.subject).toMatch(/reminder/i);
		ctx.ledger.commit(parseRef(reminder.ref!), NOW + 7 * DAY_MS);
		expect(planCustomer(customer([order('1', 20)]), ctx, NOW + 30 * DAY_MS).action).toBe('notNow');
		// A new order of the same product within 12 months is not asked about again…
		const again = customer([
			order('1', 20),
			order('2', 14, {
				lineItems: [{ productKey: 'SKU-1', sku: 'SKU-1', name: 'Product 1', quantity: 1 }],
			}),
		]);
		const r = planCustomer(again, ctx, NOW + 40 * DAY_MS - 14 * DAY_MS + 14 * DAY_MS);
		expect(r.action).toBe('notNow');
	});

	it('does not ask about orders overdue by more than 60 days (first run on old data)', () => {
		expect(planCustomer(customer([order('1', 14 + 61)]), context(onlyReviews), NOW).action).toBe(
			'notNow',
		);
		expect(planCustomer(customer([order('1', 14 + 59)]), context(onlyReviews), NOW).action).toBe(
			'reviewRequest',
		);
	});
});

describe('VIP, ambassador, upsell and win-back', () => {
	it('invites a VIP from 500 spent or 3 orders in the rolling 365 days, once per 365 days', () => {
		expect(
			planCustomer(customer([order('1', 30, { total: 499.99 })]), context(only('vipInvite')), NOW)
				.action,
		).toBe('notNow');
		expect(
			planCustomer(customer([order('1', 30, { total: 500 })]), context(only('vipInvite')), NOW)
				.action,
		).toBe('vipInvite');
		expect(
			planCustomer(
				customer([order('1', 30), order('2', 60), order('3', 364)]),
				context(only('vipInvite')),
				NOW,
			).action,
		).toBe('vipInvite');
		expect(
			planCustomer(
				customer([order('1', 30), order('2', 60), order('3', 366)]),
				context(only('vipInvite')),
				NOW,
			).action,
		).toBe('notNow');
		const ctx = context(only('vipInvite'));
		const vip = planCustomer(customer([order('1', 30, { total: 900 })]), ctx, NOW);
		ctx.ledger.commit(parseRef(vip.ref!), NOW);
		const later = planCustomer(
			customer([order('1', 30, { total: 900 }), order('2', 1, { total: 900 })]),
			ctx,
			NOW + 364 * DAY_MS,
		);
		expect(later.action).toBe('notNow');
		expect(
			planCustomer(customer([order('2', -365, { total: 900 })]), ctx, NOW + 366 * DAY_MS).action,
		).toBe('vipInvite');
	});

	it('invites an ambassador after 2 orders and a review of 4 stars or more', () => {
		expect(
			planCustomer(
				customer([order('1', 30, { rating: 4, reviewed: true }), order('2', 10)]),
				context(only('ambassadorInvite')),
				NOW,
			).action,
		).toBe('ambassadorInvite');
		expect(
			planCustomer(
				customer([order('1', 30, { rating: 3, reviewed: true }), order('2', 10)]),
				context(only('ambassadorInvite')),
				NOW,
			).action,
		).toBe('notNow');
		expect(
			planCustomer(
				customer([order('1', 30, { rating: 5, reviewed: true })]),
				context(only('ambassadorInvite')),
				NOW,
			).action,
		).toBe('notNow');
	});

	it('wins back after 90 and before 365 days without an order, once per cycle', () => {
		expect(planCustomer(customer([order('1', 89)]), context(only('winBack')), NOW).action).toBe(
			'notNow',
		);
		const ctx = context(only('winBack'));
		const w = planCustomer(customer([order('1', 91)]), ctx, NOW);
		expect(w.action).toBe('winBack');
		ctx.ledger.commit(parseRef(w.ref!), NOW);
		expect(planCustomer(customer([order('1', 91)]), ctx, NOW + 30 * DAY_MS).action).toBe('notNow');
		expect(planCustomer(customer([order('1', 366)]), context(only('winBack')), NOW).action).toBe(
			'notNow',
		);
	});
});
