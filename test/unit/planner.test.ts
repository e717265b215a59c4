/** Unit tests of CareFollowUp/rules/planner.ts: one follow-up per run, the others listed as also due, links tagged per follow-up, dry runs. */
import { FollowUpLedger } from '../../nodes/CareFollowUp/ledger/followUpLedger';
import { planCustomer } from '../../nodes/CareFollowUp/rules/planner';
import { context, customer, NOW, onlyReviews, order } from './careFixtures';

describe('review request', () => {
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
});

describe('VIP, ambassador, upsell and win-back', () => {
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

describe('ledger: reservations and confirmations', () => {
	it('a dry run reserves nothing', () => {
		const ledger = FollowUpLedger.inMemory();
		const ctx = context(onlyReviews, { dryRun: true, ledger });
		const r = planCustomer(customer([order('1', 20)]), ctx, NOW);
		expect(r.action).toBe('reviewRequest');
		expect(r.ref).toBeUndefined();
		expect(ledger.stats().entries).toBe(0);
	});
});
