// A real SMTP server on loopback that accepts every mail and keeps it (smtp-server + mailparser):
// the end-to-end tests read what n8n's Send Email node delivered; the demo saves mails as .eml files.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/**
 * Starts the server; resolves to { port, messages, close(), waitFor(count, timeoutMs), hold(), release(), onNextAccepted(fn) }.
 * `hold()` makes every new mail stall before its sender is accepted (nothing is delivered) and
 * resolves when the first one does: the moment an email node is sending, for crash tests.
 */
export async function startMailCatcher({ port = 0, saveDir } = {}) {
	const messages = [];
	let holding = false;
	let onHeld = () => undefined;
	/** Called right after a mail was accepted (the sender has its 250), before anything else runs: for crash tests. */
	let onAccepted = () => undefined;
	const stalled = [];
	const server = new SMTPServer({
		authOptional: true,
		disabledCommands: ['STARTTLS'],
		logger: false,
		onMailFrom(address, session, callback) {
			if (!holding) return callback();
			stalled.push(callback);
			onHeld();
		},
		onData(stream, session, callback) {
			const chunks = [];
			stream.on('data', (c) => chunks.push(c));
			stream.on('end', async () => {
				const raw = Buffer.concat(chunks);
				try {
					const mail = await simpleParser(raw);
					const entry = {
						envelopeTo: session.envelope.rcptTo.map((r) => r.address),
						from: mail.from?.text,
						to: mail.to?.text,
						subject: mail.subject,
						text: mail.text ?? '',
						html: typeof mail.html === 'string' ? mail.html : '',
						attachments: mail.attachments.map((a) => ({
							filename: a.filename,
							contentType: a.contentType,
							content: a.content,
						})),
						raw,
					};
					messages.push(entry);
					if (saveDir) {
						mkdirSync(saveDir, { recursive: true });
						writeFileSync(
							path.join(
								saveDir,
								`${String(messages.length).padStart(3, '0')}-${entry.envelopeTo.join('_')}.eml`,
							),
							raw,
						);
					}
					callback();
					const accepted = onAccepted;
					onAccepted = () => undefined;
					accepted(entry);
				} catch (error) {
					callback(error);
				}
			});
		},
	});
	await new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(port, '127.0.0.1', resolve);
	});
	return {
		port: server.server.address().port,
		messages,
		close: () => new Promise((resolve) => server.close(resolve)),
		hold() {
			holding = true;
			return new Promise((resolve) => (onHeld = resolve));
		},
		/** Calls `fn(mail)` once, the moment the next mail has been accepted. */
		onNextAccepted(fn) {
			onAccepted = fn;
		},
		/** Stops holding; stalled senders are refused (their client is usually gone by then). */
		release() {
			holding = false;
			for (const callback of stalled.splice(0)) callback(new Error('held for a crash test'));
		},
		async waitFor(count, timeoutMs = 60_000) {
			const deadline = Date.now() + timeoutMs;
			while (messages.length < count && Date.now() < deadline)
				await new Promise((r) => setTimeout(r, 200));
			return messages;
		},
	};
}

/** An n8n credential file for the SMTP credential the templates' Send Email nodes use. */
export function smtpCredential(port, id = 'sfLocalSmtp', name = 'Local SMTP (test)') {
	return {
		id,
		name,
		type: 'smtp',
		data: { user: '', password: '', host: '127.0.0.1', port, secure: false, disableStartTls: true },
	};
}
