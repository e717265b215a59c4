// End-to-end crash test: the review-request template as a production execution in a real n8n of
// each line; n8n (with its task runners) is killed with SIGKILL after Care Follow-Up planned and
// while the Send Email node is talking to the mail server, i.e. between Plan and Confirm Sent.
// After a restart, every customer gets exactly one mail, and later runs send nothing again.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startMailCatcher, smtpCredential } from '../../scripts/mail-catcher.mjs';
import {
	installPackage,
	N8nInstance,
	sleep,
	zoneInsideSendWindow,
} from '../../scripts/n8n-instance.mjs';
import { liveReviewWorkflow } from './liveTemplates.mjs';

const tarball = process.env.E2E_TARBALL;
if (!tarball) throw new Error('E2E_TARBALL is not set: run the suite with `npm run test:e2e`');
const lines = (process.env.E2E_LINES ?? '2.x,1.x').split(',').filter(Boolean);
const EXPECTED = ['lena@example.com', 'max@example.com', 'paul@example.com'];

/** Waits until `predicate()` holds, or fails with `what` and n8n's log. */
async function until(predicate, what, n8n, timeoutMs = 120_000) {
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		if (await predicate()) return;
		await sleep(500);
	}
	assert.fail(`${what} within ${timeoutMs / 1000} s\n${n8n.logTail()}`);
}

for (const line of lines) {
	describe(`n8n ${line}: killed between Plan and Confirm Sent`, () => {
		let n8n;
		let mail;

		before(async () => {
			mail = await startMailCatcher();
			n8n = new N8nInstance(line, { timezone: zoneInsideSendWindow() });
			installPackage(n8n.userFolder, tarball);
			const credential = smtpCredential(mail.port);
			n8n.importCredentials([credential]);
			n8n.importWorkflow(liveReviewWorkflow(credential, 10));
			n8n.activate('sfCareReviewLive');
		});

		after(async () => {
			await n8n?.kill();
			await mail?.close();
		});

		it('every customer gets exactly one mail after a SIGKILL and a restart', async () => {
			// 1. The first production run plans, reaches Send Email, and the mail server holds it: kill n8n there.
			const held = mail.hold();
			await n8n.start();
			const cookie = await n8n.setupOwner();
			let timer;
			const late = new Promise(
				(_, reject) =>
					(timer = setTimeout(
						() => reject(new Error(`no mail was being sent within 90 s\n${n8n.logTail()}`)),
						90_000,
					)),
			);
			await Promise.race([held, late]).finally(() => clearTimeout(timer));
			await n8n.kill();
			assert.equal(n8n.process.signalCode, 'SIGKILL');
			assert.equal(mail.messages.length, 0, 'nothing was delivered before the crash');
			mail.release();

			// 2. Restart: the schedule runs again; the plan that died with n8n was never saved, so the follow-ups are planned again.
			await n8n.start();
			let done = [];
			await until(
				async () =>
					(done = await n8n.executions(cookie, 'sfCareReviewLive', 'success')).length >= 3,
				'three production runs did not finish after the restart',
				n8n,
			);
			const failed = await n8n.executions(cookie, 'sfCareReviewLive', 'error');
			assert.deepEqual(
				failed.map((e) => e.id),
				[],
				`production executions failed\n${n8n.logTail()}`,
			);
			await sleep(500);
			const recipients = mail.messages.map((m) => m.envelopeTo.join(',')).sort();
			assert.deepEqual(
				recipients,
				EXPECTED,
				'each customer gets exactly one mail over the crash and all later runs',
			);
			for (const m of mail.messages)
				assert.match(m.text, /https:\/\/example\.com\/unsubscribe\?email=/);
		});
	});
}
