/**
 * Properties of Care Follow-Up over generated orders and customers, realistic and hostile mixed:
 * in n8n's engine, every order item leaves exactly once with pairedItem, a person (orders sharing
 * an email or customer id) is planned at most one follow-up per run, the same input gives the
 * same output, no number is NaN or Infinity and no script tag reaches an HTML body; over time,
 * Plan → Confirm never yields the same follow-up twice, and a reservation that was never
 * confirmed changes nothing once it has expired.
 */
import fc from 'fast-check';
import {
	FollowUpLedger,
	parseConfirmationRef,
} from '../../nodes/CareFollowUp/ledger/followUpLedger';
import { planCustomer, type PlannedFollowUp } from '../../nodes/CareFollowUp/rules/planner';
import { asItems, runWorkflow, singleNodeWorkflow } from '../engine/harness';
import { context, NOW } from '../unit/careFixtures';
import { customers, followUpId, steps } from './careArbitraries';
import {
	expectNamedError,
	mostly,
	BATCH,
	BATCH_RUNS,
	fcParameters,
	firstNonFinite,
	ITEMS_PER_NODE,
	pairingProblem,
	TIMEOUT_MS,
} from './propertyRuns';

const ACTIONS = ['reviewRequest', 'upsell', 'vipInvite', 'ambassadorInvite', 'winBack', 'notNow'];
const hostileValue = fc.constantFrom(
	null,
	'',
	-5,
	'soon',
	'2026-02-31',
	[],
	{},
	'<script>alert(1)</script>',
	1e308,
);
const daysAgo = (max: number) =>
	fc.integer({ min: 0, max: max * 24 }).map((h) => new Date(NOW - h * 3_600_000).toISOString());

const rawOrderItem = fc.record(
	{
		id: mostly(fc.integer({ min: 1000, max: 9999 }), hostileValue),
		created_at: mostly(daysAgo(420), hostileValue),
		delivered_at: mostly(fc.option(daysAgo(400), { nil: undefined }), hostileValue),
		financial_status: mostly(
			fc.constantFrom(
				'paid',
				'paid',
				'paid',
				'refunded',
				'cancelled',
				'pending',
				'completed',
				'wc-processing',
			),
			hostileValue,
		),
		total_price: mostly(
			fc.oneof(fc.integer({ min: 0, max: 400 }), fc.constantFrom('19.90', '250.00')),
			hostileValue,
		),
		// Who placed it: a shop's customer has one email, and some of their orders are guest checkouts (no id).
		who: fc.integer({ min: 0, max: 4 }),
		guest: fc.boolean(),
		email: mostly(fc.constant('from who'), hostileValue),
		customer: fc.record({
			id: mostly(fc.constant('from who'), hostileValue),
			first_name: fc.constantFrom('Ana', '<b>Ben</b>', 'Zoë', 'مريم', '<script>alert(1)</script>'),
		}),
		marketing_consent: mostly(
			fc.constantFrom(true, false, 'subscribed', 'unsubscribed', 'not_subscribed'),
			hostileValue,
		),
		locale: fc.constantFrom('de-DE', 'en-US', 'de', 'fr', undefined),
		line_items: mostly(
			fc.array(
				fc.record({
					sku: fc.constantFrom('MUG', 'TEA', 'CUP', 'POT'),
					title: fc.constantFrom('Mug', 'Tea <i>Set</i>', '<script>x</script>'),
					price: fc.integer({ min: 1, max: 90 }),
				}),
				{ maxLength: 3 },
			),
			hostileValue,
		),
		rating: mostly(fc.option(fc.integer({ min: 1, max: 5 }), { nil: undefined }), hostileValue),
		reviewed: fc.boolean(),
	},
	{ requiredKeys: ['id', 'created_at', 'email', 'customer', 'who', 'guest'] },
);
const EMAILS = [
	'ana@example.com',
	'ben@example.com',
	'cleo@example.com',
	'dana@example.com',
	'eli@example.com',
];
const orderItem = rawOrderItem.map(({ who, guest, ...order }) => ({
	...order,
	email: order.email === 'from who' ? EMAILS[who] : order.email,
	customer: guest
		? null
		: { ...order.customer, id: order.customer.id === 'from who' ? who + 1 : order.customer.id },
}));

const workflow = singleNodeWorkflow({
	type: 'n8n-nodes-social-funnel.careFollowUp',
	name: 'Care Follow-Up',
	parameters: {
		operation: 'plan',
		inputType: 'orders',
		useExistingCustomerException: true,
		catalogue: JSON.stringify([
			{ sku: 'MUG', name: 'Mug', price: 12, complements: ['TEA'] },
			{ sku: 'TEA', name: 'Tea', price: 30 },
			{ sku: 'POT', name: 'Pot', price: 60 },
		]),
		options: { referenceTime: new Date(NOW).toISOString(), timeZone: 'Europe/Berlin' },
	},
	continueOnFail: true,
});

