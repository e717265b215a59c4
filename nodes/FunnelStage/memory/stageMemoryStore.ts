/**
 * Where stage memory is kept between runs: the workflow's static data (one n8n instance whose runs
 * never overlap) or Postgres (queue mode and overlapping runs), the stores the Care ledger uses.
 * The node reads and keeps memories only through `remember`; leads are keyed by `leadHash`, so no
 * email or id is written. Pure: no n8n import.
 */
import { PostgresState, type PostgresConnection } from '../../shared/postgresState';
import {
	StaticDataRuns,
	type StaticDataContext,
	type StaticDataWords,
} from '../../shared/staticDataRuns';

/** What `decide` returns: its result, and the lines to keep per lead hash (the others stay as they are). */
export interface MemoryDecision<T> {
	result: T;
	keep: Map<string, string>;
}

export interface StageMemoryStore {
	/** Display name, for messages. */
	readonly name: string;
	/**
	 * Reads the memory lines of `hashes` (absent: not in the map), lets `decide` work out the new
	 * ones and keeps them, as one step against other runs: a run that shares leads with this one
	 * waits for it and then reads what it kept, so no move is lost or told twice. `readOnly` keeps
	 * nothing (manual executions). An error of `decide` keeps nothing and comes out as it is.
	 */
	remember<T>(
		hashes: readonly string[],
		readOnly: boolean,
		decide: (stored: Map<string, string>) => MemoryDecision<T>,
	): Promise<T>;
}

/** Static data keys: the memory (lead hash → line) and its run count. */
export const MEMORY_KEY = 'socialFunnelStageMemory';
export const MEMORY_RUN_COUNT_KEY = 'socialFunnelStageMemoryRuns';

const MEMORY_WORDS: StaticDataWords = {
	setting: 'Remember Stages',
	kept: 'The stage memory',
	risk: 'report the same stage changes again, or lose some',
	switchToPostgres:
		'Set Remember Stages to Postgres (with a Postgres credential), which keeps the memory across workers and overlapping runs. No lead was classified.',
};

export class StaticDataStageMemory implements StageMemoryStore {
	readonly name = 'Workflow Static Data';
	private readonly runs: StaticDataRuns;

	constructor(private readonly staticData: Record<string, unknown>, context: StaticDataContext) {
		this.runs = new StaticDataRuns(staticData, context, MEMORY_RUN_COUNT_KEY, MEMORY_WORDS);
	}

	async remember<T>(
		hashes: readonly string[],
		readOnly: boolean,
		decide: (stored: Map<string, string>) => MemoryDecision<T>,
	): Promise<T> {
		if (!readOnly) this.runs.guard();
		const found = this.staticData[MEMORY_KEY];
		const lines: Record<string, string> =
			found && typeof found === 'object' && !Array.isArray(found)
				? (found as Record<string, string>)
				: {};
		const stored = new Map<string, string>();
		for (const h of hashes) {
			const line = Object.prototype.hasOwnProperty.call(lines, h) ? lines[h] : undefined;
			if (typeof line === 'string') stored.set(h, line);
		}
		const { result, keep } = decide(stored);
		if (readOnly) return result;
		if (lines !== found) this.staticData[MEMORY_KEY] = lines;
		for (const [h, line] of keep) lines[h] = line;
		this.runs.countRun();
		return result;
	}
}

export class PostgresStageMemory implements StageMemoryStore {
	readonly name = 'Postgres';

	/** @param memoryName which memory of the database this is (workflows that share it share their leads' stages) */
	constructor(
		private readonly connection: PostgresConnection,
		private readonly memoryName: string,
	) {}

	async remember<T>(
		hashes: readonly string[],
		readOnly: boolean,
		decide: (stored: Map<string, string>) => MemoryDecision<T>,
	): Promise<T> {
		const scope = `stage:${this.memoryName}`;
		const db = await PostgresState.open(this.connection);
		try {
			if (readOnly) {
				const rows = await db.read(scope, hashes, 'reading the stage memory');
				const stored = new Map<string, string>();
				rows.forEach((row, h) => row.value && stored.set(h, row.value));
				return decide(stored).result;
			}
			return await db.update(
				scope,
				hashes,
				(stored) => {
					const { result, keep } = decide(stored);
					const writes = new Map<string, { value: string; diesAtMinute: undefined }>();
					for (const [h, line] of keep)
						if (stored.get(h) !== line) writes.set(h, { value: line, diesAtMinute: undefined });
					return { result, writes };
				},
				'remembering stages',
				{ createMissing: true },
			);
		} finally {
			await db.close();
		}
	}
}
