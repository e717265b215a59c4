/** Classify Leads: the parameters the editor shows for this operation. */
import type { INodeProperties } from 'n8n-workflow';
import { STATIC_DATA_STORE } from '../../../shared/stateStoreGlue';
import { EMAIL_FIELDS, ID_FIELDS } from '../../memory/leadIdentity';

const classify = { operation: ['classify'] };
const remembering = { operation: ['classify'], rememberStages: ['staticData', 'postgres'] };
const inPostgres = { operation: ['classify'], rememberStages: ['postgres'] };

export const classifyDescription: INodeProperties[] = [
	{
		displayName: 'Route By',
		name: 'routing',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: classify },
		options: [
			{
				name: 'One Output per Stage',
				value: 'perStage',
				description: 'Outputs SEE, THINK, DO and CARE',
			},
			{
				name: 'One Output',
				value: 'single',
				description: 'All leads on one output; the stage is in the result field',
			},
		],
		default: 'perStage',
	},
	{
		displayName: 'Remember Stages',
		name: 'rememberStages',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: classify },
		options: [
			{
				name: 'Off',
				value: 'off',
				description: 'The transition is against the previous stage in each item, if it has one',
			},
			STATIC_DATA_STORE,
			{
				name: 'Postgres',
				value: 'postgres',
				description:
					'Across queue-mode workers and overlapping runs: no stage change lost or told twice. Needs a Postgres credential.',
			},
		],
		default: 'off',
		description:
			'Whether to remember each lead’s stage between runs, as a CRM keeps the lifecycle stage on the contact: the result then says the previous stage, the transition, since when the lead is at its stage and when it reached each stage',
	},
	{
		displayName:
			'The memory lives in this workflow’s static data, which n8n saves only for production executions, when each ends. Fine for one n8n instance whose runs never overlap; in queue mode or with overlapping runs choose Postgres.',
		name: 'memoryNotice',
		type: 'notice',
		displayOptions: { show: { operation: ['classify'], rememberStages: ['staticData'] } },
		default: '',
	},
	{
		displayName:
			'Manual executions read the memory but do not change it, so testing the workflow never uses up a stage change. Every other execution (an active trigger or webhook, a sub-workflow it calls) keeps it.',
		name: 'manualRunNotice',
		type: 'notice',
		displayOptions: { show: remembering },
		default: '',
	},
	{
		displayName: 'Lead Key',
		name: 'leadKey',
		type: 'string',
		displayOptions: { show: remembering },
		default: '',
		placeholder: '={{ $json.email }}',
		description: `Who the lead is, for the memory: an email or a customer or contact ID. Empty: the first email found (${EMAIL_FIELDS.join(
			', ',
		)}), else the first ID (${ID_FIELDS.join(
			', ',
		)}). The store keeps a hash of it, never the email or ID itself.`,
	},
	{
		displayName: 'Memory Name',
		name: 'memoryName',
		type: 'string',
		displayOptions: { show: inPostgres },
		default: '',
		placeholder: 'this workflow’s ID',
		description:
			'Which stage memory in the database to use. Empty: this workflow’s own. Give workflows the same name to share what they know of each lead.',
	},
	{
		displayName: 'Table Prefix',
		name: 'tablePrefix',
		type: 'string',
		displayOptions: { show: inPostgres },
		default: 'social_funnel_',
		description:
			'Start of the names of the two tables the node creates on first use: with the default, social_funnel_state and social_funnel_meta (shared with Care Follow-Up’s ledger)',
	},
	{
		displayName: 'Emit',
		name: 'emit',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: classify },
		options: [
			{ name: 'All Leads', value: 'all', description: 'Every lead on its stage’s output' },
			{
				name: 'Only Leads Whose Stage Changed',
				value: 'changed',
				description:
					'New leads and leads that moved on their stage’s output; the others on the extra output Unchanged',
			},
		],
		default: 'all',
	},
	{
		displayName:
			'Remember Stages is Off: a lead counts as changed unless its item carries the stage it had (Previous Stage), so without that field every lead is emitted as new on every run. Turn on Remember Stages to emit each change once.',
		name: 'emitWithoutMemoryNotice',
		type: 'notice',
		displayOptions: {
			show: { operation: ['classify'], emit: ['changed'], rememberStages: ['off'] },
		},
		default: '',
	},
	{
		displayName: 'Stage Moves',
		name: 'stageMoves',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: classify },
		options: [
			{
				name: 'Both Ways',
				value: 'bothWays',
				description: 'The stage follows the evidence, down as well as up',
			},
			{
				name: 'Forward Only',
				value: 'forwardOnly',
				description:
					'As CRMs’ lifecycle stages: a lead whose evidence falls back keeps the highest stage it reached, and the result says so',
			},
		],
		default: 'bothWays',
	},
];
