/**
 * The Postgres ledger store against a real PostgreSQL (started by jest's global setup): tables
 * and schema version on first use, compare-and-set reservations between concurrent runs, Confirm
 * Sent and Not Sent at once, the sweep, carrying a static-data ledger over, and every fault with
 * a message that names the store and the fix and never the password.
 */
import { Client } from 'pg';
import {
	FollowUpLedger,
	customerHash,
	parseConfirmationRef,
	type StoredLedger,
} from '../../nodes/CareFollowUp/ledger/followUpLedger';
import type { PlanLedger } from '../../nodes/CareFollowUp/ledger/ledgerStore';
import { PostgresLedgerStore } from '../../nodes/CareFollowUp/ledger/postgresLedgerStore';
import { planCustomer, type PlannedFollowUp } from '../../nodes/CareFollowUp/rules/planner';
import type { Customer } from '../../nodes/CareFollowUp/input/customer';
import { StateStoreError, type PostgresConnection } from '../../nodes/shared/postgresState';
import { context, customer, NOW, order } from './careFixtures';
import { freshLedgerName, testConnection, testPostgres } from './testPostgres';

async function sql<T = Record<string, unknown>>(
	text: string,
	values: unknown[] = [],
): Promise<T[]> {
	const pg = testPostgres();
	const client = new Client({
		host: pg.host,
		port: pg.port,
		user: pg.user,
		password: pg.password,
		database: pg.database,
	});
	await client.connect();
	try {
		return (await client.query(text, values)).rows as T[];
	} finally {
		await client.end();
	}
}

const ana = () => customer([order('1001', 10, { deliveredAt: NOW - 5 * 86_400_000 })]);

/** Plans customers in one run of a store, as the node does: load, plan, save. */
async function planRun(
	plan: PlanLedger,
	people: Customer[],
	now = NOW,
): Promise<{ planned: PlannedFollowUp[]; refused: Set<string> }> {
	await plan.load(people.flatMap((c) => [c.key, ...(c.otherKeys ?? [])]));
	const ctx = context({}, { ledger: plan.ledger });
	const planned = people.map((c) => planCustomer(c, ctx, now));
	const refused = await plan.save();
	await plan.close();
	return { planned, refused };
}

async function expectStoreError(
	work: Promise<unknown>,
	message: RegExp,
	leakProbe?: string,
): Promise<StateStoreError> {
	let caught: unknown;
	try {
		await work;
	} catch (error) {
		caught = error;
	}
	expect(caught).toBeInstanceOf(StateStoreError);
	const e = caught as StateStoreError;
	expect(e.message).toMatch(message);
	expect(e.fix).toMatch(/Nothing was reserved or sent|Nothing was planned or sent/);
	if (leakProbe) expect(`${e.message} ${e.fix} ${e.stack}`).not.toContain(leakProbe);
	return e;
}

