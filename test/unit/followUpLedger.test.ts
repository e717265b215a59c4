/**
 * Unit tests of CareFollowUp/ledger/followUpLedger.ts. The ledger's storage: customers in shards,
 * checked against a plain model of what the ledger must remember, and the upgrade of the first
 * layout (one key per customer) without losing an entry; reservations, confirmations and the
 * sweep as the planner uses them.
 */
import fc from 'fast-check';
import { DAY_MS } from '../../nodes/shared/dates';
import {
	COMMITTED_KEEP_DAYS,
	FollowUpLedger,
	LEDGER_KEY,
	customerHash,
	followUpHash,
	formatEntries,
	liveEntries,
	parseConfirmationRef,
	parseEntries,
	type EntryState,
	type LedgerEntry,
	type StoredLedger,
} from '../../nodes/CareFollowUp/ledger/followUpLedger';
import { planCustomer } from '../../nodes/CareFollowUp/rules/planner';
import { context, customer, NOW, onlyReviews, order, parseRef } from './careFixtures';

const MINUTE = 60_000;
const atMinute = (ms: number) => Math.round(ms / MINUTE) * MINUTE;

/** Customer keys whose hashes share a shard (the first two characters and the low two bits of the third). */
function keysInOneShard(count: number): string[] {
	const byShard = new Map<string, string[]>();
	for (let i = 0; ; i++) {
		const key = `id:${i}`;
		const h = customerHash(key);
		const shard =
			h.slice(0, 2) +
			('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'.indexOf(h[2]) & 3);
		const list = byShard.get(shard) ?? [];
		list.push(key);
		byShard.set(shard, list);
		if (list.length === count) return list;
	}
}

const SHARED = keysInOneShard(30);
const FIDS = Array.from({ length: 6 }, (_, i) => followUpHash(`review:order-${i}:${i}`));

/** What the ledger must remember: per customer, the latest entry per follow-up. */
class Model {
	readonly entries = new Map<string, Map<string, LedgerEntry>>();

	write(key: string, updates: LedgerEntry[], nowMs: number, keepEarlierCommit: boolean) {
		const mine = this.entries.get(key) ?? new Map<string, LedgerEntry>();
		const live = new Set(this.live(key, nowMs));
		for (const u of updates) {
			const old = mine.get(u.fid);
			// A commit keeps the first send time of a commit still in force.
			if (keepEarlierCommit && old && live.has(old) && old.state.startsWith('committed')) continue;
			mine.set(u.fid, u);
		}
		this.entries.set(key, mine);
	}

	release(key: string, fids: string[], nowMs: number): boolean {
		const mine = this.entries.get(key);
		let released = false;
		for (const fid of fids) {
			const e = mine?.get(fid);
			if (
				e &&
				((e.state.startsWith('reserved') && e.atMs > nowMs) ||
					(e.state.startsWith('held') && this.live(key, nowMs).includes(e)))
			) {
				mine!.delete(fid);
				released = true;
			}
		}
		return released;
	}

	live(key: string, nowMs: number): LedgerEntry[] {
		const oldest = nowMs - COMMITTED_KEEP_DAYS * DAY_MS;
		return [...(this.entries.get(key)?.values() ?? [])].filter((e) =>
			e.state.startsWith('reserved') ? e.atMs > nowMs : e.atMs >= oldest,
		);
	}
}

const sorted = (entries: LedgerEntry[]) => [...entries].sort((a, b) => a.fid.localeCompare(b.fid));

const entryArb = fc.record({
	fid: fc.constantFrom(...FIDS),
	state: fc.constantFrom<EntryState>(
		'committedMail',
		'committedMarker',
		'reservedMail',
		'reservedMarker',
		'heldMail',
		'heldMarker',
	),
	offsetDays: fc.integer({ min: -420, max: 3 }),
});

