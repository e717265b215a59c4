// `npm run test:e2e`: packs the built package, makes sure both n8n lines are installed (cached in
// .cache/), then runs the end-to-end tests with Node's test runner.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { cacheDir, LINES, projectRoot } from '../../scripts/n8n-lines.mjs';

const lines = (process.env.E2E_LINES ?? Object.keys(LINES).join(',')).split(',').filter(Boolean);

function packTarball() {
	const dir = path.join(cacheDir, 'pack');
	rmSync(dir, { recursive: true, force: true });
	mkdirSync(dir, { recursive: true });
	const res = spawnSync('npm', ['pack', '--pack-destination', dir, '--loglevel=error'], {
		cwd: projectRoot,
		encoding: 'utf8',
		stdio: ['ignore', 'pipe', 'inherit'],
	});
	if (res.status !== 0) throw new Error('npm pack failed');
	const tgz = readdirSync(dir).find((f) => f.endsWith('.tgz'));
	return path.join(dir, tgz);
}

/** Installs missing n8n lines side by side (each in its own process: the downloads overlap). */
async function ensureLines() {
	await Promise.all(
		lines.map(
			(line) =>
				new Promise((resolve, reject) => {
					const child = spawn(
						process.execPath,
						[path.join(projectRoot, 'scripts/n8n-lines.mjs'), line],
						{ stdio: 'inherit' },
					);
					child.on('exit', (code) =>
						code === 0 ? resolve() : reject(new Error(`installing n8n ${line} failed`)),
					);
				}),
		),
	);
}

await ensureLines();
const tarball = packTarball();
const files = readdirSync(path.join(projectRoot, 'test/e2e'))
	.filter((f) => f.endsWith('.test.mjs'))
	.map((f) => path.join('test/e2e', f));
const reporters = ['--test-reporter=spec', '--test-reporter-destination=stdout'];
if (process.env.E2E_TAP)
	reporters.push('--test-reporter=tap', `--test-reporter-destination=${process.env.E2E_TAP}`);
const res = spawnSync(
	process.execPath,
	['--test', '--test-concurrency=1', ...reporters, ...files],
	{
		cwd: projectRoot,
		stdio: 'inherit',
		env: { ...process.env, E2E_TARBALL: tarball, E2E_LINES: lines.join(',') },
	},
);
process.exit(res.status ?? 1);
