// End-to-end: every template imported into a real n8n of each line, with this package installed
// from its tarball, executed by the n8n CLI; then a real server answering the lead webhook.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import axios from 'axios';
import { XMLValidator } from 'fast-xml-parser';
import { projectRoot } from '../../scripts/n8n-lines.mjs';
import { startMailCatcher, smtpCredential } from '../../scripts/mail-catcher.mjs';
import {
	installPackage,
	N8nInstance,
	outputItems,
	sleep,
	zoneInsideSendWindow,
} from '../../scripts/n8n-instance.mjs';
import fakeSocialApi from '../fake-api/socialApiServer.cjs';
import { liveCopy, liveLeadRouter, liveReviewWorkflow } from './liveTemplates.mjs';

const tarball = process.env.E2E_TARBALL;
if (!tarball) throw new Error('E2E_TARBALL is not set: run the suite with `npm run test:e2e`');
const lines = (process.env.E2E_LINES ?? '2.x,1.x').split(',').filter(Boolean);

const workflowDir = path.join(projectRoot, 'workflows');
const allTemplates = readdirSync(workflowDir)
	.filter((f) => f.endsWith('.json'))
	.map((file) => ({ file, ...JSON.parse(readFileSync(path.join(workflowDir, file), 'utf8')) }));
/** Templates that need the user's AI model (shipped deactivated): test/e2e/agentTools.test.mjs runs them with a fake one. */
const NEED_A_MODEL = ['agent-lead-assistant.json'];
const templates = allTemplates.filter((t) => !NEED_A_MODEL.includes(t.file));

const names = (run, node, output = 0) => outputItems(run, node, output).map((j) => j.name);

