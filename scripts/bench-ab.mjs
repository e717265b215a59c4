// `npm run bench:ab -- <base> [<candidate>]`: an interleaved A/B of one benchmark between two git
// revisions (the candidate defaults to the working tree). Each build runs the benchmark in its own
// process, builds alternating (A B, B A, A B, …), so that drift of the machine falls on both alike.
// Prints every run, the medians, each build's spread, and whether the outputs agree.
//
// Options (environment): AB_RUNS (runs per build, default 5), BENCH_ONLY (care | funnel, default
// care), BENCH_ROUNDS (rounds inside one run, default 3), BENCH_STORES (default static).
// The method and how to read the result: docs/DEVELOPMENT.md, "Speed-ups and the A/B rule".
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { cacheDir, projectRoot } from './n8n-lines.mjs';

const [base, candidate = 'working tree'] = process.argv.slice(2);
if (!base) {
	console.error(
		'Usage: npm run bench:ab -- <base revision> [<candidate revision>]   (candidate: the working tree)',
	);
	process.exit(2);
}
const runs = Number(process.env.AB_RUNS ?? 5);
const only = process.env.BENCH_ONLY ?? 'care';
/** Per benchmark: the line that carries the time, and the lines that must be equal between builds. */
const READ = {
	care: { time: /node alone\s+(\d+) ms/, same: [/^outputs \[.*$/m, /^ledger: .*$/m] },
	funnel: { time: /\(b\) Funnel Stage node in the engine\s+(\d+) ms/, same: [/^stages: .*$/m] },
};
if (!READ[only]) {
	console.error(`BENCH_ONLY must be one of ${Object.keys(READ).join(', ')}`);
	process.exit(2);
}

const git = (args, cwd = projectRoot) => {
	const res = spawnSync('git', args, { cwd, encoding: 'utf8' });
	if (res.status !== 0) throw new Error(`git ${args.join(' ')}: ${res.stderr}`);
	return res.stdout.trim();
};

/** A checkout of the revision (a detached worktree under .cache/ab), sharing this project's node_modules. */
function checkout(rev) {
	if (rev === 'working tree') return projectRoot;
	const sha = git(['rev-parse', '--verify', `${rev}^{commit}`]);
	const dir = path.join(cacheDir, 'ab', sha.slice(0, 12));
	if (!existsSync(dir)) {
		mkdirSync(path.dirname(dir), { recursive: true });
		git(['worktree', 'add', '--detach', dir, sha]);
		symlinkSync(path.join(projectRoot, 'node_modules'), path.join(dir, 'node_modules'));
	}
	return dir;
}

function build(dir) {
	const res = spawnSync('npx', ['tsc', '-p', 'tsconfig.bench.json'], {
		cwd: dir,
		stdio: 'inherit',
	});
	if (res.status !== 0) throw new Error(`building the benchmark in ${dir} failed`);
}

const builds = [
	{ name: 'A', rev: base, dir: checkout(base), times: [], outputs: new Set() },
	{ name: 'B', rev: candidate, dir: checkout(candidate), times: [], outputs: new Set() },
];
for (const b of builds) build(b.dir);

const env = {
	...process.env,
	BENCH_ONLY: only,
	BENCH_ROUNDS: process.env.BENCH_ROUNDS ?? '3',
	BENCH_STORES: process.env.BENCH_STORES ?? 'static',
	BENCH_SKIP_CODE: '1',
	BENCH_SKIP_N8N2: '1',
};
for (let run = 0; run < runs; run++) {
	const order = run % 2 === 0 ? builds : [...builds].reverse();
	for (const b of order) {
		const res = spawnSync(process.execPath, ['scripts/bench.mjs'], {
			cwd: b.dir,
			env,
			encoding: 'utf8',
		});
		const out = `${res.stdout}\n${res.stderr}`;
		const time = READ[only].time.exec(out);
		if (res.status !== 0 || !time) {
			console.error(out);
			throw new Error(`the benchmark of ${b.rev} failed`);
		}
		b.times.push(Number(time[1]));
		b.outputs.add(READ[only].same.map((re) => re.exec(out)?.[0] ?? '(missing)').join('\n'));
		console.log(`run ${run + 1}/${runs}  ${b.name} (${b.rev})  ${time[1]} ms`);
	}
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const spread = (xs) => ((Math.max(...xs) - Math.min(...xs)) / median(xs)) * 100;
console.log(`\n${only}: ${runs} runs per build, alternating`);
for (const b of builds) {
	console.log(
		`${b.name} ${b.rev.padEnd(14)} median ${String(median(b.times)).padStart(
			6,
		)} ms   spread ${spread(b.times).toFixed(0)} %   runs: ${b.times.join(', ')}`,
	);
}
const [a, c] = builds.map((b) => median(b.times));
const change = ((c - a) / a) * 100;
const noise = Math.max(...builds.map((b) => spread(b.times)));
console.log(
	`B against A: ${change >= 0 ? '+' : ''}${change.toFixed(1)} % (${
		Math.abs(change) > noise ? 'larger than' : 'within'
	} the larger spread of one build, ${noise.toFixed(0)} %)`,
);
const outputs = builds.map((b) => [...b.outputs]);
const agree = outputs.every((o) => o.length === 1) && outputs[0][0] === outputs[1][0];
console.log(
	`outputs ${agree ? 'identical' : 'DIFFER'} between the builds and runs:\n${[
		...new Set(outputs.flat()),
	].join('\n---\n')}`,
);
process.exit(agree ? 0 : 1);
