import { DAY_MS } from '../../nodes/shared/dates';
import { parseCatalogue } from '../../nodes/CareFollowUp/input/catalogue';
import { FollowUpLedger } from '../../nodes/CareFollowUp/ledger/followUpLedger';
import { planCustomer } from '../../nodes/CareFollowUp/rules/planner';
import { rfmOf, segmentOf } from '../../nodes/CareFollowUp/rules/rfm';
import { nextSendTime } from '../../nodes/CareFollowUp/rules/sendWindow';
import { resolveFollowUpSettings } from '../../nodes/CareFollowUp/rules/settings';
import { ago, context, customer, NOW, order } from './careFixtures';

const onlyReviews = {
	enabled: {
		reviewRequest: true,
		vipInvite: false,
		ambassadorInvite: false,
		upsell: false,
		winBack: false,
	},
};

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

	it('defers, never drops, while a support ticket is open', () => {
		const c = customer([order('1', 20)], { openSupportTicket: true });
		const deferred = planCustomer(c, context(onlyReviews), NOW);
		expect(deferred.action).toBe('notNow');
		expect(deferred.reason).toMatch(/deferred while a support ticket is open/);
		expect(deferred.nextAction).toBe('reviewRequest');
		expect(planCustomer({ ...c, openSupportTicket: false }, context(onlyReviews), NOW).action).toBe(
			'reviewRequest',
		);
	});

	it('lists a review request held back by a support ticket beside the follow-up that goes instead', () => {
		const c = customer([order('1', 20, { total: 600 })], { openSupportTicket: true });
		const vip = planCustomer(c, context(), NOW);
		expect(vip.action).toBe('vipInvite');
		expect(vip.alsoDue).toContainEqual({
			action: 'reviewRequest',
			why: expect.stringMatching(/; waits: a support ticket is open$/),
		});
		// Without the ticket the review request goes, and nothing is said to wait for one.
		const review = planCustomer({ ...c, openSupportTicket: false }, context(), NOW);
		expect(review.action).toBe('reviewRequest');
		expect(review.alsoDue!.map((d) => d.why).join(' ')).not.toMatch(/waits:/);
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

function parseRef(ref: string) {
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	return require('../../nodes/CareFollowUp/ledger/followUpLedger').parseConfirmationRef(ref);
}

describe('VIP, ambassador, upsell and win-back', () => {
	const only = (a: string) => ({
		enabled: {
			reviewRequest: a === 'reviewRequest',
			vipInvite: a === 'vipInvite',
			ambassadorInvite: a === 'ambassadorInvite',
			upsell: a === 'upsell',
			winBack: a === 'winBack',
		},
	});

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

	it("tags each follow-up's fixed link with its own campaign, and fills a link with placeholders per customer", () => {
		const ctx = context({
			enabled: {
				reviewRequest: false,
				vipInvite: true,
				ambassadorInvite: true,
				upsell: false,
				winBack: true,
			},
		});
		const ben = { key: 'id:c2', id: 'c2', email: 'ben@example.com' };
		const vipAna = planCustomer(customer([order('1', 30, { total: 500 })]), ctx, NOW);
		const winBackBen = planCustomer(customer([order('2', 120)], ben), ctx, NOW);
		const vipBen = planCustomer(
			customer([order('3', 30, { total: 600 })], { ...ben, key: 'id:c3', id: 'c3' }),
			ctx,
			NOW,
		);
		expect([vipAna.action, winBackBen.action, vipBen.action]).toEqual([
			'vipInvite',
			'winBack',
			'vipInvite',
		]);
		expect(vipAna.links!.shop).toBe(
			'https://shop.example/?utm_source=n8n&utm_medium=email&utm_campaign=vip_invite',
		);
		expect(winBackBen.links!.shop).toBe(
			'https://shop.example/?utm_source=n8n&utm_medium=email&utm_campaign=win_back',
		);
		expect(vipBen.links!.shop).toBe(vipAna.links!.shop);
		expect(winBackBen.message!.text).toContain('utm_campaign=win_back');
		const rated = (id: string) => [
			order(`${id}a`, 30, { rating: 5, reviewed: true }),
			order(`${id}b`, 10, { reviewed: true }),
		];
		const ambassadors = [
			customer(rated('4'), { key: 'id:c4', id: 'c4' }),
			customer(rated('5'), { key: 'id:c5', id: 'c5', email: 'cleo@example.com' }),
		].map((c) => planCustomer(c, ctx, NOW));
		expect(ambassadors.map((a) => [a.action, a.links!.referral])).toEqual([
			[
				'ambassadorInvite',
				'https://shop.example/refer?c=c4&utm_source=n8n&utm_medium=email&utm_campaign=ambassador_invite',
			],
			[
				'ambassadorInvite',
				'https://shop.example/refer?c=c5&utm_source=n8n&utm_medium=email&utm_campaign=ambassador_invite',
			],
		]);
	});

	it('never sends a guest a link that needs a customer id: the next due follow-up goes instead, or none', () => {
		const guest = { id: undefined, key: 'email:ana@example.com' };
		const rated = [
			order('1', 100, { rating: 5, reviewed: true }),
			order('2', 95, { reviewed: true }),
		];
		const both = {
			enabled: {
				reviewRequest: false,
				vipInvite: false,
				ambassadorInvite: true,
				upsell: false,
				winBack: true,
			},
		};
		// With an id, the ambassador invite comes first.
		expect(planCustomer(customer(rated), context(both), NOW).action).toBe('ambassadorInvite');
		const instead = planCustomer(customer(rated, guest), context(both), NOW);
		expect(instead.action).toBe('winBack');
		expect(instead.message!.text).not.toMatch(/refer\?c=/);
		expect(instead.alsoDue).toEqual([
			{
				action: 'ambassadorInvite',
				why: expect.stringMatching(
					/; waits: its link needs a customer id \(\{customerId\}\) and this customer is a guest$/,
				),
			},
		]);
		const none = planCustomer(customer(rated, guest), context(only('ambassadorInvite')), NOW);
		expect(none).toMatchObject({ action: 'notNow', nextAction: 'ambassadorInvite' });
		expect(none.reason).toMatch(
			/ambassador invite's link needs a customer id \(\{customerId\}\).*use \{email\} in that link, or map Customer ID/,
		);
		expect(none.ref).toBeUndefined();
		// A referral link by email works for a guest.
		const byEmail = planCustomer(
			customer(rated, guest),
			context(only('ambassadorInvite'), {
				links: { ...context().links, referralLink: 'https://shop.example/refer?e={email}' },
			}),
			NOW,
		);
		expect(byEmail.action).toBe('ambassadorInvite');
		expect(byEmail.links!.referral).toMatch(
			/^https:\/\/shop\.example\/refer\?e=ana%40example\.com&utm_source=n8n/,
		);
		// An unsubscribe link by id cannot be made for a guest at all.
		const noFooter = planCustomer(
			customer(rated, guest),
			context(both, {
				links: { ...context().links, unsubscribeLink: 'https://shop.example/u?c={customerId}' },
			}),
			NOW,
		);
		expect(noFooter).toMatchObject({ action: 'notNow', nextAction: 'ambassadorInvite' });
		expect(noFooter.reason).toMatch(/Unsubscribe Link needs a customer id/);
	});

	it('offers a complementary product first, else the price ladder (cheapest above the highest order, at most 3×)', () => {
		const catalogue = parseCatalogue(
			JSON.stringify([
				{ sku: 'SKU-1', name: 'Mug', price: 40, complements: ['SAUCER'] },
				{ sku: 'SAUCER', name: 'Saucer', price: 9, url: 'https://shop.example/saucer' },
				{ sku: 'POT', name: 'Teapot', price: 80 },
				{ sku: 'SET', name: 'Tea set', price: 119 },
				{ sku: 'LUXE', name: 'Luxury set', price: 200 },
			]),
		);
		const delivered = (id: string) => order(id, 20, { deliveredAt: ago(15) });
		const a = planCustomer(customer([delivered('1')]), context(only('upsell'), { catalogue }), NOW);
		expect(a.action).toBe('upsell');
		expect(a.offer).toMatchObject({ sku: 'SAUCER', how: 'complementary' });
		expect(a.offer!.link).toBe(
			'https://shop.example/saucer?utm_source=n8n&utm_medium=email&utm_campaign=upsell',
		);
		const b = planCustomer(customer([delivered('9')]), context(only('upsell'), { catalogue }), NOW);
		expect(b.offer).toMatchObject({ sku: 'POT', how: 'priceLadder' });
		const c = planCustomer(
			customer([
				delivered('9'),
				order('8', 100, {
					lineItems: [{ productKey: 'POT', sku: 'POT', name: 'Teapot', quantity: 1 }],
				}),
			]),
			context(only('upsell'), { catalogue }),
			NOW,
		);
		expect(c.offer).toMatchObject({ sku: 'SET' });
		const none = planCustomer(
			customer([delivered('9')]),
			context(only('upsell'), {
				catalogue: parseCatalogue('[{"sku":"X","name":"X","price":500}]'),
			}),
			NOW,
		);
		expect(none.action).toBe('notNow');
		expect(
			planCustomer(
				customer([order('1', 20, { deliveredAt: ago(13) })]),
				context(only('upsell'), { catalogue }),
				NOW,
			).action,
		).toBe('notNow');
	});

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

	it('plans at most one follow-up per run, by priority review > VIP > ambassador > upsell > win-back', () => {
		const c = customer([
			order('1', 20, { total: 600 }),
			order('2', 200, { rating: 5, reviewed: true }),
		]);
		const r = planCustomer(c, context(), NOW);
		expect(r.action).toBe('reviewRequest');
		expect(r.alsoDue!.map((d) => d.action)).toEqual(['vipInvite', 'ambassadorInvite']);
	});
});

describe('guards', () => {
	it('skips unsubscribed customers always, even with consent and the exception on', () => {
		const r = planCustomer(
			customer([order('1', 20)], { unsubscribed: true }),
			context({ useExistingCustomerException: true }),
			NOW,
		);
		expect(r.action).toBe('notNow');
		expect(r.reason).toMatch(/unsubscribed/);
	});

	it('needs consent, or the existing-customer exception switched on, and then puts the opt-out notice in the mail', () => {
		const c = customer([order('1', 20)], { marketingConsent: undefined });
		const none = planCustomer(c, context(), NOW);
		expect(none.action).toBe('notNow');
		expect(none.reason).toMatch(/no legal basis/);
		const exc = planCustomer(c, context({ useExistingCustomerException: true }), NOW);
		expect(exc.legalBasis).toBe('existingCustomerException');
		expect(exc.message!.text).toMatch(/You can object to these emails at any time/);
		expect(exc.message!.html).toContain('https://shop.example/unsubscribe?email=ana%40example.com');
		const consent = planCustomer({ ...c, marketingConsent: true }, context(), NOW);
		expect(consent.legalBasis).toBe('consent');
		expect(consent.message!.text).not.toMatch(/object to these emails/);
	});

	it('keeps follow-ups 3 days apart and at most 5 in 30 days', () => {
		const ctx = context({ maxOverdueDays: 1000 });
		const c = (n: number) =>
			customer(Array.from({ length: n }, (_, i) => order(String(i), 30 + i)));
		let t = NOW;
		const sent: number[] = [];
		for (let day = 0; day < 30; day++, t += DAY_MS) {
			const r = planCustomer(c(8), ctx, t);
			if (r.action !== 'notNow') {
				ctx.ledger.commit(parseRef(r.ref!), t);
				sent.push(day);
			} else if (sent.length) expect(r.reason).toMatch(/frequency cap/);
		}
		for (let i = 1; i < sent.length; i++) expect(sent[i] - sent[i - 1]).toBeGreaterThanOrEqual(3);
		expect(sent.length).toBeLessThanOrEqual(5);
		expect(sent.length).toBe(5);
	});

	it('holds a follow-up outside 09:00–20:00 local time and says when the window opens', () => {
		const c = customer([order('1', 20)], { timeZone: 'America/New_York' });
		const night = Date.parse('2026-03-16T05:00:00Z'); // 01:00 in New York (EDT)
		const r = planCustomer(c, context(), night);
		expect(r.action).toBe('notNow');
		expect(r.nextDueAt).toBe('2026-03-16T13:00:00.000Z');
		const out = planCustomer(c, context({ outsideWindow: 'output' }), night);
		expect(out.action).toBe('reviewRequest');
		expect(out.sendNow).toBe(false);
		expect(out.sendAt).toBe('2026-03-16T13:00:00.000Z');
	});

	it('finds the next window opening across days and daylight-saving changes', () => {
		const w = { startHour: 9, endHour: 20 };
		expect(nextSendTime(Date.parse('2026-03-16T19:30:00Z'), 'Europe/Berlin', w)).toBe(
			Date.parse('2026-03-17T08:00:00Z'),
		);
		// Berlin switches to summer time on 2026-03-29: 09:00 is 07:00 UTC from then on.
		expect(nextSendTime(Date.parse('2026-03-28T20:00:00Z'), 'Europe/Berlin', w)).toBe(
			Date.parse('2026-03-29T07:00:00Z'),
		);
		expect(nextSendTime(Date.parse('2026-03-16T10:00:00Z'), 'Europe/Berlin', w)).toBe(
			Date.parse('2026-03-16T10:00:00Z'),
		);
	});
});

describe('ledger: reservations and confirmations', () => {
	it('a reservation blocks re-planning until it expires; then the follow-up is planned again (never lost)', () => {
		const ctx = context(onlyReviews);
		const c = customer([order('1', 20)]);
		const first = planCustomer(c, ctx, NOW);
		expect(first.ref).toMatch(/^sfcare1\./);
		expect(first.reservedUntil).toBe(new Date(NOW + DAY_MS).toISOString());
		const rerun = planCustomer(c, ctx, NOW + 60_000);
		expect(rerun.action).toBe('notNow');
		expect(rerun.reason).toMatch(/reserved/);
		expect(planCustomer(c, ctx, NOW + DAY_MS + 60_000).action).toBe('reviewRequest');
	});

	it('a confirmed follow-up is never planned again, and confirming twice keeps the first time', () => {
		const ctx = context(onlyReviews);
		const c = customer([order('1', 20)]);
		const ref = parseRef(planCustomer(c, ctx, NOW).ref!);
		expect(ctx.ledger.commit(ref, NOW)).toBe('committed');
		expect(ctx.ledger.commit(ref, NOW + 1000)).toBe('alreadyCommitted');
		expect(planCustomer(c, ctx, NOW + 2 * DAY_MS).action).toBe('notNow');
		expect(planCustomer(c, ctx, NOW + 6 * DAY_MS).reason).toMatch(/reminder/);
	});

	it('a released reservation is planned again at once', () => {
		const ctx = context(onlyReviews);
		const c = customer([order('1', 20)]);
		const ref = parseRef(planCustomer(c, ctx, NOW).ref!);
		expect(ctx.ledger.release(ref, NOW)).toBe('released');
		expect(planCustomer(c, ctx, NOW + 1000).action).toBe('reviewRequest');
	});

	it('a dry run reserves nothing', () => {
		const ledger = FollowUpLedger.inMemory();
		const ctx = context(onlyReviews, { dryRun: true, ledger });
		const r = planCustomer(customer([order('1', 20)]), ctx, NOW);
		expect(r.action).toBe('reviewRequest');
		expect(r.ref).toBeUndefined();
		expect(ledger.stats().entries).toBe(0);
	});

	it('sweeps commits older than 400 days and expired reservations', () => {
		const ledger = FollowUpLedger.inMemory();
		const ctx = context(onlyReviews, { ledger });
		const ref = parseRef(planCustomer(customer([order('1', 20)]), ctx, NOW).ref!);
		planCustomer(customer([order('2', 20)], { key: 'id:c2', id: 'c2' }), ctx, NOW); // reserved, never confirmed
		ledger.commit(ref, NOW);
		expect(ledger.stats().entries).toBe(4); // mail + product marker, twice
		expect(ledger.sweep(NOW + 2 * DAY_MS, true)).toBe(2);
		expect(ledger.sweep(NOW + 401 * DAY_MS, true)).toBe(2);
		expect(ledger.stats()).toMatchObject({ customers: 0, entries: 0 });
	});
});

describe('RFM', () => {
	it('names the classic segments from recency and frequency', () => {
		expect(segmentOf(5, 5)).toBe('champions');
		expect(segmentOf(4, 4)).toBe('loyal');
		expect(segmentOf(5, 2)).toBe('potential loyalists');
		expect(segmentOf(5, 1)).toBe('new');
		expect(segmentOf(4, 1)).toBe('promising');
		expect(segmentOf(3, 3)).toBe('need attention');
		expect(segmentOf(3, 1)).toBe('about to sleep');
		expect(segmentOf(2, 3)).toBe('at risk');
		expect(segmentOf(1, 5)).toBe("can't lose");
		expect(segmentOf(1, 1)).toBe('hibernating');
	});

	it('scores recency, frequency and monetary value of paid orders only', () => {
		const r = rfmOf(
			customer([
				order('1', 10, { total: 300 }),
				order('2', 40, { total: 300 }),
				order('3', 5, { status: 'refunded', total: 5000 }),
			]),
			NOW,
		);
		expect(r).toMatchObject({
			recency: 5,
			frequency: 2,
			monetary: 4,
			score: '5-2-4',
			segment: 'potential loyalists',
			orders: 2,
			spent: 600,
			daysSinceLastOrder: 10,
		});
		expect(rfmOf(customer([]), NOW).segment).toBe('no purchase');
	});

	it('writes the score as "R-F-M" for every combination', () => {
		const seen = new Set<string>();
		for (const days of [5, 45, 75, 120, 300])
			for (const count of [1, 2, 3, 4, 5])
				for (const each of [10, 100, 250, 500, 1000]) {
					const r = rfmOf(
						customer(
							Array.from({ length: count }, (_, i) =>
								order(`${i}`, days + i, { total: each / count }),
							),
						),
						NOW,
					);
					expect(r.score).toBe(`${r.recency}-${r.frequency}-${r.monetary}`);
					seen.add(r.score);
				}
		expect(seen.size).toBe(125);
	});
});

describe('settings', () => {
	it('rejects wrong options with the option’s name', () => {
		expect(() => resolveFollowUpSettings({ sendWindowStartHour: 21 })).toThrow(
			'Send Window Start must be before Send Window End',
		);
		expect(() => resolveFollowUpSettings({ maxPer30Days: 0 })).toThrow(
			'Maximum Follow-Ups per 30 Days must be at least 1',
		);
		expect(() => resolveFollowUpSettings({ reservationHours: -1 })).toThrow(
			'Reservation Expires After (Hours) must be more than 0',
		);
	});

	it('rejects a malformed catalogue with where and what', () => {
		expect(() => parseCatalogue('[{"sku": "A", "name": "A", "price": 1},')).toThrow(
			/^Catalogue is not valid JSON/,
		);
		expect(() => parseCatalogue('[{"sku": "A", "name": "A", "price": "cheap"}]')).toThrow(
			'Catalogue at [0].price: price must be a number',
		);
		expect(() => parseCatalogue('{"items": []}')).toThrow(/Catalogue/);
	});
});