describe(`Care Follow-Up properties (${ITEMS_PER_NODE.toLocaleString(
	'en',
)} generated order items in n8n's engine)`, () => {
	it(
		'every order leaves exactly once with pairedItem, one follow-up per person, the same input gives the same output, no NaN or Infinity, no script tag in HTML',
		async () => {
			let items = 0;
			let planned = 0;
			let errors = 0;
			await fc.assert(
				fc.asyncProperty(
					fc.array(orderItem, { minLength: BATCH, maxLength: BATCH }),
					async (orders) => {
						items += orders.length;
						const pinData = { Trigger: asItems(orders as never) };
						const first = await runWorkflow({ ...workflow, staticData: {} }, { pinData });
						const outputs = first.outputs('Care Follow-Up');
						expect(pairingProblem(outputs, orders.length)).toBeUndefined();
						const people = new Set<string>(); // every identity planned a follow-up in this run
						for (const item of outputs.flat()) {
							if (item.json.error) {
								errors++;
								expectNamedError(item, orders);
								continue;
							}
							const plan = item.json.followUp as unknown as PlannedFollowUp;
							expect(ACTIONS).toContain(plan.action);
							expect(typeof plan.reason).toBe('string');
							if (plan.action === 'notNow') continue;
							planned++;
							// One follow-up per person per run: no two share an email or a customer id.
							for (const key of [
								`email:${plan.customer.email.toLowerCase()}`,
								plan.customer.id === undefined ? '' : `id:${plan.customer.id}`,
							].filter(Boolean)) {
								expect(people.has(key)).toBe(false);
								people.add(key);
							}
							expect(plan.ref).toMatch(/^sfcare1\./);
							expect(plan.message!.html).not.toMatch(/<script/i);
							expect(plan.message!.subject.length).toBeGreaterThan(0);
						}
						expect(firstNonFinite(outputs)).toBeUndefined();
						const again = await runWorkflow({ ...workflow, staticData: {} }, { pinData });
						expect(JSON.stringify(again.outputs('Care Follow-Up'))).toBe(JSON.stringify(outputs));
					},
				),
				fcParameters(BATCH_RUNS),
			);
			expect(items).toBeGreaterThanOrEqual(ITEMS_PER_NODE);
			expect(planned).toBeGreaterThan(100); // the mails path is exercised, not only Not Now
			expect(errors).toBeGreaterThan(0);
		},
		TIMEOUT_MS,
	);
});

const SIMULATIONS = Math.max(200, Math.ceil(ITEMS_PER_NODE / 20));

describe(`Care Follow-Up ledger properties (${SIMULATIONS.toLocaleString(
	'en',
)} simulated shops, Plan → Confirm over weeks)`, () => {
	it('never plans a follow-up again once confirmed, nor while its reservation lasts', () => {
		let plans = 0;
		fc.assert(
			fc.property(customers, steps, (shop, schedule) => {
				const ctx = context({}, { ledger: FollowUpLedger.inMemory() });
				const confirmed = new Set<string>();
				const reservedUntil = new Map<string, number>();
				let now = NOW;
				for (const step of schedule) {
					now += step.hours * 3_600_000;
					shop.forEach((c, i) => {
						const plan = planCustomer(c, ctx, now);
						plans++;
						if (!plan.ref) return;
						const id = followUpId(plan.ref);
						expect(confirmed.has(id)).toBe(false);
						expect((reservedUntil.get(id) ?? 0) <= now).toBe(true);
						if (step.confirm[i]) {
							ctx.ledger.commit(parseConfirmationRef(plan.ref)!, now);
							confirmed.add(id);
						} else reservedUntil.set(id, Date.parse(plan.reservedUntil!));
					});
				}
			}),
			fcParameters(SIMULATIONS),
		);
		expect(plans).toBeGreaterThan(SIMULATIONS);
	});

	it('a reservation that was never confirmed changes nothing once it has expired: the follow-up is planned again', () => {
		let replanned = 0;
		fc.assert(
			fc.property(
				customers,
				fc.integer({ min: 1, max: 3 * 24 * 60 }),
				(shop, minutesAfterExpiry) => {
					const ledger = FollowUpLedger.inMemory();
					const ctx = context({ sendWindowStartHour: 0, sendWindowEndHour: 24 }, { ledger });
					for (const c of shop) {
						const first = planCustomer(c, ctx, NOW);
						if (!first.ref) continue;
						const later = Date.parse(first.reservedUntil!) + minutesAfterExpiry * 60_000;
						const withExpired = planCustomer(c, ctx, later);
						const fresh = planCustomer(
							c,
							context(
								{ sendWindowStartHour: 0, sendWindowEndHour: 24 },
								{ ledger: FollowUpLedger.inMemory() },
							),
							later,
						);
						expect(withExpired.action).toBe(fresh.action);
						expect(withExpired.ref && followUpId(withExpired.ref)).toBe(
							fresh.ref && followUpId(fresh.ref),
						);
						if (withExpired.ref && followUpId(withExpired.ref) === followUpId(first.ref))
							replanned++;
					}
				},
			),
			fcParameters(SIMULATIONS),
		);
		expect(replanned).toBeGreaterThan(SIMULATIONS / 4); // mostly the very follow-up that was reserved
	});
});