/** What each template must produce on its sample data. Every template needs an entry. */
const EXPECTED = {
	'social-lead-router.json': (run) => {
		assert.deepEqual(names(run, 'SEE: Add to Retargeting Audience'), [
			'Mia (new follower)',
			'Jonas (no data yet)',
		]);
		assert.deepEqual(names(run, 'THINK: Send Informative Content'), [
			'Lea (browsing products)',
			'Tom (HubSpot contact)',
		]);
		assert.deepEqual(names(run, 'DO: Offer With Coupon'), [
			'Sara (cart left behind)',
			'Ben (lead ad)',
		]);
		assert.deepEqual(names(run, 'CARE: Hand Over to Follow-Ups'), [
			'Nora (repeat buyer)',
			'Emil (quiet customer)',
		]);
		const [nora, emil] = outputItems(run, 'CARE: Hand Over to Follow-Ups');
		assert.equal(nora.funnel.customerStatus, 'loyal');
		assert.equal(emil.funnel.customerStatus, 'at risk');
		assert.match(outputItems(run, 'DO: Notify Sales')[0].salesNotice, /^Hot lead: Sara/);
	},
	'care-review-requests.json': (run) => {
		assert.deepEqual(
			outputItems(run, 'Preview (Not Sent)').map((j) => [j.to, j.subject]),
			[
				['lena@example.com', 'Wie gefällt dir „Blue Mug“?'],
				['max@example.com', 'How do you like your Tea Set?'],
			],
		);
		assert.deepEqual(
			outputItems(run, 'Not Now (With Reason)').map((j) => j.email),
			[
				'sofia@example.com',
				'paul@example.com',
				'nina@example.com',
				'tim@example.com',
				'eva@example.com',
			],
		);
	},
	'care-upsell-vip.json': (run) => {
		assert.deepEqual(
			outputItems(run, 'Preview (Not Sent)')
				.map((j) => `${j.to} ${j.action}`)
				.sort(),
			[
				'clara@example.com vipInvite',
				'finn@example.com upsell',
				'jan@example.com vipInvite',
				'mila@example.com ambassadorInvite',
			],
		);
		assert.deepEqual(
			outputItems(run, 'Not Now (With Reason)').map((j) => j.email),
			['ida@example.com'],
		);
	},
	'influencer-shortlist.json': (run) => {
		assert.deepEqual(
			outputItems(run, 'Ranked Shortlist').map((j) => [j.rank, j.name, j.decision]),
			[
				[1, 'Nina isst pflanzlich', 'shortlist'],
				[2, 'Lena Grün', 'shortlist'],
				[3, 'Plant Power Paul', 'shortlist'],
			],
		);
		const rest = Object.fromEntries(outputItems(run, 'Not in Top 3').map((j) => [j.name, j]));
		assert.equal(Object.keys(rest).length, 5);
		assert.equal(rest['Casino King'].decision, 'reject');
		assert.match(rest['Casino King'].why, /^Brand safety: "casino" in bio/);
		assert.equal(rest['Glow Up Daily'].decision, 'consider');
		assert.match(rest['Old Recipes'].why, /^Inactive: last post 2\d\d days ago/);
	},
	'retargeting-audiences.json': (run) => {
		const [batch] = outputItems(run, 'Remarketing Audience');
		assert.equal(batch.platform, 'meta');
		assert.equal(batch.rows, 3);
		assert.deepEqual(batch.meta.payload.schema, ['EMAIL', 'PHONE', 'FN', 'LN', 'ZIP', 'COUNTRY']);
		assert.ok(batch.meta.payload.data.flat().every((v) => v === '' || /^[0-9a-f]{64}$/.test(v)));
		assert.deepEqual(
			outputItems(run, 'Not Uploaded (With Reason)').map((j) => j.reason),
			[
				'no consent field',
				'consent refused',
				'not in this audience',
				'not in this audience',
				'not in this audience',
			],
		);
		const [exclusion] = outputItems(run, 'CARE Exclusion List');
		assert.equal(exclusion.rows, 1);
		assert.ok(!JSON.stringify(run).includes('sara.klein@example.com'), 'a raw email left the node');
	},
	'weekly-funnel-report.json': (run) => {
		const [preview] = outputItems(run, 'Preview (Not Sent)');
		assert.equal(preview.stages, 'SEE 4, THINK 3, DO 3, CARE 2');
		assert.match(preview.summary, /^Weekly Funnel Report \(Week \d{4}-\d{2}\): 12 leads: /);
		assert.match(
			preview.summary,
			/\nMost customers \(CARE\) came from campaign "newsletter_march": 1 of 2 \(25% of its leads\)\.$/,
		);
		assert.equal(preview.campaigns, 'newsletter_march 4, spring_reels 4, influencer_lena 3');
	},
};

/** A workflow that fetches influencer profiles by handle with a credential stored in n8n. */
function fetchWorkflow(id, platform, credential, handles) {
	return {
		id,
		name: `Influencer fetch ${platform} (test)`,
		nodes: [
			{
				id: 't',
				name: 'Start',
				type: 'n8n-nodes-base.manualTrigger',
				typeVersion: 1,
				position: [0, 0],
				parameters: {},
			},
			{
				id: 'h',
				name: 'Handles',
				type: 'n8n-nodes-base.set',
				typeVersion: 3.4,
				position: [200, 0],
				parameters: { mode: 'raw', jsonOutput: JSON.stringify({ handles }), options: {} },
			},
			{
				id: 's',
				name: 'One per Handle',
				type: 'n8n-nodes-base.splitOut',
				typeVersion: 1,
				position: [400, 0],
				parameters: { fieldToSplitOut: 'handles', options: { destinationFieldName: 'handle' } },
			},
			{
				id: 'i',
				name: 'Influencer Score',
				type: 'n8n-nodes-social-funnel.influencerScore',
				typeVersion: 1,
				position: [600, 0],
				parameters: {
					operation: 'fetchAndScore',
					platform,
					keywords: 'vegan, kochen, rezepte',
					blocklist: 'casino, betting',
					outputMode: 'single',
					fetchOptions: { onFetchError: 'field', retryBaseDelayMs: 50 },
					options: {},
				},
				credentials: { [credential.type]: { id: credential.id, name: credential.name } },
			},
		],
		connections: {
			Start: { main: [[{ node: 'Handles', type: 'main', index: 0 }]] },
			Handles: { main: [[{ node: 'One per Handle', type: 'main', index: 0 }]] },
			'One per Handle': { main: [[{ node: 'Influencer Score', type: 'main', index: 0 }]] },
		},
		settings: { executionOrder: 'v1' },
		active: false,
		pinData: {},
	};
}

