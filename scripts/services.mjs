// Real services for the tests and the benchmark, on loopback only: a private PostgreSQL cluster
// and a private Redis, each in a temporary folder on its own port, stopped when the caller ends.
// Debian's packages are installed when missing (the script says so).
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

const log = (msg) => process.stderr.write(`[services] ${msg}\n`);
const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;

function aptInstall(pkg) {
	if (!isRoot)
		throw new Error(
			`${pkg} is not installed; install Debian's package "${pkg}" (sudo apt-get install ${pkg}) and run again`,
		);
	log(`${pkg} is not on this machine: installing Debian's package "${pkg}" (apt-get)`);
	for (const args of [['update'], ['install', '-y', '--no-install-recommends', pkg]]) {
		const res = spawnSync('apt-get', args, {
			stdio: ['ignore', 'ignore', 'inherit'],
			env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
		});
		if (res.status !== 0) throw new Error(`apt-get ${args.join(' ')} failed (exit ${res.status})`);
	}
}

function postgresBin() {
	const root = '/usr/lib/postgresql';
	const find = () =>
		existsSync(root)
			? readdirSync(root)
					.sort((a, b) => Number(b) - Number(a))
					.map((v) => path.join(root, v, 'bin'))
					.find((d) => existsSync(path.join(d, 'postgres')))
			: undefined;
	let bin = find();
	if (!bin) {
		aptInstall('postgresql');
		bin = find();
	}
	if (!bin)
		throw new Error(
			'PostgreSQL is installed, but no server binary was found under /usr/lib/postgresql',
		);
	return bin;
}

function freePort() {
	return new Promise((resolve, reject) => {
		const server = net.createServer();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address();
			server.close(() => resolve(port));
		});
	});
}

async function waitForPort(port, child, what, timeoutMs = 30_000) {
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		if (child.exitCode !== null)
			throw new Error(`${what} exited during start-up (exit ${child.exitCode})`);
		const ok = await new Promise((resolve) => {
			const socket = net.connect(port, '127.0.0.1');
			socket.once('connect', () => {
				socket.end();
				resolve(true);
			});
			socket.once('error', () => resolve(false));
		});
		if (ok) return;
		await new Promise((r) => setTimeout(r, 100));
	}
	throw new Error(`${what} did not listen on 127.0.0.1:${port} within ${timeoutMs} ms`);
}

/** Runs a command as the `postgres` system user when we are root (Postgres refuses to run as root). */
function asPostgres(cmd, args) {
	return isRoot ? ['runuser', ['-u', 'postgres', '--', cmd, ...args]] : [cmd, args];
}

/**
 * Starts a private PostgreSQL cluster on 127.0.0.1 with password login. Returns its connection
 * (user `postgres`) and `stop()`. `options` are extra server settings.
 */
export async function startPostgres({
	port,
	password = 'social-funnel-test-pw',
	options = {},
} = {}) {
	const bin = postgresBin();
	const dir = mkdtempSync(path.join(os.tmpdir(), 'social-funnel-pg-'));
	chmodSync(dir, 0o777);
	const data = path.join(dir, 'data');
	const pwfile = path.join(dir, 'pw');
	writeFileSync(pwfile, password);
	chmodSync(pwfile, 0o644);
	if (isRoot) spawnSync('chown', ['-R', 'postgres:postgres', dir]);
	const [initCmd, initArgs] = asPostgres(path.join(bin, 'initdb'), [
		'-D',
		data,
		'-U',
		'postgres',
		`--pwfile=${pwfile}`,
		'--auth-host=scram-sha-256',
		'--auth-local=trust',
		'-E',
		'UTF8',
		'--no-locale',
	]);
	const init = spawnSync(initCmd, initArgs, { encoding: 'utf8' });
	if (init.status !== 0)
		throw new Error(`initdb failed (exit ${init.status}):\n${init.stdout}\n${init.stderr}`);
	rmSync(pwfile);
	port ??= await freePort();
	const settings = {
		listen_addresses: '127.0.0.1',
		port: String(port),
		unix_socket_directories: dir,
		fsync: 'off',
		full_page_writes: 'off',
		max_connections: '200',
		...options,
	};
	const [cmd, args] = asPostgres(path.join(bin, 'postgres'), [
		'-D',
		data,
		...Object.entries(settings).flatMap(([k, v]) => ['-c', `${k}=${v}`]),
	]);
	const child = spawn(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'], detached: true });
	let stderr = '';
	child.stderr.on('data', (c) => (stderr = (stderr + c).slice(-4000)));
	try {
		await waitForPort(port, child, 'PostgreSQL');
	} catch (error) {
		throw new Error(`${error.message}\n${stderr}`);
	}
	const exited = new Promise((resolve) => child.once('exit', resolve));
	return {
		host: '127.0.0.1',
		port,
		user: 'postgres',
		password,
		database: 'postgres',
		dir,
		pid: child.pid,
		log: () => stderr,
		/** Runs SQL as the superuser through psql on the cluster's socket. */
		psql(sql) {
			const [c, a] = asPostgres(path.join(bin, 'psql'), [
				'-h',
				dir,
				'-p',
				String(port),
				'-U',
				'postgres',
				'-d',
				'postgres',
				'-v',
				'ON_ERROR_STOP=1',
				'-Atc',
				sql,
			]);
			const res = spawnSync(c, a, { encoding: 'utf8' });
			if (res.status !== 0) throw new Error(`psql failed: ${res.stderr}`);
			return res.stdout.trim();
		},
		async stop() {
			if (child.exitCode === null && child.signalCode === null) {
				try {
					process.kill(-child.pid, 'SIGINT'); // fast shutdown
				} catch {
					// already gone
				}
				await exited;
			}
			rmSync(dir, { recursive: true, force: true });
		},
	};
}

/** Starts a private Redis on 127.0.0.1 without persistence. Returns its port and `stop()`. */
export async function startRedis({ port } = {}) {
	if (spawnSync('sh', ['-c', 'command -v redis-server']).status !== 0) aptInstall('redis-server');
	port ??= await freePort();
	const dir = mkdtempSync(path.join(os.tmpdir(), 'social-funnel-redis-'));
	const child = spawn(
		'redis-server',
		[
			'--port',
			String(port),
			'--bind',
			'127.0.0.1',
			'--save',
			'',
			'--appendonly',
			'no',
			'--dir',
			dir,
		],
		{ stdio: 'ignore', detached: true },
	);
	await waitForPort(port, child, 'Redis');
	const exited = new Promise((resolve) => child.once('exit', resolve));
	return {
		host: '127.0.0.1',
		port,
		async stop() {
			if (child.exitCode === null && child.signalCode === null) {
				child.kill('SIGTERM');
				await exited;
			}
			rmSync(dir, { recursive: true, force: true });
		},
	};
}
