/**
 * Where the exactly-once ledger is kept, for both operations: the Ledger Store parameters, and
 * opening the store they name (n8n glue; the stores themselves live in ledger/).
 */
import { NodeOperationError, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';
import { nodeError } from '../../shared/nodeGlue';
import { FollowUpLedger, LEDGER_KEY } from '../ledger/followUpLedger';
import { StaticDataLedgerStore, type LedgerStore } from '../ledger/ledgerStore';
import { PostgresLedgerStore } from '../ledger/postgresLedgerStore';

export const ledgerStoreDescription: INodeProperties[] = [
	{
		displayName: 'Ledger Store',
		name: 'ledgerStore',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'Workflow Static Data',
				value: 'staticData',
				description:
					'No set-up. For one n8n instance whose runs never overlap (not for queue mode).',
			},
			{
				name: 'Postgres',
				value: 'postgres',
				description:
					'Exactly once across queue-mode workers and overlapping runs. Needs a Postgres credential.',
			},
		],
		default: 'staticData',
		description: 'Where the exactly-once ledger of follow-ups is kept between runs',
	},
	{
		displayName:
			'The ledger lives in this workflow’s static data, which n8n saves only for production executions, when each ends. Fine for one n8n instance whose runs never overlap; in queue mode or with overlapping runs choose Postgres.',
		name: 'ledgerNotice',
		type: 'notice',
		displayOptions: { show: { ledgerStore: ['staticData'] } },
		default: '',
	},
	{
		displayName: 'Ledger Name',
		name: 'ledgerName',
		type: 'string',
		displayOptions: { show: { ledgerStore: ['postgres'] } },
		default: '',
		placeholder: 'this workflow’s ID',
		description:
			'Which ledger in the database to use. Empty: this workflow’s own. Give workflows the same name to share the history and the frequency caps.',
	},
	{
		displayName: 'Table Prefix',
		name: 'tablePrefix',
		type: 'string',
		displayOptions: { show: { ledgerStore: ['postgres'] } },
		default: 'social_funnel_',
		description:
			'Start of the names of the two tables the node creates on first use: with the default, social_funnel_state and social_funnel_meta',
	},
];

/** An error of the ledger or its store, which says what to fix, as the node's error; others as they are. */
export function storeError(ctx: IExecuteFunctions, error: unknown): Error {
	if (error instanceof NodeOperationError) return error;
	const fix = (error as { fix?: unknown })?.fix;
	if (typeof fix === 'string') return nodeError(ctx, (error as Error).message, fix);
	return error as Error;
}

/** The store the ledger lives in, as Ledger Store says. */
export async function openStore(
	ctx: IExecuteFunctions,
	dryRun: boolean,
	nowMs: number,
): Promise<LedgerStore> {
	const kind = ctx.getNodeParameter('ledgerStore', 0, 'staticData') as string;
	const workflowId = String(ctx.getWorkflow().id ?? '');
	if (kind !== 'postgres') {
		const mode = ctx.getMode();
		return new StaticDataLedgerStore(ctx.getWorkflowStaticData('global'), {
			workflowId,
			production: mode === 'trigger' || mode === 'webhook',
			queueMode: process.env.EXECUTIONS_MODE === 'queue',
		});
	}
	const credentials = await ctx.getCredentials('postgres');
	if (credentials.sshTunnel === true) {
		throw nodeError(
			ctx,
			'The Postgres ledger store does not connect through an SSH tunnel',
			'Use a Postgres credential that reaches the database directly (n8n and its workers need that in queue mode anyway).',
		);
	}
	const ssl = credentials.ssl;
	const store = new PostgresLedgerStore(
		{
			host: String(credentials.host ?? 'localhost'),
			port: Number(credentials.port ?? 5432),
			database: String(credentials.database ?? 'postgres'),
			user: String(credentials.user ?? 'postgres'),
			password: String(credentials.password ?? ''),
			ssl:
				credentials.allowUnauthorizedCerts === true ||
				(typeof ssl === 'string' && ssl !== 'disable'),
			allowUnauthorizedCerts: credentials.allowUnauthorizedCerts === true,
			tablePrefix: String(ctx.getNodeParameter('tablePrefix', 0, 'social_funnel_')).trim(),
		},
		String(ctx.getNodeParameter('ledgerName', 0, '')).trim() || `workflow:${workflowId}`,
	);
	if (!dryRun) await carryOverStaticLedger(ctx, store, nowMs);
	return store;
}

/** Static data keys: a carried-over ledger leaves a note of where it went. */
const CARRIED_KEY = 'socialFunnelCareLedgerCarriedOver';

/** A ledger this workflow kept in static data goes into the Postgres store on its first use there, every entry kept. */
async function carryOverStaticLedger(
	ctx: IExecuteFunctions,
	store: PostgresLedgerStore,
	nowMs: number,
): Promise<void> {
	const staticData = ctx.getWorkflowStaticData('global');
	if (staticData[LEDGER_KEY] === undefined || staticData[LEDGER_KEY] === null) return;
	const customers = await store.importStaticData(FollowUpLedger.peek(staticData), nowMs);
	delete staticData[LEDGER_KEY];
	staticData[CARRIED_KEY] = { to: 'postgres', customers, at: new Date(nowMs).toISOString() };
}
