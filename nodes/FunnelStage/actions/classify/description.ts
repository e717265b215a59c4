/** Classify Leads: the parameters the editor shows for this operation. */
import type { INodeProperties } from 'n8n-workflow';

export const classifyDescription: INodeProperties[] = [
	{
		displayName: 'Route By',
		name: 'routing',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { operation: ['classify'] } },
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
];
