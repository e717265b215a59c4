/**
 * `npm run bench`, audience part: an audience of 100,000 synthetic leads (the funnel benchmark's
 * leads with names, phones, a country and consent added) through Funnel Stage's Build Retargeting
 * Audience in n8n's engine: classified on the way, normalised and hashed for Meta and Google,
 * batched, and the CSV attached. Prints each round's time, the median, and leads per second.
 */
import { asItems, runWorkflow, singleNodeWorkflow } from '../test/engine/harness';
import { BENCH_NOW, syntheticLeads } from './syntheticLeads';

const COUNT = Number(process.env.BENCH_LEADS ?? 100_000);
const FIRST = ['Zoë', 'Jürgen', 'Mia', 'İlkay', 'Léa', 'Tom'];
const LAST = ['Ørsted', 'Berg', 'Klein', 'Yılmaz', 'Roth'];
const PHONES = (i: number) =>
	i % 3 === 0 ? `+49 (0)170 ${String(i).padStart(7, '0')}` : i % 3 === 1 ? '030 1234567' : '';

export async function benchAudience(rounds: number): Promise<void> {
	const leads = syntheticLeads(COUNT).map((lead, i) => ({
		...lead,
		first_name: FIRST[i % FIRST.length],
		last_name: LAST[i % LAST.length],
		...(PHONES(i) ? { phone: PHONES(i) } : {}),
		country_code: i % 7 === 0 ? '' : 'DE',
		zip: String(10000 + (i % 90000)),
		adConsent: i % 5 === 4 ? 'denied' : 'granted',
	}));
	const items = asItems(leads);
	const workflow = singleNodeWorkflow({
		type: 'n8n-nodes-social-funnel.funnelStage',
		name: 'Audience',
		parameters: {
			operation: 'audience',
			audience: 'custom',
			customStages: ['SEE', 'THINK', 'DO', 'CARE'],
			platform: 'both',
			includeCsv: true,
			options: { referenceTime: new Date(BENCH_NOW).toISOString() },
		},
	});
	console.log(
		`\nBuild Retargeting Audience: ${COUNT.toLocaleString(
			'en',
		)} leads in n8n's engine (every stage, Meta and Google, CSV on)`,
	);
	console.log('| round | time | leads/s | uploaded | not uploaded | batches (Meta + Google) |');
	console.log('|---|---|---|---|---|---|');
	const times: number[] = [];
	for (let round = 1; round <= rounds; round++) {
		(globalThis as { gc?: () => void }).gc?.();
		const started = process.hrtime.bigint();
		const run = await runWorkflow(workflow, { pinData: { Trigger: items } });
		const ms = Number(process.hrtime.bigint() - started) / 1e6;
		if (run.error) throw run.error;
		const [batches, skipped] = run.outputs('Audience');
		const summary = batches[0].json.summary as { included: number };
		times.push(ms);
		console.log(
			`| ${round} | ${(ms / 1000).toFixed(2)} s | ${Math.round(COUNT / (ms / 1000)).toLocaleString(
				'en',
			)} | ${summary.included} | ${skipped.length} | ${batches.length} |`,
		);
	}
	const median = [...times].sort((a, b) => a - b)[Math.floor(times.length / 2)];
	console.log(
		`Median: ${(median / 1000).toFixed(2)} s for ${COUNT.toLocaleString('en')} leads = ${Math.round(
			COUNT / (median / 1000),
		).toLocaleString('en')} leads/s`,
	);
}
