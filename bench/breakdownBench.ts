/**
 * `BENCH_ONLY=breakdown npm run bench`: the Funnel Report over 100,000 synthetic leads without and
 * with Break Down By → Campaign, their rounds alternating in one engine, so that the breakdown's
 * cost reads as the difference. The leads are the benchmark's own (syntheticLeads) with UTM fields
 * added from a separate seed, so the other benchmarks' leads stay as they are: 30 campaigns of
 * falling size, a third of them in a Shopify-style landing page (`/?utm_source=…&utm_campaign=…`),
 * 15 % without any. Prints the times, both reports' totals and whether every lead was counted.
 */
import type { IDataObject } from 'n8n-workflow';
import { asItems, runWorkflow, singleNodeWorkflow } from '../test/engine/harness';
import { BENCH_NOW, syntheticLeads } from './syntheticLeads';

const ms = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e6;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const collect = () => (globalThis as { gc?: () => void }).gc?.();

/** The benchmark's leads with UTM fields from their own generator (seed 7). */
export function leadsWithCampaigns(count: number): IDataObject[] {
	let s = 7;
	const r = () => ((s = (s * 1664525 + 1013904223) >>> 0), s / 4294967296);
	return syntheticLeads(count).map((lead) => {
		const x = r();
		if (x < 0.15) return lead;
		// Campaign k with weight ∝ 1/(k+1): a few large campaigns, a long tail.
		const campaign = `campaign_${Math.floor(30 ** r()) - 1}`;
		const source = ['instagram', 'newsletter', 'google', 'tiktok'][Math.floor(r() * 4)];
		return x < 0.43
			? { ...lead, landing_site: `/products/p?utm_source=${source}&utm_campaign=${campaign}` }
			: { ...lead, utm_source: source, utm_medium: 'social', utm_campaign: campaign };
	});
}

export async function benchBreakdown(count: number, rounds: number): Promise<void> {
	const items = asItems(leadsWithCampaigns(count));
	const workflow = (breakDownBy: string) =>
		singleNodeWorkflow({
			type: 'n8n-nodes-social-funnel.funnelStage',
			name: 'Funnel Report',
			parameters: {
				operation: 'report',
				period: 'bench',
				breakDownBy,
				options: { referenceTime: new Date(BENCH_NOW).toISOString() },
			},
		});
	const plain = { wf: workflow('none'), whole: [] as number[], node: [] as number[] };
	const byCampaign = { wf: workflow('campaign'), whole: [] as number[], node: [] as number[] };
	let totals = '';
	let counted = true;
	for (let r = 0; r < rounds; r++) {
		// Alternating which runs first, so that the machine's drift falls on both alike.
		for (const b of r % 2 ? [byCampaign, plain] : [plain, byCampaign]) {
			collect();
			const start = process.hrtime.bigint();
			const run = await runWorkflow(b.wf, { pinData: { Trigger: items } });
			b.whole.push(ms(start));
			b.node.push(run.run.data.resultData.runData['Funnel Report'][0].executionTime);
			const report = run.json('Funnel Report')[0].report as Record<string, any>;
			if (b === byCampaign) {
				const c = report.byChannel;
				const sum = c.channels.reduce(
					(n: number, x: { count: number }) => n + x.count,
					c.other.count + c.unknown.count,
				);
				counted &&= sum === report.total && report.total === count;
				totals = `${report.total} leads; top campaign ${c.channels[0].label} ${c.channels[0].count}, other ${c.other.count} (${c.other.values} values), unknown ${c.unknown.count}`;
			}
		}
	}
	const line = (name: string, b: typeof plain) =>
		`${name} ${median(b.whole).toFixed(0).padStart(6)} ms   rounds: ${b.whole
			.map((x) => x.toFixed(0))
			.join(', ')} (node alone: ${median(b.node)} ms)`;
	console.log(
		`Funnel Report Break Down By benchmark: ${count.toLocaleString(
			'en',
		)} synthetic leads, median of ${rounds} rounds each, alternating, Node ${process.version}`,
	);
	console.log(line('Funnel Report, no breakdown          ', plain));
	console.log(line('Funnel Report, Break Down By Campaign', byCampaign));
	console.log(
		`breakdown costs ${(median(byCampaign.node) - median(plain.node)).toFixed(
			0,
		)} ms of the node's time (${(median(byCampaign.node) / Math.max(1, median(plain.node))).toFixed(
			2,
		)} ×); ${totals}; every lead counted once: ${counted ? 'yes' : 'NO'}`,
	);
	if (!counted) process.exitCode = 1;
}
