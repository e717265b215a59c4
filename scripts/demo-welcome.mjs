// What `npm run demo` prints once n8n is up: where to sign in, what the editor shows next and
// where to click. The editor suite checks these words against what the browser really shows.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { projectRoot } from './n8n-lines.mjs';

/**
 * The templates in workflows/, as the editor lists them: id, name, file, and whether it needs the
 * user's AI model (its chat model ships deactivated) instead of running on sample data.
 */
export function templateList() {
	const dir = path.join(projectRoot, 'workflows');
	return readdirSync(dir)
		.filter((f) => f.endsWith('.json'))
		.sort()
		.map((f) => {
			const { id, name, nodes } = JSON.parse(readFileSync(path.join(dir, f), 'utf8'));
			const needsModel = nodes.some(
				(n) => n.type.startsWith('@n8n/n8n-nodes-langchain.lmChat') && n.disabled,
			);
			return { id, name, file: f, needsModel };
		});
}

/** The page n8n 2.x shows right after signing in, and the tab that lists the workflows. */
export const LANDING = { heading: 'Overview', tab: 'Workflows' };

export function demoWelcome({ baseUrl, email, password, loginNote, mailDir }) {
	const templates = templateList();
	const links = templates.map(({ id, name }) => `    ${name}\n      ${baseUrl}/workflow/${id}`);
	const agents = templates.filter((t) => t.needsModel).map((t) => t.name);
	return `
  n8n is running with n8n-nodes-social-funnel installed.

  Open      ${baseUrl}
  Email     ${email}
  Password  ${password}
  (owner account ${loginNote})

  After signing in, n8n shows "${LANDING.heading}" with the "${LANDING.tab}" tab, which lists the
  ${links.length} templates. Click one, then click the orange "Execute workflow" button at the
  bottom of the canvas: it runs on the template's sample data, no credential needed (all but
  ${agents.join(', ')}, see below). Double-click a node to see what it received and what it
  produced. Or open a template directly:

${links.join('\n')}

  The lead router's "New Lead" webhook ships disabled, so that the button runs the sample
  leads. To post leads to it, enable the node (select it, press D) and publish the workflow:
  then it answers on ${baseUrl}/webhook/social-lead.

  The Care Follow-Up and weekly report templates preview their mails. To send them for real,
  open their Send Email node, choose the credential "Demo mail server (local)" and enable the
  node, then set sendEmails to true in their Settings node; the mails land in
  ${mailDir}/.

  ${agents.join(', ')} chats with an AI Agent that uses the three nodes as tools. It needs
  your OpenAI credential: open its OpenAI Chat Model node, choose the credential, activate the
  node (select it, press D), then click "Open chat".

  Press Ctrl+C to stop.
`;
}
