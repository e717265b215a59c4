// End-to-end, exactly once where n8n scales out: the review-request template with the Postgres
// ledger store, sending to a real SMTP server, in real n8n with the packed package installed.
// - Regular mode, each line: bursts of 10 parallel production executions (webhook) → one mail per follow-up.
// - Queue mode, 2.x: main + 2 workers (concurrency 5) on Postgres and Redis, an activated schedule plus
//   bursts of 10 webhook runs → one mail per follow-up; the static-data store stops with its message and
//   sends nothing; a worker killed with SIGKILL right after the SMTP server accepted a mail → no second
//   mail within the reservation window, and after it the follow-ups are planned again (at least once).
// - Queue mode, 2.x: the lead router with stage memory in Postgres: the same lead posted 10 times at once
//   reaches sales once, and its move to CARE is told once.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { startMailCatcher, smtpCredential } from '../../scripts/mail-catcher.mjs';
import {
	installPackage,
	N8nInstance,
	sleep,
	zoneInsideSendWindow,
} from '../../scripts/n8n-instance.mjs';
import { startPostgres, startRedis } from '../../scripts/services.mjs';
import { liveCopy, liveLeadRouter } from './liveTemplates.mjs';

const tarball = process.env.E2E_TARBALL;
if (!tarball) throw new Error('E2E_TARBALL is not set: run the suite with `npm run test:e2e`');
const lines = (process.env.E2E_LINES ?? '2.x,1.x').split(',').filter(Boolean);
const EXPECTED = ['lena@example.com', 'max@example.com', 'paul@example.com'];

/** n8n's own Postgres credential, as a user creates it for the ledger store. */
const postgresCredential = (pg, id = 'sfLedgerPostgres') => ({
	id,
	name: 'Ledger database (test)',
	type: 'postgres',
	data: {
		host: pg.host,
		port: pg.port,
		database: pg.database,
		user: pg.user,
		password: pg.password,
		ssl: 'disable',
		allowUnauthorizedCerts: false,
		sshTunnel: false,
		maxConnections: 10,
	},
});

/**
 * The review template as a shop runs it with the Postgres store (or `store: 'staticData'`): sending,
 * the existing-customer exception on (three mails: Lena, Max, Paul), a webhook `path` beside its
 * schedule (every `seconds`, or switched off), and `reservationHours`.
 */
function reviewWorkflow({
	id,
	smtp,
	postgres,
	ledgerName,
	path,
	seconds,
	reservationHours,
	store = 'postgres',
}) {
	const wf = liveCopy('care-review-requests.json', id, smtp, (node) => {
		if (node.type !== 'n8n-nodes-social-funnel.careFollowUp') return;
		node.parameters.ledgerStore = store;
		if (store === 'postgres') {
			node.parameters.ledgerName = ledgerName;
			node.credentials = { postgres: { id: postgres.id, name: postgres.name } };
		}
		if (node.name === 'Care Follow-Up') {
			node.parameters.useExistingCustomerException = true;
			if (reservationHours)
				node.parameters.options = { ...node.parameters.options, reservationHours };
		}
	});
	const schedule = wf.nodes.find((n) => n.name === 'Every Hour');
	if (seconds)
		schedule.parameters.rule = { interval: [{ field: 'seconds', secondsInterval: seconds }] };
	else schedule.disabled = true;
	wf.nodes.push({
		id: 'burst',
		name: 'Burst',
		type: 'n8n-nodes-base.webhook',
		typeVersion: 2,
		position: [-400, 600],
		webhookId: randomUUID(),
		parameters: { httpMethod: 'POST', path, responseMode: 'onReceived', options: {} },
	});
	wf.connections.Burst = { main: [[{ node: 'Settings', type: 'main', index: 0 }]] };
	return wf;
}

/** The URL of a production webhook, once n8n has registered it. */
async function registeredWebhook(n8n, path) {
	const url = `${n8n.baseUrl}/webhook/${path}`;
	// A GET tells whether the POST webhook is registered yet ("… not registered for GET requests. Did you mean to make a POST request?") without starting a run.
	for (let attempt = 0; attempt < 120; attempt++) {
		const probe = await fetch(url).catch(() => undefined);
		if (probe && (probe.status !== 404 || (await probe.text()).includes('POST request'))) break;
		await sleep(250);
	}
	return url;
}

