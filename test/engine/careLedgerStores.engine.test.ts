/**
 * The ledger stores through the Care Follow-Up node in n8n's engine: ten production executions at
 * once against the Postgres store reserve each follow-up exactly once; the static-data store stops
 * a production run where static data cannot carry the ledger (queue mode, a lost save, overlapping
 * runs) instead of sending again; a static-data ledger is carried into Postgres on first use.
 */
import type { IDataObject } from 'n8n-workflow';
import { LEDGER_KEY } from '../../nodes/CareFollowUp/ledger/followUpLedger';
import { withSendAndConfirm } from './careWorkflows';
import { asItems, runWorkflow, singleNodeWorkflow, type WorkflowJson } from './harness';
import { freshLedgerName, postgresCredential } from '../unit/testPostgres';

const NOW = '2026-03-16T12:00:00.000Z';
const daysAgo = (d: number) => new Date(Date.parse(NOW) - d * 86_400_000).toISOString();

/** Shopify-style orders of `count` customers, each delivered 5 days ago, with consent: each is due a review request. */
const orders = (count: number) =>
	Array.from({ length: count }, (_, i) => ({
		id: 5000 + i,
		created_at: daysAgo(9),
		delivered_at: daysAgo(5),
		total_price: '30',
		email: `buyer${i}@example.com`,
		customer: { id: 700 + i },
		marketing_consent: true,
		line_items: [{ sku: 'MUG', title: 'Mug', price: 30 }],
	}));

/** Plan → a stand-in for the email node → Confirm Sent, both Care nodes on the ledger store `ledger` names. */
function planSendConfirm(ledger: IDataObject): WorkflowJson {
	const postgres = ledger.ledgerStore === 'postgres';
	const wf = singleNodeWorkflow({
		type: 'n8n-nodes-social-funnel.careFollowUp',
		name: 'Care Follow-Up',
		parameters: {
			operation: 'plan',
			inputType: 'orders',
			followUps: ['reviewRequest'],
			options: { referenceTime: NOW, timeZone: 'Europe/Berlin' },
			...ledger,
		},
		credentialTypes: postgres ? ['postgres'] : undefined,
	});
	return withSendAndConfirm(wf, ledger, postgres ? 'postgres' : undefined);
}

const credentials = () => ({ postgres: postgresCredential() });

describe('Care Follow-Up with the Postgres ledger store in the n8n engine', () => {
	it('ten production executions at once: every follow-up is reserved and confirmed exactly once', async () => {
		const wf = planSendConfirm({
			ledgerStore: 'postgres',
			ledgerName: freshLedgerName('parallel'),
			tablePrefix: 'sf_engine_',
		});
		const batch = orders(30);
		const runs = await Promise.all(
			Array.from({ length: 10 }, () =>
				runWorkflow(wf, {
					mode: 'trigger',
					pinData: { Trigger: asItems(batch) },
					credentials: credentials(),
				}),
			),
		);
		for (const run of runs) expect(run.error).toBeUndefined();
		const sent = runs.flatMap((run) =>
			run
				.allRuns('Confirm Sent')
				.map((j) => [j.sentTo, (j.followUpConfirmation as IDataObject).status]),
		);
		expect(sent.map(([to]) => to).sort()).toEqual(batch.map((o) => o.email).sort());
		expect(sent.every(([, status]) => status === 'committed')).toBe(true);
		// Every customer left each run on exactly one output; the losers of a race say why.
		for (const run of runs) {
			const outputs = run.outputs('Care Follow-Up');
			expect(outputs.flat()).toHaveLength(30);
		}
		const reasons = runs.flatMap((run) =>
			run.json('Care Follow-Up', 5).map((j) => (j.followUp as IDataObject).reason as string),
		);
		expect(reasons).toHaveLength(9 * 30);
		for (const reason of reasons)
			expect(reason).toMatch(
				/^being planned by another run|^nothing due now|^review request for order \d+ was reserved/,
			);

		const again = await runWorkflow(wf, {
			mode: 'trigger',
			pinData: { Trigger: asItems(batch) },
			credentials: credentials(),
		});
		expect(again.outputs('Care Follow-Up')[0]).toEqual([]);
	});

	it('a static-data ledger is carried into Postgres on first use, nothing planned again, and static data keeps only a note', async () => {
		const staticWf = planSendConfirm({});
		const batch = orders(5);
		const first = await runWorkflow(staticWf, { pinData: { Trigger: asItems(batch) } });
		expect(first.allRuns('Confirm Sent')).toHaveLength(5);
		const staticData = first.staticData();
		expect((staticData.global as IDataObject)[LEDGER_KEY]).toBeDefined();
		const pgWf = {
			...planSendConfirm({
				ledgerStore: 'postgres',
				ledgerName: freshLedgerName('carry'),
				tablePrefix: 'sf_engine_',
			}),
			staticData,
		};
		const moved = await runWorkflow(pgWf, {
			pinData: { Trigger: asItems(batch) },
			credentials: credentials(),
		});
		expect(moved.error).toBeUndefined();
		expect(moved.outputs('Care Follow-Up')[0]).toEqual([]);
		const after = moved.staticData().global as IDataObject;
		expect(after[LEDGER_KEY]).toBeUndefined();
		expect(after.socialFunnelCareLedgerCarriedOver).toMatchObject({ to: 'postgres', customers: 5 });
	});

	it('a Postgres credential with a wrong password fails Plan with the store named and the fix, without the password', async () => {
		const wf = planSendConfirm({
			ledgerStore: 'postgres',
			ledgerName: freshLedgerName('pw'),
			tablePrefix: 'sf_engine_',
		});
		const leakProbe = 'not-the-password-31337';
		const run = await runWorkflow(wf, {
			mode: 'trigger',
			pinData: { Trigger: asItems(orders(2)) },
			credentials: { postgres: { ...postgresCredential(), password: leakProbe } },
		});
		expect(run.error?.message).toMatch(
			/^The Postgres ledger store refused the login of user "postgres"/,
		);
		expect((run.error as { description?: string }).description).toMatch(
			/Check User and Password in the Postgres credential/,
		);
		expect(JSON.stringify(run.run)).not.toContain(leakProbe);
	});
});

