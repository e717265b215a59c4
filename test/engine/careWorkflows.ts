/** Care Follow-Up workflows the engine tests share. */
import type { IDataObject } from 'n8n-workflow';
import type { WorkflowJson } from './harness';

/**
 * Adds to a workflow whose plan node is "Care Follow-Up" a stand-in for the email node (like Send
 * Email, it replaces the item with the result of sending: `sentTo` and `messageId`) and a Confirm
 * Sent node with `confirmParameters` (a ledger store and its credential, if any).
 */
export function withSendAndConfirm(
	wf: WorkflowJson,
	confirmParameters: IDataObject = {},
	credential?: string,
): WorkflowJson {
	wf.nodes.push({
		id: 's',
		name: 'Send',
		type: 'n8n-nodes-base.set',
		typeVersion: 3.4,
		position: [400, 0],
		parameters: {
			assignments: {
				assignments: [
					{ id: 'm', name: 'messageId', value: '={{ "<" + $json.email + ">" }}', type: 'string' },
					{ id: 't', name: 'sentTo', value: '={{ $json.email }}', type: 'string' },
				],
			},
			includeOtherFields: false,
			options: {},
		},
	});
	wf.nodes.push({
		id: 'c',
		name: 'Confirm Sent',
		type: 'n8n-nodes-social-funnel.careFollowUp',
		typeVersion: 1,
		position: [600, 0],
		parameters: {
			operation: 'confirm',
			reference: "={{ $('Care Follow-Up').item.json.followUp.ref }}",
			...confirmParameters,
		},
		...(credential
			? { credentials: { [credential]: { id: `cred-${credential}`, name: `Test ${credential}` } } }
			: {}),
	});
	wf.connections['Care Follow-Up'] = { main: [[{ node: 'Send', type: 'main', index: 0 }]] };
	wf.connections.Send = { main: [[{ node: 'Confirm Sent', type: 'main', index: 0 }]] };
	return wf;
}
