/**
 * `npm run bench`: classifies 100,000 synthetic leads (a) with the pure core in a loop, (b) through
 * the Funnel Stage node in n8n's engine, (c) with the same rules in a Code node in the same engine,
 * beside n8n's No Operation node on the same items (the floor); then (d) the same rules in a Code
 * node on a real n8n 2.x with its task runner, next to the Funnel Stage node there (n8n2Bench.ts).
 * Prints the times, the ratios b/a, c/b and b/floor, and peak memory. A benchmark, not a test.
 */
import { syntheticLeads, BENCH_NOW } from './syntheticLeads';
import { CODE_NODE_RULES } from './codeNodeRules';
import { createLeadReader } from '../nodes/FunnelStage/input/leadFields';
import { DEFAULT_SETTINGS } from '../nodes/FunnelStage/rules/settings';
import { classifyLead } from '../nodes/FunnelStage/rules/stageRules';
import { asItems, runWorkflow, singleNodeWorkflow } from '../test/engine/harness';
import { benchAudience } from './audienceBench';
import { benchBreakdown } from './breakdownBench';
import { benchCareFollowUp } from './careBench';
import { benchInfluencerQuota } from './influencerQuotaBench';
import { benchN8n2 } from './n8n2Bench';
import { benchStageMemory } from './stageMemoryBench';

const COUNT = Number(process.env.BENCH_LEADS ?? 100_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);

let peakRss = 0;
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 20);
/** Starts each round on a collected heap, so that one round does not pay for the garbage of the last. */
const collect = () => (globalThis as { gc?: () => void }).gc?.();
const ms = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e6;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function tally(stages: Iterable<string>) {
	const t: Record<string, number> = { SEE: 0, THINK: 0, DO: 0, CARE: 0 };
	for (const s of stages) t[s]++;
	return t;
}