describe('Postgres ledger store', () => {
	it('creates its tables on first use under the table prefix, with a schema version, and refuses a newer schema', async () => {
		const prefix = 'sf_schema_a_';
		const store = new PostgresLedgerStore(
			testConnection({ tablePrefix: prefix }),
			freshLedgerName('schema'),
		);
		await (await store.openPlan(NOW, false)).close();
		const tables = await sql<{ t: string }>(
			`SELECT tablename AS t FROM pg_tables WHERE tablename LIKE 'sf_schema_a_%' ORDER BY 1`,
		);
		expect(tables.map((r) => r.t)).toEqual(['sf_schema_a_meta', 'sf_schema_a_state']);
		expect(await sql(`SELECT value FROM sf_schema_a_meta WHERE name = 'schema_version'`)).toEqual([
			{ value: '1' },
		]);
		await sql(`UPDATE sf_schema_a_meta SET value = '99' WHERE name = 'schema_version'`);
		await expectStoreError(
			store.openPlan(NOW, false),
			/schema version 99, newer than this version of the package understands \(1\)/,
		);
	});

	it('reserves, confirms and never plans a confirmed follow-up again', async () => {
		const store = new PostgresLedgerStore(testConnection(), freshLedgerName('confirm'));
		const first = await planRun(await store.openPlan(NOW, false), [ana()]);
		expect(first.planned[0].action).toBe('reviewRequest');
		expect(first.refused.size).toBe(0);
		// Reserved: a second run does not plan it again.
		const second = await planRun(await store.openPlan(NOW + 60_000, false), [ana()]);
		expect(second.planned[0].action).toBe('notNow');
		const ref = parseConfirmationRef(first.planned[0].ref!)!;
		expect(await store.confirm([ref], 'sent', NOW + 120_000)).toEqual(['committed']);
		expect(await store.confirm([ref], 'sent', NOW + 180_000)).toEqual(['alreadyCommitted']);
		// Long after the reservation would have expired: committed, never again.
		const later = await planRun(
			await store.openPlan(NOW + 5 * 86_400_000, false),
			[ana()],
			NOW + 5 * 86_400_000,
		);
		expect(later.planned[0].action).toBe('notNow');
		expect(later.planned[0].notDue?.map((n) => n.action)).toContain('reviewRequest');
	});

	it('Not Sent releases a reservation at once, so the next run plans the follow-up again', async () => {
		const store = new PostgresLedgerStore(testConnection(), freshLedgerName('release'));
		const first = await planRun(await store.openPlan(NOW, false), [ana()]);
		const ref = parseConfirmationRef(first.planned[0].ref!)!;
		expect(await store.confirm([ref], 'notSent', NOW + 60_000)).toEqual(['released']);
		expect(await store.confirm([ref], 'notSent', NOW + 60_000)).toEqual(['notReserved']);
		const again = await planRun(await store.openPlan(NOW + 120_000, false), [ana()]);
		expect(again.planned[0].action).toBe('reviewRequest');
	});

	it('two runs planning one customer at the same moment: one reserves, the other is refused', async () => {
		const store = new PostgresLedgerStore(testConnection(), freshLedgerName('race'));
		const a = await store.openPlan(NOW, false);
		const b = await store.openPlan(NOW, false);
		// Both read the customer before either writes.
		await a.load([ana().key]);
		await b.load([ana().key]);
		const [ra, rb] = await Promise.all([planRun(a, [ana()]), planRun(b, [ana()])]);
		const refused = [ra.refused.size, rb.refused.size].sort();
		expect(refused).toEqual([0, 1]);
		const winner = ra.refused.size ? rb : ra;
		expect(winner.planned[0].action).toBe('reviewRequest');
		const rows = await sql<{ value: string }>(
			`SELECT value FROM sf_test_state WHERE scope = $1 AND key = $2`,
			[`care:${(store as unknown as { ledgerName: string }).ledgerName}`, customerHash('id:c1')],
		);
		expect(rows[0].value.split(',').filter((e) => e[6] === '~')).toHaveLength(1);
	});

	it('a reservation under the email (a guest order) blocks a run that reads the same person under the customer id', async () => {
		const store = new PostgresLedgerStore(testConnection(), freshLedgerName('identity'));
		const guest = customer([order('1001', 10, { deliveredAt: NOW - 5 * 86_400_000 })], {
			key: 'email:ana@example.com',
			id: undefined,
		});
		const account = customer([order('1001', 10, { deliveredAt: NOW - 5 * 86_400_000 })], {
			otherKeys: ['email:ana@example.com'],
		});
		const a = await store.openPlan(NOW, false);
		const b = await store.openPlan(NOW, false);
		await a.load([guest.key]);
		await b.load([account.key, ...account.otherKeys!]);
		const ra = await planRun(a, [guest]);
		const rb = await planRun(b, [account]);
		expect(ra.refused.size).toBe(0);
		expect(ra.planned[0].action).toBe('reviewRequest');
		expect([...rb.refused]).toEqual([customerHash('id:c1')]);
	});

	it('the sweep drops expired reservations from the table', async () => {
		const name = freshLedgerName('sweep');
		const store = new PostgresLedgerStore(testConnection(), name);
		const first = await planRun(await store.openPlan(NOW, false), [ana()]);
		const until = Date.parse(first.planned[0].reservedUntil!);
		const row = async () =>
			(
				await sql<{ value: string; dies_at: string | null }>(
					`SELECT value, dies_at FROM sf_test_state WHERE scope = $1 AND key = $2`,
					[`care:${name}`, customerHash('id:c1')],
				)
			)[0];
		expect((await row()).value).not.toBe('');
		expect(Number((await row()).dies_at)).toBe(Math.round(until / 60_000));
		await (await store.openPlan(until + 60_000, false)).close();
		expect(await row()).toEqual({ value: '', dies_at: null });
	});

	it('carries a static-data ledger over, every live entry kept', async () => {
		const staticLedger = FollowUpLedger.inMemory();
		const ctx = context({}, { ledger: staticLedger });
		const people = Array.from({ length: 50 }, (_, i) =>
			customer([order(`${2000 + i}`, 10, { deliveredAt: NOW - 5 * 86_400_000 })], {
				key: `id:c${i}`,
				id: `c${i}`,
				email: `p${i}@example.com`,
			}),
		);
		const refs = people.map((c) => planCustomer(c, ctx, NOW).ref!);
		refs.slice(0, 25).forEach((r) => staticLedger.commit(parseConfirmationRef(r)!, NOW));
		const stored = JSON.parse(
			JSON.stringify((staticLedger as unknown as { stored: StoredLedger }).stored),
		) as StoredLedger;
		const store = new PostgresLedgerStore(testConnection(), freshLedgerName('carry'));
		expect(await store.importStaticData(stored, NOW)).toBe(50);
		const after = await planRun(await store.openPlan(NOW + 60_000, false), people);
		expect(after.planned.every((p) => p.action === 'notNow')).toBe(true);
		// Carrying the same ledger again changes nothing.
		expect(await store.importStaticData(stored, NOW)).toBe(50);
		expect(await store.confirm([parseConfirmationRef(refs[0])!], 'sent', NOW)).toEqual([
			'alreadyCommitted',
		]);
		expect(await store.confirm([parseConfirmationRef(refs[30])!], 'sent', NOW)).toEqual([
			'committed',
		]);
	});

	it('a dry run reads the history and writes nothing', async () => {
		const name = freshLedgerName('dry');
		const store = new PostgresLedgerStore(testConnection(), name);
		const dry = await planRun(await store.openPlan(NOW, true), [ana()]);
		expect(dry.planned[0].action).toBe('reviewRequest');
		expect(await sql(`SELECT key FROM sf_test_state WHERE scope = $1`, [`care:${name}`])).toEqual(
			[],
		);
	});
});