for (const line of lines) {
	describe(`n8n ${line} with the packed package installed`, () => {
		let n8n;
		let mail;
		let cookie;
		let api;
		let fakeCredentials;

		before(async () => {
			mail = await startMailCatcher();
			n8n = new N8nInstance(line, { timezone: zoneInsideSendWindow() });
			installPackage(n8n.userFolder, tarball);
			n8n.importWorkflows();
			const credential = smtpCredential(mail.port);
			n8n.importCredentials([credential]);
			n8n.importWorkflow(liveReviewWorkflow(credential));
			n8n.importWorkflow(liveCopy('weekly-funnel-report.json', 'sfWeeklyReportLive', credential));
			n8n.importWorkflow(liveLeadRouter());
			api = await fakeSocialApi.startFakeSocialApi();
			const instagram = {
				id: 'sfFakeInstagram',
				name: 'Instagram (fake API)',
				type: 'instagramGraphApi',
				data: {
					accessToken: api.token,
					accountId: api.accountId,
					apiVersion: 'v23.0',
					baseUrl: api.instagramBase,
				},
			};
			const youtube = {
				id: 'sfFakeYouTube',
				name: 'YouTube (fake API)',
				type: 'youTubeDataApi',
				data: { apiKey: api.apiKey, baseUrl: api.youtubeBase },
			};
			n8n.importCredentials([instagram, youtube]);
			fakeCredentials = { instagram, youtube };
			n8n.importWorkflow(
				fetchWorkflow('sfFetchInstagram', 'instagram', instagram, [
					'vegan.kitchen.berlin',
					'https://www.instagram.com/casino.king/',
					'unknown.someone',
				]),
			);
			n8n.importWorkflow(
				fetchWorkflow('sfFetchYouTube', 'youtube', youtube, [
					'@VeganKitchenTV',
					api.channelId('channel7'),
					'@unknownchannel',
				]),
			);
		});

		after(async () => {
			await n8n?.stop();
			await mail?.close();
			await api?.close();
		});

		it('Influencer Score fetches from Instagram and YouTube with credentials stored in n8n, and no secret leaks', async () => {
			const instagram = await n8n.execute('sfFetchInstagram');
			assert.equal(instagram.run.data.resultData.error, undefined, instagram.stderr.slice(-2000));
			const ig = outputItems(instagram.run, 'Influencer Score').map((j) => j.influencer);
			assert.deepEqual(
				ig.map((r) => [r.handle, r.decision]),
				[
					['vegan.kitchen.berlin', 'shortlist'],
					['casino.king', 'reject'],
					['unknown.someone', 'unavailable'],
				],
			);
			assert.equal(ig[0].followers, 18400);
			assert.match(ig[2].fetchError.message, /^Instagram account "unknown.someone" was not found/);

			const youtube = await n8n.execute('sfFetchYouTube');
			assert.equal(youtube.run.data.resultData.error, undefined, youtube.stderr.slice(-2000));
			const yt = outputItems(youtube.run, 'Influencer Score').map((j) => j.influencer);
			assert.deepEqual(
				yt.map((r) => r.decision === 'unavailable'),
				[false, false, true],
			);
			assert.equal(yt[0].followers, 84000);
			assert.equal(yt[1].engagement.postsUsed, 12);
			// By handle: channels + playlistItems; by id: channels + playlistItems; one videos call for 24 videos; one failed lookup.
			assert.equal(yt[0].fetch.quotaUnitsThisRun, 6);
			for (const text of [
				JSON.stringify(instagram.run),
				instagram.stderr,
				JSON.stringify(youtube.run),
				youtube.stderr,
			]) {
				assert.ok(!text.includes(api.token), 'the Instagram token leaked');
				assert.ok(!text.includes(api.apiKey), 'the YouTube key leaked');
			}
			assert.ok(
				api.stats.urls.every((u) => !u.includes(api.token) && !u.includes(api.apiKey)),
				'a secret travelled in a URL',
			);
		});

		it('every template has expectations', () => {
			assert.deepEqual(
				templates.map((t) => t.file).filter((f) => !EXPECTED[f]),
				[],
			);
			for (const file of NEED_A_MODEL) {
				const t = allTemplates.find((x) => x.file === file);
				assert.ok(t, `${file} is missing`);
				const models = t.nodes.filter((n) => n.type.startsWith('@n8n/n8n-nodes-langchain.lmChat'));
				assert.ok(
					models.length > 0 && models.every((n) => n.disabled === true),
					`${file}: its model must ship deactivated`,
				);
			}
		});

		for (const t of templates) {
			it(`template ${t.file} runs on its sample data`, async () => {
				const { run, status, stderr } = await n8n.execute(t.id);
				assert.equal(
					run.data.resultData.error,
					undefined,
					`execution failed: ${JSON.stringify(run.data.resultData.error)}\n${stderr.slice(-2000)}`,
				);
				assert.equal(
					status,
					0,
					`n8n execute did not exit with 0; its stderr ended:\n${stderr.slice(-2000)}`,
				);
				EXPECTED[t.file](run);
			});
		}

		it('the weekly report reaches the mail server with the funnel chart and the funnel per campaign attached as SVG and PNG', async () => {
			const { run, status, stderr } = await n8n.execute('sfWeeklyReportLive');
			assert.equal(
				run.data.resultData.error,
				undefined,
				`execution failed: ${JSON.stringify(run.data.resultData.error)}\n${stderr.slice(-2000)}`,
			);
			assert.equal(status, 0);
			const messages = await mail.waitFor(1, 30_000);
			const report = messages.find((m) => m.envelopeTo.includes('marketing-team@example.com'));
			assert.ok(
				report,
				`no report mail arrived; got ${messages.map((m) => m.envelopeTo).join(' | ')}`,
			);
			assert.match(report.subject, /^Weekly Funnel Report – Week \d{4}-\d{2}$/);
			assert.match(
				report.text,
				/12 leads: SEE 4 \(33\.3%\), THINK 3 \(25%\), DO 3 \(25%\), CARE 2 \(16\.7%\)/,
			);
			assert.deepEqual(
				report.attachments.map((a) => [a.filename, a.contentType]),
				[
					['funnel-report.svg', 'image/svg+xml'],
					['funnel-report.png', 'image/png'],
					['funnel-by-channel.svg', 'image/svg+xml'],
					['funnel-by-channel.png', 'image/png'],
				],
			);
			const [chart, png, byChannel, byChannelPng] = report.attachments;
			// The funnel per campaign: every campaign of the sample contacts and the unknown bucket (Emma).
			const channelSvg = byChannel.content.toString('utf8');
			assert.equal(XMLValidator.validate(channelSvg), true);
			for (const label of [
				'Weekly Funnel Report by campaign',
				'>newsletter_march<',
				'>spring_reels<',
				'>influencer_lena<',
				'>Unknown<',
				'>25%<',
			])
				assert.ok(channelSvg.includes(label), `channel chart lacks ${label}`);
			assert.deepEqual([...byChannelPng.content.subarray(0, 8)], [137, 80, 78, 71, 13, 10, 26, 10]);
			assert.deepEqual([...png.content.subarray(0, 8)], [137, 80, 78, 71, 13, 10, 26, 10]);
			const svg = chart.content.toString('utf8');
			assert.equal(XMLValidator.validate(svg), true);
			for (const label of [
				'>SEE<',
				'>THINK<',
				'>DO<',
				'>CARE<',
				'>4<',
				'>3<',
				'>2<',
				'Weekly Funnel Report',
			])
				assert.ok(svg.includes(label), `chart lacks ${label}`);
			mail.messages.length = 0; // the review test below counts its own mails
		});

		it('a running server lists Funnel Stage and classifies a lead posted to the webhook', async () => {
			n8n.activate('sfSocialLeadLive');
			n8n.activate('sfCareReviewLive');
			await n8n.start();
			cookie = await n8n.setupOwner();
			const types = await n8n.nodeTypes(cookie);
			const ours = types.filter((d) => d.name === 'n8n-nodes-social-funnel.funnelStage');
			assert.equal(ours.length, 1, 'Funnel Stage is not among the node types the editor loads');
			assert.equal(ours[0].displayName, 'Funnel Stage');
			const listed = (name) =>
				types.find((d) => d.name === `n8n-nodes-social-funnel.${name}`)?.displayName;
			assert.deepEqual(['careFollowUp', 'influencerScore'].map(listed), [
				'Care Follow-Up',
				'Influencer Score',
			]);

			const url = `${n8n.baseUrl}/webhook/social-lead`;
			const lead = {
				name: 'Ada Webhook',
				email: 'ada@example.com',
				events: [{ type: 'InitiateCheckout', at: new Date().toISOString() }],
			};
			let response;
			for (let attempt = 0; attempt < 60; attempt++) {
				response = await axios.post(url, lead, { validateStatus: () => true });
				if (response.status !== 404) break;
				await sleep(1000); // active webhooks register a little after readiness
			}
			assert.equal(
				response.status,
				200,
				`webhook answered ${response.status}: ${JSON.stringify(response.data)}\n${n8n.logTail()}`,
			);
			assert.equal(response.data.name, 'Ada Webhook');
			assert.equal(response.data.funnel.stage, 'DO');
			assert.match(response.data.funnel.explanation, /^DO: checkout started today/);
			assert.match(response.data.salesNotice, /^Hot lead: Ada Webhook/);
			assert.equal(response.data.funnel.transition, 'new');

			// The router remembers Ada's stage (production runs keep it): the same lead again leaves on Unchanged, and sales hears nothing.
			const again = await axios.post(url, lead, { validateStatus: () => true });
			assert.equal(again.status, 200);
			assert.equal(again.data.salesNotice, undefined, 'sales heard about the same DO lead twice');
			assert.equal(again.data.funnel.transition, 'same');
			assert.equal(again.data.funnel.previousStage, 'DO');
			assert.equal(again.data.funnel.reachedAt.DO, response.data.funnel.stageSince);
			// Ada buys twice: a move to CARE goes down the CARE branch.
			const bought = await axios.post(
				url,
				{ ...lead, orders_count: 2 },
				{ validateStatus: () => true },
			);
			assert.equal(bought.data.action, 'care_follow_up');
			assert.equal(bought.data.funnel.transition, 'up');
			assert.equal(bought.data.funnel.previousStage, 'DO');

			// A bad lead fails its execution with an error that names the item and the field.
			const bad = await axios.post(
				url,
				{ name: 'Bad', orders_count: -1 },
				{ validateStatus: () => true },
			);
			assert.equal(bad.status, 500);
			const executions = await axios.get(`${n8n.baseUrl}/rest/executions`, {
				headers: { cookie },
				params: { filter: JSON.stringify({ workflowId: 'sfSocialLeadLive', status: ['error'] }) },
			});
			const failed = executions.data.data.results;
			assert.equal(failed.length, 1);
			const detail = await axios.get(`${n8n.baseUrl}/rest/executions/${failed[0].id}`, {
				headers: { cookie },
			});
			// Execution data is stored as "flatted" JSON text, where the message's quotes are escaped once.
			assert.equal(typeof detail.data.data.data, 'string');
			assert.ok(
				detail.data.data.data.includes(
					'Bad: Field \\"orders_count\\" must not be negative, got -1',
				),
				detail.data.data.data.slice(0, 3000),
			);
		});

		it('the Instagram and YouTube credentials pass their test request in the editor; a wrong secret fails it without showing it', async () => {
			const test = async (credentials) => {
				const res = await axios.post(
					`${n8n.baseUrl}/rest/credentials/test`,
					{ credentials },
					{ headers: { cookie }, validateStatus: () => true },
				);
				assert.equal(res.status, 200, JSON.stringify(res.data));
				return res.data.data;
			};
			const { instagram, youtube } = fakeCredentials;
			assert.equal((await test(instagram)).status, 'OK');
			assert.equal((await test(youtube)).status, 'OK');
			const wrongKey = 'wrong-key-in-the-editor-0000';
			const failed = await test({ ...youtube, data: { ...youtube.data, apiKey: wrongKey } });
			assert.equal(failed.status, 'Error');
			assert.ok(
				!JSON.stringify(failed).includes(wrongKey),
				'the wrong key shows up in the test result',
			);
			const expired = await test({
				...instagram,
				data: { ...instagram.data, accessToken: api.expiredToken },
			});
			assert.equal(expired.status, 'Error');
			assert.ok(!JSON.stringify(expired).includes(api.expiredToken));
		});

		it('review requests from repeated production runs reach the mail server exactly once each', async () => {
			assert.ok(cookie, 'the server test above must have started n8n');
			let done = [];
			const deadline = Date.now() + 120_000;
			while (Date.now() < deadline) {
				done = await n8n.executions(cookie, 'sfCareReviewLive', 'success');
				if (done.length >= 3) break;
				await sleep(1000);
			}
			const failed = await n8n.executions(cookie, 'sfCareReviewLive', 'error');
			assert.deepEqual(
				failed.map((e) => e.id),
				[],
				`production executions failed\n${n8n.logTail()}`,
			);
			assert.ok(
				done.length >= 3,
				`only ${done.length} production executions finished\n${n8n.logTail()}`,
			);
			await sleep(500);
			const recipients = mail.messages.map((m) => m.envelopeTo.join(',')).sort();
			assert.deepEqual(
				recipients,
				['lena@example.com', 'max@example.com', 'paul@example.com'],
				'each customer gets exactly one mail over all runs',
			);
			const byTo = Object.fromEntries(mail.messages.map((m) => [m.envelopeTo[0], m]));
			assert.equal(byTo['lena@example.com'].subject, 'Wie gefällt dir „Blue Mug“?');
			assert.equal(byTo['max@example.com'].subject, 'How do you like your Tea Set?');
			assert.equal(byTo['paul@example.com'].subject, 'How do you like your Tea Caddy?');
			assert.match(byTo['lena@example.com'].from, /shop@example\.com/);
			// Consent-based mail: the unsubscribe line; the existing-customer exception: the § 7(3) UWG opt-out notice.
			assert.match(
				byTo['lena@example.com'].text,
				/Abmelden: https:\/\/example\.com\/unsubscribe\?email=lena%40example\.com/,
			);
			assert.doesNotMatch(byTo['max@example.com'].text, /object to these emails/);
			assert.match(
				byTo['paul@example.com'].text,
				/You can object to these emails at any time, without costs other than the basic transmission rates: https:\/\/example\.com\/unsubscribe\?email=paul%40example\.com/,
			);
			assert.match(byTo['paul@example.com'].html, /You can object to these emails at any time/);
			// Review links carry the order, the product and UTM parameters, in the text and as a link in the HTML.
			const link =
				'https://example.com/review?order=1002&sku=TEA-SET&utm_source=n8n&utm_medium=email&utm_campaign=review_request';
			assert.ok(byTo['max@example.com'].text.includes(link), byTo['max@example.com'].text);
			assert.ok(
				byTo['max@example.com'].html.includes(`<a href="${link.replace(/&/g, '&amp;')}">`),
				byTo['max@example.com'].html,
			);
		});
	});
}
