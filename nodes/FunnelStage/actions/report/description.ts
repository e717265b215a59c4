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
