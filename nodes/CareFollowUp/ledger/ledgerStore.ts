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

/** Why a static-data ledger cannot carry the promise here. */
export class LedgerNotKeptError extends Error {
	constructor(message: string, readonly fix: string) {
		super(message);
		this.name = 'LedgerNotKeptError';
	}
}

const SWITCH_TO_POSTGRES =
	'Set Ledger Store to Postgres (with a Postgres credential), which keeps the ledger exactly once across workers and overlapping runs. Nothing was planned or sent.';

/**
 * Per workflow, the run count this process last saved into static data. Lives as long as the
 * n8n process (one number per workflow): it is how a run sees that the ledger an earlier run of
 * this process saved is missing.
 */
const savedRunCounts = new Map<string, number>();

export interface StaticDataContext {
	/** The workflow's id, to tell its runs apart from other workflows'. */
	workflowId: string;
	/** A production execution (activated trigger or webhook), whose static data n8n saves. */
	production: boolean;
	/** n8n runs in queue mode, where a worker never reloads static data between executions (2.x). */
	queueMode: boolean;
}

/** The ledger in the workflow's static data: for a single n8n instance whose runs never overlap. */
export class StaticDataLedgerStore implements LedgerStore {
	readonly name = 'Workflow Static Data';

	constructor(
		private readonly staticData: Record<string, unknown>,
		private readonly context: StaticDataContext,
	) {}

	async openPlan(nowMs: number, dryRun: boolean): Promise<PlanLedger> {
		if (dryRun) return memoryPlan(FollowUpLedger.inMemory(FollowUpLedger.peek(this.staticData)));
		this.guard();
		const ledger = FollowUpLedger.open(this.staticData);
		ledger.sweep(nowMs);
		ledger.deferWrites();
		return {
			ledger,
			load: async () => undefined,
			save: async () => {
				ledger.flush();
				this.countRun();
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
		this.guard();
		return applyConfirmations(FollowUpLedger.open(this.staticData), refs, outcome, nowMs);
	}

	/** Stops a production run where static data cannot carry the ledger, instead of sending again. */
	private guard(): void {
		const { production, queueMode, workflowId } = this.context;
		if (!production) return; // n8n keeps nothing of a manual run anyway
		if (queueMode) {
			throw new LedgerNotKeptError(
				'Ledger Store is Workflow Static Data, but this n8n runs in queue mode, where a worker does not load the static data an earlier execution saved (n8n 2.x), and executions on several workers overlap: every run would send the same follow-ups again',
				SWITCH_TO_POSTGRES,
			);
		}
		const saved = savedRunCounts.get(workflowId);
		const stored = runCount(this.staticData);
		if (saved !== undefined && stored < saved) {
			savedRunCounts.set(workflowId, stored); // said once; the next run goes on with what is stored
			throw new LedgerNotKeptError(
				`The follow-up ledger in this workflow's static data is missing what an earlier run saved (run ${saved}, found ${stored}): another execution of this workflow is still running (runs overlap), or n8n did not save the static data. Planning now would send the same follow-ups again`,
				`Let runs not overlap (schedule them further apart), or ${SWITCH_TO_POSTGRES.charAt(
					0,
				).toLowerCase()}${SWITCH_TO_POSTGRES.slice(1)}`,
			);
		}
	}

	private countRun(): void {
		if (!this.context.production) return;
		const next = runCount(this.staticData) + 1;
		this.staticData[RUN_COUNT_KEY] = next;
		savedRunCounts.set(this.context.workflowId, next);
	}
}

function runCount(staticData: Record<string, unknown>): number {
	const n = staticData[RUN_COUNT_KEY];
	return typeof n === 'number' && Number.isFinite(n) ? n : 0;
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