async function main() {
	// scripts/bench.mjs runs each node's benchmark in its own process, so one does not inherit the other's heap.
	if (process.env.BENCH_ONLY === 'care') return benchCareFollowUp(ROUNDS);
	if (process.env.BENCH_ONLY === 'influencer') return benchInfluencerQuota();
	if (process.env.BENCH_ONLY === 'memory') return benchStageMemory(Math.min(ROUNDS, 3), COUNT);
	if (process.env.BENCH_ONLY === 'breakdown') return benchBreakdown(COUNT, ROUNDS);
	if (process.env.BENCH_ONLY === 'audience') return benchAudience(ROUNDS);
	const leads = syntheticLeads(COUNT);
	const items = asItems(leads);
	const reader = createLeadReader({ recognise: true, resultField: 'funnel' });

	const pure: number[] = [];
	let pureStages: Record<string, number> = {};
	for (let r = 0; r < ROUNDS; r++) {
		collect();
		const start = process.hrtime.bigint();
		// Keeps every result, as the node must, so that (a) and (b) do the same work but for n8n's part.
		const results: ReturnType<typeof classifyLead>[] = new Array(leads.length);
		for (let i = 0; i < leads.length; i++)
			results[i] = classifyLead(
				reader.read(leads[i], {}, BENCH_NOW, DEFAULT_SETTINGS),
				DEFAULT_SETTINGS,
				BENCH_NOW,
			);
		pure.push(ms(start));
		pureStages = tally(results.map((x) => x.stage));
	}

	const nodeWf = singleNodeWorkflow({
		type: 'n8n-nodes-social-funnel.funnelStage',
		name: 'Funnel Stage',
		parameters: {
			operation: 'classify',
			options: { referenceTime: new Date(BENCH_NOW).toISOString() },
		},
	});
	// The floor: n8n's own No Operation node passing the same items through the same engine, its rounds
	// alternating with (b)'s, so that the machine's drift falls on both alike.
	const noOpWf = singleNodeWorkflow({
		type: 'n8n-nodes-base.noOp',
		name: 'No Operation',
		parameters: {},
	});
	const engine: number[] = [];
	const engineNodeOnly: number[] = [];
	const floor: number[] = [];
	const floorNodeOnly: number[] = [];
	let floorItems = 0;
	let engineStages: Record<string, number> = {};
	for (let r = 0; r < ROUNDS; r++) {
		collect();
		const start = process.hrtime.bigint();
		const run = await runWorkflow(nodeWf, { pinData: { Trigger: items } });
		engine.push(ms(start));
		engineNodeOnly.push(run.run.data.resultData.runData['Funnel Stage'][0].executionTime);
		const outs = run.outputs('Funnel Stage');
		engineStages = {
			SEE: outs[0].length,
			THINK: outs[1].length,
			DO: outs[2].length,
			CARE: outs[3].length,
		};
		collect();
		const floorStart = process.hrtime.bigint();
		const noOp = await runWorkflow(noOpWf, { pinData: { Trigger: items } });
		floor.push(ms(floorStart));
		floorNodeOnly.push(noOp.run.data.resultData.runData['No Operation'][0].executionTime);
		floorItems = noOp.outputs('No Operation')[0].length;
	}

	const peakBeforeCode = Math.max(peakRss, process.memoryUsage().rss);
	const codeWf = singleNodeWorkflow({
		type: 'n8n-nodes-base.code',
		name: 'Code',
		parameters: { mode: 'runOnceForAllItems', language: 'javaScript', jsCode: CODE_NODE_RULES },
	});
	codeWf.nodes[1].typeVersion = 2;
	const code: number[] = [];
	let codeStages: Record<string, number> = {};
	// The Code node takes about a minute per round here, so it runs once unless asked otherwise.
	const codeRounds = process.env.BENCH_SKIP_CODE ? 0 : Number(process.env.BENCH_CODE_ROUNDS ?? 1);
	for (let r = 0; r < codeRounds; r++) {
		collect();
		const start = process.hrtime.bigint();
		const run = await runWorkflow(codeWf, { pinData: { Trigger: items } });
		code.push(ms(start));
		codeStages = tally(run.json('Code').map((j) => (j.funnel as { stage: string }).stage));
	}
	clearInterval(sampler);

	if (!code.length) code.push(NaN);
	const a = median(pure);
	const b = median(engine);
	const c = median(code);
	const same =
		JSON.stringify(pureStages) === JSON.stringify(engineStages) &&
		(!codeRounds || JSON.stringify(engineStages) === JSON.stringify(codeStages));
	console.log(
		`Funnel Stage benchmark: ${COUNT.toLocaleString(
			'en',
		)} synthetic leads, median of ${ROUNDS} rounds (Code node: ${code.length}), Node ${
			process.version
		}, n8n-core 1.x engine`,
	);
	console.log(
		`stages: ${JSON.stringify(engineStages)}; pure core, node${
			codeRounds ? ' and Code node' : ''
		} agree: ${same ? 'yes' : 'NO ' + JSON.stringify({ pureStages, codeStages })}`,
	);
	console.log(
		`(a) pure core in a loop            ${a.toFixed(0).padStart(6)} ms   rounds: ${pure
			.map((x) => x.toFixed(0))
			.join(', ')}`,
	);
	console.log(
		`(b) Funnel Stage node in the engine ${b.toFixed(0).padStart(5)} ms   rounds: ${engine
			.map((x) => x.toFixed(0))
			.join(', ')} (node alone: ${median(engineNodeOnly)} ms)`,
	);
	const f = median(floor);
	console.log(
		`(floor) n8n's No Operation node     ${f.toFixed(0).padStart(6)} ms   rounds: ${floor
			.map((x) => x.toFixed(0))
			.join(', ')} (node alone: ${median(floorNodeOnly)} ms; ${floorItems.toLocaleString(
			'en',
		)} items out)`,
	);
	console.log(
		`Funnel Stage node = ${(b / f).toFixed(
			2,
		)} × n8n's No Operation node on the same items (whole runs; node alone: ${(
			median(engineNodeOnly) / Math.max(1, median(floorNodeOnly))
		).toFixed(1)} ×; their rounds alternate)`,
	);
	console.log(
		`(c) same rules in a Code node       ${c.toFixed(0).padStart(6)} ms   rounds: ${code
			.map((x) => x.toFixed(0))
			.join(', ')}`,
	);
	console.log(
		`b/a = ${(b / a).toFixed(2)} (target ≤ 1.5)   c/b = ${(c / b).toFixed(
			2,
		)} (target ≥ 1)   b ≤ 1000 ms: ${b <= 1000 ? 'yes' : 'no'}`,
	);
	const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MiB`;
	console.log(
		`peak memory (RSS): ${mib(peakBeforeCode)} through (a) and (b); ${mib(
			Math.max(peakRss, process.resourceUsage().maxRSS * 1024),
		)} with the Code node's sandbox`,
	);
	// (d) runs last, in n8n 2.x's own processes, so that it does not weigh on (a)–(c).
	const n8n2Agrees = await benchN8n2(leads, engineStages);
	if (!same || !n8n2Agrees) process.exitCode = 1;
}

main().then(
	() => process.exit(),
	(error) => {
		console.error(error);
		process.exit(1);
	},
);
