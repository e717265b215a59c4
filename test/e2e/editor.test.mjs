// End-to-end in the editor, as a person clicks it: n8n 2.x with the packed package installed, driven
// in Debian's Chromium by playwright-core (the test installs chromium with apt-get when missing).
// Screenshots of every step go to .cache/screenshots/editor/ for a person to look at.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { chromium } from 'playwright-core';
import { cacheDir, projectRoot } from '../../scripts/n8n-lines.mjs';
import { demoWelcome, LANDING, templateList } from '../../scripts/demo-welcome.mjs';
import {
	DEMO_OWNER,
	installPackage,
	N8nInstance,
	zoneInsideSendWindow,
} from '../../scripts/n8n-instance.mjs';

const tarball = process.env.E2E_TARBALL;
if (!tarball) throw new Error('E2E_TARBALL is not set: run the suite with `npm run test:e2e`');
const lines = (process.env.E2E_LINES ?? '2.x,1.x').split(',').filter(Boolean);
const shots = path.join(cacheDir, 'screenshots', 'editor');
const CHROMIUM = '/usr/bin/chromium';

/** Debian's Chromium, installed when missing (Playwright's own browser download does not work offline). */
function ensureChromium() {
	if (existsSync(CHROMIUM)) return;
	process.stderr.write(
		'[editor] Chromium is not on this machine: installing Debian\'s package "chromium" (apt-get)\n',
	);
	for (const args of [['update'], ['install', '-y', '--no-install-recommends', 'chromium']]) {
		const res = spawnSync('apt-get', args, {
			stdio: ['ignore', 'ignore', 'inherit'],
			env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
		});
		if (res.status !== 0)
			throw new Error(
				`apt-get ${args.join(' ')} failed (exit ${
					res.status
				}); install Chromium (Debian package "chromium") and run again`,
			);
	}
}

/** A copy of a template under another id, for steps that change parameters (the editor saves as you go). */
function templateCopy(file, id, edit = (wf) => wf) {
	const wf = JSON.parse(readFileSync(path.join(projectRoot, 'workflows', file), 'utf8'));
	return edit({ ...wf, id, name: `${wf.name} (editor test)` });
}

/** The lead router with a sample lead broken as a user might break it: Mia's likes set to -5. */
const brokenLeadRouter = () =>
	templateCopy('social-lead-router.json', 'sfEditorBrokenLead', (wf) => {
		const sample = wf.nodes.find((n) => n.name === 'Sample Leads');
		assert.ok(
			sample.parameters.jsonOutput.includes('"likes": 3'),
			'the sample leads changed: update the broken copy',
		);
		sample.parameters.jsonOutput = sample.parameters.jsonOutput.replace(
			'"likes": 3',
			'"likes": -5',
		);
		return wf;
	});