describe('Postgres ledger store faults: a clear error, nothing half-reserved, no password', () => {
	const store = (extra: Partial<PostgresConnection>) =>
		new PostgresLedgerStore(testConnection(extra), freshLedgerName('fault'));

	it('a wrong password', async () => {
		const leakProbe = 'wrong-password-never-shown-42';
		await expectStoreError(
			store({ password: leakProbe }).openPlan(NOW, false),
			/refused the login of user "postgres" at 127\.0\.0\.1:\d+/,
			leakProbe,
		);
	});

	it('a database that is down (nothing listens on the port)', async () => {
		await expectStoreError(
			store({ port: 1 }).openPlan(NOW, false),
			/could not be reached at 127\.0\.0\.1:1, database "postgres" while connecting \(ECONNREFUSED\)/,
		);
	});

	it('a database that does not exist', async () => {
		await expectStoreError(
			store({ database: 'no_such_db' }).openPlan(NOW, false),
			/has no database "no_such_db"/,
		);
	});

	it('a user without permission to create the tables', async () => {
		const leakProbe = 'limited-user-leakProbe-7';
		await sql(
			`DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'sf_limited') THEN CREATE ROLE sf_limited LOGIN PASSWORD '${leakProbe}'; END IF; END $$`,
		);
		const e = await expectStoreError(
			store({ user: 'sf_limited', password: leakProbe, tablePrefix: 'sf_limited_' }).openPlan(
				NOW,
				false,
			),
			/user "sf_limited" lacks a permission while creating the ledger tables/,
			leakProbe,
		);
		expect(e.fix).toMatch(/GRANT CREATE ON SCHEMA public TO "sf_limited"/);
	});

	it('a connection lost mid-run rolls back: nothing is reserved', async () => {
		const name = freshLedgerName('lost');
		const s = new PostgresLedgerStore(testConnection(), name);
		const plan = await s.openPlan(NOW, false);
		await plan.load([ana().key]);
		const ctx = context({}, { ledger: plan.ledger });
		expect(planCustomer(ana(), ctx, NOW).action).toBe('reviewRequest');
		await sql(
			`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'n8n-nodes-social-funnel' AND pid <> pg_backend_pid()`,
		);
		await expectStoreError(
			plan.save(),
			/connection to the Postgres ledger store at 127\.0\.0\.1:\d+, database "postgres" was lost while saving reservations/,
		);
		await plan.close();
		expect(
			await sql(`SELECT key FROM sf_test_state WHERE scope = $1 AND value <> ''`, [`care:${name}`]),
		).toEqual([]);
	});

	it('a lock held longer than the run waits rolls back with its own message', async () => {
		const name = freshLedgerName('lock');
		const s = new PostgresLedgerStore(testConnection({ lockTimeoutMs: 300 }), name);
		await (await s.openPlan(NOW, false)).close(); // tables exist
		const pg = testPostgres();
		const holder = new Client({
			host: pg.host,
			port: pg.port,
			user: pg.user,
			password: pg.password,
			database: pg.database,
		});
		await holder.connect();
		try {
			await holder.query('BEGIN');
			await holder.query(
				`INSERT INTO sf_test_state (scope, key, value, version) VALUES ($1, $2, '', 0)`,
				[`care:${name}`, customerHash('id:c1')],
			);
			await holder.query(`SELECT 1 FROM sf_test_state WHERE scope = $1 FOR UPDATE`, [
				`care:${name}`,
			]);
			const plan = await s.openPlan(NOW, false);
			await plan.load([ana().key]);
			planCustomer(ana(), context({}, { ledger: plan.ledger }), NOW);
			await expectStoreError(
				plan.save(),
				/another run held the same rows \(customers or leads\) for longer than this run waits \(0\.3 s\) while saving reservations/,
			);
			await plan.close();
		} finally {
			await holder.query('ROLLBACK');
			await holder.end();
		}
		expect(await sql(`SELECT key FROM sf_test_state WHERE scope = $1`, [`care:${name}`])).toEqual(
			[],
		);
	});

	it('a table prefix Postgres would not take unquoted', async () => {
		await expectStoreError(
			store({ tablePrefix: 'drop table;' }).openPlan(NOW, false),
			/Table Prefix "drop table;" is not a name Postgres takes unquoted/,
		);
	});
});
