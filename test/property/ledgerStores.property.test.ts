/**
 * The ledger's properties through the store interface, against both stores (Workflow Static
 * Data, and a real PostgreSQL): over simulated weeks of Plan → Confirm, a follow-up is never
 * planned again once confirmed, nor while its reservation lasts. For Postgres also with several
 * runs planning the same shop at the same moment: each customer's follow-up is reserved by
 * exactly one of them.
 */
import fc from 'fast-check';
import { parseConfirmationRef } from '../../nodes/CareFollowUp/ledger/followUpLedger';
import {
	StaticDataLedgerStore,
	type LedgerStore,
} from '../../nodes/CareFollowUp/ledger/ledgerStore';
import { PostgresLedgerStore } from '../../nodes/CareFollowUp/ledger/postgresLedgerStore';
import type { Customer } from '../../nodes/CareFollowUp/input/customer';
import { planCustomer, type PlannedFollowUp } from '../../nodes/CareFollowUp/rules/planner';
import { context, NOW } from '../unit/careFixtures';
import { freshLedgerName, testConnection } from '../unit/testPostgres';
import { customers, followUpId, steps } from './careArbitraries';
import { fcParameters, ITEMS_PER_NODE } from './propertyRuns';

/** Shops per store: each step of each shop is a few round trips to the database. */
const SHOPS = Math.max(40, Math.ceil(ITEMS_PER_NODE / 250));

const STORES: [string, () => LedgerStore][] = [
	[
		'Workflow Static Data',
		() =>
			new StaticDataLedgerStore(
				{},
				{ workflowId: 'property', production: false, queueMode: false },
			),
	],
	[
		'Postgres',
		() =>
			new PostgresLedgerStore(
				testConnection({ tablePrefix: 'sf_property_' }),
				freshLedgerName('shop'),
			),
	],
];

/** One Plan run of a store over a shop, as the node runs it. */
async function planShop(
	store: LedgerStore,
	shop: Customer[],
	now: number,
): Promise<{ planned: PlannedFollowUp[]; refused: Set<string> }> {
	const plan = await store.openPlan(now, false);
	try {
		await plan.load(shop.flatMap((c) => [c.key, ...(c.otherKeys ?? [])]));
		const ctx = context({}, { ledger: plan.ledger });
		const planned = shop.map((c) => planCustomer(c, ctx, now));
		return { planned, refused: await plan.save() };
	} finally {
		await plan.close();
	}
}

describe.each(STORES)(
	`ledger store %s: Plan → Confirm over weeks (${SHOPS} simulated shops)`,
	(_name, makeStore) => {
		it('never plans a follow-up again once confirmed, nor while its reservation lasts', async () => {
			let plans = 0;
			await fc.assert(
				fc.asyncProperty(customers, steps, async (shop, schedule) => {
					const store = makeStore();
					const confirmed = new Set<string>();
					const reservedUntil = new Map<string, number>();
					let now = NOW;
					for (const step of schedule) {
						now += step.hours * 3_600_000;
						const { planned, refused } = await planShop(store, shop, now);
						expect(refused.size).toBe(0); // one run at a time: nobody else reserves
						const toConfirm = [];
						for (const [i, plan] of planned.entries()) {
							plans++;
							if (!plan.ref) continue;
							const id = followUpId(plan.ref);
							expect(confirmed.has(id)).toBe(false);
							expect((reservedUntil.get(id) ?? 0) <= now).toBe(true);
							if (step.confirm[i]) {
								toConfirm.push(parseConfirmationRef(plan.ref)!);
								confirmed.add(id);
							} else reservedUntil.set(id, Date.parse(plan.reservedUntil!));
						}
						const statuses = await store.confirm(toConfirm, 'sent', now);
						expect(statuses.every((s) => s === 'committed')).toBe(true);
					}
				}),
				fcParameters(SHOPS),
			);
			expect(plans).toBeGreaterThan(SHOPS);
		});
	},
);

describe(`ledger store Postgres: runs planning one shop at the same moment (${SHOPS} simulated shops)`, () => {
	it('each customer due a follow-up gets it from exactly one run; the others are refused', async () => {
		let races = 0;
		await fc.assert(
			fc.asyncProperty(customers, fc.integer({ min: 2, max: 6 }), async (shop, runs) => {
				const store = new PostgresLedgerStore(
					testConnection({ tablePrefix: 'sf_property_' }),
					freshLedgerName('race'),
				);
				// All runs read the shop before any writes, as executions that start together do.
				const plans = await Promise.all(
					Array.from({ length: runs }, () => store.openPlan(NOW, false)),
				);
				await Promise.all(
					plans.map((p) => p.load(shop.flatMap((c) => [c.key, ...(c.otherKeys ?? [])]))),
				);
				const results = plans.map((p) => {
					const ctx = context({}, { ledger: p.ledger });
					return shop.map((c) => planCustomer(c, ctx, NOW));
				});
				const refused = await Promise.all(plans.map((p) => p.save()));
				await Promise.all(plans.map((p) => p.close()));
				shop.forEach((c, i) => {
					const winners = results.filter(
						(planned, r) =>
							planned[i].ref &&
							!refused[r].has(parseConfirmationRef(planned[i].ref!)!.customerHash),
					);
					const due = results[0][i].ref !== undefined; // every run read the same history, so all plan the same
					expect(winners).toHaveLength(due ? 1 : 0);
					if (due) races++;
				});
				// And the next run sees the one reservation: nothing is planned again.
				const next = await planShop(store, shop, NOW + 60_000);
				expect(next.planned.filter((p) => p.ref)).toEqual([]);
			}),
			fcParameters(SHOPS),
		);
		expect(races).toBeGreaterThan(SHOPS / 2);
	});
});
