/** Unit tests of CareFollowUp/rules/guards.ts, through the planner: support ticket, a guest's links, unsubscribe, consent, frequency caps, send window. */
import { DAY_MS } from '../../nodes/shared/dates';
import { planCustomer } from '../../nodes/CareFollowUp/rules/planner';
import { context, customer, NOW, only, onlyReviews, order, parseRef } from './careFixtures';

describe('review request', () => {
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
});

describe('VIP, ambassador, upsell and win-back', () => {
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
});
