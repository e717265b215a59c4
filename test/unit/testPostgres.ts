/** The PostgreSQL that test/postgres-setup.js started for this jest run, as a ledger-store connection. */
import { randomUUID } from 'node:crypto';
import type { PostgresConnection } from '../../nodes/shared/postgresState';

export interface TestPostgres {
	host: string;
	port: number;
	user: string;
	password: string;
	database: string;
	socketDir: string;
}

export function testPostgres(): TestPostgres {
	const raw = process.env.SOCIAL_FUNNEL_TEST_PG;
	if (!raw)
		throw new Error(
			'SOCIAL_FUNNEL_TEST_PG is not set: run the tests with jest (its global setup starts PostgreSQL)',
		);
	return JSON.parse(raw) as TestPostgres;
}

export function testConnection(extra: Partial<PostgresConnection> = {}): PostgresConnection {
	return { ...connectionFor(testPostgres(), 'sf_test_'), ...extra };
}

type ServerAddress = Pick<TestPostgres, 'host' | 'port' | 'database' | 'user' | 'password'>;

/** A store connection to a server on loopback (tests and benchmarks). */
export function connectionFor(pg: ServerAddress, tablePrefix: string): PostgresConnection {
	return {
		host: pg.host,
		port: pg.port,
		database: pg.database,
		user: pg.user,
		password: pg.password,
		ssl: false,
		tablePrefix,
	};
}

/** The same server as n8n's Postgres credential holds it. */
export function postgresCredential(): Record<string, string | number | boolean> {
	return postgresCredentialFor(testPostgres());
}

/** n8n's Postgres credential for a server on loopback (tests and benchmarks). */
export function postgresCredentialFor(
	pg: ServerAddress,
): Record<string, string | number | boolean> {
	return {
		host: pg.host,
		port: pg.port,
		database: pg.database,
		user: pg.user,
		password: pg.password,
		ssl: 'disable',
		allowUnauthorizedCerts: false,
		sshTunnel: false,
	};
}

/** A ledger name no other test uses. */
export const freshLedgerName = (label: string) => `${label}-${randomUUID().slice(0, 8)}`;
