// Templates as a shop runs them for real, for the end-to-end tests that send mail.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../../scripts/n8n-lines.mjs';

const workflowDir = path.join(projectRoot, 'workflows');

/**
 * A template as a shop runs it for real: sending switched on in its Settings node, the SMTP
 * credential chosen in its Send Email node and that node enabled; `edit` changes a node further.
 */
export function liveCopy(file, id, credential, edit = () => undefined) {
	const wf = JSON.parse(readFileSync(path.join(workflowDir, file), 'utf8'));
	wf.id = id;
	wf.name = `${wf.name} (live test copy)`;
	for (const node of wf.nodes) {
		if (node.name === 'Settings')
			node.parameters.jsonOutput = node.parameters.jsonOutput.replace(
				'"sendEmails": false',
				'"sendEmails": true',
			);
		if (node.type === 'n8n-nodes-base.emailSend') {
			node.credentials = { smtp: { id: credential.id, name: credential.name } };
			delete node.disabled; // the templates ship it disabled until a credential is chosen
		}
		edit(node);
	}
	assert.ok(
		wf.nodes
			.find((n) => n.name === 'Settings')
			.parameters.jsonOutput.includes('"sendEmails": true'),
		'the live copy sends',
	);
	return wf;
}

/**
 * The review template in production: also the existing-customer exception switched on (so Paul,
 * without consent, gets a mail with the opt-out notice), and the schedule every 15 seconds (or `seconds`) so
 * the test sees several production executions.
 */
export const liveReviewWorkflow = (credential, seconds = 15) =>
	liveCopy('care-review-requests.json', 'sfCareReviewLive', credential, (node) => {
		if (node.name === 'Care Follow-Up') node.parameters.useExistingCustomerException = true;
		if (node.name === 'Every Hour')
			node.parameters.rule = { interval: [{ field: 'seconds', secondsInterval: seconds }] };
	});

/** The lead router taking live leads: its New Lead webhook enabled, as the template's note tells a user to do. */
export function liveLeadRouter() {
	const wf = JSON.parse(readFileSync(path.join(workflowDir, 'social-lead-router.json'), 'utf8'));
	const webhook = wf.nodes.find((n) => n.name === 'New Lead');
	assert.equal(webhook.disabled, true, 'the template ships New Lead disabled');
	delete webhook.disabled;
	return { ...wf, id: 'sfSocialLeadLive', name: `${wf.name} (live test copy)` };
}
