/**
 * State kept in Postgres for nodes whose promises must hold across n8n workers and overlapping
 * executions (the Care Follow-Up ledger; later Funnel Stage's stage memory). One table of rows
 * `(scope, key) → value` with a version that every write raises, so a run can write a row only
 * if nobody changed the rows it read (compare and set, under row locks, in one transaction).
 * Tables are created on first use under a table prefix, with a schema version in a meta table.
 * No n8n import; errors name the store and how to fix it, never a password.
 */
import { Client, type ClientConfig } from 'pg';

export const DEFAULT_STORE_NAME = 'Postgres ledger store';
export const SCHEMA_VERSION = 1;
/** Rows per statement: a batch of 100,000 customers is a few dozen round trips, not 100,000. */
const CHUNK = 10_000;
/** How long a write waits for rows another run holds before it gives up (and rolls back). */
const LOCK_TIMEOUT_MS = 15_000;

export interface PostgresConnection {
	host: string;
	port: number;
	database: string;
	user: string;
	password: string;
	/** false: no TLS; otherwise TLS, checking the certificate unless `allowUnauthorizedCerts`. */
	ssl: boolean;
	allowUnauthorizedCerts?: boolean;
	/** Prefix of the tables (letters, digits, underscores). */
	tablePrefix: string;
	/** How long a write waits for rows another run holds (default 15 s). */
	lockTimeoutMs?: number;
	/** What the messages call the store (default "Postgres ledger store"). */
	storeName?: string;
}

export interface StoredRow {
	value: string;
	version: number;
}

export interface GuardedWrite {
	key: string;
	value: string;
	/** Minute from which the row holds something dead (a store sweeps it), or undefined. */
	diesAtMinute: number | undefined;
	/** Rows that must be unchanged since they were read (the written key among them), with the version read (0: absent). */
	guard: readonly { key: string; version: number }[];
}

/** An error of the store that says what happened and how to fix it. */
export class StateStoreError extends Error {
	constructor(message: string, readonly fix: string, readonly code?: string) {
		super(message);
		this.name = 'StateStoreError';
	}
}

export const TABLE_PREFIX_PATTERN = /^[a-z_][a-z0-9_]{0,39}$/;

export function checkTablePrefix(prefix: string): string {
	if (!TABLE_PREFIX_PATTERN.test(prefix)) {
		throw new StateStoreError(
			`Table Prefix "${prefix}" is not a name Postgres takes unquoted`,
			'Use lower-case letters, digits and underscores, starting with a letter or underscore (at most 40 characters), e.g. social_funnel_. Nothing was planned or sent.',
		);
	}
	return prefix;
}

