/**
 * The follow-up ledger in Postgres: exactly once across n8n workers and overlapping executions.
 *
 * One row per customer identity (its 64-bit hash) holds that customer's entries in the same
 * compact text as the static-data ledger. Plan reads the rows of a batch's customers in a few
 * statements, plans in memory, and writes every reservation in one transaction before the node
 * returns: a customer's row is written only if none of the rows their history was read from
 * (customer id and email) changed in between, under row locks. So two runs planning one customer
 * at the same moment cannot both reserve: the later leaves that customer on Not Now. The caps
 * (one per run, days apart, per 30 days) hold the same way, since they are read from those rows.
 * Confirm Sent and Not Sent lock, change and commit the named rows at once.
 * Pure: no n8n import.
 */
import {
	PostgresState,
	type GuardedWrite,
	type PostgresConnection,
} from '../../shared/postgresState';
import {
	FollowUpLedger,
	customerHash,
	firstDeathMinute,
	liveText,
	type ConfirmationRef,
	type StoredLedger,
} from './followUpLedger';
import {
	applyConfirmations,
	memoryPlan,
	type ConfirmOutcome,
	type ConfirmStatus,
	type LedgerStore,
	type PlanLedger,
} from './ledgerStore';

/** Rows with something dead that one Plan run rewrites at most (the rest wait for later runs). */
const SWEEP_PER_RUN = 5_000;
const MINUTE_MS = 60_000;

export class PostgresLedgerStore implements LedgerStore {
	readonly name = 'Postgres';

	/** @param ledgerName which ledger of the database this is (runs that share it share caps and history) */
	constructor(
		private readonly connection: PostgresConnection,
		private readonly ledgerName: string,
	) {}

	private get scope(): string {
		return `care:${this.ledgerName}`;
	}

	async openPlan(nowMs: number, dryRun: boolean): Promise<PlanLedger> {
		const db = await PostgresState.open(this.connection);
		const scope = this.scope;
		const ledger = FollowUpLedger.inMemory();
		/** Per customer hash read: the version read (0: no row). */
		const versions = new Map<string, number>();
		try {
			if (!dryRun) {
				await db.sweep(scope, Math.floor(nowMs / MINUTE_MS), SWEEP_PER_RUN, (value) => {
					const live = liveText(value, nowMs);
					return { value: live, diesAtMinute: firstDeathMinute(live) };
				});
				ledger.deferWrites();
			}
		} catch (error) {
			await db.close();
			// A pure module: the node turns the store's error into a NodeOperationError.
			// eslint-disable-next-line @n8n/community-nodes/require-node-api-error
			throw error;
		}
		const load = async (customerKeys: Iterable<string>) => {
			const wanted: string[] = [];
			for (const key of customerKeys) {
				const h = customerHash(key);
				if (!versions.has(h)) {
					versions.set(h, 0);
					wanted.push(h);
				}
			}
			if (!wanted.length) return;
			const rows = await db.read(scope, wanted);
			const stored: [string, string][] = [];
			rows.forEach((row, hash) => {
				versions.set(hash, row.version);
				if (row.value) stored.push([hash, row.value]);
			});
			ledger.putStored(stored);
		};
		if (dryRun) {
			const plan = memoryPlan(ledger);
			return { ...plan, load, close: () => db.close() };
		}
		return {
			ledger,
			load,
			save: async () => {
				const writes: GuardedWrite[] = ledger.takeHeldWrites().map((w) => ({
					key: w.hash,
					value: w.entries,
					diesAtMinute: firstDeathMinute(w.entries),
					guard: w.readHashes.map((key) => ({ key, version: versions.get(key) ?? 0 })),
				}));
				return db.writeIfUnchanged(scope, writes);
			},
			close: () => db.close(),
		};
	}

	async confirm(
		refs: readonly ConfirmationRef[],
		outcome: ConfirmOutcome,
		nowMs: number,
	): Promise<ConfirmStatus[]> {
		if (!refs.length) return [];
		const db = await PostgresState.open(this.connection);
		try {
			return await db.update(
				this.scope,
				refs.map((r) => r.customerHash),
				(rows) => {
					const ledger = FollowUpLedger.inMemory();
					ledger.putStored(rows);
					ledger.deferWrites();
					const result = applyConfirmations(ledger, refs, outcome, nowMs);
					const writes = new Map(
						ledger
							.takeHeldWrites()
							.map((w) => [
								w.hash,
								{ value: w.entries, diesAtMinute: firstDeathMinute(w.entries) },
							]),
					);
					return { result, writes };
				},
				outcome === 'notSent' ? 'releasing follow-ups' : 'confirming sent follow-ups',
			);
		} finally {
			await db.close();
		}
	}

	/**
	 * Carries a static-data ledger into this store: every customer's live entries, merged with what
	 * the store already holds (a follow-up present in both keeps its stronger entry). Returns how many
	 * customers were carried over.
	 */
	async importStaticData(stored: StoredLedger, nowMs: number): Promise<number> {
		const source = FollowUpLedger.inMemory(stored);
		const customers = source.customers(nowMs);
		if (!customers.size) return 0;
		const db = await PostgresState.open(this.connection);
		try {
			await db.update(
				this.scope,
				[...customers.keys()],
				(rows) => {
					const merged = FollowUpLedger.inMemory();
					merged.putStored(rows);
					merged.deferWrites();
					for (const [hash, entries] of customers) merged.merge(hash, entries, nowMs);
					const writes = new Map(
						merged
							.takeHeldWrites()
							.map((w) => [
								w.hash,
								{ value: w.entries, diesAtMinute: firstDeathMinute(w.entries) },
							]),
					);
					return { result: undefined, writes };
				},
				'carrying the static-data ledger over',
			);
		} finally {
			await db.close();
		}
		return customers.size;
	}
}
