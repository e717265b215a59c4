/** Confirm Sent: the parameters the editor shows for this operation. */
import type { INodeProperties } from 'n8n-workflow';

const confirm = { show: { operation: ['confirm'] } };

export const confirmDescription: INodeProperties[] = [
	{
		displayName: 'Follow-Up Reference',
		name: 'reference',
		type: 'string',
		displayOptions: confirm,
		default: '={{ $json.followUp.ref }}',
		required: true,
		description:
			"The ref the Plan operation put on the item. After an email node, whose output replaces the item, read it from the Plan node: {{ $('Care Follow-Up').item.JSON.followUp.ref }}.",
	},
	{
		displayName: 'Outcome',
		name: 'outcome',
		type: 'options',
		displayOptions: confirm,
		options: [
			{
				name: 'Sent',
				value: 'sent',
				description: 'Remember the follow-up as sent: it is never planned again',
			},
			{
				name: 'Not Sent (Release)',
				value: 'notSent',
				description: 'For the email node’s error output: plan it again on the next run',
			},
		],
		default: 'sent',
	},
];
