/**
 * Where the follow-up ledger is kept between runs. Plan and Confirm Sent talk to a store only
 * through this interface; the planner, the rules and the messages read and reserve in an
 * in-memory FollowUpLedger and never know which store is behind it.
 *
 * - Workflow Static Data (default, no set-up): for one n8n instance whose runs never overlap.
 *   It stops a production run instead of re-sending when it can tell that the static data did not
 *   persist (queue mode, or its own last run's ledger missing).
 * - Postgres (postgresLedgerStore.ts): exactly once across workers and overlapping runs.
 * Pure: no n8n import.
 */
import {
	StaticDataRuns,
	type StaticDataContext,
	type StaticDataWords,
} from '../../shared/staticDataRuns';
import { FollowUpLedger, type ConfirmationRef } from './followUpLedger';

export type ConfirmOutcome = 'sent' | 'notSent';
export type ConfirmStatus = 'committed' | 'alreadyCommitted' | 'released' | 'notReserved';

/** The ledger of one Plan run. */
export interface PlanLedger {
	/** What the planner reads and reserves in; reservations are held back until `save()`. */
	readonly ledger: FollowUpLedger;
	/** Makes the histories of these identities ("id:…", "email:…") readable; call before planning their customers. */
	load(customerKeys: Iterable<string>): Promise<void>;
	/**
	 * Keeps the reservations made, before any mail can leave. Returns the customer hashes whose
	 * reservation another run took first: their follow-ups must not be sent.
	 */
	save(): Promise<Set<string>>;
	close(): Promise<void>;
}

export interface LedgerStore {
	/** Display name, for messages ("Workflow Static Data", "Postgres"). */
	readonly name: string;
	/** Opens the ledger for planning as of `nowMs`; a dry run reads history and keeps nothing. */
	openPlan(nowMs: number, dryRun: boolean): Promise<PlanLedger>;
	/** Commits (sent) or releases (not sent) what each reference names, at once. */
	confirm(
		refs: readonly ConfirmationRef[],
		outcome: ConfirmOutcome,
		nowMs: number,
	): Promise<ConfirmStatus[]>;
}

/** Applies Confirm Sent's outcome to each reference in `ledger`, in order. */
export function applyConfirmations(
	ledger: FollowUpLedger,
	refs: readonly ConfirmationRef[],
	outcome: ConfirmOutcome,
	nowMs: number,
): ConfirmStatus[] {
	return refs.map((ref) =>
		outcome === 'notSent' ? ledger.release(ref, nowMs) : ledger.commit(ref, nowMs),
	);
}

/** Static data keys next to the ledger: how many production runs have saved it. */
export const RUN_COUNT_KEY = 'socialFunnelCareLedgerRuns';

const LEDGER_WORDS: StaticDataWords = {
	setting: 'Ledger Store',
	kept: 'The follow-up ledger',
	risk: 'send the same follow-ups again',
	switchToPostgres:
		'Set Ledger Store to Postgres (with a Postgres credential), which keeps the ledger exactly once across workers and overlapping runs. Nothing was planned or sent.',
};

/** The ledger in the workflow's static data: for a single n8n instance whose runs never overlap. */
export class StaticDataLedgerStore implements LedgerStore {
	readonly name = 'Workflow Static Data';
	private readonly runs: StaticDataRuns;

	constructor(private readonly staticData: Record<string, unknown>, context: StaticDataContext) {
		this.runs = new StaticDataRuns(staticData, context, RUN_COUNT_KEY, LEDGER_WORDS);
	}

	async openPlan(nowMs: number, dryRun: boolean): Promise<PlanLedger> {
		if (dryRun) return memoryPlan(FollowUpLedger.inMemory(FollowUpLedger.peek(this.staticData)));
		this.runs.guard();
		const ledger = FollowUpLedger.open(this.staticData);
		ledger.sweep(nowMs);
		ledger.deferWrites();
		return {
			ledger,
			load: async () => undefined,
			save: async () => {
				ledger.flush();
				this.runs.countRun();
				return new Set();
			},
			close: async () => undefined,
		};
	}

	async confirm(
		refs: readonly ConfirmationRef[],
		outcome: ConfirmOutcome,
		nowMs: number,
	): Promise<ConfirmStatus[]> {
		this.runs.guard();
		return applyConfirmations(FollowUpLedger.open(this.staticData), refs, outcome, nowMs);
	}
}

/** A plan over an in-memory ledger that keeps nothing (dry runs). */
export function memoryPlan(ledger: FollowUpLedger): PlanLedger {
	return {
		ledger,
		load: async () => undefined,
		save: async () => new Set(),
		close: async () => undefined,
	};
}
