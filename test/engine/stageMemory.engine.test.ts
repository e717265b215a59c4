/**
 * Stage memory through the Funnel Stage node in n8n's engine: production runs remember each lead's
 * stage and tell a change once (Emit: Only Leads Whose Stage Changed, the rest on Unchanged); manual
 * runs read and keep nothing; Forward Only keeps the highest stage; a lead without a key fails with
 * the field and the fix; ten production executions at once against Postgres tell each move once.
 */
import type { IDataObject } from 'n8n-workflow';
import { MEMORY_KEY } from '../../nodes/FunnelStage/memory/stageMemoryStore';
import { asItems, runWorkflow, singleNodeWorkflow, type EngineRun } from './harness';
import { freshLedgerName, postgresCredential } from '../unit/testPostgres';

const DAY = 86_400_000;
const T0 = Date.parse('2026-03-02T09:00:00.000Z');
const at = (ms: number) => new Date(ms).toISOString();

/** A lead whose behaviour at `nowMs` points to `stage` (events of the documented vocabulary). */
function lead(email: string, stage: 'SEE' | 'THINK' | 'DO', nowMs: number): IDataObject {
	const events =
		stage === 'DO'
			? [{ type: 'add_to_cart', at: at(nowMs - DAY) }]
			: stage === 'THINK'
			? [{ type: 'product_view', at: at(nowMs - DAY) }]
			: [{ type: 'like', at: at(nowMs - 20 * DAY) }];
	return { email, name: email.split('@')[0], events };
}

function funnel(parameters: IDataObject, nowMs: number) {
	return singleNodeWorkflow({
		type: 'n8n-nodes-social-funnel.funnelStage',
		name: 'Funnel Stage',
		parameters: {
			operation: 'classify',
			emit: 'changed',
			options: { referenceTime: at(nowMs) },
			...parameters,
		},
		credentialTypes: parameters.rememberStages === 'postgres' ? ['postgres'] : undefined,
	});
}

const OUT = { SEE: 0, THINK: 1, DO: 2, CARE: 3, Unchanged: 4 } as const;
const emails = (run: EngineRun, output: number) =>
	run.json('Funnel Stage', output).map((j) => j.email as string);
const result = (run: EngineRun, output: number) =>
	run.json('Funnel Stage', output).map((j) => j.funnel as IDataObject);

