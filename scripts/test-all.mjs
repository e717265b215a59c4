// `npm test`: build, lint (ESLint and Prettier), typecheck (nodes, tests, bench), unit and in-engine tests (jest), then the end-to-end suite against real
// n8n servers of both lines. The n8n installs (first run only) download while the rest runs.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { cacheDir, LINES, projectRoot } from './n8n-lines.mjs';

const lines = (process.env.E2E_LINES ?? Object.keys(LINES).join(',')).split(',').filter(Boolean);
mkdirSync(cacheDir, { recursive: true });

function run(label, cmd, args, opts = {}) {
	const started = Date.now();
	process.stdout.write(`\n=== ${label}: ${cmd} ${args.join(' ')}\n`);
	return new Promise((resolve) => {
		const child = spawn(cmd, args, { cwd: projectRoot, stdio: 'inherit', ...opts });
		child.on('exit', (code) => {
			process.stdout.write(
				`=== ${label}: ${code === 0 ? 'ok' : `failed (exit ${code})`} in ${(
					(Date.now() - started) /
					1000
				).toFixed(1)} s\n`,
			);
			resolve(code ?? 1);
		});
	});
}

const installs = lines.map((line) =>
	run(`install n8n ${line}`, process.execPath, ['scripts/n8n-lines.mjs', line]),
);

const steps = [
	() => run('build', 'npm', ['run', 'build', '--silent']),
	() => run('lint', 'npm', ['run', 'lint', '--silent']),
	() => run('typecheck', 'npm', ['run', 'typecheck', '--silent']),
	() =>
		run('unit and in-engine tests', 'npx', [
			'jest',
			'--json',
			`--outputFile=${path.join(cacheDir, 'jest-results.json')}`,
		]),
];
let failedStep = false;
for (const step of steps) {
	if ((await step()) !== 0) {
		failedStep = true;
		break;
	}
}
const installCodes = await Promise.all(installs);
let e2eCode = 1;
const tap = path.join(cacheDir, 'e2e-results.tap');
if (!failedStep && installCodes.every((c) => c === 0)) {
	e2eCode = await run(
		'end-to-end tests (real n8n ' + lines.join(' and ') + ')',
		process.execPath,
		['test/e2e/run.mjs'],
		{
			env: { ...process.env, E2E_LINES: lines.join(','), E2E_TAP: tap },
		},
	);
}

let passed = 0;
let failed = 0;
const jestFile = path.join(cacheDir, 'jest-results.json');
if (existsSync(jestFile)) {
	const j = JSON.parse(readFileSync(jestFile, 'utf8'));
	passed += j.numPassedTests;
	failed += j.numFailedTests;
}
if (existsSync(tap)) {
	const t = readFileSync(tap, 'utf8');
	passed += Number(/^# pass (\d+)/m.exec(t)?.[1] ?? 0);
	failed += Number(/^# fail (\d+)/m.exec(t)?.[1] ?? 0);
}
const ok = !failedStep && e2eCode === 0 && installCodes.every((c) => c === 0);
if (!ok && failed === 0) failed = 1; // a step that failed before its tests ran still fails the run
console.log(`\ntests: ${passed} passed, ${failed} failed`);
process.exit(ok ? 0 : 1);
