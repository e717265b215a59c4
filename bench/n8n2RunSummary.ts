/**
 * An n8n external hook file (`EXTERNAL_HOOK_FILES`) for the 2.x part of the Funnel Stage benchmark
 * (bench/n8n2Bench.ts). `n8n execute` prints the whole run as indented JSON: 100,000 leads through
 * three nodes come to about half a gigabyte, more than one JavaScript string may hold. Once n8n has
 * run and timed every node, this hook replaces the items of each output by a summary (their count,
 * their stage tally and a digest of their JSON), so that what n8n prints is a few kilobytes and
 * still carries every node's `executionTime`. It also notes the n8n process's peak memory.
 *
 * n8n loads the compiled file with its own Node as CommonJS; it needs nothing but Node's crypto.
 */
import { createHash } from 'crypto';

export interface OutputSummary {
	items: number;
	/** Items per `funnel.stage` (empty when the items carry no stage). */
	stages: Record<string, number>;
	/** sha256 over each item's JSON, one line each (see `itemsDigest`). */
	digest: string;
}

/** A digest of items' JSON, the same in n8n's process and in the benchmark's. */
export function itemsDigest(jsons: Iterable<unknown>): string {
	const hash = createHash('sha256');
	for (const json of jsons) hash.update(`${JSON.stringify(json)}\n`);
	return hash.digest('hex');
}

interface Item {
	json: { funnel?: { stage?: string } };
}

function summarise(items: Item[]): OutputSummary {
	const stages: Record<string, number> = {};
	for (const item of items) {
		const stage = item.json.funnel?.stage;
		if (stage) stages[stage] = (stages[stage] ?? 0) + 1;
	}
	return { items: items.length, stages, digest: itemsDigest(items.map((i) => i.json)) };
}

export interface SummarisedRun {
	data: {
		resultData: {
			runData: Record<
				string,
				Array<{
					executionTime: number;
					startTime: number;
					data?: { main?: Array<Item[] | Array<{ json: OutputSummary }> | null> };
				}>
			>;
			error?: { message?: string };
		};
	};
	/** The n8n process's peak resident memory in KiB (set by the hook). */
	benchMaxRssKiB?: number;
}

export const workflow = {
	postExecute: [
		async function summariseRun(run: SummarisedRun) {
			for (const tasks of Object.values(run.data.resultData.runData))
				for (const task of tasks)
					if (task.data?.main)
						task.data.main = task.data.main.map(
							(items) => items && [{ json: summarise(items as Item[]) }],
						);
			run.benchMaxRssKiB = process.resourceUsage().maxRSS;
		},
	],
};