/** Posts `count` requests to a production webhook at once; all must be taken (200). Waits until the webhook is registered. */
async function burst(n8n, path, count = 10) {
	const url = await registeredWebhook(n8n, path);
	const answers = await Promise.all(
		Array.from({ length: count }, () =>
			fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' }),
		),
	);
	assert.deepEqual(
		answers.map((a) => a.status),
		Array(count).fill(200),
		`the webhook did not take every run\n${n8n.logTail()}`,
	);
}

/** Waits until a workflow has at least `count` finished executions (success or error); returns how many of each. */
async function finished(n8n, cookie, workflowId, count, timeoutMs = 180_000) {
	const deadline = Date.now() + timeoutMs;
	let success = 0;
	let error = 0;
	while (Date.now() < deadline) {
		success = await n8n.executionCount(cookie, workflowId, 'success');
		error = await n8n.executionCount(cookie, workflowId, 'error');
		if (success + error >= count) return { success, error };
		await sleep(1000);
	}
	assert.fail(
		`only ${success} + ${error} of ${count} executions of ${workflowId} finished within ${
			timeoutMs / 1000
		} s\n${n8n.logTail()}\n${n8n.workers.map((w) => w.logTail(1500)).join('\n')}`,
	);
}

/** The lead router template answering at `path`, remembering stages in Postgres (memory `memoryName`). */
function leadRouterWithPostgres({ id, path, postgres, memoryName }) {
	const wf = liveLeadRouter();
	const funnel = wf.nodes.find((n) => n.name === 'Funnel Stage');
	funnel.parameters = { ...funnel.parameters, rememberStages: 'postgres', memoryName };
	funnel.credentials = { postgres: { id: postgres.id, name: postgres.name } };
	const webhook = wf.nodes.find((n) => n.name === 'New Lead');
	webhook.parameters.path = path;
	webhook.webhookId = randomUUID();
	return { ...wf, id, name: `${wf.name} (${id})` };
}

/** Posts `lead` to a production webhook `count` times at once; returns the answers (the lead as the last node left it). */
async function postAtOnce(n8n, path, lead, count) {
	const url = await registeredWebhook(n8n, path);
	const answers = await Promise.all(
		Array.from({ length: count }, () =>
			fetch(url, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify(lead),
			}).then(async (r) => ({ status: r.status, body: await r.json().catch(() => null) })),
		),
	);
	assert.deepEqual(
		answers.map((a) => a.status),
		Array(count).fill(200),
		`the webhook did not take every run: ${JSON.stringify(answers.slice(0, 2))}\n${n8n.logTail()}`,
	);
	return answers.map((a) => a.body);
}

const recipients = (mail) => mail.messages.map((m) => m.envelopeTo.join(',')).sort();

for (const line of lines) {
	describe(`n8n ${line}, regular mode: parallel production executions with the Postgres ledger store`, () => {
		let pg;
		let mail;
		let n8n;
		let cookie;

		before(async () => {
			pg = await startPostgres();
			mail = await startMailCatcher();
			n8n = new N8nInstance(line, {
				...(line === '2.x' ? { port: 5731, brokerPort: 5732 } : { port: 5741, brokerPort: 5742 }),
				timezone: zoneInsideSendWindow(),
			});
			installPackage(n8n.userFolder, tarball);
			const smtp = smtpCredential(mail.port);
			const postgres = postgresCredential(pg);
			n8n.importCredentials([smtp, postgres]);
			n8n.importWorkflow(
				reviewWorkflow({
					id: 'sfCareParallel',
					smtp,
					postgres,
					ledgerName: 'parallel',
					path: 'care-parallel',
				}),
			);
			n8n.activate('sfCareParallel');
			await n8n.start();
			cookie = await n8n.setupOwner();
		});

		after(async () => {
			await n8n?.stop();
			await mail?.close();
			await pg?.stop();
		});

		it('10 production executions at once, twice: each customer gets exactly one mail', async () => {
			await burst(n8n, 'care-parallel', 10);
			const first = await finished(n8n, cookie, 'sfCareParallel', 10);
			assert.equal(first.error, 0, `executions failed\n${n8n.logTail()}`);
			await burst(n8n, 'care-parallel', 10);
			const all = await finished(n8n, cookie, 'sfCareParallel', 20);
			assert.equal(all.error, 0, `executions failed\n${n8n.logTail()}`);
			await sleep(500);
			assert.deepEqual(
				recipients(mail),
				EXPECTED,
				'each customer gets exactly one mail over 20 production executions, 10 at a time',
			);
			const ledger = pg.psql(
				`SELECT count(*) FROM social_funnel_state WHERE scope = 'care:parallel' AND value LIKE '%+%'`,
			);
			assert.equal(ledger, '3', 'three committed follow-ups in the ledger table');
		});
	});
}

