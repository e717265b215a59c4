/**
 * (d) of the Funnel Stage benchmark, the peer a 2.x user writes: the same rules in a Code node on a
 * real n8n of the 2.x line, which runs Code nodes in its JavaScript task runner, beside the Funnel
 * Stage node installed from this package's packed tarball, in one workflow:
 *
 *   Manual Trigger → Code node generating the benchmark's leads ─┬→ Code node with CODE_NODE_RULES
 *                                                                 └→ Funnel Stage node
 *
 * run with `n8n execute`. Each node's time is its `executionTime` in the run's data; the hook in
 * n8n2RunSummary.ts shrinks the printed run to counts, stage tallies and digests. Needs the 2.x
 * install in .cache/ (scripts/n8n-lines.mjs); without it, or with BENCH_SKIP_N8N2=1, it prints why
 * it was skipped.
 */
import { spawnSync } from 'child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'fs';
import { createHash } from 'crypto';
import os from 'os';
import path from 'path';
import { pathToFileURL } from 'url';
import type { IDataObject } from 'n8n-workflow';
import { CODE_NODE_RULES } from './codeNodeRules';
import { itemsDigest, type OutputSummary, type SummarisedRun } from './n8n2RunSummary';
import { BENCH_NOW, EVENT_TYPES, LEAD_SEED } from './syntheticLeads';

/** Ports of their own, so that this never meets the end-to-end suites (5701/5711) or a demo (5678). */
const HTTP_PORT = 5741;
const BROKER_PORT = 5742;
const LINE = '2.x';
/**
 * Limits of n8n raised for these runs (environment), printed with the figures. None so far: 100,000
 * leads pass the task runner well within its payload limit (N8N_RUNNERS_MAX_PAYLOAD, 1 GiB).
 */
const RAISED_LIMITS: Record<string, string> = {};
const NODE = { generate: 'Generate Leads', code: 'Rules in a Code Node', funnel: 'Funnel Stage' };

/**
 * bench/syntheticLeads.ts written as a user writes it in a Code node: the same generator, seed and
 * order of draws, so that n8n 2.x classifies the very leads that (a)–(c) classify (the benchmark
 * checks that by a digest of the generated items).
 */
export function syntheticLeadsCode(count: number): string {
	return String.raw`
const COUNT = ${count};
const NOW = ${BENCH_NOW};
const DAY = 86400000;
const EVENT_TYPES = ${JSON.stringify(EVENT_TYPES)};
let s = ${LEAD_SEED} >>> 0;
const r = () => { s = (s * 1664525 + 1013904223) >>> 0; return s / 4294967296; };
const iso = (daysAgo) => new Date(NOW - daysAgo * DAY).toISOString();
const out = [];
for (let i = 0; i < COUNT; i++) {
  const lead = { id: i, email: 'lead' + i + '@example.com', trackingConsent: r() < 0.5 };
  if (r() < 0.6) lead.likes = Math.floor(r() * 30);
  if (r() < 0.3) lead.pageViews = Math.floor(r() * 10);
  if (r() < 0.6) lead.lastActivityAt = iso(Math.floor(r() * 60));
  if (r() < 0.15) {
    lead.orders_count = 1 + Math.floor(r() * 5);
    lead.last_order_date = iso(Math.floor(r() * 400));
  }
  const n = Math.floor(r() * 6);
  if (n > 0) {
    const events = [];
    for (let e = 0; e < n; e++) events.push({ type: EVENT_TYPES[Math.floor(r() * EVENT_TYPES.length)], at: iso(r() * 45) });
    lead.events = events;
  }
  out.push({ json: lead });
}
return out;
`;
}

/** The workflow; `codeOnTop` puts the Code node's branch first (n8n runs branches top to bottom). */
function benchWorkflow(id: string, count: number, codeOnTop: boolean) {
	const code = (name: string, position: [number, number], jsCode: string) => ({
		id: name.toLowerCase().replace(/\W+/g, '-'),
		name,
		type: 'n8n-nodes-base.code',
		typeVersion: 2,
		position,
		parameters: { mode: 'runOnceForAllItems', language: 'javaScript', jsCode },
	});
	return {
		id,
		name: `Funnel Stage benchmark, ${codeOnTop ? 'Code node' : 'Funnel Stage node'} first`,
		nodes: [
			{
				id: 'trigger',
				name: 'Trigger',
				type: 'n8n-nodes-base.manualTrigger',
				typeVersion: 1,
				position: [0, 100],
				parameters: {},
			},
			code(NODE.generate, [220, 100], syntheticLeadsCode(count)),
			code(NODE.code, [460, codeOnTop ? 0 : 200], CODE_NODE_RULES),
			{
				id: 'funnel-stage',
				name: NODE.funnel,
				type: 'n8n-nodes-social-funnel.funnelStage',
				typeVersion: 1,
				position: [460, codeOnTop ? 200 : 0],
				parameters: {
					operation: 'classify',
					options: { referenceTime: new Date(BENCH_NOW).toISOString() },
				},
			},
		],
		connections: {
			Trigger: { main: [[{ node: NODE.generate, type: 'main', index: 0 }]] },
			[NODE.generate]: {
				main: [
					[
						{ node: NODE.code, type: 'main', index: 0 },
						{ node: NODE.funnel, type: 'main', index: 0 },
					],
				],
			},
		},
		// Nothing of these runs is stored: n8n would otherwise write 100,000 items per node into its database.
		settings: {
			executionOrder: 'v1',
			saveDataSuccessExecution: 'none',
			saveDataErrorExecution: 'none',
			saveManualExecutions: false,
		},
		active: false,
		pinData: {},
	};
}