/** Turns a driver error into one that names the store and the fix (no password: the messages are our own). */
export function explainPostgresError(
	error: unknown,
	connection: Pick<
		PostgresConnection,
		'host' | 'port' | 'database' | 'user' | 'lockTimeoutMs' | 'storeName'
	>,
	doing: string,
): StateStoreError {
	if (error instanceof StateStoreError) return error;
	const STORE_NAME = connection.storeName ?? DEFAULT_STORE_NAME;
	const e = error as { code?: string; message?: string };
	const where = `${connection.host}:${connection.port}, database "${connection.database}"`;
	const code = e?.code;
	const nothing = 'Nothing was reserved or sent: the transaction was rolled back.';
	switch (code) {
		case 'ECONNREFUSED':
		case 'ENOTFOUND':
		case 'EAI_AGAIN':
		case 'ETIMEDOUT':
		case 'EHOSTUNREACH':
			return new StateStoreError(
				`The ${STORE_NAME} could not be reached at ${where} while ${doing} (${code})`,
				`Check Host and Port in the Postgres credential and that the database server is running and accepts connections from n8n. ${nothing}`,
				code,
			);
		case '28P01':
		case '28000':
			return new StateStoreError(
				`The ${STORE_NAME} refused the login of user "${connection.user}" at ${where} (${code})`,
				`Check User and Password in the Postgres credential, and that pg_hba.conf lets this user in. ${nothing}`,
				code,
			);
		case '3D000':
			return new StateStoreError(
				`The ${STORE_NAME} has no database "${connection.database}" at ${connection.host}:${connection.port}`,
				`Create the database, or correct Database in the Postgres credential. ${nothing}`,
				code,
			);
		case '42501':
			return new StateStoreError(
				`The ${STORE_NAME}: user "${connection.user}" lacks a permission while ${doing} at ${where} (${code})`,
				`Let the user create tables in the database's public schema (GRANT CREATE ON SCHEMA public TO "${connection.user}"), or have an owner run the node once so the tables exist, then grant SELECT, INSERT, UPDATE on them. ${nothing}`,
				code,
			);
		case '55P03':
			return new StateStoreError(
				`The ${STORE_NAME}: another run held the same rows (customers or leads) for longer than this run waits (${
					(connection.lockTimeoutMs ?? LOCK_TIMEOUT_MS) / 1000
				} s) while ${doing}`,
				`Run again when the other execution has finished. ${nothing}`,
				code,
			);
		case '57P01':
		case '57P02':
		case '57P03':
		case '08000':
		case '08003':
		case '08006':
		case 'ECONNRESET':
		case 'EPIPE':
			return new StateStoreError(
				`The connection to the ${STORE_NAME} at ${where} was lost while ${doing}${
					code ? ` (${code})` : ''
				}`,
				`Check that the database server is up, then run again. ${nothing}`,
				code,
			);
		default: {
			const lost = /Connection terminated|not queryable|connection.*(?:closed|ended)/i.test(
				e?.message ?? '',
			);
			if (lost) {
				return new StateStoreError(
					`The connection to the ${STORE_NAME} at ${where} was lost while ${doing}`,
					`Check that the database server is up, then run again. ${nothing}`,
					code,
				);
			}
			return new StateStoreError(
				`The ${STORE_NAME} at ${where} failed while ${doing}${
					code ? ` (Postgres error ${code})` : ''
				}`,
				`Check the database server's log for this error code. ${nothing}`,
				code,
			);
		}
	}
}

const RETRY_CODES = new Set(['40P01' /* deadlock */, '40001' /* serialization */]);

/** One connection to the store for one execution; `close()` it when done. */
export class PostgresState {
	private readonly table: string;
	private readonly meta: string;
	private readonly lockTimeoutMs: number;

	private constructor(
		private readonly client: Client,
		private readonly connection: PostgresConnection,
	) {
		this.table = `${connection.tablePrefix}state`;
		this.meta = `${connection.tablePrefix}meta`;
		this.lockTimeoutMs = Math.max(1, Math.round(connection.lockTimeoutMs ?? LOCK_TIMEOUT_MS));
	}

	/** Connects and creates or migrates the tables on first use. */
	static async open(connection: PostgresConnection): Promise<PostgresState> {
		checkTablePrefix(connection.tablePrefix);
		const config: ClientConfig = {
			host: connection.host,
			port: connection.port,
			database: connection.database,
			user: connection.user,
			password: connection.password,
			ssl: connection.ssl ? { rejectUnauthorized: !connection.allowUnauthorizedCerts } : false,
			connectionTimeoutMillis: 15_000,
			application_name: 'n8n-nodes-social-funnel',
		};
		const client = new Client(config);
		// An error event after connecting (the server went away between statements) must not crash n8n; the next query fails instead.
		client.on('error', () => undefined);
		try {
			await client.connect();
		} catch (error) {
			await client.end().catch(() => undefined);
			throw explainPostgresError(error, connection, 'connecting');
		}
		const state = new PostgresState(client, connection);
		try {
			await state.migrate();
		} catch (error) {
			await state.close();
			throw explainPostgresError(error, connection, 'creating the ledger tables');
		}
		return state;
	}

	async close(): Promise<void> {
		await this.client.end().catch(() => undefined);
	}