if (lines.includes('2.x')) {
	describe('n8n 2.x, queue mode: main + 2 workers on Postgres and Redis', () => {
		let pg;
		let redis;
		let mail;
		let n8n;
		let cookie;
		let smtp;
		let postgres;

		before(async () => {
			pg = await startPostgres();
			pg.psql('CREATE DATABASE n8n_queue');
			redis = await startRedis();
			mail = await startMailCatcher();
			n8n = new N8nInstance('2.x', {
				port: 5721,
				brokerPort: 5722,
				timezone: zoneInsideSendWindow(),
				extraEnv: {
					EXECUTIONS_MODE: 'queue',
					QUEUE_BULL_REDIS_HOST: redis.host,
					QUEUE_BULL_REDIS_PORT: String(redis.port),
					DB_TYPE: 'postgresdb',
					DB_POSTGRESDB_HOST: pg.host,
					DB_POSTGRESDB_PORT: String(pg.port),
					DB_POSTGRESDB_DATABASE: 'n8n_queue',
					DB_POSTGRESDB_USER: pg.user,
					DB_POSTGRESDB_PASSWORD: pg.password,
				},
			});
			installPackage(n8n.userFolder, tarball);
			smtp = smtpCredential(mail.port);
			postgres = postgresCredential(pg);
			n8n.importCredentials([smtp, postgres]);
			n8n.importWorkflow(
				reviewWorkflow({
					id: 'sfCareQueue',
					smtp,
					postgres,
					ledgerName: 'queue',
					path: 'care-queue',
					seconds: 5,
				}),
			);
			n8n.importWorkflow(
				reviewWorkflow({
					id: 'sfCareQueueStatic',
					smtp,
					postgres,
					path: 'care-queue-static',
					store: 'staticData',
				}),
			);
			n8n.importWorkflow(
				reviewWorkflow({
					id: 'sfCareQueueCrash',
					smtp,
					postgres,
					ledgerName: 'queue-crash',
					path: 'care-queue-crash',
					reservationHours: 0.03,
				}),
			);
			n8n.importWorkflow(
				leadRouterWithPostgres({
					id: 'sfLeadQueue',
					path: 'lead-queue',
					postgres,
					memoryName: 'queue-leads',
				}),
			);
			for (const id of ['sfCareQueue', 'sfCareQueueStatic', 'sfCareQueueCrash', 'sfLeadQueue'])
				n8n.activate(id);
			await n8n.start();
			await Promise.all([
				n8n.startWorker({ concurrency: 5, brokerPort: 5723 }),
				n8n.startWorker({ concurrency: 5, brokerPort: 5724 }),
			]);
			cookie = await n8n.setupOwner();
		});

		after(async () => {
			for (const w of n8n?.workers ?? []) await w.stop();
			await n8n?.stop();
			await mail?.close();
			await redis?.stop();
			await pg?.stop();
		});

		it('an activated schedule and bursts of 10 webhook runs on 2 workers: each customer gets exactly one mail', async () => {
			await burst(n8n, 'care-queue', 10);
			await sleep(4000);
			await burst(n8n, 'care-queue', 10);
			const done = await finished(n8n, cookie, 'sfCareQueue', 24); // 20 from the webhook, at least 4 from the schedule
			assert.equal(done.error, 0, `executions failed\n${n8n.logTail()}`);
			await sleep(1000);
			assert.deepEqual(
				recipients(mail),
				EXPECTED,
				'each customer gets exactly one mail over every production run',
			);
			mail.messages.length = 0;
		});

		it('the Workflow Static Data store stops in queue mode with its message and sends nothing', async () => {
			await burst(n8n, 'care-queue-static', 2);
			const done = await finished(n8n, cookie, 'sfCareQueueStatic', 2);
			assert.deepEqual(done, { success: 0, error: 2 });
			const [failed] = await n8n.executions(cookie, 'sfCareQueueStatic', 'error');
			const detail = await fetch(`${n8n.baseUrl}/rest/executions/${failed.id}`, {
				headers: { cookie },
			}).then((r) => r.json());
			assert.ok(
				detail.data.data.includes(
					'Ledger Store is Workflow Static Data, but this n8n runs in queue mode',
				),
				detail.data.data.slice(0, 2000),
			);
			assert.ok(detail.data.data.includes('Set Ledger Store to Postgres'));
			assert.deepEqual(recipients(mail), [], 'no mail was sent');
		});

		it('stage memory in Postgres: the same lead posted 10 times at once on 2 workers reaches sales once, and its move to CARE once', async () => {
			const lead = {
				name: 'Ada Queue',
				email: 'ada.queue@example.com',
				events: [{ type: 'InitiateCheckout', at: new Date().toISOString() }],
			};
			const first = await postAtOnce(n8n, 'lead-queue', lead, 10);
			const told = first.filter((a) => a.salesNotice);
			assert.equal(told.length, 1, `sales heard ${told.length} times: ${JSON.stringify(first)}`);
			assert.equal(told[0].funnel.transition, 'new');
			assert.deepEqual(
				first.filter((a) => !a.salesNotice).map((a) => a.funnel.transition),
				Array(9).fill('same'),
			);
			const bought = await postAtOnce(n8n, 'lead-queue', { ...lead, orders_count: 2 }, 10);
			const moved = bought.filter((a) => a.action === 'care_follow_up');
			assert.equal(moved.length, 1, `the move to CARE was told ${moved.length} times`);
			assert.equal(moved[0].funnel.transition, 'up');
			assert.equal(moved[0].funnel.previousStage, 'DO');
		});

		it('a worker killed right after the SMTP server accepted a mail: no second mail while reserved; planned again once the reservation expired', async () => {
			mail.messages.length = 0;
			const killed = new Promise((resolve) =>
				mail.onNextAccepted(async () =>
					resolve(await Promise.all(n8n.workers.map((w) => w.kill()))),
				),
			);
			await burst(n8n, 'care-queue-crash', 1);
			await killed;
			const delivered = recipients(mail);
			assert.ok(
				delivered.length >= 1 && delivered.length < 3,
				`the crash came after the first mail and before the last: ${delivered}`,
			);
			const crashedAt = Date.now();
			n8n.workers.length = 0;
			await Promise.all([
				n8n.startWorker({ concurrency: 5, brokerPort: 5725 }),
				n8n.startWorker({ concurrency: 5, brokerPort: 5726 }),
			]);
			// Within the reservation window (108 s, kept to the minute, so at least 78 s): runs plan nothing, so nothing goes out twice.
			await burst(n8n, 'care-queue-crash', 5);
			await sleep(8000);
			assert.deepEqual(recipients(mail), delivered, 'no mail within the reservation window');
			// After it: the follow-ups that were never confirmed are planned again (Plan Again After Expiry: at least once).
			const expired = crashedAt + 150_000;
			while (Date.now() < expired) await sleep(1000);
			await burst(n8n, 'care-queue-crash', 1);
			const deadline = Date.now() + 60_000;
			while (recipients(mail).length < delivered.length + 3 && Date.now() < deadline)
				await sleep(500);
			assert.deepEqual(
				recipients(mail),
				[...delivered, ...EXPECTED].sort(),
				'after the reservation expired each customer is planned and mailed once more',
			);
		});
	});
}