const stepArb = fc.oneof(
	// One write names each follow-up once, as the node's do (a mail and its markers have different keys).
	fc.record({
		op: fc.constant('write' as const),
		customer: fc.nat(SHARED.length - 1),
		entries: fc.uniqueArray(entryArb, { minLength: 1, maxLength: 3, selector: (e) => e.fid }),
	}),
	fc.record({
		op: fc.constant('batch' as const),
		customers: fc.array(fc.tuple(fc.nat(SHARED.length - 1), entryArb), {
			minLength: 1,
			maxLength: 8,
		}),
	}),
	fc.record({
		op: fc.constant('commit' as const),
		customer: fc.nat(SHARED.length - 1),
		fids: fc.subarray(FIDS, { minLength: 1, maxLength: 3 }),
	}),
	fc.record({
		op: fc.constant('release' as const),
		customer: fc.nat(SHARED.length - 1),
		fids: fc.subarray(FIDS, { minLength: 1, maxLength: 3 }),
	}),
	fc.record({ op: fc.constant('sweep' as const), laterDays: fc.integer({ min: 0, max: 3 }) }),
);

describe('follow-up ledger storage', () => {
	it('remembers exactly what a plain model remembers, for customers sharing one shard', () => {
		fc.assert(
			fc.property(fc.array(stepArb, { minLength: 1, maxLength: 40 }), (steps) => {
				const ledger = FollowUpLedger.inMemory();
				const model = new Model();
				let now = NOW;
				const entry = (e: { fid: string; state: EntryState; offsetDays: number }): LedgerEntry => ({
					fid: e.fid,
					state: e.state,
					atMs: atMinute(now + e.offsetDays * DAY_MS),
				});
				for (const step of steps) {
					if (step.op === 'write') {
						const updates = step.entries.map(entry);
						ledger.write(customerHash(SHARED[step.customer]), updates, now);
						model.write(SHARED[step.customer], updates, now, false);
					} else if (step.op === 'batch') {
						// Plan's deferred writes: held back, then one rewrite of the shard.
						ledger.deferWrites();
						for (const [c, e] of step.customers) {
							ledger.write(customerHash(SHARED[c]), [entry(e)], now);
							model.write(SHARED[c], [entry(e)], now, false);
						}
						ledger.flush();
					} else if (step.op === 'commit') {
						const h = customerHash(SHARED[step.customer]);
						ledger.commit(
							{ customerHash: h, mailFid: step.fids[0], markerFids: step.fids.slice(1) },
							atMinute(now),
						);
						model.write(
							SHARED[step.customer],
							step.fids.map((fid, i) => ({
								fid,
								state: i === 0 ? 'committedMail' : 'committedMarker',
								atMs: atMinute(now),
							})),
							now,
							true,
						);
					} else if (step.op === 'release') {
						const h = customerHash(SHARED[step.customer]);
						const got = ledger.release(
							{ customerHash: h, mailFid: step.fids[0], markerFids: step.fids.slice(1) },
							now,
						);
						expect(got).toBe(
							model.release(SHARED[step.customer], step.fids, now) ? 'released' : 'notReserved',
						);
					} else {
						now += step.laterDays * DAY_MS;
						ledger.sweep(now, true);
					}
					for (const key of SHARED)
						expect(sorted(ledger.history(key, now).entries)).toEqual(sorted(model.live(key, now)));
				}
			}),
			{ seed: 20261202, numRuns: 300 },
		);
	});

	it('hashes as every earlier version did, so a stored ledger stays readable', () => {
		expect(['id:1', 'email:ana@example.com', '', 'id:ünïcödé-🙂'].map(customerHash)).toEqual([
			's0GhxAHBieOA',
			'7GwAIAdk9mzC',
			'GYnJpAt-59uA',
			'6pbXYByK4a1B',
		]);
		expect(followUpHash('review:1001')).toBe('fz__fl');
	});

	it('hashes a follow-up key given in two parts as the joined key', () => {
		for (const [kind, subject] of [
			['review:', '1001'],
			['review-product:', 'SKU-ü-🙂'],
			['vip', ''],
			['', 'review:1001'],
		]) {
			expect(followUpHash(kind, subject)).toBe(followUpHash(kind + subject));
		}
		expect(followUpHash('review:', '1001')).toBe('fz__fl');
		expect(followUpHash('review:', '1002')).not.toBe('fz__fl');
		const ledger = FollowUpLedger.inMemory();
		ledger.write(
			customerHash('id:ana'),
			[{ fid: followUpHash('review:1001'), state: 'committedMail', atMs: atMinute(NOW - DAY_MS) }],
			NOW,
		);
		const history = ledger.history('id:ana', NOW);
		expect(history.heldWithin('review:', 30, NOW, '1001')).toMatchObject({
			state: 'committedMail',
		});
		expect(history.heldWithin('review:', 30, NOW, '100')).toBeUndefined();
	});

	it('finds a follow-up in a stored text as reading every entry would, unreadable entries and all', () => {
		const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
		const hash = customerHash('id:ana');
		const shardKey = hash.slice(0, 2) + 'ABCD'[B64.indexOf(hash[2]) & 3];
		const keys = FIDS.map((_, i) => `review:order-${i}:${i}`);
		const part = fc.oneof(
			fc
				.record({
					fid: fc.constantFrom(...FIDS),
					state: fc.constantFrom('+', '*', '~', '^'),
					days: fc.integer({ min: -420, max: 30 }),
				})
				.map(
					(e) => `${e.fid}${e.state}${Math.round((NOW + e.days * DAY_MS) / MINUTE).toString(36)}`,
				),
			fc.constantFrom(
				'',
				'x',
				FIDS[0],
				`${FIDS[1]}+`,
				`${FIDS[2]}?zz`,
				`${FIDS[3].slice(0, 5)}+abc`,
				`zz${FIDS[4]}+abc`,
				`${FIDS[5]}+-5`,
				'ÿÿÿÿÿÿ+1',
			),
		);
		fc.assert(
			fc.property(fc.array(part, { minLength: 1, maxLength: 12 }), (parts) => {
				const text = parts.join(',');
				const history = FollowUpLedger.inMemory({ v: 2, s: { [shardKey]: hash + text } }).history(
					'id:ana',
					NOW,
				);
				const live = liveEntries(parseEntries(text), NOW);
				keys.forEach((key, i) => {
					const found = live.filter((e) => e.fid === FIDS[i]);
					const reserved = found.filter((e) => e.state.startsWith('reserved'));
					const pool = reserved.length ? reserved : found;
					const newest = pool.reduce<LedgerEntry | undefined>(
						(best, e) => (!best || e.atMs > best.atMs ? e : best),
						undefined,
					);
					expect(history.entry(key)).toEqual(newest);
				});
			}),
			{ seed: 20261203, numRuns: 400 },
		);
	});

	it('tells apart two follow-ups whose hashes differ only in the last four bits', () => {
		// Found by search: the first 32 bits of these two keys' hashes are equal.
		expect([followUpHash('review:94539'), followUpHash('review:299320')]).toEqual([
			'vS8ex2',
			'vS8exW',
		]);
		const ledger = FollowUpLedger.inMemory();
		ledger.write(
			customerHash('id:ana'),
			[{ fid: followUpHash('review:94539'), state: 'committedMail', atMs: atMinute(NOW - DAY_MS) }],
			NOW,
		);
		const history = ledger.history('id:ana', NOW);
		expect(history.entry('review:', '94539')).toMatchObject({ state: 'committedMail' });
		expect(history.entry('review:', '299320')).toBeUndefined();
	});

	it('keeps at most 16,384 keys in static data however many customers there are', () => {
		const stored: StoredLedger = { v: 2, s: {} };
		const ledger = FollowUpLedger.inMemory(stored);
		ledger.deferWrites();
		for (let i = 0; i < 20_000; i++)
			ledger.write(
				customerHash(`id:${i}`),
				[{ fid: FIDS[0], state: 'committedMail', atMs: atMinute(NOW) }],
				NOW,
			);
		ledger.flush();
		expect(Object.keys(stored.s).length).toBeLessThanOrEqual(16_384);
		expect(Object.keys(stored.s).every((key) => /^[A-Za-z0-9_-]{2}[A-D]$/.test(key))).toBe(true);
		expect(ledger.stats()).toMatchObject({ customers: 20_000, entries: 20_000 });
		expect(ledger.history('id:19999', NOW).entries).toEqual([
			{ fid: FIDS[0], state: 'committedMail', atMs: atMinute(NOW) },
		]);
		expect(ledger.history('id:20000', NOW).entries).toEqual([]);
	});

	it('upgrades the first layout (one key per customer) on open, keeping every entry', () => {
		const ana = customerHash('id:ana');
		const ben = customerHash('email:ben@example.com');
		const anaEntries: LedgerEntry[] = [
			{ fid: FIDS[0], state: 'committedMail', atMs: atMinute(NOW - 10 * DAY_MS) },
			{ fid: FIDS[1], state: 'committedMarker', atMs: atMinute(NOW - 10 * DAY_MS) },
		];
		const benEntries: LedgerEntry[] = [
			{ fid: FIDS[2], state: 'reservedMail', atMs: atMinute(NOW + DAY_MS) },
		];
		const v1 = {
			v: 1,
			c: { [ana]: formatEntries(anaEntries), [ben]: formatEntries(benEntries) },
			p: 29_000_000,
		};
		const staticData: Record<string, unknown> = { [LEDGER_KEY]: v1 };

		// A dry run reads the old layout but leaves it as it is.
		expect(
			FollowUpLedger.inMemory(FollowUpLedger.peek(staticData)).history('id:ana', NOW).entries,
		).toEqual(anaEntries);
		expect(staticData[LEDGER_KEY]).toBe(v1);

		const ledger = FollowUpLedger.open(staticData);
		const upgraded = staticData[LEDGER_KEY] as StoredLedger;
		expect(upgraded).toMatchObject({ v: 2, p: 29_000_000 });
		expect(ledger.history('id:ana', NOW).entries).toEqual(anaEntries);
		expect(ledger.history('email:ben@example.com', NOW).entries).toEqual(benEntries);
		expect(ledger.stats()).toMatchObject({ customers: 2, entries: 3 });
		// Opening again reads the upgraded ledger as it is.
		FollowUpLedger.open(staticData);
		expect(staticData[LEDGER_KEY]).toBe(upgraded);
	});

	it('reads a person under every identity: a follow-up kept under their email counts beside their customer id', () => {
		const ledger = FollowUpLedger.inMemory();
		const byEmail = customerHash('email:ana@example.com');
		const byId = customerHash('id:ana');
		const reviewed = followUpHash('review:1');
		const vip = followUpHash('vip');
		ledger.write(
			byEmail,
			[
				{ fid: reviewed, state: 'committedMail', atMs: atMinute(NOW - 30 * DAY_MS) },
				{ fid: vip, state: 'committedMail', atMs: atMinute(NOW - 200 * DAY_MS) },
			],
			NOW,
		);
		ledger.write(
			byId,
			[{ fid: vip, state: 'committedMail', atMs: atMinute(NOW - 20 * DAY_MS) }],
			NOW,
		);

		const alone = ledger.history('id:ana', NOW);
		expect(alone.entry('review:1')).toBeUndefined();
		const both = ledger.history('id:ana', NOW, ['email:ana@example.com']);
		expect(both.customerHash).toBe(byId); // writes still go under the customer id
		expect(both.entry('review:1')).toMatchObject({
			state: 'committedMail',
			atMs: atMinute(NOW - 30 * DAY_MS),
		});
		// Found under both: the newer commit counts, and a reservation beats any commit.
		expect(both.entry('vip')).toMatchObject({ atMs: atMinute(NOW - 20 * DAY_MS) });
		expect(both.mailSummary(NOW, 30 * DAY_MS)).toMatchObject({
			inWindow: 1,
			latest: atMinute(NOW - 20 * DAY_MS),
		});
		ledger.write(byEmail, [{ fid: vip, state: 'reservedMail', atMs: atMinute(NOW + DAY_MS) }], NOW);
		expect(ledger.history('id:ana', NOW, ['email:ana@example.com']).entry('vip')).toMatchObject({
			state: 'reservedMail',
		});
		expect(
			ledger
				.history('id:ana', NOW, ['email:ana@example.com', 'email:unknown@example.com'])
				.entry('vip'),
		).toMatchObject({ state: 'reservedMail' });
	});

	it('reserves under the identity it writes to, keeping the entries read under another identity where they are', () => {
		const ledger = FollowUpLedger.inMemory();
		const byEmail = customerHash('email:ana@example.com');
		const byId = customerHash('id:ana');
		const emailEntry: LedgerEntry = {
			fid: followUpHash('review:1'),
			state: 'committedMail',
			atMs: atMinute(NOW - 30 * DAY_MS),
		};
		const idEntry: LedgerEntry = {
			fid: followUpHash('vip'),
			state: 'committedMail',
			atMs: atMinute(NOW - 20 * DAY_MS),
		};
		ledger.write(byEmail, [emailEntry], NOW);
		ledger.write(byId, [idEntry], NOW);
		ledger.deferWrites();
		const history = ledger.history('id:ana', NOW, ['email:ana@example.com']);
		const ref = parseConfirmationRef(
			ledger.reserve(history, 'review:2', ['review-product:A'], NOW + DAY_MS, NOW),
		)!;
		expect(ref.customerHash).toBe(byId);
		ledger.flush();
		const reserved = (key: string) => ({ fid: followUpHash(key), atMs: atMinute(NOW + DAY_MS) });
		expect(sorted(ledger.history('id:ana', NOW).entries)).toEqual(
			sorted([
				idEntry,
				{ ...reserved('review:2'), state: 'reservedMail' },
				{ ...reserved('review-product:A'), state: 'reservedMarker' },
			]),
		);
		expect(ledger.history('email:ana@example.com', NOW).entries).toEqual([emailEntry]);
	});

	it('refuses a ledger it cannot read instead of starting afresh', () => {
		const staticData: Record<string, unknown> = { [LEDGER_KEY]: { v: 3, x: {} } };
		expect(() => FollowUpLedger.open(staticData)).toThrow(
			"The follow-up ledger in this workflow's static data (socialFunnelCareLedger) is not one this version of the node can read (version 3)",
		);
		expect(() => FollowUpLedger.peek({ [LEDGER_KEY]: 'text' })).toThrow(/version null/);
		expect(staticData[LEDGER_KEY]).toEqual({ v: 3, x: {} });
	});
});