if (lines.includes('2.x')) {
	describe('n8n 2.x editor in Chromium', () => {
		let n8n;
		let browser;
		let page;
		let step = 0;
		let landing;
		const shot = async (name) =>
			page.screenshot({ path: path.join(shots, `${String(++step).padStart(2, '0')}-${name}.png`) });

		before(async () => {
			ensureChromium();
			rmSync(shots, { recursive: true, force: true });
			mkdirSync(shots, { recursive: true });
			// The Care templates plan mails only inside their send window (9:00–20:00): a zone where it is midday now, so the suite passes at any hour (n8n's default zone is America/New_York).
			n8n = new N8nInstance('2.x', {
				port: 5761,
				brokerPort: 5762,
				timezone: zoneInsideSendWindow(),
			});
			installPackage(n8n.userFolder, tarball);
			n8n.importWorkflows();
			n8n.importWorkflow(templateCopy('influencer-shortlist.json', 'sfEditorInfluencer'));
			n8n.importWorkflow(templateCopy('care-review-requests.json', 'sfEditorCare'));
			n8n.importWorkflow(brokenLeadRouter());
			await n8n.start();
			await n8n.setupOwner();
			browser = await chromium.launch({
				executablePath: CHROMIUM,
				args: [
					'--no-sandbox',
					'--disable-gpu',
					'--disable-quic',
					'--no-first-run',
					'--disable-background-networking',
					'--disable-component-update',
					'--disable-sync',
				],
			});
			page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
			await page.goto(`${n8n.baseUrl}/signin`);
			await page.fill('input[name=emailOrLdapLoginId]', DEMO_OWNER.email);
			await page.fill('input[name=password]', DEMO_OWNER.password);
			await page.keyboard.press('Enter');
			await page.waitForURL(/\/home/, { timeout: 60_000 });
			landing = page.url();
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
			(
				await page
					.locator('[data-test-id^="parameter-input-"]')
					.evaluateAll((els) =>
						els.map((e) => e.getAttribute('data-test-id').slice('parameter-input-'.length)),
					)
			).filter((n) => n !== 'item' && n !== 'field');

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
					.filter(
						(e) =>
							e.children.length === 0 &&
							e.offsetParent !== null &&
							getComputedStyle(e).textOverflow === 'ellipsis' &&
							e.scrollWidth > e.clientWidth + 1,
					)
					.map((e) => e.textContent.trim()),
			);

		/** Parameters whose editor marks their value as an error (a red dot), e.g. an empty JSON field. */
		const markedParameters = () =>
			page.evaluate(() =>
				[...document.querySelectorAll('[data-test-id="ndv"] .cm-lint-marker-error')].map(
					(e) =>
						e.closest('[data-test-id^="parameter-input-"]')?.getAttribute('data-test-id') ??
						'a parameter',
				),
			);

		/** Adds an option of the node's last collection (Options) by its name. */
		async function addOption(name) {
			await page.locator('[data-test-id="collection-parameter-add"]').last().click();
			await page
				.locator('.el-select-dropdown__item:visible, [role="option"]:visible')
				.filter({ hasText: name })
				.first()
				.click();
		}

		const credentialSlot = async () =>
			(await page.locator('[data-test-id="node-credentials-slot"]').allTextContents()).map((t) =>
				t.trim(),
			);

		it('after sign-in shows what the demo says: Overview with the Workflows tab listing every template, each opening its canvas', async () => {
			assert.match(landing, /\/home\/workflows$/, `signed in to ${landing}`);
			await page.goto(landing);
			await page.getByRole('heading', { name: LANDING.heading }).first().waitFor();
			await page.getByText(LANDING.tab, { exact: true }).first().waitFor();
			const welcome = demoWelcome({
				baseUrl: n8n.baseUrl,
				email: DEMO_OWNER.email,
				password: DEMO_OWNER.password,
				loginNote: '',
				mailDir: '.cache/demo-mail',
			});
			assert.ok(
				welcome.includes(`"${LANDING.heading}" with the "${LANDING.tab}" tab`),
				'the demo names the landing page',
			);
			for (const { id, name } of templateList()) {
				assert.ok(
					welcome.includes(`${n8n.baseUrl}/workflow/${id}`),
					`the demo prints no link to ${name}`,
				);
				await page.getByText(name, { exact: true }).first().waitFor({ timeout: 10_000 });
			}
			await shot('landing-after-sign-in');
			const [first] = templateList().filter((t) => !t.needsModel);
			await page.getByText(first.name, { exact: true }).first().click();
			await page.waitForURL(new RegExp(`/workflow/${first.id}`));
			await page.locator('[data-test-id="execute-workflow-button"]').waitFor();
		});

		for (const [name, icon] of [
			['Funnel Stage', 'funnelStage.svg'],
			['Care Follow-Up', 'careFollowUp.svg'],
			['Influencer Score', 'influencerScore.svg'],
		]) {
			it(`the node panel finds ${name} by search, with its own icon`, async () => {
				await page.goto(`${n8n.baseUrl}/workflow/sfEditorCare`);
				await page.locator('[data-test-id="node-creator-plus-button"]').click();
				await page
					.locator(
						'input[data-test-id="node-creator-search-bar"], [data-test-id="node-creator-search-bar"] input',
					)
					.first()
					.fill(name);
				const item = page.locator('[data-test-id="item-iterator-item"]', { hasText: name }).first();
				await item.waitFor({ timeout: 15_000 });
				// Its own icon, loaded (an image still loading gets up to 15 s).
				const image = item.locator(`img[src$="/${icon}"]`).first();
				await image.waitFor({ timeout: 15_000 });
				const loaded = await image.elementHandle().then((el) =>
					page
						.waitForFunction((img) => img.complete && img.naturalWidth > 0, el, { timeout: 15_000 })
						.then(
							() => true,
							() => false,
						),
				);
				assert.ok(loaded, `${name} shows its ${icon}, but it did not load`);
				await shot(`node-panel-${icon.replace('.svg', '')}`);
				await page.keyboard.press('Escape');
			});
		}

		it('Influencer Score shows Operation with both operations; Fetch and Score shows Platform, and the credential follows the platform', async () => {
			await openNode('sfEditorInfluencer', 'Influencer Score');
			await shot('influencer-score-panel');
			const first = await shownParameters();
			assert.ok(first.includes('operation'), `Operation is not in the panel: ${first}`);
			const offered = await choose('operation', 'Fetch and Score');
			assert.ok(
				offered.some((o) => o.startsWith('Score Profiles')) &&
					offered.some((o) => o.startsWith('Fetch and Score')),
				`operations offered: ${offered}`,
			);
			await page.locator('[data-test-id="parameter-input-platform"]').waitFor();
			const fetching = await shownParameters();
			for (const name of ['operation', 'platform', 'handle'])
				assert.ok(
					fetching.includes(name),
					`${name} is not in the panel when fetching: ${fetching}`,
				);
			assert.match((await credentialSlot()).join(' '), /Instagram Graph API/);
			await shot('influencer-score-fetch-instagram');
			const platforms = await choose('platform', 'YouTube');
			assert.ok(
				platforms.some((p) => p.startsWith('Instagram')) &&
					platforms.some((p) => p.startsWith('YouTube')),
				`platforms offered: ${platforms}`,
			);
			await page
				.locator('[data-test-id="node-credentials-slot"]', { hasText: 'YouTube Data API' })
				.waitFor();
			await shot('influencer-score-fetch-youtube');
			assert.deepEqual(await truncatedTexts(), [], 'labels cut off');
		});

		it('Care Follow-Up shows Ledger Store; Postgres brings its credential, Ledger Name and Table Prefix', async () => {
			await openNode('sfEditorCare', 'Care Follow-Up');
			const shown = await shownParameters();
			assert.ok(shown.includes('ledgerStore'), `Ledger Store is not in the panel: ${shown}`);
			assert.equal(
				await page.locator('[data-test-id="node-credentials-slot"]').count(),
				0,
				'no credential is asked for with static data',
			);
			assert.deepEqual(await truncatedTexts(), [], 'labels cut off');
			await page.locator('[data-test-id="parameter-input-catalogue"]').scrollIntoViewIfNeeded();
			await addOption('Message Texts (JSON)');
			await page.locator('[data-test-id="parameter-input-messageTexts"]').scrollIntoViewIfNeeded();
			assert.deepEqual(
				await markedParameters(),
				[],
				'an empty Catalogue or Message Texts is marked as an error',
			);
			await shot('care-follow-up-empty-json-fields');
			await page.locator('[data-test-id="parameter-input-ledgerStore"]').scrollIntoViewIfNeeded();
			const stores = await choose('ledgerStore', 'Postgres');
			assert.ok(
				stores.some((s) => s.startsWith('Workflow Static Data')) &&
					stores.some((s) => s.startsWith('Postgres')),
				`stores offered: ${stores}`,
			);
			await page.locator('[data-test-id="parameter-input-ledgerName"]').waitFor();
			const postgres = await shownParameters();
			for (const name of ['ledgerStore', 'ledgerName', 'tablePrefix'])
				assert.ok(postgres.includes(name), `${name} is not in the panel: ${postgres}`);
			assert.match((await credentialSlot()).join(' '), /Postgres/);
			await shot('care-follow-up-postgres');
		});

		it('Funnel Stage shows Remember Stages, Emit and Stage Moves; the template remembers in static data with no credential; Postgres brings its credential, Memory Name and Table Prefix', async () => {
			await openNode('sfSocialLeadRouter', 'Funnel Stage');
			const shown = await shownParameters();
			for (const name of [
				'operation',
				'routing',
				'rememberStages',
				'leadKey',
				'emit',
				'stageMoves',
			])
				assert.ok(shown.includes(name), `${name} is not in the panel: ${shown}`);
			assert.equal(
				await page.locator('[data-test-id="node-credentials-slot"]').count(),
				0,
				'no credential is asked for with static data',
			);
			const panel = (await page.locator('[data-test-id="ndv"]').innerText()).replace(/\s+/g, ' ');
			assert.match(panel, /Manual executions read the memory but do not change it/);
			assert.deepEqual(await truncatedTexts(), [], 'labels cut off');
			await shot('funnel-stage-memory');
			await page
				.locator('[data-test-id="parameter-input-rememberStages"]')
				.scrollIntoViewIfNeeded();
			const stores = await choose('rememberStages', 'Postgres');
			for (const store of ['Off', 'Workflow Static Data', 'Postgres'])
				assert.ok(
					stores.some((s) => s.startsWith(store)),
					`stores offered: ${stores}`,
				);
			await page.locator('[data-test-id="parameter-input-memoryName"]').waitFor();
			const postgres = await shownParameters();
			for (const name of ['memoryName', 'tablePrefix', 'leadKey'])
				assert.ok(postgres.includes(name), `${name} is not in the panel: ${postgres}`);
			assert.match((await credentialSlot()).join(' '), /Postgres/);
			assert.deepEqual(await truncatedTexts(), [], 'labels cut off');
			await shot('funnel-stage-memory-postgres');
		});

		it('Funnel Stage and Funnel Report read in full: no label cut off, an empty Previous Report is no error', async () => {
			await openNode('sfSocialLeadRouter', 'Funnel Stage');
			await addOption('No Consent Field Means');
			await page.locator('[data-test-id="parameter-input-missingTrackingConsent"]').waitFor();
			await addOption('Use Lifecycle Stage');
			await page.locator('[data-test-id="parameter-input-useLifecycleStage"]').waitFor();
			assert.deepEqual(await truncatedTexts(), [], 'labels cut off');
			await shot('funnel-stage-options');
			await openNode('sfWeeklyFunnelReport', 'Funnel Report');
			await page
				.locator('[data-test-id="parameter-input-previousReport"]')
				.scrollIntoViewIfNeeded();
			assert.deepEqual(
				await markedParameters(),
				[],
				'an empty Previous Report is marked as an error',
			);
			assert.deepEqual(await truncatedTexts(), [], 'labels cut off');
			await shot('funnel-report-panel');
		});

		/** The output panel of an open node in JSON view, whitespace collapsed: its output tabs with their counts, then the items (the editor renders only the first screenfuls). */
		async function outputJson(expected) {
			const panel = page.locator('[data-test-id="output-panel"]');
			await panel.locator('[data-test-id="radio-button-json"]').click();
			// The JSON view renders a moment after the click: read until it shows what is expected, or 15 s have passed.
			const until = Date.now() + 15_000;
			let text;
			do {
				text = (await panel.innerText()).replace(/\s+/g, ' ');
				if (expected.every((t) => text.includes(t))) break;
				await page.waitForTimeout(250);
			} while (Date.now() < until);
			return text;
		}

		const TEMPLATE_RUNS = [
			{
				id: 'sfSocialLeadRouter',
				node: 'Funnel Stage',
				shows: [
					'SEE Branch (2 items)',
					'CARE Branch (2 items)',
					'Mia (new follower)',
					'"stage": "SEE"',
				],
			},
			{
				id: 'sfInfluencerShortlist',
				node: 'Influencer Score',
				shows: [
					'Top N Branch (3 items)',
					'Rest Branch (5 items)',
					'"name": "Nina isst pflanzlich"',
				],
			},
			{
				id: 'sfCareReviewRequests',
				node: 'Care Follow-Up',
				shows: [
					'Review Request Branch (2 items)',
					'Not Now Branch (5 items)',
					'"email": "lena@example.com"',
				],
			},
			// The upsell preview shows all four planned mails in one run (All Planned Mails merges the outputs).
			{
				id: 'sfCareUpsellVip',
				node: 'Care Follow-Up',
				open: 'Preview (Not Sent)',
				shows: ['clara@example.com', 'finn@example.com', 'jan@example.com', 'mila@example.com'],
			},
			{ id: 'sfWeeklyFunnelReport', node: 'Funnel Report' },
			{
				id: 'sfRetargetingAudiences',
				node: 'Remarketing Audience',
				shows: ['Upload Batches Branch (1 item)', 'Not Uploaded Branch (5 items)', '"EMAIL"'],
			},
		];
		for (const { id, node, open = node, shows } of TEMPLATE_RUNS) {
			it(`template ${id} runs on the first click of Execute workflow, with no credential prompt, and ${open} shows its output`, async () => {
				await page.goto(`${n8n.baseUrl}/workflow/${id}`);
				const button = page.locator('[data-test-id="execute-workflow-button"]');
				// The button starts from a trigger that runs the samples at once (manual or schedule), never from a webhook, which would wait for a call.
				const label = (await button.innerText()).replace(/\s+/g, ' ').trim();
				assert.match(label, /^Execute workflow( from .+)?$/);
				const { nodes } = JSON.parse(
					readFileSync(
						path.join(projectRoot, 'workflows', templateList().find((t) => t.id === id).file),
						'utf8',
					),
				);
				for (const webhook of nodes.filter((n) => n.type === 'n8n-nodes-base.webhook'))
					assert.ok(
						!label.endsWith(`from ${webhook.name}`),
						`the button would wait for a call to ${webhook.name}`,
					);
				await button.click();
				await page
					.locator(
						`[data-test-id="canvas-node"][data-node-name="${node}"] [data-test-id="canvas-node-status-success"]`,
					)
					.waitFor({ timeout: 60_000 });
				await shot(`template-${id}`);
				assert.equal(
					await page.locator('[data-test-id="canvas-node-status-mark-error"]').count(),
					0,
					'a node failed',
				);
				assert.equal(
					await page
						.locator(
							'[data-test-id="credential-edit-dialog"], [data-test-id="setup-credentials-modal"]',
						)
						.count(),
					0,
					'a credential prompt opened',
				);
				await page.locator(`[data-test-id="canvas-node"][data-node-name="${open}"]`).dblclick();
				await page.locator('[data-test-id="output-panel"]').waitFor();
				if (shows) {
					const json = await outputJson(shows);
					for (const text of shows)
						assert.ok(
							json.includes(text),
							`${open}'s output lacks ${text}:\n${json.slice(0, 1500)}`,
						);
					assert.equal(
						await page
							.locator('[data-test-id="output-panel"] [data-test-id="run-selector"]')
							.count(),
						0,
						`${open} ran more than once: the output panel offers runs`,
					);
				} else {
					// The chart: n8n views a PNG (SVG it only offers to download); it must load at its full size.
					await page.locator('[data-test-id="ndv-view-binary-data"]').last().click();
					const chart = page.locator('[data-test-id="output-panel"] img[src*="binary-data"]');
					await chart.waitFor({ timeout: 15_000 });
					await page.waitForFunction(() =>
						[...document.querySelectorAll('img[src*="binary-data"]')].some(
							(i) => i.complete && i.naturalWidth > 0,
						),
					);
					const { natural, shown } = await chart.evaluate((i) => ({
						natural: i.naturalWidth,
						shown: i.clientWidth,
					}));
					assert.equal(natural, 1280, 'the PNG is painted at twice its 640-unit layout');
					assert.ok(shown >= 300, `the chart is shown ${shown} px wide`);
				}
				await shot(`template-${id}-${open.replace(/\W+/g, '-').toLowerCase()}-output`);
				await page.keyboard.press('Escape');
			});
		}

		it('a broken sample lead fails Funnel Stage with a message that names the lead and the field once, and how to fix it', async () => {
			await page.goto(`${n8n.baseUrl}/workflow/sfEditorBrokenLead`);
			await page.locator('[data-test-id="execute-workflow-button"]').click();
			await page
				.locator(
					'[data-test-id="canvas-node"][data-node-name="Funnel Stage"] [data-test-id="canvas-node-status-mark-error"]',
				)
				.waitFor({ timeout: 60_000 });
			await page.locator('[data-test-id="canvas-node"][data-node-name="Funnel Stage"]').dblclick();
			const message = page.locator('[data-test-id="node-error-message"]');
			await message.waitFor();
			// n8n's editor adds the position ("[item 0]") itself; the message says who and what.
			assert.equal(
				(await message.innerText()).trim(),
				'Mia (new follower) <mia@example.com>: Field "likes" must not be negative, got -5 [item 0]',
			);
			assert.equal(
				(await page.locator('[data-test-id="node-error-description"]').innerText()).trim(),
				'How to fix: map a count of 0 or more, or leave it empty.',
			);
			await shot('broken-lead-error');
			await page.keyboard.press('Escape');
		});
	});
}