describe('Funnel Stage remembers stages (Workflow Static Data) in the n8n engine', () => {
	// One workflow's static data through the production runs of these tests, as n8n would keep it.
	let staticData: IDataObject = {};
	it('tells a lead once per change across production runs, with previous stage, since when and days in stage', async () => {
		const run = async (
			leads: IDataObject[],
			nowMs: number,
			mode: 'trigger' | 'manual' = 'trigger',
		) => {
			const r = await runWorkflow(
				{ ...funnel({ rememberStages: 'staticData' }, nowMs), staticData },
				{ mode, pinData: { Trigger: asItems(leads) } },
			);
			expect(r.error).toBeUndefined();
			if (mode === 'trigger') staticData = r.staticData();
			return r;
		};
		const first = await run(
			[lead('ana@example.com', 'THINK', T0), lead('ben@example.com', 'DO', T0)],
			T0,
		);
		expect(emails(first, OUT.THINK)).toEqual(['ana@example.com']);
		expect(emails(first, OUT.DO)).toEqual(['ben@example.com']);
		expect(result(first, OUT.THINK)[0]).toMatchObject({
			transition: 'new',
			previousStage: null,
			stageSince: at(T0),
			daysInStage: 0,
		});
		// The store holds hashes, not the emails.
		expect(JSON.stringify(staticData)).not.toContain('ana@example.com');
		expect(Object.keys((staticData.global as IDataObject)[MEMORY_KEY] as IDataObject)).toHaveLength(
			2,
		);

		// A day later nothing changed: both on Unchanged, still since the first run.
		const t1 = T0 + DAY;
		const second = await run(
			[lead('ana@example.com', 'THINK', t1), lead('ben@example.com', 'DO', t1)],
			t1,
		);
		expect(emails(second, OUT.Unchanged)).toEqual(['ana@example.com', 'ben@example.com']);
		expect(result(second, OUT.Unchanged)[0]).toMatchObject({
			transition: 'same',
			previousStage: 'THINK',
			stageSince: at(T0),
			daysInStage: 1,
		});

		// A manual run sees Ana's move but keeps nothing …
		const t2 = T0 + 3 * DAY;
		const moved = [lead('ana@example.com', 'DO', t2), lead('ben@example.com', 'DO', t2)];
		const manual = await run(moved, t2, 'manual');
		expect(emails(manual, OUT.DO)).toEqual(['ana@example.com']);
		// … so the production run tells it, once.
		const third = await run(moved, t2);
		expect(emails(third, OUT.DO)).toEqual(['ana@example.com']);
		const ana = result(third, OUT.DO)[0];
		expect(ana).toMatchObject({
			transition: 'up',
			previousStage: 'THINK',
			stageSince: at(t2),
			daysInStage: 0,
		});
		expect(ana.reachedAt).toEqual({ THINK: at(T0), DO: at(t2) });
		expect(ana.recentMoves).toEqual([
			{ from: null, to: 'THINK', at: at(T0) },
			{ from: 'THINK', to: 'DO', at: at(t2) },
		]);
		const fourth = await run(moved, t2 + DAY);
		expect(emails(fourth, OUT.DO)).toEqual([]);
		expect(emails(fourth, OUT.Unchanged)).toEqual(['ana@example.com', 'ben@example.com']);
	});

	it('Funnel Report on remembered leads gives the median days between stages', async () => {
		const run = async (leads: IDataObject[], nowMs: number) => {
			const r = await runWorkflow(
				{
					...funnel({ rememberStages: 'staticData', emit: 'all', routing: 'single' }, nowMs),
					staticData,
				},
				{ mode: 'trigger', pinData: { Trigger: asItems(leads) } },
			);
			staticData = r.staticData();
			return r;
		};
		await run([lead('fay@example.com', 'SEE', T0), lead('gus@example.com', 'SEE', T0)], T0);
		await run(
			[
				lead('fay@example.com', 'THINK', T0 + 2 * DAY),
				lead('gus@example.com', 'SEE', T0 + 2 * DAY),
			],
			T0 + 2 * DAY,
		);
		const last = await run(
			[lead('fay@example.com', 'DO', T0 + 3 * DAY), lead('gus@example.com', 'THINK', T0 + 6 * DAY)],
			T0 + 6 * DAY,
		);
		const report = await runWorkflow(
			singleNodeWorkflow({
				type: 'n8n-nodes-social-funnel.funnelStage',
				name: 'Funnel Report',
				parameters: { operation: 'report', options: { referenceTime: at(T0 + 6 * DAY) } },
			}),
			{ pinData: { Trigger: asItems(last.json('Funnel Stage', 0)) } },
		);
		expect(report.error).toBeUndefined();
		const [out] = report.json('Funnel Report');
		expect((out.report as IDataObject).stageTimes).toMatchObject({
			leadsWithMemory: 2,
			steps: [
				{ from: 'SEE', to: 'THINK', medianDays: 4, leads: 2 }, // Fay 2 days, Gus 6: median 4
				{ from: 'THINK', to: 'DO', medianDays: 4, leads: 1 },
				{ from: 'DO', to: 'CARE', medianDays: null, leads: 0 },
			],
		});
		expect(out.summary).toMatch(
			/Median days between stages: SEE→THINK 4 \(2\), THINK→DO 4 \(1\)\.$/,
		);
	});

	it('Forward Only: a lead whose evidence falls back keeps its highest stage and says so', async () => {
		const params = { rememberStages: 'staticData', stageMoves: 'forwardOnly' };
		const first = await runWorkflow(
			{ ...funnel(params, T0), staticData },
			{ mode: 'trigger', pinData: { Trigger: asItems([lead('cem@example.com', 'DO', T0)]) } },
		);
		staticData = first.staticData();
		const later = T0 + 40 * DAY;
		const back = await runWorkflow(
			{ ...funnel(params, later), staticData },
			{ mode: 'trigger', pinData: { Trigger: asItems([lead('cem@example.com', 'SEE', later)]) } },
		);
		const [cem] = result(back, OUT.Unchanged);
		expect(cem).toMatchObject({ stage: 'DO', transition: 'same', highestStage: 'DO' });
		expect((cem.notes as string[]).join(' ')).toMatch(
			/behaviour now points to SEE; the lead stays at DO/,
		);
		// Both Ways, the same lead moves down.
		staticData = back.staticData();
		const bothWays = await runWorkflow(
			{ ...funnel({ rememberStages: 'staticData' }, later), staticData },
			{ mode: 'trigger', pinData: { Trigger: asItems([lead('cem@example.com', 'SEE', later)]) } },
		);
		expect(result(bothWays, OUT.SEE)[0]).toMatchObject({
			stage: 'SEE',
			transition: 'down',
			previousStage: 'DO',
			highestStage: 'DO',
		});
	});

	it('a lead without email or ID fails with the item, the field and the fix; with Continue On Fail it leaves as an error item', async () => {
		const leads = [lead('dina@example.com', 'THINK', T0), { name: 'No one', events: [] }];
		const failing = await runWorkflow(funnel({ rememberStages: 'staticData' }, T0), {
			mode: 'manual',
			pinData: { Trigger: asItems(leads) },
		});
		expect(failing.error?.message).toMatch(
			/Field "Lead Key" is empty, and the item has no email, customer ID or contact ID/,
		);
		expect(failing.error?.message).toMatch(/No one/);
		const wf = funnel({ rememberStages: 'staticData' }, T0);
		wf.nodes[1].continueOnFail = true;
		const going = await runWorkflow(wf, { mode: 'manual', pinData: { Trigger: asItems(leads) } });
		expect(emails(going, OUT.THINK)).toEqual(['dina@example.com']);
		expect(going.json('Funnel Stage', 0).map((j) => j.name)).toEqual(['No one']);
		expect(going.json('Funnel Stage', 0)[0].errorFix).toMatch(/map Lead Key/);
	});

	it('a sub-workflow run (called by a production one) keeps the memory; a manual run does not', async () => {
		const leads = [lead('hal@example.com', 'DO', T0)];
		const manual = await runWorkflow(funnel({ rememberStages: 'staticData' }, T0), {
			mode: 'manual',
			pinData: { Trigger: asItems(leads) },
		});
		expect(manual.staticData()).toEqual({ global: {} });
		const before = Object.keys(
			(staticData.global as IDataObject)[MEMORY_KEY] as IDataObject,
		).length;
		const called = await runWorkflow(
			{ ...funnel({ rememberStages: 'staticData' }, T0), staticData },
			{ mode: 'integrated', pinData: { Trigger: asItems(leads) } },
		);
		expect(called.error).toBeUndefined();
		staticData = called.staticData();
		expect(Object.keys((staticData.global as IDataObject)[MEMORY_KEY] as IDataObject)).toHaveLength(
			before + 1,
		);
		// A stale stage field in the item does not override the memory: Hal is DO in memory and in
		// behaviour, so he is unchanged although the item says THINK.
		const stale = await runWorkflow(
			{ ...funnel({ rememberStages: 'staticData' }, T0 + DAY), staticData },
			{
				mode: 'trigger',
				pinData: {
					Trigger: asItems([
						{ ...lead('hal@example.com', 'DO', T0 + DAY), previousStage: 'THINK' },
					]),
				},
			},
		);
		staticData = stale.staticData();
		expect(emails(stale, OUT.Unchanged)).toEqual(['hal@example.com']);
		expect(result(stale, OUT.Unchanged)[0]).toMatchObject({
			previousStage: 'DO',
			transition: 'same',
		});
	});

	it('stops a production run in queue mode instead of telling every change again', async () => {
		const before = process.env.EXECUTIONS_MODE;
		process.env.EXECUTIONS_MODE = 'queue';
		try {
			const r = await runWorkflow(funnel({ rememberStages: 'staticData' }, T0), {
				mode: 'trigger',
				pinData: { Trigger: asItems([lead('eva@example.com', 'DO', T0)]) },
			});
			expect(r.error?.message).toMatch(
				/Remember Stages is Workflow Static Data, but this n8n runs in queue mode/,
			);
			expect(String((r.error as { description?: string }).description)).toMatch(
				/Set Remember Stages to Postgres/,
			);
		} finally {
			if (before === undefined) delete process.env.EXECUTIONS_MODE;
			else process.env.EXECUTIONS_MODE = before;
		}
	});
});

