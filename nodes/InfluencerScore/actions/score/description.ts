/** Score Profiles: the parameters the editor shows for this operation. */
import type { INodeProperties } from 'n8n-workflow';

const score = { show: { operation: ['score'] } };

export const scoreDescription: INodeProperties[] = [
	{
		displayName: 'Platform When Missing',
		name: 'defaultPlatform',
		type: 'options',
		displayOptions: score,
		options: [
			{ name: 'Instagram', value: 'instagram' },
			{ name: 'Other', value: 'other' },
			{ name: 'TikTok', value: 'tiktok' },
			{ name: 'YouTube', value: 'youtube' },
		],
		default: 'instagram',
		description: 'Platform of items without a platform field; it picks the benchmark table',
	},
];
