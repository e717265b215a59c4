/**
 * `npm run bench`, influencer part: 500 fake YouTube channels fetched and scored by the Influencer
 * Score node in n8n's engine, once by handle and once by channel id, against the local fake YouTube
 * Data API. Prints the quota units per channel the node reported and the units the server counted.
 */
import path from 'path';
import { asItems, runWorkflow, singleNodeWorkflow } from '../test/engine/harness';

// The fake API is plain CommonJS shared with the end-to-end suite; from .cache/bench-build/bench it sits at the project root.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { startFakeSocialApi } = require(path.resolve(
	__dirname,
	'../../../test/fake-api/socialApiServer.cjs',
));

const CHANNELS = Number(process.env.BENCH_CHANNELS ?? 500);

export async function benchInfluencerQuota(): Promise<void> {
	const api = await startFakeSocialApi();
	try {
		const handles = Array.from(
			{ length: CHANNELS },
			(_, i) => `benchchannel${String(i).padStart(3, '0')}`,
		);
		const ids: string[] = handles.map((h) => api.channelId(h));
		const workflow = singleNodeWorkflow({
			type: 'n8n-nodes-social-funnel.influencerScore',
			parameters: {
				operation: 'fetchAndScore',
				platform: 'youtube',
				outputMode: 'single',
				keywords: 'cooking',
				fetchOptions: { concurrency: 8 },
			},
			credentialTypes: ['youTubeDataApi'],
		});
		const credentials = { youTubeDataApi: { apiKey: api.apiKey, baseUrl: api.youtubeBase } };
		console.log(
			`\nInfluencer Score: ${CHANNELS} fake YouTube channels, fetched and scored in n8n's engine (12 videos each)`,
		);
		console.log(
			'| lookup | quota units (server) | units per channel (server) | units per channel (node output) | calls: channels / playlistItems / videos | time |',
		);
		console.log('|---|---|---|---|---|---|');
		for (const [label, values] of [
			['by handle', handles.map((h) => `@${h}`)],
			['by channel id', ids],
		] as const) {
			api.reset();
			const started = process.hrtime.bigint();
			const run = await runWorkflow(workflow, {
				pinData: { Trigger: asItems(values.map((handle) => ({ handle }))) },
				credentials,
			});
			const ms = Number(process.hrtime.bigint() - started) / 1e6;
			if (run.error) throw run.error;
			const results = run
				.json('Node Under Test')
				.map((j) => j.influencer as { fetch: { quotaUnits: number }; followers: number | null });
			const failed = results.filter((r) => !r.fetch || r.followers === null).length;
			if (failed > 0 || results.length !== CHANNELS)
				throw new Error(`${failed} of ${results.length} channels came back without data`);
			const reported = results.reduce((s, r) => s + r.fetch.quotaUnits, 0);
			const e = api.stats.byEndpoint;
			console.log(
				`| ${label} | ${api.stats.youtubeUnits} | ${(api.stats.youtubeUnits / CHANNELS).toFixed(
					2,
				)} | ${(reported / CHANNELS).toFixed(2)} | ${e.channels} / ${e.playlistItems} / ${
					e.videos
				} | ${Math.round(ms)} ms |`,
			);
		}
		console.log('Targets: at most 3 units per channel by handle, at most 2.1 by id.');
	} finally {
		await api.close();
	}
}
