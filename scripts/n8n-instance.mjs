// A real n8n of one line with this package installed from its packed tarball, as a user installs it.
import { spawn, spawnSync } from 'node:child_process';
import {
	createWriteStream,
	mkdirSync,
	mkdtempSync,
	readFileSync,
	writeFileSync,
	existsSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ensureN8n, projectRoot } from './n8n-lines.mjs';

/** Ports per line, so both lines (and a demo on 5678) never clash. */
const PORTS = { '1.x': { http: 5701, broker: 5702 }, '2.x': { http: 5711, broker: 5712 } };

export function n8nEnv(n8n, { userFolder, port, brokerPort, timezone, extraEnv = {} }) {
	const env = {
		...n8n.env,
		N8N_USER_FOLDER: userFolder,
		N8N_PORT: String(port),
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		N8N_HOST: '127.0.0.1',
		WEBHOOK_URL: `http://127.0.0.1:${port}/`,
		N8N_ENCRYPTION_KEY: 'social-funnel-local-test-key',
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_HIRING_BANNER_ENABLED: 'false',
		N8N_SECURE_COOKIE: 'false',
		N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
		N8N_RUNNERS_BROKER_PORT: String(brokerPort),
		DB_TYPE: 'sqlite',
	};
	if (timezone) env.GENERIC_TIMEZONE = timezone;
	if (n8n.line === '1.x') env.N8N_RUNNERS_ENABLED = 'true';
	else env.N8N_DISABLED_MODULES = 'mcp-registry';
	return { ...env, ...extraEnv };
}

/** Installs the tarball into `<userFolder>/.n8n/nodes` the way n8n installs a community package. */
export function installPackage(userFolder, tarball) {
	const nodesDir = path.join(userFolder, '.n8n', 'nodes');
	mkdirSync(nodesDir, { recursive: true });
	if (!existsSync(path.join(nodesDir, 'package.json'))) {
		writeFileSync(
			path.join(nodesDir, 'package.json'),
			JSON.stringify({ name: 'installed-nodes', private: true }, null, 2),
		);
	}
	const res = spawnSync(
		'npm',
		[
			'install',
			tarball,
			'--legacy-peer-deps',
			'--ignore-scripts',
			'--no-audit',
			'--no-fund',
			'--loglevel=error',
		],
		{
			cwd: nodesDir,
			encoding: 'utf8',
		},
	);
	if (res.status !== 0)
		throw new Error(`Installing ${tarball} failed:\n${res.stdout}\n${res.stderr}`);
}

export class N8nInstance {
	/** `extraEnv` adds to or overrides n8n's environment (e.g. queue mode: EXECUTIONS_MODE, DB_TYPE=postgresdb, QUEUE_BULL_REDIS_*). */
	constructor(line, { userFolder, port, brokerPort, timezone, extraEnv } = {}) {
		this.n8n = ensureN8n(line);
		this.line = line;
		this.port = port ?? PORTS[line].http;
		this.userFolder =
			userFolder ??
			mkdtempSync(path.join(os.tmpdir(), `social-funnel-n8n-${line.replace('.', '')}-`));
		this.env = n8nEnv(this.n8n, {
			userFolder: this.userFolder,
			port: this.port,
			brokerPort: brokerPort ?? PORTS[line].broker,
			timezone,
			extraEnv,
		});
		this.workers = [];
		this.baseUrl = `http://127.0.0.1:${this.port}`;
	}

	/** Runs an n8n CLI command to completion; returns stdout, stderr and the exit code. */
	cli(args, { timeoutMs = 180_000 } = {}) {
		const res = spawnSync(this.n8n.nodeBin, [this.n8n.n8nMain, ...args], {
			env: this.env,
			cwd: this.userFolder,
			encoding: 'utf8',
			timeout: timeoutMs,
			maxBuffer: 256 * 1024 * 1024,
		});
		return {
			stdout: res.stdout ?? '',
			stderr: res.stderr ?? '',
			status: res.status,
			error: res.error,
		};
	}

	importWorkflows(dir = path.join(projectRoot, 'workflows')) {
		const res = this.cli(['import:workflow', '--separate', `--input=${dir}`]);
		if (res.status !== 0)
			throw new Error(`import:workflow failed (${res.status}):\n${res.stdout}\n${res.stderr}`);
		return res;
	}

	/** Imports credentials (plain data; n8n encrypts them with the instance key). */
	importCredentials(credentials) {
		const file = path.join(this.userFolder, `credentials-${Date.now()}.json`);
		writeFileSync(file, JSON.stringify(credentials));
		const res = this.cli(['import:credentials', `--input=${file}`]);
		if (res.status !== 0)
			throw new Error(`import:credentials failed (${res.status}):\n${res.stdout}\n${res.stderr}`);
	}

	/** Imports one workflow object (e.g. a template adapted for a production run). */
	importWorkflow(workflow) {
		const file = path.join(this.userFolder, `workflow-${workflow.id}.json`);
		writeFileSync(file, JSON.stringify(workflow));
		const res = this.cli(['import:workflow', `--input=${file}`]);
		if (res.status !== 0)
			throw new Error(`import:workflow failed (${res.status}):\n${res.stdout}\n${res.stderr}`);
	}

