// Runs the compiled benchmarks with the environment the in-engine tests use.
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { cacheDir } from './n8n-lines.mjs';

const env = {
	...process.env,
	N8N_USER_FOLDER:
		process.env.N8N_USER_FOLDER ?? mkdtempSync(path.join(os.tmpdir(), 'social-funnel-bench-')),
	N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
};
// One process per node's benchmark: a heap left behind by one (the Code node's sandbox) would slow the other's garbage collection.
let status = 0;
const only = process.env.BENCH_ONLY
	? [process.env.BENCH_ONLY]
	: ['funnel', 'care', 'influencer', 'audience'];
for (const part of only) {
	const res = spawnSync(
		process.execPath,
		['--expose-gc', '--max-old-space-size=8192', path.join(cacheDir, 'bench-build/bench/run.js')],
		{ stdio: 'inherit', env: { ...env, BENCH_ONLY: part } },
	);
	status ||= res.status ?? 1;
}
process.exit(status);
