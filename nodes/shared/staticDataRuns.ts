/**
 * When workflow static data can carry state between runs, and when it cannot. n8n saves static
 * data only when a production execution ends, with no lock, and in queue mode (2.x) a worker never
 * loads what an earlier execution saved. A store kept there (the Care ledger, the stage memory)
 * counts its production runs in the static data and remembers, per workflow and process, the count
 * it last saved: a run that finds fewer knows an overlapping run or a lost save took its state.
 * Pure: no n8n import.
 */

export interface StaticDataContext {
	/** The workflow's id, to tell its runs apart from other workflows'. */
	workflowId: string;
	/** A production execution (activated trigger or webhook), whose static data n8n saves. */
	production: boolean;
	/** n8n runs in queue mode, where a worker never reloads static data between executions (2.x). */
	queueMode: boolean;
}

/** What a store says when static data cannot carry it. */
export interface StaticDataWords {
	/** The parameter that chose static data, e.g. "Ledger Store". */
	setting: string;
	/** What is kept, e.g. "The follow-up ledger". */
	kept: string;
	/** What would go wrong, e.g. "send the same follow-ups again". */
	risk: string;
	/** The fix, a whole sentence starting with a capital, e.g. "Set Ledger Store to Postgres …". */
	switchToPostgres: string;
}

/** Why static data cannot carry the store here. */
export class StaticDataNotKeptError extends Error {
	constructor(message: string, readonly fix: string) {
		super(message);
		this.name = 'StaticDataNotKeptError';
	}
}

/**
 * Per run-count key and workflow, the run count this process last saved into static data. Lives
 * as long as the n8n process (one number per workflow and store).
 */
const savedRunCounts = new Map<string, number>();

export class StaticDataRuns {
	private readonly memoryKey: string;

	/** @param runCountKey the static-data key that counts this store's production runs */
	constructor(
		private readonly staticData: Record<string, unknown>,
		private readonly context: StaticDataContext,
		private readonly runCountKey: string,
		private readonly words: StaticDataWords,
	) {
		this.memoryKey = `${runCountKey}\n${context.workflowId}`;
	}

	/** Stops a production run where static data cannot carry the store. */
	guard(): void {
		const { production, queueMode } = this.context;
		const { setting, kept, risk, switchToPostgres } = this.words;
		if (!production) return; // n8n keeps nothing of a manual run anyway
		if (queueMode) {
			throw new StaticDataNotKeptError(
				`${setting} is Workflow Static Data, but this n8n runs in queue mode, where a worker does not load the static data an earlier execution saved (n8n 2.x), and executions on several workers overlap: every run would ${risk}`,
				switchToPostgres,
			);
		}
		const saved = savedRunCounts.get(this.memoryKey);
		const stored = this.runCount();
		if (saved !== undefined && stored < saved) {
			savedRunCounts.set(this.memoryKey, stored); // said once; the next run goes on with what is stored
			throw new StaticDataNotKeptError(
				`${kept} in this workflow's static data is missing what an earlier run saved (run ${saved}, found ${stored}): another execution of this workflow is still running (runs overlap), or n8n did not save the static data. Going on now would ${risk}`,
				`Let runs not overlap (schedule them further apart), or ${switchToPostgres
					.charAt(0)
					.toLowerCase()}${switchToPostgres.slice(1)}`,
			);
		}
	}

	/** Counts a production run that changed the store (call when its changes are in the static data). */
	countRun(): void {
		if (!this.context.production) return;
		const next = this.runCount() + 1;
		this.staticData[this.runCountKey] = next;
		savedRunCounts.set(this.memoryKey, next);
	}

	private runCount(): number {
		const n = this.staticData[this.runCountKey];
		return typeof n === 'number' && Number.isFinite(n) ? n : 0;
	}
}