	/** Executions of a workflow as the REST API lists them (needs the owner's cookie). */
	async executions(cookie, workflowId, status) {
		const filter = JSON.stringify({ workflowId, ...(status ? { status: [status] } : {}) });
		const res = await fetch(
			`${this.baseUrl}/rest/executions?filter=${encodeURIComponent(filter)}`,
			{ headers: { cookie } },
		);
		if (!res.ok) throw new Error(`/rest/executions answered ${res.status}`);
		return (await res.json()).data.results;
	}

	/** How many executions of a workflow have a status (the list above returns at most a page of them). */
	async executionCount(cookie, workflowId, status) {
		const filter = JSON.stringify({ workflowId, status: [status] });
		const res = await fetch(
			`${this.baseUrl}/rest/executions?filter=${encodeURIComponent(filter)}`,
			{ headers: { cookie } },
		);
		if (!res.ok) throw new Error(`/rest/executions answered ${res.status}`);
		return (await res.json()).data.count;
	}

	/** Like `cli`, without blocking this process (a mail server in it must keep answering meanwhile). */
	cliAsync(args, { timeoutMs = 180_000 } = {}) {
		return new Promise((resolve) => {
			const child = spawn(this.n8n.nodeBin, [this.n8n.n8nMain, ...args], {
				env: this.env,
				cwd: this.userFolder,
				stdio: ['ignore', 'pipe', 'pipe'],
			});
			let stdout = '';
			let stderr = '';
			child.stdout.on('data', (c) => (stdout += c));
			child.stderr.on('data', (c) => (stderr += c));
			let timedOut = false;
			const timer = setTimeout(() => {
				timedOut = true;
				child.kill('SIGKILL');
			}, timeoutMs);
			child.on('close', (status, signal) => {
				clearTimeout(timer);
				resolve({ stdout, stderr, status, signal, timedOut });
			});
		});
	}

	/**
	 * `n8n execute --id --rawOutput`. Log lines can come before and after the JSON (2.x logs after it
	 * too), so the JSON runs from the first line "{" to the first top-level "}" line that closes it.
	 */
	async execute(workflowId) {
		const args = ['execute', `--id=${workflowId}`, '--rawOutput'];
		let res = await this.cliAsync(args);
		if (res.signal && !res.timedOut) {
			// Seen once on 2.x: the CLI ended by a signal after printing a finished run. A crash we cause fails twice.
			process.stderr.write(
				`[n8n-instance] n8n execute --id=${workflowId} ended by ${
					res.signal
				}; running it once more. Its stderr ended:\n${res.stderr.slice(-1500)}\n`,
			);
			res = await this.cliAsync(args);
		}
		const start = res.stdout.search(/^\{/m);
		if (start < 0)
			throw new Error(
				`execute ${workflowId} printed no JSON (exit ${
					res.status ?? res.signal
				}):\n${res.stdout.slice(-3000)}\n${res.stderr.slice(-3000)}`,
			);
		const text = res.stdout.slice(start);
		for (const close of text.matchAll(/^\}$/gm)) {
			try {
				return {
					run: JSON.parse(text.slice(0, close.index + 1)),
					status: res.status,
					stderr: res.stderr,
				};
			} catch {
				// a "}" line inside a string value: try the next one
			}
		}
		return { run: JSON.parse(text), status: res.status, stderr: res.stderr };
	}

	activate(workflowId) {
		const args =
			this.line === '1.x'
				? ['update:workflow', `--id=${workflowId}`, '--active=true']
				: ['publish:workflow', `--id=${workflowId}`];
		const res = this.cli(args);
		if (res.status !== 0)
			throw new Error(`${args[0]} failed (${res.status}):\n${res.stdout}\n${res.stderr}`);
	}

	/** Starts `n8n start` and waits until it is ready. */
	async start({ readyTimeoutMs = 180_000 } = {}) {
		this.logFile = path.join(this.userFolder, 'n8n-server.log');
		const log = createWriteStream(this.logFile);
		// Its own process group, so that `kill()` takes the task runners with it, as a crash of the host would.
		this.process = spawn(this.n8n.nodeBin, [this.n8n.n8nMain, 'start'], {
			env: this.env,
			cwd: this.userFolder,
			stdio: ['ignore', 'pipe', 'pipe'],
			detached: true,
		});
		this.process.stdout.pipe(log);
		this.process.stderr.pipe(log);
		this.exited = new Promise((resolve) =>
			this.process.once('exit', (code, signal) => resolve({ code, signal })),
		);
		const deadline = Date.now() + readyTimeoutMs;
		while (Date.now() < deadline) {
			if (this.process.exitCode !== null)
				throw new Error(`n8n exited during start-up:\n${this.logTail()}`);
			try {
				// Readiness comes first; the REST routes (1.x) and the editor (2.x: "n8n is starting up") a moment later.
				const settings = await fetch(`${this.baseUrl}/rest/settings`);
				if (settings.ok) {
					const editor = await fetch(`${this.baseUrl}/`);
					if (editor.ok && !(await editor.text()).includes('n8n is starting up')) return;
				}
			} catch {
				// not listening yet
			}
			await sleep(500);
		}
		throw new Error(`n8n was not ready within ${readyTimeoutMs} ms:\n${this.logTail()}`);
	}