describe('Hold for Review: a reservation that passed without Confirm Sent keeps the follow-up, sent state unknown', () => {
	const ana = () => customer([order('1001', 10, { deliveredAt: NOW - 5 * DAY_MS })]);
	const hold = (ledger: FollowUpLedger) => context({ unconfirmed: 'hold' }, { ledger });

	it('waits on Not Now with the reason and its reference, through the sweep, until Confirm Sent records or releases it', () => {
		const ledger = FollowUpLedger.inMemory();
		const first = planCustomer(ana(), hold(ledger), NOW);
		expect(first.action).toBe('reviewRequest');
		const later = NOW + 3 * DAY_MS; // the 24-hour reservation passed long ago
		ledger.sweep(later, true);
		const waiting = planCustomer(ana(), hold(ledger), later);
		expect(waiting.action).toBe('notNow');
		expect(waiting.notDue?.find((n) => n.action === 'reviewRequest')?.why).toMatch(
			/^review request for order 1001: sent state unknown: reserved until 2026-03-17 and never confirmed/,
		);
		expect(waiting.unconfirmed).toEqual([{ ref: first.ref, reservedUntil: first.reservedUntil }]);
		// The mail may have gone out: it counts for the caps at the time its reservation ended.
		expect(ledger.history('id:c1', later).mailSummary(later, 30 * DAY_MS)).toMatchObject({
			inWindow: 1,
			latest: Date.parse(first.reservedUntil!),
		});
		// Released (Not Sent): planned again.
		const released = FollowUpLedger.inMemory(
			JSON.parse(JSON.stringify((ledger as unknown as { stored: StoredLedger }).stored)),
		);
		expect(released.release(parseConfirmationRef(waiting.unconfirmed![0].ref)!, later)).toBe(
			'released',
		);
		expect(planCustomer(ana(), hold(released), later).action).toBe('reviewRequest');
		// Recorded (Sent): never planned again, and the unknown is gone.
		expect(ledger.commit(parseConfirmationRef(waiting.unconfirmed![0].ref)!, later)).toBe(
			'committed',
		);
		const after = planCustomer(ana(), hold(ledger), later + DAY_MS);
		expect(after.unconfirmed).toBeUndefined();
		expect(after.notDue?.find((n) => n.action === 'reviewRequest')?.why).toMatch(
			/reminder for order 1001/,
		);
	});

	it('Plan Again After Expiry (the default) plans the same follow-up again once the reservation expired', () => {
		const ledger = FollowUpLedger.inMemory();
		const first = planCustomer(ana(), context({}, { ledger }), NOW);
		const again = planCustomer(ana(), context({}, { ledger }), NOW + 3 * DAY_MS);
		expect(again.action).toBe('reviewRequest');
		expect(parseConfirmationRef(again.ref!)!.mailFid).toBe(
			parseConfirmationRef(first.ref!)!.mailFid,
		);
		expect(again.unconfirmed).toBeUndefined();
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
