// End-to-end in the editor, as a person clicks it: n8n 2.x with the packed package installed, driven
// in Debian's Chromium by playwright-core (the test installs chromium with apt-get when missing).
// Screenshots of every step go to .cache/screenshots/editor/ for a person to look at.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { chromium } from 'playwright-core';
import { cacheDir, projectRoot } from '../../scripts/n8n-lines.mjs';
import { DEMO_OWNER, installPackage, N8nInstance } from '../../scripts/n8n-instance.mjs';

const tarball = process.env.E2E_TARBALL;
if (!tarball) throw new Error('E2E_TARBALL is not set: run the suite with `npm run test:e2e`');
const lines = (process.env.E2E_LINES ?? '2.x,1.x').split(',').filter(Boolean);
const shots = path.join(cacheDir, 'screenshots', 'editor');
const CHROMIUM = '/usr/bin/chromium';

/** Debian's Chromium, installed when missing (Playwright's own browser download does not work offline). */
function ensureChromium() {
	if (existsSync(CHROMIUM)) return;
	process.stderr.write('[editor] Chromium is not on this machine: installing Debian\'s package "chromium" (apt-get)\n');
	for (const args of [['update'], ['install', '-y', '--no-install-recommends', 'chromium']]) {
		const res = spawnSync('apt-get', args, { stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
		if (res.status !== 0) throw new Error(`apt-get ${args.join(' ')} failed (exit ${res.status}); install Chromium (Debian package "chromium") and run again`);
	}
}

/** A copy of a template under another id, for steps that change parameters (the editor saves as you go). */
function templateCopy(file, id) {
	const wf = JSON.parse(readFileSync(path.join(projectRoot, 'workflows', file), 'utf8'));
	return { ...wf, id, name: `${wf.name} (editor test)` };
}

if (lines.includes('2.x')) {
	describe('n8n 2.x editor in Chromium', () => {
		let n8n;
		let browser;
		let page;
		let step = 0;
		const shot = async (name) => page.screenshot({ path: path.join(shots, `${String(++step).padStart(2, '0')}-${name}.png`) });

		before(async () => {
			ensureChromium();
			mkdirSync(shots, { recursive: true });
			n8n = new N8nInstance('2.x', { port: 5761, brokerPort: 5762 });
			installPackage(n8n.userFolder, tarball);
			n8n.importWorkflows();
			n8n.importWorkflow(templateCopy('influencer-shortlist.json', 'sfEditorInfluencer'));
			n8n.importWorkflow(templateCopy('care-review-requests.json', 'sfEditorCare'));
			await n8n.start();
			await n8n.setupOwner();
			browser = await chromium.launch({
				executablePath: CHROMIUM,
				args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
			});
			page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
			await page.goto(`${n8n.baseUrl}/signin`);
			await page.fill('input[name=emailOrLdapLoginId]', DEMO_OWNER.email);
			await page.fill('input[name=password]', DEMO_OWNER.password);
			await page.keyboard.press('Enter');
			await page.waitForURL(/\/home/, { timeout: 60_000 });
		});

		after(async () => {
			await browser?.close();
			await n8n?.stop();
		});

		/** Opens a workflow and a node's panel by double-click, as a person does. */
		async function openNode(workflowId, nodeName) {
			await page.goto(`${n8n.baseUrl}/workflow/${workflowId}`);
			await page.locator(`[data-test-id="canvas-node"][data-node-name="${nodeName}"]`).dblclick();
			await page.locator('[data-test-id="parameter-input-operation"]').waitFor({ timeout: 30_000 });
		}

		/** The parameters the panel shows now, by name. */
		const shownParameters = async () =>
			(await page.locator('[data-test-id^="parameter-input-"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-test-id').slice('parameter-input-'.length)))).filter((n) => n !== 'item' && n !== 'field');

		/** Picks an option of a dropdown parameter; returns the options it offered. */
		async function choose(parameter, option) {
			await page.locator(`[data-test-id="parameter-input-${parameter}"]`).click();
			const items = page.locator('.el-select-dropdown__item:visible');
			await items.first().waitFor();
			const offered = (await items.allTextContents()).map((t) => t.trim());
			await items.filter({ hasText: option }).first().click();
			return offered;
		}

		/** Texts the panel (or an open dropdown) cuts off with an ellipsis. */
		const truncatedTexts = () =>
			page.evaluate(() =>
				[...document.querySelectorAll('[data-test-id="ndv"] *, .el-select-dropdown *')]
					.filter((e) => e.children.length === 0 && e.offsetParent !== null && getComputedStyle(e).textOverflow === 'ellipsis' && e.scrollWidth > e.clientWidth + 1)
					.map((e) => e.textContent.trim()),
			);

		/** Parameters whose editor marks their value as an error (a red dot), e.g. an empty JSON field. */
		const markedParameters = () =>
			page.evaluate(() => [...document.querySelectorAll('[data-test-id="ndv"] .cm-lint-marker-error')].map((e) => e.closest('[data-test-id^="parameter-input-"]')?.getAttribute('data-test-id') ?? 'a parameter'));

		/** Adds an option of the node's last collection (Options) by its name. */
		async function addOption(name) {
			await page.locator('[data-test-id="collection-parameter-add"]').last().click();
			await page.locator('.el-select-dropdown__item:visible, [role="option"]:visible').filter({ hasText: name }).first().click();
		}

		const credentialSlot = async () => (await page.locator('[data-test-id="node-credentials-slot"]').allTextContents()).map((t) => t.trim());

		it('Influencer Score shows Operation with both operations; Fetch and Score shows Platform, and the credential follows the platform', async () => {
			await openNode('sfEditorInfluencer', 'Influencer Score');
			await shot('influencer-score-panel');
			const first = await shownParameters();
			assert.ok(first.includes('operation'), `Operation is not in the panel: ${first}`);
			const offered = await choose('operation', 'Fetch and Score');
			assert.ok(offered.some((o) => o.startsWith('Score Profiles')) && offered.some((o) => o.startsWith('Fetch and Score')), `operations offered: ${offered}`);
			await page.locator('[data-test-id="parameter-input-platform"]').waitFor();
			const fetching = await shownParameters();
			for (const name of ['operation', 'platform', 'handle']) assert.ok(fetching.includes(name), `${name} is not in the panel when fetching: ${fetching}`);
			assert.match((await credentialSlot()).join(' '), /Instagram Graph API/);
			await shot('influencer-score-fetch-instagram');
			const platforms = await choose('platform', 'YouTube');
			assert.ok(platforms.some((p) => p.startsWith('Instagram')) && platforms.some((p) => p.startsWith('YouTube')), `platforms offered: ${platforms}`);
			await page.locator('[data-test-id="node-credentials-slot"]', { hasText: 'YouTube Data API' }).waitFor();
			await shot('influencer-score-fetch-youtube');
			assert.deepEqual(await truncatedTexts(), [], 'labels cut off');
		});

		it('Care Follow-Up shows Ledger Store; Postgres brings its credential, Ledger Name and Table Prefix', async () => {
			await openNode('sfEditorCare', 'Care Follow-Up');
			const shown = await shownParameters();
			assert.ok(shown.includes('ledgerStore'), `Ledger Store is not in the panel: ${shown}`);
			assert.equal(await page.locator('[data-test-id="node-credentials-slot"]').count(), 0, 'no credential is asked for with static data');
			assert.deepEqual(await truncatedTexts(), [], 'labels cut off');
			await page.locator('[data-test-id="parameter-input-catalogue"]').scrollIntoViewIfNeeded();
			await addOption('Message Texts (JSON)');
			await page.locator('[data-test-id="parameter-input-messageTexts"]').scrollIntoViewIfNeeded();
			assert.deepEqual(await markedParameters(), [], 'an empty Catalogue or Message Texts is marked as an error');
			await shot('care-follow-up-empty-json-fields');
			await page.locator('[data-test-id="parameter-input-ledgerStore"]').scrollIntoViewIfNeeded();
			const stores = await choose('ledgerStore', 'Postgres');
			assert.ok(stores.some((s) => s.startsWith('Workflow Static Data')) && stores.some((s) => s.startsWith('Postgres')), `stores offered: ${stores}`);
			await page.locator('[data-test-id="parameter-input-ledgerName"]').waitFor();
			const postgres = await shownParameters();
			for (const name of ['ledgerStore', 'ledgerName', 'tablePrefix']) assert.ok(postgres.includes(name), `${name} is not in the panel: ${postgres}`);
			assert.match((await credentialSlot()).join(' '), /Postgres/);
			await shot('care-follow-up-postgres');
		});

		it('Funnel Stage and Funnel Report read in full: no label cut off, an empty Previous Report is no error', async () => {
			await openNode('sfSocialLeadRouter', 'Funnel Stage');
			await addOption('No Consent Field Means');
			await page.locator('[data-test-id="parameter-input-missingTrackingConsent"]').waitFor();
			assert.deepEqual(await truncatedTexts(), [], 'labels cut off');
			await shot('funnel-stage-options');
			await openNode('sfWeeklyFunnelReport', 'Funnel Report');
			await page.locator('[data-test-id="parameter-input-previousReport"]').scrollIntoViewIfNeeded();
			assert.deepEqual(await markedParameters(), [], 'an empty Previous Report is marked as an error');
			assert.deepEqual(await truncatedTexts(), [], 'labels cut off');
			await shot('funnel-report-panel');
		});

		for (const [id, node] of [
			['sfInfluencerShortlist', 'Influencer Score'],
			['sfCareReviewRequests', 'Care Follow-Up'],
			['sfCareUpsellVip', 'Care Follow-Up'],
			['sfWeeklyFunnelReport', 'Funnel Report'],
		]) {
			it(`template ${id} runs on the first click of Execute workflow, with no credential prompt`, async () => {
				await page.goto(`${n8n.baseUrl}/workflow/${id}`);
				await page.locator('[data-test-id="execute-workflow-button"]').click();
				await page.locator(`[data-test-id="canvas-node"][data-node-name="${node}"] [data-test-id="canvas-node-status-success"]`).waitFor({ timeout: 60_000 });
				await shot(`template-${id}`);
				assert.equal(await page.locator('[data-test-id="canvas-node-status-error"]').count(), 0, 'a node failed');
			});
		}
	});
}
