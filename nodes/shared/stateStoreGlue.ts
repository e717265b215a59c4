/**
 * What the nodes that keep state between runs (Care Follow-Up's ledger, Funnel Stage's memory)
 * share: the Postgres credential as a connection, whether a run is a production one, and a store's
 * error as the node's (n8n glue).
 */
import {
	NodeOperationError,
	type IExecuteFunctions,
	type INodePropertyOptions,
} from 'n8n-workflow';
import { nodeError } from './nodeGlue';
import type { PostgresConnection } from './postgresState';

export async function postgresConnectionOf(
	ctx: IExecuteFunctions,
	storeName: string,
): Promise<PostgresConnection> {
	const credentials = await ctx.getCredentials('postgres');
	if (credentials.sshTunnel === true) {
		throw nodeError(
			ctx,
			`The ${storeName} does not connect through an SSH tunnel`,
			'Use a Postgres credential that reaches the database directly (n8n and its workers need that in queue mode anyway).',
		);
	}
	const ssl = credentials.ssl;
	return {
		host: String(credentials.host ?? 'localhost'),
		port: Number(credentials.port ?? 5432),
		database: String(credentials.database ?? 'postgres'),
		user: String(credentials.user ?? 'postgres'),
		password: String(credentials.password ?? ''),
		ssl:
			credentials.allowUnauthorizedCerts === true || (typeof ssl === 'string' && ssl !== 'disable'),
		allowUnauthorizedCerts: credentials.allowUnauthorizedCerts === true,
		tablePrefix: String(ctx.getNodeParameter('tablePrefix', 0, 'social_funnel_')).trim(),
		storeName,
	};
}

/**
 * Whether the execution is a test from the editor (a manual run, an evaluation), which should read
 * state but change none; a production run, a sub-workflow it calls and a retry keep their changes.
 */
export function isTestRun(ctx: IExecuteFunctions): boolean {
	const mode = ctx.getMode();
	return mode === 'manual' || mode === 'evaluation';
}

/**
 * Whether n8n saves the workflow's static data when the execution ends: for every execution but a
 * manual one (production triggers and webhooks, the sub-workflows they call, retries; n8n's
 * execution lifecycle hooks save it unless the mode is manual).
 */
export function isProductionRun(ctx: IExecuteFunctions): boolean {
	return ctx.getMode() !== 'manual';
}

/** An error of a store, which says what to fix (`fix`), as the node's error; others as they are. */
export function storeError(ctx: IExecuteFunctions, error: unknown): Error {
	if (error instanceof NodeOperationError) return error;
	const fix = (error as { fix?: unknown })?.fix;
	if (typeof fix === 'string') return nodeError(ctx, (error as Error).message, fix);
	return error as Error;
}

/** The store choice "Workflow Static Data", the same for every node that keeps state. */
export const STATIC_DATA_STORE: INodePropertyOptions = {
	name: 'Workflow Static Data',
	value: 'staticData',
	description: 'No set-up. For one n8n instance whose runs never overlap (not for queue mode).',
};
