/** Build Retargeting Audience: the parameters the editor shows for this operation. */
import { fieldMappingOptions } from '../../../shared/nodeGlue';
import type { INodeProperties } from 'n8n-workflow';
import { IDENTITY_FIELDS } from '../../audience/identityFields';

const show = (extra: Record<string, unknown[]> = {}) => ({
	show: { operation: ['audience'], ...extra },
});

export const audienceDescription: INodeProperties[] = [
	{
		displayName: 'Audience',
		name: 'audience',
		type: 'options',
		noDataExpression: true,
		displayOptions: show(),
		options: [
			{
				name: 'Remarketing: THINK and DO Without an Order',
				value: 'remarketing',
				description: 'People who looked or filled a cart and did not buy, to remind them',
			},
			{
				name: 'Exclusion List: CARE Customers',
				value: 'exclusion',
				description: 'Everyone who ordered, to leave out of acquisition ads',
			},
			{ name: 'Custom', value: 'custom', description: 'The stages and transitions you pick' },
		],
		default: 'remarketing',
	},
	{
		displayName: 'Stages',
		name: 'customStages',
		type: 'multiOptions',
		displayOptions: show({ audience: ['custom'] }),
		options: ['SEE', 'THINK', 'DO', 'CARE'].map((s) => ({ name: s, value: s })),
		default: ['THINK', 'DO'],
	},
	{
		displayName: 'Transitions',
		name: 'customTransitions',
		type: 'multiOptions',
		displayOptions: show({ audience: ['custom'] }),
		options: [
			{ name: 'New (No Previous Stage)', value: 'new' },
			{ name: 'Up', value: 'up' },
			{ name: 'Down', value: 'down' },
			{ name: 'Same', value: 'same' },
		],
		default: [],
		description: 'Since the stage stored last time. None chosen: any.',
	},
	{
		displayName: 'Orders',
		name: 'customOrders',
		type: 'options',
		displayOptions: show({ audience: ['custom'] }),
		options: [
			{ name: 'Any', value: 'any' },
			{ name: 'Without an Order', value: 'none' },
			{ name: 'With an Order', value: 'some' },
		],
		default: 'any',
	},
	{
		displayName: 'Platform',
		name: 'platform',
		type: 'options',
		noDataExpression: true,
		displayOptions: show(),
		options: [
			{
				name: 'Meta (Custom Audience)',
				value: 'meta',
				description: 'Batches for POST /&lt;audience_id&gt;/users',
			},
			{
				name: 'Google (Data Manager API)',
				value: 'google',
				description: 'Batches for audienceMembers:ingest',
			},
			{ name: 'Both', value: 'both' },
		],
		default: 'meta',
	},
	{
		displayName: 'Identifier Fields',
		name: 'identityFields',
		type: 'collection',
		placeholder: 'Map a Field',
		displayOptions: show(),
		default: {},
		description:
			'Map who each lead is, and their consent to ad targeting. Fields you do not map are recognised by their common names (Shopify, WooCommerce, HubSpot, Klaviyo).',
		options: fieldMappingOptions(IDENTITY_FIELDS),
	},
	{
		displayName: 'Batch Size',
		name: 'batchSize',
		type: 'number',
		displayOptions: show(),
		typeOptions: { minValue: 1, maxValue: 10000 },
		default: 10000,
		description: 'People per upload request; Meta and Google each take at most 10,000 per request',
	},
	{
		displayName: 'Attach a CSV for Manual Upload',
		name: 'includeCsv',
		type: 'boolean',
		displayOptions: show({ platform: ['meta', 'both'] }),
		default: true,
		description:
			'Whether to attach the audience as a CSV file in Meta’s customer-list columns (email, phone, fn, ln …) to the first batch, for an upload in Ads Manager',
	},
	{
		displayName: 'Put CSV in Field',
		name: 'csvBinaryProperty',
		type: 'string',
		displayOptions: show({ platform: ['meta', 'both'], includeCsv: [true] }),
		default: 'audienceCsv',
		required: true,
		description: 'Binary field that receives the CSV file',
	},
	{
		displayName: 'Include Raw Identifiers',
		name: 'includeRawIdentifiers',
		type: 'boolean',
		displayOptions: show(),
		default: false,
		description:
			'Whether to add the normalised, unhashed identifiers to the batches and the CSV (and email and phone to skipped items), to check them. Off: no email, phone or name leaves the node unhashed (the external ID and Google’s region and postal code are plain text, as the platforms take them).',
	},
];
