import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';
import { confirmDescription } from './actions/confirm/description';
import { confirmationAnswer, confirmSent, CONFIRM_TOOL_INPUTS } from './actions/confirm/execute';
import { ledgerStoreDescription } from './actions/ledgerStore';
import { planDescription } from './actions/plan/description';
import { CUSTOMER_TOOL_INPUTS, followUpAnswer, planFollowUps } from './actions/plan/execute';
import { runOperation, withToolSurface } from '../shared/toolMode';

/** Evaluated by n8n in the editor and the engine: must stay self-contained (no imports). */
const followUpOutputs = (parameters: { operation?: string }) =>
	parameters.operation === 'confirm'
		? [{ type: 'main', displayName: 'Confirmed' }]
		: ['Review Request', 'Upsell', 'VIP Invite', 'Ambassador Invite', 'Win-Back', 'Not Now'].map(
				(displayName) => ({ type: 'main', displayName }),
		  );

export class CareFollowUp implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Care Follow-Up',
		name: 'careFollowUp',
		icon: { light: 'file:careFollowUp.svg', dark: 'file:careFollowUp.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle:
			'={{ { plan: "Plan Follow-Ups", confirm: "Confirm Sent" }[$parameter["operation"]] }}',
		description:
			'Plan CARE follow-ups (review requests, upsell, VIP and ambassador invites, win-back) with consent checks, frequency caps and an exactly-once ledger',
		defaults: { name: 'Care Follow-Up' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		credentials: [
			{
				// n8n's own Postgres credential, the one its Postgres node uses: queue-mode users already have one,
				// and n8n stores and encrypts it. Reusing it is deliberate (a logic pack for self-hosted n8n).
				// eslint-disable-next-line n8n-nodes-base/node-class-description-credentials-name-unsuffixed, @n8n/community-nodes/no-credential-reuse, @n8n/community-nodes/valid-credential-references
				name: 'postgres',
				required: true,
				displayOptions: { show: { ledgerStore: ['postgres'] } },
			},
		],
		outputs: `={{(${followUpOutputs})($parameter)}}`,
		properties: [
			{
				displayName: 'Operation',
				name: 'operation',
				type: 'options',
				noDataExpression: true,
				options: [
					{
						name: 'Plan Follow-Ups',
						value: 'plan',
						action: 'Plan follow ups for customers',
						description:
							'Choose each customer’s next follow-up, check consent and caps, and reserve it',
					},
					{
						name: 'Confirm Sent',
						value: 'confirm',
						action: 'Confirm follow ups were sent',
						description:
							'Place after the email node: remembers the follow-ups that went out, so they are never sent twice',
					},
				],
				default: 'plan',
			},
			...ledgerStoreDescription,
			...withToolSurface([...planDescription, ...confirmDescription], {
				hide: ['inputType', 'recogniseFields', 'customerFields', 'orderFields', 'reference'],
				descriptions: {
					plan: 'Plan the next CARE follow-up for one customer: a review request, upsell offer, VIP or ambassador invite, or win-back, or Not Now with the reason (no consent, unsubscribed, nothing due, frequency cap, outside the send window). Pass the customer: email, firstName, locale (de gets German), marketingConsent, and orders (a list with id, orderedAt, deliveredAt, status, total, lineItems). Returns the action, the reason, the mail’s subject and a plain-text preview, and a ref; once the mail is sent, confirm the ref with Confirm Sent so it is never sent twice.',
					confirm:
						'Confirm that a planned follow-up mail was sent, so it is never planned or sent again. Pass reference: the ref that Plan Follow-Ups returned. Returns the status: committed, alreadyCommitted, or notReserved (no such reservation: check the ref).',
				},
				inputs: { plan: CUSTOMER_TOOL_INPUTS, confirm: CONFIRM_TOOL_INPUTS },
			}),
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const operation = this.getNodeParameter('operation', 0) as string;
		const confirm = operation === 'confirm';
		return await runOperation(
			this,
			'followUp',
			async () => (confirm ? await confirmSent(this) : await planFollowUps(this)),
			(field) => (confirm ? confirmationAnswer : followUpAnswer(field)),
		);
	}
}