describe('Care Follow-Up with the Workflow Static Data store: stops instead of sending again', () => {
	const original = process.env.EXECUTIONS_MODE;
	afterEach(() => {
		if (original === undefined) delete process.env.EXECUTIONS_MODE;
		else process.env.EXECUTIONS_MODE = original;
	});

	it('in queue mode a production run stops with a message that says to switch to Postgres; a manual or dry run still plans', async () => {
		process.env.EXECUTIONS_MODE = 'queue';
		const wf = planSendConfirm({});
		const run = await runWorkflow(wf, {
			mode: 'trigger',
			pinData: { Trigger: asItems(orders(3)) },
		});
		expect(run.error?.message).toMatch(
			/^Ledger Store is Workflow Static Data, but this n8n runs in queue mode/,
		);
		expect((run.error as { description?: string }).description).toMatch(
			/^Set Ledger Store to Postgres/,
		);
		expect(run.run.data.resultData.runData.Send).toBeUndefined();
		const manual = await runWorkflow(wf, { pinData: { Trigger: asItems(orders(3)) } });
		expect(manual.allRuns('Confirm Sent')).toHaveLength(3);
		const dry = await runWorkflow(
			singleNodeWorkflow({
				type: 'n8n-nodes-social-funnel.careFollowUp',
				name: 'Care Follow-Up',
				parameters: {
					operation: 'plan',
					dryRun: true,
					options: { referenceTime: NOW, timeZone: 'Europe/Berlin' },
				},
			}),
			{ mode: 'trigger', pinData: { Trigger: asItems(orders(3)) } },
		);
		expect(dry.error).toBeUndefined();
		expect(dry.outputs('Care Follow-Up')[0]).toHaveLength(3);
	});

	it('a production run that finds the ledger an earlier run of this process saved missing (runs overlap, or it was not saved) stops once', async () => {
		const wf = planSendConfirm({});
		const batch = orders(3);
		const first = await runWorkflow(wf, { mode: 'trigger', pinData: { Trigger: asItems(batch) } });
		expect(first.allRuns('Confirm Sent')).toHaveLength(3);
		const kept = first.staticData();
		const copy = () => JSON.parse(JSON.stringify(kept)) as IDataObject;
		// Sequential runs that see what the last one saved go on.
		const second = await runWorkflow(
			{ ...wf, staticData: copy() },
			{ mode: 'trigger', pinData: { Trigger: asItems(batch) } },
		);
		expect(second.error).toBeUndefined();
		expect(second.outputs('Care Follow-Up')[0]).toEqual([]);
		// A run that starts from static data without the last save (as a worker that never reloads it, or a run that overlaps) would send again: it stops.
		const lost = await runWorkflow(
			{ ...wf, staticData: copy() },
			{ mode: 'trigger', pinData: { Trigger: asItems(batch) } },
		);
		expect(lost.error?.message).toMatch(
			/^The follow-up ledger in this workflow's static data is missing what an earlier run saved \(run 2, found 1\)/,
		);
		expect(lost.run.data.resultData.runData.Send).toBeUndefined();
		// Said once: the next run goes on with what is stored.
		const next = await runWorkflow(
			{ ...wf, staticData: second.staticData() },
			{ mode: 'trigger', pinData: { Trigger: asItems(batch) } },
		);
		expect(next.error).toBeUndefined();
	});
});
