/** Funnel Report: the parameters the editor shows for this operation. */
import type { INodeProperties } from 'n8n-workflow';

export const reportDescription: INodeProperties[] = [
	{
		displayName: 'Report Title',
		name: 'reportTitle',
		type: 'string',
		displayOptions: { show: { operation: ['report'] } },
		default: 'Funnel Report',
	},
	{
		displayName: 'Period',
		name: 'period',
		type: 'string',
		displayOptions: { show: { operation: ['report'] } },
		default: '',
		placeholder: '={{ "Week " + $now.toFormat("kkkk-WW") }}',
		description: 'Shown under the title. Empty: "as of" the date of the report.',
	},
	{
		displayName: 'Language',
		name: 'language',
		type: 'options',
		displayOptions: { show: { operation: ['report'] } },
		options: [
			{ name: 'English', value: 'en' },
			{ name: 'German', value: 'de' },
		],
		default: 'en',
		description: 'Language of the chart labels and the summary',
	},
	{
		displayName: 'Put Chart in Field',
		name: 'binaryProperty',
		type: 'string',
		displayOptions: { show: { operation: ['report'] } },
		default: 'chart',
		required: true,
		description:
			'Binary field that receives the funnel chart (SVG), e.g. for the Send Email node’s attachments',
	},
	{
		displayName: 'Also Attach a PNG',
		name: 'includePng',
		type: 'boolean',
		displayOptions: { show: { operation: ['report'] } },
		default: false,
		description:
			'Whether to add the chart as a PNG image too (in the chart field’s name + "Png"), for mail clients and chat tools that do not show SVG',
	},
	{
		displayName: 'Break Down By',
		name: 'breakDownBy',
		type: 'options',
		displayOptions: { show: { operation: ['report'] } },
		options: [
			{
				name: 'Campaign',
				value: 'campaign',
				description:
					'Read from utm_campaign, the landing page’s utm_campaign (Shopify), GA4’s campaign name',
			},
			{ name: 'Field I Map', value: 'field', description: 'A field you map per lead' },
			{
				name: 'Medium',
				value: 'medium',
				description:
					'Read from utm_medium, the landing page’s utm_medium (Shopify), GA4’s medium, "referral" for a referring site',
			},
			{ name: 'None', value: 'none' },
			{
				name: 'Source',
				value: 'source',
				description:
					'Read from utm_source, the landing page’s utm_source (Shopify), GA4’s source, HubSpot’s Original Source, the referring site (Shopify), the sales channel (Shopify source_name)',
			},
		],
		default: 'none',
		description:
			'Whether to count the funnel per channel too: leads per stage, conversion, revenue and customers per value, with "other" and "unknown" so that every lead is counted, and a second chart',
	},
	{
		displayName: 'Channel Field',
		name: 'channelField',
		type: 'string',
		displayOptions: { show: { operation: ['report'], breakDownBy: ['field'] } },
		default: '',
		required: true,
		placeholder: '={{ $json.properties.hs_analytics_source_data_1 }}',
		description: 'The value to group the leads by, one text per lead; empty counts as "unknown"',
	},
	{
		displayName: 'Top Channels',
		name: 'topChannels',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: 50 },
		displayOptions: {
			show: { operation: ['report'], breakDownBy: ['source', 'medium', 'campaign', 'field'] },
		},
		default: 8,
		description: 'How many channels to list; the rest are counted together as "other"',
	},
	{
		displayName: 'Rank Channels By',
		name: 'rankChannelsBy',
		type: 'options',
		displayOptions: {
			show: { operation: ['report'], breakDownBy: ['source', 'medium', 'campaign', 'field'] },
		},
		options: [
			{ name: 'Leads', value: 'leads' },
			{ name: 'Customers (CARE)', value: 'customers' },
		],
		default: 'leads',
		description: 'Which channels make the Top Channels',
	},
	{
		displayName: 'Previous Report',
		name: 'previousReport',
		// Text, not n8n's JSON editor: that marks an empty value (valid here) as an error.
		type: 'string',
		typeOptions: { rows: 4 },
		displayOptions: { show: { operation: ['report'] } },
		default: '',
		description:
			'Last period’s report (the report field this node put out then), for deltas per stage and KPI. Empty: no comparison.',
	},
];
