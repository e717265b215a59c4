// `npm run demo`: a real n8n (2.x line, embedded SQLite, http://127.0.0.1:5678) with this package
// installed from its own packed tarball, every template imported, and an owner login printed.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { demoWelcome } from './demo-welcome.mjs';
import { startMailCatcher, smtpCredential } from './mail-catcher.mjs';
import { DEMO_OWNER, installPackage, N8nInstance } from './n8n-instance.mjs';
import { cacheDir, projectRoot } from './n8n-lines.mjs';

const PORT = Number(process.env.DEMO_PORT ?? 5678);
const say = (msg) => console.log(`[demo] ${msg}`);

function step(label, cmd, args) {
	say(label);
	const res = spawnSync(cmd, args, { cwd: projectRoot, stdio: 'inherit' });
	if (res.status !== 0) throw new Error(`${label} failed`);
}

step('Building the package', 'npm', ['run', 'build', '--silent']);
const packDir = path.join(cacheDir, 'demo-pack');
rmSync(packDir, { recursive: true, force: true });
mkdirSync(packDir, { recursive: true });
step('Packing it with npm pack', 'npm', [
	'pack',
	'--pack-destination',
	packDir,
	'--loglevel=error',
]);
const tarball = path.join(
	packDir,
	readdirSync(packDir).find((f) => f.endsWith('.tgz')),
);

say('Getting n8n 2.x ready (the first run downloads it: several minutes, about 3 GB)');
const userFolder = path.join(cacheDir, 'demo');
mkdirSync(userFolder, { recursive: true });
const n8n = new N8nInstance('2.x', { userFolder, port: PORT, brokerPort: PORT + 2 });
say(
	`n8n ${n8n.n8n.version} on Node ${
		n8n.n8n.nodeBin === process.execPath ? process.version : '24 (from the npm registry)'
	}`,
);

say('Installing the tarball into the n8n user folder, as n8n installs a community node');
installPackage(userFolder, tarball);
say('Importing the templates from workflows/');
n8n.importWorkflows();

const MAIL_PORT = Number(process.env.DEMO_MAIL_PORT ?? 2525);
const mailDir = path.join(userFolder, '..', 'demo-mail');
const mail = await startMailCatcher({ port: MAIL_PORT, saveDir: mailDir });
n8n.importCredentials([smtpCredential(mail.port, 'sfDemoSmtp', 'Demo mail server (local)')]);
say(
	`Mail server on 127.0.0.1:${mail.port}: mails are saved in ${path.relative(
		projectRoot,
		mailDir,
	)}/ (credential "Demo mail server (local)")`,
);

say(
	`Starting n8n on http://127.0.0.1:${PORT} (log: ${path.relative(
		projectRoot,
		path.join(userFolder, 'n8n-server.log'),
	)})`,
);
await n8n.start();
let loginNote = 'created just now';
try {
	await n8n.setupOwner(DEMO_OWNER);
} catch {
	loginNote = 'created on an earlier run (if you changed the password, use yours)';
}
console.log(
	demoWelcome({
		baseUrl: `http://127.0.0.1:${PORT}`,
		email: DEMO_OWNER.email,
		password: DEMO_OWNER.password,
		loginNote,
		mailDir: path.relative(projectRoot, mailDir),
	}),
);

const shutdown = async () => {
	say('Stopping n8n');
	await n8n.stop();
	await mail.close();
	process.exit(0);
};
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
const exit = await n8n.exited;
say(`n8n exited (${exit.code ?? exit.signal}); see the log above`);
process.exit(exit.code ?? 1);