describe('Funnel Stage remembers stages in Postgres in the n8n engine', () => {
	it('ten production executions at once on the same 200 leads: each new lead and each move is told exactly once', async () => {
		const params = {
			rememberStages: 'postgres',
			memoryName: freshLedgerName('memory'),
			tablePrefix: 'sf_engine_',
		};
		const people = Array.from({ length: 200 }, (_, i) => `lead${i}@example.com`);
		const parallel = async (stage: 'THINK' | 'DO', nowMs: number) => {
			const runs = await Promise.all(
				Array.from({ length: 10 }, () =>
					runWorkflow(funnel(params, nowMs), {
						mode: 'trigger',
						pinData: { Trigger: asItems(people.map((p) => lead(p, stage, nowMs))) },
						credentials: { postgres: postgresCredential() },
					}),
				),
			);
			for (const r of runs) expect(r.error).toBeUndefined();
			// Every lead left every run exactly once.
			for (const r of runs) expect(r.outputs('Funnel Stage').flat()).toHaveLength(200);
			return runs;
		};
		const told = (runs: EngineRun[], output: number) =>
			runs.flatMap((r) => emails(r, output)).sort();
		const first = await parallel('THINK', T0);
		expect(told(first, OUT.THINK)).toEqual([...people].sort());
		expect(told(first, OUT.Unchanged)).toHaveLength(9 * 200);
		const second = await parallel('DO', T0 + DAY);
		expect(told(second, OUT.DO)).toEqual([...people].sort());
		const moves = second.flatMap((r) => result(r, OUT.DO));
		expect(moves.every((m) => m.transition === 'up' && m.previousStage === 'THINK')).toBe(true);
		expect(told(second, OUT.Unchanged)).toHaveLength(9 * 200);
	});
});
