/**
 * Where the exactly-once ledger is kept, for both operations: the Ledger Store parameters, and
 * opening the store they name (n8n glue; the stores themselves live in ledger/).
 */
import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import {
	isProductionRun,
	postgresConnectionOf,
	STATIC_DATA_STORE,
} from '../../shared/stateStoreGlue';
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
			STATIC_DATA_STORE,
			{
				name: 'Postgres',
				value: 'postgres',
				description:
					'Exactly once across queue-mode workers and overlapping runs. Needs a Postgres credential.',
			},
		],
		// STATIC_DATA_STORE is the option staticData, which the rule cannot see through the import.
		// eslint-disable-next-line n8n-nodes-base/node-param-default-wrong-for-options
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

/** The store the ledger lives in, as Ledger Store says. */
export async function openStore(
	ctx: IExecuteFunctions,
	dryRun: boolean,
	nowMs: number,
): Promise<LedgerStore> {
	const kind = ctx.getNodeParameter('ledgerStore', 0, 'staticData') as string;
	const workflowId = String(ctx.getWorkflow().id ?? '');
	if (kind !== 'postgres') {
		return new StaticDataLedgerStore(ctx.getWorkflowStaticData('global'), {
			workflowId,
			production: isProductionRun(ctx),
			queueMode: process.env.EXECUTIONS_MODE === 'queue',
		});
	}
	const store = new PostgresLedgerStore(
		await postgresConnectionOf(ctx, 'Postgres ledger store'),
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