interface Lines {
	LINES: Record<string, { n8nVersion: string; nodeMajor: number }>;
	cacheDir: string;
	projectRoot: string;
}
interface Instance {
	n8n: { version: string; nodeBin: string };
	importWorkflow(workflow: object): void;
	execute(id: string): Promise<{ run: SummarisedRun; status: number | null; stderr: string }>;
}
interface InstanceModule {
	N8nInstance: new (
		line: string,
		options: {
			userFolder: string;
			port: number;
			brokerPort: number;
			extraEnv: Record<string, string>;
		},
	) => Instance;
	installPackage(userFolder: string, tarball: string): void;
}

// The scripts are ESM; this bench compiles to CommonJS, whose import() would become require().
// eslint-disable-next-line @n8n/community-nodes/no-dangerous-functions
const load = new Function('url', 'return import(url)') as <T>(url: string) => Promise<T>;
const scriptUrl = (name: string) =>
	pathToFileURL(path.resolve(__dirname, '..', '..', '..', 'scripts', name)).href;

/** Why the 2.x line cannot run here (no install, or one made from another lockfile), or undefined. */
function missingInstall({ LINES, cacheDir, projectRoot }: Lines): string | undefined {
	const line = LINES[LINE];
	const dir = path.join(cacheDir, `n8n-${line.n8nVersion}`);
	const marker = path.join(dir, '.installed');
	const lock = path.join(
		projectRoot,
		'scripts',
		'n8n-locks',
		`n8n-${line.n8nVersion}.package-lock.json`,
	);
	const lockHash = createHash('sha256').update(readFileSync(lock)).digest('hex');
	if (!existsSync(marker) || readFileSync(marker, 'utf8').trim() !== lockHash)
		return `n8n ${line.n8nVersion} is not installed in .cache/ (\`node scripts/n8n-lines.mjs ${LINE}\` installs it, as \`npm run test:e2e\` does)`;
	const nodeBin = path.join(
		cacheDir,
		`node-${line.nodeMajor}`,
		'node_modules',
		`node-${process.platform}-${process.arch}`,
		'bin',
		'node',
	);
	if (Number(process.versions.node.split('.')[0]) !== line.nodeMajor && !existsSync(nodeBin))
		return `Node ${line.nodeMajor}, which n8n ${line.n8nVersion} needs, is not in .cache/ (\`node scripts/n8n-lines.mjs ${LINE}\` fetches it)`;
	return undefined;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const sameTally = (a: Record<string, number>, b: Record<string, number>) =>
	Object.keys({ ...a, ...b }).every((k) => (a[k] ?? 0) === (b[k] ?? 0));

/**
 * Runs (d) and prints its lines. `leads` are the leads (a)–(c) classified, `stages` their stages.
 * Returns false when it ran and something did not agree or failed.
 */
export async function benchN8n2(leads: IDataObject[], stages: Record<string, number>) {
	if (process.env.BENCH_SKIP_N8N2) {
		console.log('(d) same rules in a Code node on n8n 2.x: skipped (BENCH_SKIP_N8N2 is set)');
		return true;
	}
	const lines = await load<Lines>(scriptUrl('n8n-lines.mjs'));
	const version = lines.LINES[LINE].n8nVersion;
	const missing = missingInstall(lines);
	if (missing) {
		console.log(`(d) same rules in a Code node on n8n ${version}: skipped, ${missing}`);
		return true;
	}
	const began = performance.now();
	let userFolder: string | undefined;
	try {
		const { N8nInstance, installPackage } = await load<InstanceModule>(
			scriptUrl('n8n-instance.mjs'),
		);
		// `npm pack` builds first (prepack), so n8n gets this working tree's nodes, as a user installs them.
		const packDir = path.join(lines.cacheDir, 'bench-pack');
		rmSync(packDir, { recursive: true, force: true });
		mkdirSync(packDir, { recursive: true });
		// This bench is no node; the community-node rule against spawning processes does not concern it.
		// eslint-disable-next-line @n8n/community-nodes/no-dangerous-functions
		const pack = spawnSync('npm', ['pack', '--pack-destination', packDir, '--loglevel=error'], {
			cwd: lines.projectRoot,
			encoding: 'utf8',
		});
		const tarball = readdirSync(packDir).find((f) => f.endsWith('.tgz'));
		if (pack.status !== 0 || !tarball)
			throw new Error(`npm pack failed:\n${pack.stdout}\n${pack.stderr}`);
		userFolder = mkdtempSync(path.join(os.tmpdir(), 'social-funnel-bench-n8n2-'));
		installPackage(userFolder, path.join(packDir, tarball));
		const n8n = new N8nInstance(LINE, {
			userFolder,
			port: HTTP_PORT,
			brokerPort: BROKER_PORT,
			extraEnv: {
				EXTERNAL_HOOK_FILES: path.join(__dirname, 'n8n2RunSummary.js'),
				EXECUTIONS_DATA_SAVE_ON_SUCCESS: 'none',
				EXECUTIONS_DATA_SAVE_ON_ERROR: 'none',
				...RAISED_LIMITS,
			},
		});
		const ids = ['sfBenchCodeFirst', 'sfBenchNodeFirst'];
		n8n.importWorkflow(benchWorkflow(ids[0], leads.length, true));
		n8n.importWorkflow(benchWorkflow(ids[1], leads.length, false));

		const rounds = Number(process.env.BENCH_N8N2_ROUNDS ?? 3);
		const times = { generate: [] as number[], code: [] as number[], funnel: [] as number[] };
		const wall: number[] = [];
		const rss: number[] = [];
		const firsts: string[] = [];
		const digests = new Set<string>();
		let codeStages: Record<string, number> = {};
		let funnelStages: Record<string, number> = {};
		for (let r = 0; r < rounds; r++) {
			const start = performance.now();
			const res = await n8n.execute(ids[r % 2]);
			wall.push(performance.now() - start);
			const { runData, error } = res.run.data.resultData;
			if (res.status !== 0 || error)
				throw new Error(
					`n8n execute failed (exit ${res.status}): ${error?.message ?? ''}\n${res.stderr.slice(
						-2000,
					)}`,
				);
			const task = (name: string) => runData[name][0];
			const summaries = (name: string) =>
				(task(name).data?.main ?? []).map((o) => (o?.[0]?.json ?? {}) as OutputSummary);
			times.generate.push(task(NODE.generate).executionTime);
			times.code.push(task(NODE.code).executionTime);
			times.funnel.push(task(NODE.funnel).executionTime);
			firsts.push(task(NODE.code).startTime < task(NODE.funnel).startTime ? 'Code' : 'Funnel');
			digests.add(summaries(NODE.generate)[0].digest);
			codeStages = summaries(NODE.code)[0].stages;
			funnelStages = {};
			for (const out of summaries(NODE.funnel))
				for (const [stage, n] of Object.entries(out.stages ?? {}))
					funnelStages[stage] = (funnelStages[stage] ?? 0) + n;
			if (res.run.benchMaxRssKiB) rss.push(res.run.benchMaxRssKiB * 1024);
		}
		const sameLeads = digests.size === 1 && digests.has(itemsDigest(leads));
		const agree = sameTally(codeStages, stages) && sameTally(funnelStages, stages);
		const c = median(times.code);
		const f = median(times.funnel);
		const fmt = (xs: number[]) => xs.map((x) => x.toFixed(0)).join(', ');
		console.log(
			`(d) same rules in a Code node on n8n ${n8n.n8n.version} (task runner): ${c.toFixed(
				0,
			)} ms; Funnel Stage node on the same line: ${f.toFixed(
				0,
			)} ms; Code node / Funnel Stage node = ${(c / f).toFixed(1)}`,
		);
		console.log(
			`    ${leads.length.toLocaleString('en')} leads generated in a Code node (${fmt(
				times.generate,
			)} ms, the task runner's start included), then both nodes on them in one \`n8n execute\`; median of ${rounds} runs (Code node ${fmt(
				times.code,
			)} ms; Funnel Stage node ${fmt(times.funnel)} ms; first to run: ${firsts.join(', ')})`,
		);
		console.log(
			`    the same leads as (a)–(c): ${sameLeads ? 'yes' : 'NO'}; stages agree with (a)–(c): ${
				agree ? 'yes' : `NO ${JSON.stringify({ codeStages, funnelStages })}`
			}; peak memory (RSS) of n8n's main process ${
				rss.length ? `${(Math.max(...rss) / 2 ** 20).toFixed(0)} MiB` : 'not reported'
			}; ${
				Object.keys(RAISED_LIMITS).length
					? `limits raised: ${Object.entries(RAISED_LIMITS)
							.map(([k, v]) => `${k}=${v}`)
							.join(', ')}`
					: "n8n's limits as shipped"
			}`,
		);
		console.log(
			`    each \`n8n execute\` took ${fmt(
				wall.map((x) => x / 1000),
			)} s with n8n's start; (d) took ${((performance.now() - began) / 1000).toFixed(
				0,
			)} s with packing and installing the package`,
		);
		return sameLeads && agree;
	} catch (error) {
		console.log(
			`(d) same rules in a Code node on n8n ${version}: FAILED, ${(error as Error).message}`,
		);
		return false;
	} finally {
		if (userFolder) rmSync(userFolder, { recursive: true, force: true });
	}
}
