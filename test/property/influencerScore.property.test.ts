/**
 * Properties of Influencer Score over generated profiles, realistic and hostile mixed, in n8n's
 * engine: every profile leaves exactly once with pairedItem, the same input gives the same output,
 * no number is NaN or Infinity, and the fit score and decision are always what the docs promise.
 */
import fc from 'fast-check';
import { asItems, runWorkflow, singleNodeWorkflow } from '../engine/harness';
import {
	expectNamedError,
	mostly,
	BATCH,
	BATCH_RUNS,
	fcParameters,
	firstNonFinite,
	ITEMS_PER_NODE,
	pairingProblem,
	TIMEOUT_MS,
} from './propertyRuns';

const NOW = Date.parse('2026-11-20T12:00:00Z');
const hostileValue = fc.constantFrom(
	null,
	'',
	-5,
	'many',
	'2026-02-31',
	[],
	{},
	'<script>alert(1)</script>',
	1e308,
	Number.MAX_SAFE_INTEGER,
	'1e400',
);
const count = (max: number) =>
	mostly(
		fc.oneof(
			fc.integer({ min: 0, max }),
			fc.integer({ min: 0, max: 999 }).map((n) => `${n / 10}k`),
			fc.integer({ min: 0, max: 99 }).map((n) => `${(n / 10).toFixed(1)}M`),
		),
		hostileValue,
	);
const post = fc.record(
	{
		likes: count(200_000),
		comments: count(5_000),
		views: count(2_000_000),
		date: mostly(
			fc
				.integer({ min: 0, max: 400 })
				.map((d) => new Date(NOW - d * 86_400_000).toISOString().slice(0, 10)),
			hostileValue,
		),
		caption: fc.constantFrom(
			'Linsen-Bolognese #vegan',
			'Meal prep #PlantBased',
			'casino night!',
			'<img src=x onerror=alert(1)>',
			'עברית RTL',
			'',
			'Kochen für Freunde',
		),
	},
	{ requiredKeys: [] },
);
const profile = fc.record(
	{
		handle: mostly(fc.stringMatching(/^[a-z][a-z0-9._]{1,15}$/), hostileValue),
		platform: mostly(
			fc.constantFrom('instagram', 'tiktok', 'youtube', 'Instagram', 'twitch'),
			hostileValue,
		),
		followers: count(3_000_000),
		following: count(5_000),
		bio: mostly(
			fc.constantFrom('Vegan kochen in Berlin', 'Sports betting tips', 'Beauty & Glow', ''),
			hostileValue,
		),
		posts: mostly(fc.array(post, { maxLength: 14 }), hostileValue),
		avgLikes: count(50_000),
		avgComments: count(2_000),
		fee: mostly(fc.integer({ min: 0, max: 20_000 }), hostileValue),
		currency: fc.constantFrom('EUR', 'USD', undefined),
	},
	{ requiredKeys: ['handle'] },
);

const DECISIONS = ['shortlist', 'consider', 'reject'];
const workflow = singleNodeWorkflow({
	type: 'n8n-nodes-social-funnel.influencerScore',
	name: 'Influencer Score',
	parameters: {
		keywords: 'vegan, kochen, plant based',
		blocklist: 'casino, betting',
		options: { referenceTime: new Date(NOW).toISOString() },
	},
	continueOnFail: true,
});

describe(`Influencer Score properties (${ITEMS_PER_NODE.toLocaleString(
	'en',
)} generated profiles in n8n's engine)`, () => {
	it(
		'every profile leaves exactly once with pairedItem, the same input gives the same output, no NaN or Infinity, scores within 0–100',
		async () => {
			let items = 0;
			let scored = 0;
			let errors = 0;
			await fc.assert(
				fc.asyncProperty(
					fc.array(profile, { minLength: BATCH, maxLength: BATCH }),
					async (profiles) => {
						items += profiles.length;
						const pinData = { Trigger: asItems(profiles as never) };
						const first = await runWorkflow(workflow, { pinData });
						const outputs = first.outputs('Influencer Score');
						expect(pairingProblem(outputs, profiles.length)).toBeUndefined();
						for (const item of outputs.flat()) {
							if (item.json.error) {
								errors++;
								expectNamedError(item, profiles);
								continue;
							}
							scored++;
							const r = item.json.influencer as {
								fitScore: number | null;
								decision: string;
								grade: string | null;
								reasons: unknown[];
							};
							expect(DECISIONS).toContain(r.decision);
							if (r.fitScore !== null) {
								expect(r.fitScore).toBeGreaterThanOrEqual(0);
								expect(r.fitScore).toBeLessThanOrEqual(100);
							}
							expect(Array.isArray(r.reasons)).toBe(true);
						}
						expect(firstNonFinite(outputs)).toBeUndefined();
						const again = await runWorkflow(workflow, { pinData });
						expect(JSON.stringify(again.outputs('Influencer Score'))).toBe(JSON.stringify(outputs));
					},
				),
				fcParameters(BATCH_RUNS),
			);
			expect(items).toBeGreaterThanOrEqual(ITEMS_PER_NODE);
			expect(scored).toBeGreaterThan(items * 0.2);
			expect(errors).toBeGreaterThan(0);
		},
		TIMEOUT_MS,
	);
});