	/** Creates the tables, or brings them to SCHEMA_VERSION; refuses a newer schema. One run at a time (advisory lock). */
	private async migrate(): Promise<void> {
		const c = this.client;
		const found = await c.query(`SELECT to_regclass($1) AS t`, [this.meta]);
		if (found.rows[0].t) {
			const v = await c.query(`SELECT value FROM ${this.meta} WHERE name = 'schema_version'`);
			const version = Number(v.rows[0]?.value ?? 0);
			if (version === SCHEMA_VERSION) return;
			if (version > SCHEMA_VERSION) {
				throw new StateStoreError(
					`The ${this.connection.storeName ?? DEFAULT_STORE_NAME}'s tables (${
						this.table
					}) have schema version ${version}, newer than this version of the package understands (${SCHEMA_VERSION})`,
					'Install the newest version of n8n-nodes-social-funnel on every n8n instance and worker. Nothing was reserved or sent.',
				);
			}
		}
		await this.transaction(async () => {
			await c.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [
				`social-funnel-schema:${this.table}`,
			]);
			await c.query(
				`CREATE TABLE IF NOT EXISTS ${this.meta} (name text PRIMARY KEY, value text NOT NULL)`,
			);
			const v = await c.query(`SELECT value FROM ${this.meta} WHERE name = 'schema_version'`);
			const version = Number(v.rows[0]?.value ?? 0);
			if (version < 1) {
				await c.query(
					`CREATE TABLE IF NOT EXISTS ${this.table} (
						scope text NOT NULL,
						key text NOT NULL,
						value text NOT NULL,
						version bigint NOT NULL DEFAULT 0,
						dies_at bigint,
						PRIMARY KEY (scope, key)
					)`,
				);
				await c.query(
					`CREATE INDEX IF NOT EXISTS ${this.table}_dies_at ON ${this.table} (scope, dies_at) WHERE dies_at IS NOT NULL`,
				);
			}
			// Later versions migrate here, one step each.
			await c.query(
				`INSERT INTO ${this.meta} (name, value) VALUES ('schema_version', $1) ON CONFLICT (name) DO UPDATE SET value = EXCLUDED.value`,
				[String(SCHEMA_VERSION)],
			);
		});
	}

	/** The rows of `keys` in `scope` that exist, with their versions. A few statements however many keys. */
	async read(
		scope: string,
		keys: readonly string[],
		doing = 'reading the ledger',
	): Promise<Map<string, StoredRow>> {
		const out = new Map<string, StoredRow>();
		try {
			for (let i = 0; i < keys.length; i += CHUNK) {
				const res = await this.client.query({
					text: `SELECT key, value, version FROM ${this.table} WHERE scope = $1 AND key = ANY($2::text[])`,
					values: [scope, keys.slice(i, i + CHUNK)],
					rowMode: 'array',
				});
				for (const [key, value, version] of res.rows as [string, string, string][])
					out.set(key, { value, version: Number(version) });
			}
		} catch (error) {
			throw explainPostgresError(error, this.connection, doing);
		}
		return out;
	}

	/**
	 * Writes each row only if every row of its guard still has the version read, all in one
	 * transaction committed before this returns. Returns the keys not written because another run
	 * changed a guarded row first. The guarded rows of a written key get a new version too, so a
	 * run that read them before finds them changed.
	 *
	 * Each row is a compare-and-set in one statement (INSERT … ON CONFLICT DO UPDATE … WHERE the
	 * version is the one read): the row is locked, and a run that changed it first makes the WHERE
	 * fail. The other guarded rows (a customer's email beside the id written) go first; a customer
	 * any of whose rows fails is not written.
	 */
	async writeIfUnchanged(
		scope: string,
		writes: readonly GuardedWrite[],
		doing = 'saving reservations',
	): Promise<Set<string>> {
		const refused = new Set<string>();
		if (!writes.length) return refused;
		// One write per row: a row claimed twice in a batch (two records of one person) goes to the first.
		const claimed = new Set<string>();
		const accepted: GuardedWrite[] = [];
		for (const w of writes) {
			if (w.guard.some((g) => claimed.has(g.key))) refused.add(w.key);
			else {
				accepted.push(w);
				for (const g of w.guard) claimed.add(g.key);
			}
		}
		const others = accepted.flatMap((w) =>
			w.guard
				.filter((g) => g.key !== w.key)
				.map((g) => ({ key: g.key, version: g.version, owner: w.key })),
		);
		const early = new Set(refused);
		await this.retrying(doing, async () => {
			refused.clear();
			early.forEach((k) => refused.add(k));
			await this.transaction(async () => {
				const c = this.client;
				await c.query(`SET LOCAL lock_timeout = ${this.lockTimeoutMs}`);
				// Each statement locks its rows in key order; should two runs still wait on each other in a circle, Postgres stops one and `retrying` runs it again.
				const bumped = await this.compareAndSet(
					scope,
					others.map((o) => ({
						key: o.key,
						version: o.version,
						value: undefined,
						diesAtMinute: undefined,
					})),
				);
				for (const o of others) if (!bumped.has(o.key)) refused.add(o.owner);
				const own = accepted.filter((w) => !refused.has(w.key));
				const ownVersion = (w: GuardedWrite) => w.guard.find((g) => g.key === w.key)?.version ?? 0;
				const written = await this.compareAndSet(
					scope,
					own.map((w) => ({
						key: w.key,
						version: ownVersion(w),
						value: w.value,
						diesAtMinute: w.diesAtMinute,
					})),
				);
				for (const w of own) if (!written.has(w.key)) refused.add(w.key);
			});
		});
		return refused;
	}

	/**
	 * Per row: if its version is still `version` (0: absent), sets its value (`value` undefined: keeps
	 * it) and raises the version by one; returns the keys set. Rows are taken in key order.
	 */
	private async compareAndSet(
		scope: string,
		rows: {
			key: string;
			version: number;
			value: string | undefined;
			diesAtMinute: number | undefined;
		}[],
	): Promise<Set<string>> {
		const done = new Set<string>();
		const sorted = [...rows].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
		for (let i = 0; i < sorted.length; i += CHUNK) {
			const part = sorted.slice(i, i + CHUNK);
			const bumpOnly = part[0].value === undefined;
			const set = bumpOnly
				? 'version = EXCLUDED.version'
				: 'value = EXCLUDED.value, version = EXCLUDED.version, dies_at = EXCLUDED.dies_at';
			const res = await this.client.query({
				text: `INSERT INTO ${this.table} AS t (scope, key, value, version, dies_at)
					SELECT $1, u.key, coalesce(u.value, ''), u.version + 1, u.dies FROM unnest($2::text[], $3::text[], $4::bigint[], $5::bigint[]) AS u(key, value, version, dies) ORDER BY u.key
					ON CONFLICT (scope, key) DO UPDATE SET ${set} WHERE t.version = EXCLUDED.version - 1
					RETURNING t.key`,
				values: [
					scope,
					part.map((r) => r.key),
					part.map((r) => r.value ?? null),
					part.map((r) => String(r.version)),
					part.map((r) => (r.diesAtMinute === undefined ? null : String(r.diesAtMinute))),
				],
				rowMode: 'array',
			});
			for (const [key] of res.rows as [string][]) done.add(key);
		}
		return done;
	}

	/**
	 * Reads `keys` under row locks, lets `change` compute their new values, and writes the changed
	 * ones, in one transaction committed before this returns (Confirm Sent, Not Sent; stage memory,
	 * which locks absent keys too: `createMissing`). Runs that share keys take their turns.
	 */
	async update<T>(
		scope: string,
		keys: readonly string[],
		change: (rows: Map<string, string>) => {
			result: T;
			writes: Map<string, { value: string; diesAtMinute: number | undefined }>;
		},
		doing: string,
		options: { createMissing?: boolean } = {},
	): Promise<T> {
		const sorted = [...new Set(keys)].sort();
		let result!: T;
		// An error of `change` (the caller's, not the database's) rolls back and comes out as it is.
		let changeFailed: { error: unknown } | undefined;
		const changeOrRollBack: typeof change = (rows) => {
			try {
				return change(rows);
			} catch (error) {
				changeFailed = { error };
				// A pure module: rolls the transaction back; the caller gets the error as it is (below).
				// eslint-disable-next-line @n8n/community-nodes/require-node-api-error
				throw error;
			}
		};
		try {
			await this.retrying(doing, async () => {
				await this.transaction(async () => {
					const c = this.client;
					await c.query(`SET LOCAL lock_timeout = ${this.lockTimeoutMs}`);
					const rows = new Map<string, string>();
					for (let i = 0; i < sorted.length; i += CHUNK) {
						// createMissing: an absent key gets an empty row, locked like the others, so that a run that
						// comes second waits for it too (a lock on a row that does not exist yet holds nothing).
						const res = await c.query(
							options.createMissing
								? `INSERT INTO ${this.table} AS t (scope, key, value, version)
									 SELECT $1, k, '', 0 FROM unnest($2::text[]) AS k ORDER BY k
									 ON CONFLICT (scope, key) DO UPDATE SET version = t.version
									 RETURNING t.key, t.value`
								: `SELECT key, value FROM ${this.table} WHERE scope = $1 AND key = ANY($2::text[]) ORDER BY key FOR UPDATE`,
							[scope, sorted.slice(i, i + CHUNK)],
						);
						for (const row of res.rows)
							if (row.value !== '' || !options.createMissing) rows.set(row.key, row.value);
					}
					const out = changeOrRollBack(rows);
					result = out.result;
					const entries = [...out.writes];
					for (let i = 0; i < entries.length; i += CHUNK) {
						const part = entries.slice(i, i + CHUNK);
						await c.query(
							`INSERT INTO ${this.table} AS t (scope, key, value, version, dies_at)
							 SELECT $1, u.key, u.value, 1, u.dies FROM unnest($2::text[], $3::text[], $4::bigint[]) AS u(key, value, dies)
							 ON CONFLICT (scope, key) DO UPDATE SET value = EXCLUDED.value, version = t.version + 1, dies_at = EXCLUDED.dies_at`,
							[
								scope,
								part.map(([k]) => k),
								part.map(([, w]) => w.value),
								part.map(([, w]) => (w.diesAtMinute === undefined ? null : String(w.diesAtMinute))),
							],
						);
					}
				});
			});
		} catch (error) {
			throw changeFailed ? changeFailed.error : error;
		}
		return result;
	}

	/**
	 * Rewrites at most `limit` rows of `scope` that hold something dead at `nowMinute`, skipping rows
	 * another run holds. Returns how many rows were rewritten.
	 */
	async sweep(
		scope: string,
		nowMinute: number,
		limit: number,
		rewrite: (value: string) => { value: string; diesAtMinute: number | undefined },
	): Promise<number> {
		let count = 0;
		await this.retrying('sweeping the ledger', async () => {
			await this.transaction(async () => {
				const c = this.client;
				const res = await c.query(
					`SELECT key, value FROM ${this.table} WHERE scope = $1 AND dies_at IS NOT NULL AND dies_at <= $2 ORDER BY key LIMIT $3 FOR UPDATE SKIP LOCKED`,
					[scope, nowMinute, limit],
				);
				count = res.rows.length;
				if (!count) return;
				const next = res.rows.map((row) => ({ key: row.key as string, ...rewrite(row.value) }));
				await c.query(
					`UPDATE ${this.table} AS t SET value = u.value, version = t.version + 1, dies_at = u.dies
					 FROM unnest($2::text[], $3::text[], $4::bigint[]) AS u(key, value, dies)
					 WHERE t.scope = $1 AND t.key = u.key`,
					[
						scope,
						next.map((n) => n.key),
						next.map((n) => n.value),
						next.map((n) => (n.diesAtMinute === undefined ? null : String(n.diesAtMinute))),
					],
				);
			});
		});
		return count;
	}

	/** Rows and bytes on disk of the state table (for the benchmark and the README). */
	async size(scope: string): Promise<{ rows: number; tableBytes: number }> {
		const rows = await this.client.query(
			`SELECT count(*)::bigint AS n FROM ${this.table} WHERE scope = $1`,
			[scope],
		);
		const bytes = await this.client.query(
			`SELECT pg_total_relation_size($1::regclass)::bigint AS b`,
			[this.table],
		);
		return { rows: Number(rows.rows[0].n), tableBytes: Number(bytes.rows[0].b) };
	}

	private async transaction(work: () => Promise<void>): Promise<void> {
		await this.client.query('BEGIN');
		try {
			await work();
			await this.client.query('COMMIT');
		} catch (error) {
			await this.client.query('ROLLBACK').catch(() => undefined);
			// A pure module: `retrying` explains the error, the node turns it into a NodeOperationError.
			// eslint-disable-next-line @n8n/community-nodes/require-node-api-error
			throw error;
		}
	}

	/** Runs `work` again after a deadlock or serialization failure (it rolled back), at most three times. */
	private async retrying(doing: string, work: () => Promise<void>): Promise<void> {
		for (let attempt = 1; ; attempt++) {
			try {
				await work();
				return;
			} catch (error) {
				const code = (error as { code?: string }).code;
				if (code && RETRY_CODES.has(code) && attempt < 3) continue;
				throw explainPostgresError(error, this.connection, doing);
			}
		}
	}
}
