// Installs and locates the n8n releases the end-to-end suite and the demo run on.
// Everything lands in `.cache/` (git-ignored), so a second run reuses it.
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, writeFileSync, readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const cacheDir = path.join(projectRoot, '.cache');

/** The two n8n lines we support (README, "Installing the package in n8n"): 2.x needs Node 24, 1.x runs on Node 20. */
export const LINES = {
	'2.x': { n8nVersion: '2.41.1', nodeMajor: 24 },
	'1.x': { n8nVersion: '1.123.50', nodeMajor: 20 },
};

const log = (msg) => process.stderr.write(`[n8n-lines] ${msg}\n`);

function run(cmd, args, opts) {
	log(
		`$ ${cmd} ${args.join(' ')}${
			opts.cwd ? `   (in ${path.relative(projectRoot, opts.cwd) || '.'})` : ''
		}`,
	);
	const res = spawnSync(cmd, args, { stdio: ['ignore', 'inherit', 'inherit'], ...opts });
	if (res.status !== 0)
		throw new Error(`${cmd} ${args.join(' ')} failed with exit code ${res.status}`);
}

function nodeMajorOf(bin) {
	return Number(execFileSync(bin, ['-p', 'process.versions.node.split(".")[0]']).toString().trim());
}

/** Returns a Node binary of the wanted major version, from the npm registry when this machine lacks it. */
export function ensureNode(major) {
	if (nodeMajorOf(process.execPath) === major) return process.execPath;
	const dir = path.join(cacheDir, `node-${major}`);
	const pkg = `node-${process.platform}-${process.arch}`;
	const bin = path.join(dir, 'node_modules', pkg, 'bin', 'node');
	if (!existsSync(bin)) {
		log(`Node ${major} is not on this machine; fetching ${pkg}@${major} from the npm registry`);
		mkdirSync(dir, { recursive: true });
		writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ private: true }, null, 2));
		run(
			'npm',
			['install', '--no-save', '--ignore-scripts', '--no-audit', '--no-fund', `${pkg}@${major}`],
			{ cwd: dir },
		);
	}
	return bin;
}

/** Installs n8n of one line into `.cache/n8n-<version>` (once) and returns how to run it. */
export function ensureN8n(lineName) {
	const line = LINES[lineName];
	if (!line)
		throw new Error(`Unknown n8n line "${lineName}"; use one of ${Object.keys(LINES).join(', ')}`);
	const nodeBin = ensureNode(line.nodeMajor);
	const nodeBinDir = path.dirname(nodeBin);
	const dir = path.join(cacheDir, `n8n-${line.n8nVersion}`);
	const n8nMain = path.join(dir, 'node_modules', 'n8n', 'bin', 'n8n');
	const marker = path.join(dir, '.installed');
	// A lockfile per line, known to start: a plain resolution of n8n's dependency tree is not the same
	// from one install to the next (1.123.50 once drew an @langchain/core that breaks `n8n start`).
	const lock = path.join(
		projectRoot,
		'scripts',
		'n8n-locks',
		`n8n-${line.n8nVersion}.package-lock.json`,
	);
	const lockHash = createHash('sha256').update(readFileSync(lock)).digest('hex');
	// Run from `npm test`, npm hands its own config down as npm_config_* variables (this project's
	// legacy-peer-deps among them), which would change how n8n's dependency tree resolves.
	const env = Object.fromEntries(
		Object.entries(process.env).filter(([k]) => !k.toLowerCase().startsWith('npm_config_')),
	);
	env.PATH = `${nodeBinDir}${path.delimiter}${process.env.PATH}`;
	if (line.nodeMajor !== 20) env.npm_config_nodedir = path.resolve(nodeBinDir, '..');
	if (!existsSync(marker) || readFileSync(marker, 'utf8').trim() !== lockHash) {
		log(
			`Installing n8n ${
				line.n8nVersion
			} (first run only: several minutes, about 2-3 GB) into ${path.relative(projectRoot, dir)}`,
		);
		mkdirSync(dir, { recursive: true });
		writeFileSync(
			path.join(dir, 'package.json'),
			JSON.stringify(
				{
					private: true,
					dependencies: { n8n: line.n8nVersion },
					// n8n-nodes-base otherwise fetches xlsx from a CDN outside the npm registry.
					overrides: { xlsx: '0.18.5', linkedom: '0.18.14' },
				},
				null,
				2,
			),
		);
		// `npm install` keeps every version the lockfile names (npm ci would refuse it: the lockfile omits
		// optional builds for other platforms).
		copyFileSync(lock, path.join(dir, 'package-lock.json'));
		// Native builds of optional nodes (Kafka) fail offline; build only what n8n itself needs.
		run('npm', ['install', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=http'], {
			cwd: dir,
			env,
		});
		const natives = ['sqlite3', 'isolated-vm'].filter((m) =>
			existsSync(path.join(dir, 'node_modules', m)),
		);
		run('npm', ['rebuild', ...natives], { cwd: dir, env });
		writeFileSync(marker, lockHash);
	}
	const version = JSON.parse(
		readFileSync(path.join(dir, 'node_modules', 'n8n', 'package.json'), 'utf8'),
	).version;
	return { line: lineName, version, nodeBin, n8nMain, dir, env };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
	const wanted = process.argv.slice(2);
	for (const name of wanted.length ? wanted : Object.keys(LINES)) {
		const n = ensureN8n(name);
		log(`n8n ${n.version} ready for line ${name} (node ${n.nodeBin})`);
	}
}
