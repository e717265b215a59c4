// End-to-end: every template imported into a real n8n of each line, with this package installed
// from its tarball, executed by the n8n CLI; then a real server answering the lead webhook.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import axios from 'axios';
import { projectRoot } from '../../scripts/n8n-lines.mjs';
import { installPackage, N8nInstance, outputItems, sleep } from '../../scripts/n8n-instance.mjs';

const tarball = process.env.E2E_TARBALL;
if (!tarball) throw new Error('E2E_TARBALL is not set: run the suite with `npm run test:e2e`');
const lines = (process.env.E2E_LINES ?? '2.x,1.x').split(',').filter(Boolean);

const workflowDir = path.join(projectRoot, 'workflows');
const templates = readdirSync(workflowDir)
	.filter((f) => f.endsWith('.json'))
	.map((file) => ({ file, ...JSON.parse(readFileSync(path.join(workflowDir, file), 'utf8')) }));

const names = (run, node, output = 0) => outputItems(run, node, output).map((j) => j.name);

/** What each template must produce on its sample data. Every template needs an entry. */
const EXPECTED = {
	'social-lead-router.json': (run) => {
		assert.deepEqual(names(run, 'SEE: Add to Retargeting Audience'), ['Mia (new follower)', 'Jonas (no data yet)']);
		assert.deepEqual(names(run, 'THINK: Send Informative Content'), ['Lea (browsing products)', 'Tom (HubSpot contact)']);
		assert.deepEqual(names(run, 'DO: Offer With Coupon'), ['Sara (cart left behind)', 'Ben (lead ad)']);
		assert.deepEqual(names(run, 'CARE: Hand Over to Follow-Ups'), ['Nora (repeat buyer)', 'Emil (quiet customer)']);
		const [nora, emil] = outputItems(run, 'CARE: Hand Over to Follow-Ups');
		assert.equal(nora.funnel.customerStatus, 'loyal');
		assert.equal(emil.funnel.customerStatus, 'at risk');
		assert.match(outputItems(run, 'DO: Notify Sales')[0].salesNotice, /^Hot lead: Sara/);
	},
};

for (const line of lines) {
	describe(`n8n ${line} with the packed package installed`, () => {
		let n8n;

		before(() => {
			n8n = new N8nInstance(line);
			installPackage(n8n.userFolder, tarball);
			n8n.importWorkflows();
		});

		after(async () => {
			await n8n?.stop();
		});

		it('every template has expectations', () => {
			assert.deepEqual(templates.map((t) => t.file).filter((f) => !EXPECTED[f]), []);
		});

		for (const t of templates) {
			it(`template ${t.file} runs on its sample data`, () => {
				const { run, status, stderr } = n8n.execute(t.id);
				assert.equal(run.data.resultData.error, undefined, `execution failed: ${JSON.stringify(run.data.resultData.error)}\n${stderr.slice(-2000)}`);
				assert.equal(status, 0);
				EXPECTED[t.file](run);
			});
		}

		it('a running server lists Funnel Stage and classifies a lead posted to the webhook', async () => {
			n8n.activate('sfSocialLeadRouter');
			await n8n.start();
			const cookie = await n8n.setupOwner();
			const ours = (await n8n.nodeTypes(cookie)).filter((d) => d.name === 'n8n-nodes-social-funnel.funnelStage');
			assert.equal(ours.length, 1, 'Funnel Stage is not among the node types the editor loads');
			assert.equal(ours[0].displayName, 'Funnel Stage');

			const url = `${n8n.baseUrl}/webhook/social-lead`;
			const lead = { name: 'Ada Webhook', email: 'ada@example.com', events: [{ type: 'InitiateCheckout', at: new Date().toISOString() }] };
			let response;
			for (let attempt = 0; attempt < 60; attempt++) {
				response = await axios.post(url, lead, { validateStatus: () => true });
				if (response.status !== 404) break;
				await sleep(1000); // active webhooks register a little after readiness
			}
			assert.equal(response.status, 200, `webhook answered ${response.status}: ${JSON.stringify(response.data)}\n${n8n.logTail()}`);
			assert.equal(response.data.name, 'Ada Webhook');
			assert.equal(response.data.funnel.stage, 'DO');
			assert.match(response.data.funnel.explanation, /^DO: checkout started today/);
			assert.match(response.data.salesNotice, /^Hot lead: Ada Webhook/);

			// A bad lead fails its execution with an error that names the item and the field.
			const bad = await axios.post(url, { name: 'Bad', orders_count: -1 }, { validateStatus: () => true });
			assert.equal(bad.status, 500);
			const executions = await axios.get(`${n8n.baseUrl}/rest/executions`, {
				headers: { cookie },
				params: { filter: JSON.stringify({ workflowId: 'sfSocialLeadRouter', status: ['error'] }) },
			});
			const failed = executions.data.data.results;
			assert.equal(failed.length, 1);
			const detail = await axios.get(`${n8n.baseUrl}/rest/executions/${failed[0].id}`, { headers: { cookie } });
			// Execution data is stored as "flatted" JSON text, where the message's quotes are escaped once.
			assert.equal(typeof detail.data.data.data, 'string');
			assert.ok(detail.data.data.data.includes('Item 0: Field \\"orders_count\\" must not be negative, got -1'), detail.data.data.data.slice(0, 3000));
		});
	});
}
