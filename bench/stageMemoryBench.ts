/**
 * `BENCH_ONLY=memory npm run bench`: Funnel Stage with Remember Stages on 100,000 leads through n8n's
 * engine, per store (Workflow Static Data; Postgres on loopback from scripts/services.mjs), beside
 * the same node with memory off. Per round, three production runs: the first (memory empty: every
 * lead new), the same leads again (every lead unchanged), and ten days later (some leads moved).
 * Prints the times, the leads told per run (they must match between the stores) and the memory's
 * size. A benchmark, not a test.
 */
import type { IDataObject } from 'n8n-workflow';
import { MEMORY_KEY, MEMORY_RUN_COUNT_KEY } from '../nodes/FunnelStage/memory/stageMemoryStore';
import { PostgresState } from '../nodes/shared/postgresState';
import { asItems, runWorkflow, singleNodeWorkflow, type EngineRun } from '../test/engine/harness';
import { connectionFor, postgresCredentialFor } from '../test/unit/testPostgres';
import { startBenchPostgres } from './careBench';
import { BENCH_NOW, syntheticLeads } from './syntheticLeads';

const DAY = 86_400_000;
const ms = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e6;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const collect = () => (globalThis as { gc?: () => void }).gc?.();

function workflow(nowMs: number, memory: IDataObject) {
	return singleNodeWorkflow({
		type: 'n8n-nodes-social-funnel.funnelStage',
		name: 'Funnel Stage',
		parameters: {
			operation: 'classify',
			emit: 'changed',
			options: { referenceTime: new Date(nowMs).toISOString() },
			...memory,
		},
		credentialTypes: memory.rememberStages === 'postgres' ? ['postgres'] : undefined,
	});
}

/** Leads told (on a stage output) and left on Unchanged. */
function told(run: EngineRun): [number, number] {
	const outs = run.outputs('Funnel Stage');
	return [outs.slice(0, 4).reduce((n, o) => n + o.length, 0), outs[4]?.length ?? 0];
}

export async function benchStageMemory(rounds: number, count: number): Promise<void> {
	const items = asItems(syntheticLeads(count));
	const later = BENCH_NOW + 10 * DAY;
	const pg = await startBenchPostgres();
	const credential = postgresCredentialFor(pg);
	const times: Record<string, number[]> = {};
	const add = (k: string, v: number) => (times[k] ??= []).push(v);
	const tells: Record<string, string> = {};
	let staticBytes = 0;
	let staticData: IDataObject = {};
	try {
		for (let r = 0; r < rounds; r++) {
			// Memory off, the floor of this node.
			collect();
			const start = process.hrtime.bigint();
			await runWorkflow(workflow(BENCH_NOW, {}), { mode: 'trigger', pinData: { Trigger: items } });
			add('off', ms(start));

			// Workflow Static Data: the memory travels in the static data from run to run, as n8n keeps it.
			// Each round starts with an empty memory, keeping the run count (the store's guard against a lost save).
			const kept = (staticData.global ?? {}) as IDataObject;
			staticData = { global: { [MEMORY_RUN_COUNT_KEY]: kept[MEMORY_RUN_COUNT_KEY] ?? 0 } };
			const staticRun = async (nowMs: number, label: string) => {
				collect();
				const s = process.hrtime.bigint();
				const run = await runWorkflow(
					{ ...workflow(nowMs, { rememberStages: 'staticData' }), staticData },
					{ mode: 'trigger', pinData: { Trigger: items } },
				);
				add(`static ${label}`, ms(s));
				if (run.error) throw run.error;
				tells[`static ${label}`] = told(run).join(' told / ') + ' unchanged';
				staticData = run.staticData();
			};
			await staticRun(BENCH_NOW, 'first');
			await staticRun(BENCH_NOW, 'again');
			await staticRun(later, '10 days later');
			staticBytes = JSON.stringify((staticData.global as IDataObject)[MEMORY_KEY]).length;

			// Postgres: a fresh memory per round.
			const memory = {
				rememberStages: 'postgres',
				memoryName: `bench-${r}`,
				tablePrefix: 'bench_',
			};
			const pgRun = async (nowMs: number, label: string) => {
				collect();
				const s = process.hrtime.bigint();
				const run = await runWorkflow(workflow(nowMs, memory), {
					mode: 'trigger',
					pinData: { Trigger: items },
					credentials: { postgres: credential },
				});
				add(`postgres ${label}`, ms(s));
				if (run.error) throw run.error;
				tells[`postgres ${label}`] = told(run).join(' told / ') + ' unchanged';
			};
			await pgRun(BENCH_NOW, 'first');
			await pgRun(BENCH_NOW, 'again');
			await pgRun(later, '10 days later');
		}
		const db = await PostgresState.open(connectionFor(pg, 'bench_'));
		const size = await db.size('stage:bench-0');
		await db.close();
		console.log(
			`\nStage memory, ${count.toLocaleString('en')} leads, ${rounds} rounds (median ms per run):`,
		);
		for (const [k, v] of Object.entries(times))
			console.log(
				`  ${k.padEnd(28)} ${median(v).toFixed(0).padStart(7)} ms  (runs ${v
					.map((x) => x.toFixed(0))
					.join(', ')})${tells[k] ? `  ${tells[k]}` : ''}`,
			);
		console.log(
			`  static data: ${(staticBytes / count).toFixed(
				1,
			)} bytes per lead in the workflow's static data (${(staticBytes / 2 ** 20).toFixed(1)} MiB)`,
		);
		console.log(
			`  Postgres: ${size.rows.toLocaleString('en')} rows; table with index ${(
				size.tableBytes /
				2 ** 20
			).toFixed(1)} MiB for ${rounds} memories`,
		);
	} finally {
		await pg.stop();
	}
}