	/**
	 * Starts `n8n worker --concurrency=N` with this instance's environment (queue mode), its own task
	 * runner broker port, in its own process group; resolves when it says it is ready.
	 */
	async startWorker({ concurrency = 5, brokerPort, readyTimeoutMs = 120_000 } = {}) {
		const index = this.workers.length;
		const logFile = path.join(this.userFolder, `n8n-worker-${index}-${Date.now()}.log`);
		const log = createWriteStream(logFile);
		const env = { ...this.env, N8N_RUNNERS_BROKER_PORT: String(brokerPort) };
		const child = spawn(
			this.n8n.nodeBin,
			[this.n8n.n8nMain, 'worker', `--concurrency=${concurrency}`],
			{ env, cwd: this.userFolder, stdio: ['ignore', 'pipe', 'pipe'], detached: true },
		);
		let output = '';
		const ready = new Promise((resolve, reject) => {
			const timer = setTimeout(
				() =>
					reject(
						new Error(
							`n8n worker was not ready within ${readyTimeoutMs} ms:\n${output.slice(-3000)}`,
						),
					),
				readyTimeoutMs,
			);
			const onData = (chunk) => {
				output = (output + chunk).slice(-20000);
				if (output.includes('n8n worker is now ready')) {
					clearTimeout(timer);
					resolve();
				}
			};
			child.stdout.on('data', onData);
			child.stderr.on('data', onData);
			child.once('exit', (code, signal) => {
				clearTimeout(timer);
				reject(
					new Error(
						`n8n worker exited during start-up (${code ?? signal}):\n${output.slice(-3000)}`,
					),
				);
			});
		});
		child.stdout.pipe(log);
		child.stderr.pipe(log);
		const exited = new Promise((resolve) =>
			child.once('exit', (code, signal) => resolve({ code, signal })),
		);
		const worker = {
			process: child,
			logFile,
			logTail: (chars = 3000) => output.slice(-chars),
			/** SIGKILL to the worker and its task runners at once: a crash. */
			async kill() {
				if (child.exitCode !== null || child.signalCode !== null) return;
				process.kill(-child.pid, 'SIGKILL');
				await exited;
			},
			async stop() {
				if (child.exitCode !== null || child.signalCode !== null) return;
				child.kill('SIGTERM');
				const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
				await exited;
				clearTimeout(timer);
			},
		};
		this.workers.push(worker);
		await ready;
		return worker;
	}

	/** Creates the owner account on a fresh instance (no auth needed then); returns the session cookie. */
	async setupOwner(owner = DEMO_OWNER) {
		const res = await fetch(`${this.baseUrl}/rest/owner/setup`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify(owner),
		});
		if (!res.ok) throw new Error(`owner setup failed: ${res.status} ${await res.text()}`);
		return res.headers.get('set-cookie')?.split(';')[0];
	}

	/** The node types the editor loads, as a signed-in user sees them. */
	async nodeTypes(cookie) {
		const res = await fetch(`${this.baseUrl}/types/nodes.json`, { headers: { cookie } });
		if (!res.ok) throw new Error(`/types/nodes.json answered ${res.status}`);
		return res.json();
	}

	async stop() {
		if (!this.process || this.process.exitCode !== null) return;
		this.process.kill('SIGTERM');
		const timer = setTimeout(() => this.process.kill('SIGKILL'), 30_000);
		await this.exited;
		clearTimeout(timer);
	}

	/** Kills n8n and its task runners at once with SIGKILL (no shutdown, nothing saved): a crash. */
	async kill() {
		if (!this.process || this.process.exitCode !== null || this.process.signalCode !== null) return;
		process.kill(-this.process.pid, 'SIGKILL');
		await this.exited;
	}

	logTail(chars = 4000) {
		try {
			return readFileSync(this.logFile, 'utf8').slice(-chars);
		} catch {
			return '(no log)';
		}
	}
}

export const DEMO_OWNER = {
	email: 'owner@example.com',
	firstName: 'Demo',
	lastName: 'Owner',
	password: 'SocialFunnel-Demo-1',
};

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Items on one output of a node in an execution's run data (all runs of the node, in order). */
export function outputItems(run, nodeName, output = 0) {
	const tasks = run.data.resultData.runData[nodeName];
	if (!tasks?.length)
		throw new Error(
			`Node "${nodeName}" did not run; ran: ${Object.keys(run.data.resultData.runData).join(', ')}`,
		);
	return tasks.flatMap((task) => (task.data?.main?.[output] ?? []).map((i) => i.json));
}

/** A time zone in which it is now mid-afternoon, so follow-ups' send window (09:00–20:00) is open whenever tests run. */
export function zoneInsideSendWindow(now = new Date()) {
	const offset = 14 - now.getUTCHours();
	return offset === 0 ? 'Etc/GMT' : `Etc/GMT${offset > 0 ? '-' : '+'}${Math.abs(offset)}`;
}
