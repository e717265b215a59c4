/** The stage-memory stores: static data, and Postgres under runs that overlap (a real server, see test/postgres-setup.js). */
import {
	MEMORY_KEY,
	MEMORY_RUN_COUNT_KEY,
	PostgresStageMemory,
	StaticDataStageMemory,
} from '../../nodes/FunnelStage/memory/stageMemoryStore';
import { freshLedgerName, testConnection } from './testPostgres';

const production = { workflowId: 'wf-memory-unit', production: true, queueMode: false };

describe('StaticDataStageMemory', () => {
	it('keeps what decide returns, counts the run, and reads it back', async () => {
		const staticData: Record<string, unknown> = {};
		const store = new StaticDataStageMemory(staticData, production);
		const seen = await store.remember(['a', 'b'], false, (stored) => ({
			result: stored.size,
			keep: new Map([['a', 'line-a']]),
		}));
		expect(seen).toBe(0);
		expect(staticData[MEMORY_KEY]).toEqual({ a: 'line-a' });
		expect(staticData[MEMORY_RUN_COUNT_KEY]).toBe(1);
		const again = await store.remember(['a', 'b'], false, (stored) => ({
			result: [...stored],
			keep: new Map(),
		}));
		expect(again).toEqual([['a', 'line-a']]);
	});

	it('read-only keeps nothing and does not count', async () => {
		const staticData: Record<string, unknown> = {};
		await new StaticDataStageMemory(staticData, { ...production, workflowId: 'wf-ro' }).remember(
			['a'],
			true,
			() => ({
				result: 0,
				keep: new Map([['a', 'x']]),
			}),
		);
		expect(staticData).toEqual({});
	});

	it('refuses a production run whose static data lost what this process saved (overlapping runs)', async () => {
		const ctx = { ...production, workflowId: 'wf-lost' };
		await new StaticDataStageMemory({}, ctx).remember(['a'], false, () => ({
			result: 0,
			keep: new Map([['a', 'x']]),
		}));
		await expect(
			new StaticDataStageMemory({}, ctx).remember(['a'], false, () => ({
				result: 0,
				keep: new Map(),
			})),
		).rejects.toThrow(
			/stage memory in this workflow's static data is missing what an earlier run saved \(run 1, found 0\)/,
		);
	});
});

describe('PostgresStageMemory', () => {
	it('ten runs at once on the same 2,000 new leads: each lead is new to exactly one run', async () => {
		const name = freshLedgerName('memory-race');
		const hashes = Array.from({ length: 2000 }, (_, i) => `h${i}`);
		const newTo = new Map<string, number>();
		await Promise.all(
			Array.from({ length: 10 }, (_, run) =>
				new PostgresStageMemory(testConnection(), name).remember(hashes, false, (stored) => {
					const keep = new Map<string, string>();
					for (const h of hashes)
						if (!stored.has(h)) {
							newTo.set(h, (newTo.get(h) ?? 0) + 1);
							keep.set(h, `seen by run ${run}`);
						}
					return { result: undefined, keep };
				}),
			),
		);
		expect(newTo.size).toBe(2000);
		expect([...newTo.values()].every((n) => n === 1)).toBe(true);
	});

	it('an error in decide rolls back and comes out as it is; read-only keeps nothing', async () => {
		const name = freshLedgerName('memory-rollback');
		const store = new PostgresStageMemory(testConnection(), name);
		await expect(
			store.remember(['a'], false, () => {
				throw new Error('bad lead');
			}),
		).rejects.toThrow('bad lead');
		await store.remember(['a'], true, () => ({ result: 0, keep: new Map([['a', 'x']]) }));
		const after = await store.remember(['a'], true, (stored) => ({
			result: stored.size,
			keep: new Map(),
		}));
		expect(after).toBe(0);
	});
});
