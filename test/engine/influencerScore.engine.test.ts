/**
 * Influencer Score in n8n's engine: scoring from input data, and fetching from the fake Instagram
 * and YouTube APIs through n8n's request helpers with credentials, retries and per-item errors.
 */
import type { IDataObject } from 'n8n-workflow';
import { asItems, runWorkflow, singleNodeWorkflow } from './harness';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { startFakeSocialApi } = require('../fake-api/socialApiServer.cjs');

const TYPE = 'n8n-nodes-social-funnel.influencerScore';
const NOW = Date.parse('2026-11-20T12:00:00Z');

type Api = Awaited<ReturnType<typeof startFakeSocialApi>>;
let api: Api;

beforeAll(async () => {
	api = await startFakeSocialApi({ now: NOW - 3_600_000 });
});
afterAll(async () => api.close());
beforeEach(() => api.reset());

const instagramCredentials = () => ({
	instagramGraphApi: {
		accessToken: api.token,
		accountId: api.accountId,
		apiVersion: 'v23.0',
		baseUrl: api.instagramBase,
	},
});
const youtubeCredentials = (key = api.apiKey) => ({
	youTubeDataApi: { apiKey: key, baseUrl: api.youtubeBase },
});

function fetchWorkflow(
	platform: 'instagram' | 'youtube',
	parameters: IDataObject = {},
	node: IDataObject = {},
) {
	return singleNodeWorkflow({
		type: TYPE,
		parameters: {
			operation: 'fetchAndScore',
			platform,
			keywords: 'vegan, kochen, plant based, rezepte',
			blocklist: 'casino, betting',
			...parameters,
			options: { referenceTime: new Date(NOW).toISOString() },
			fetchOptions: { retryBaseDelayMs: 10, ...((parameters.fetchOptions as IDataObject) ?? {}) },
		},
		credentialTypes: [platform === 'instagram' ? 'instagramGraphApi' : 'youTubeDataApi'],
		...node,
	});
}

const allJson = (outputs: Array<Array<{ json: IDataObject }>>) => outputs.flat().map((i) => i.json);

describe('Influencer Score: Score Profiles from input data', () => {
	const creator = {
		handle: '@vegan.kitchen.berlin',
		platform: 'Instagram',
		followers: '18.4k',
		following: 610,
		bio: 'Pflanzliche Rezepte aus Berlin. #VeganFood',
		posts: [
			{ likes: 620, comments: 31, date: '2026-11-18', caption: 'Linsen-Bolognese #vegan' },
			{ likes: 540, comments: 25, date: '2026-11-15', caption: 'Meal prep #plantbased' },
			{ likes: 710, comments: 40, date: '2026-11-12', caption: 'Kochen für Freunde' },
			{ likes: 480, comments: 22, date: '2026-11-09', caption: 'Weekend' },
		],
		fee: 150,
		currency: 'eur',
	};

	it('scores, explains and routes by decision; every item leaves once with pairedItem', async () => {
		const rows = [
			creator,
			{ handle: 'quiet', followers: 60_000, avgLikes: 90, avgComments: 2 },
			{
				handle: 'bet',
				followers: 20_000,
				bio: 'Sports betting tips',
				avgLikes: 500,
				avgComments: 20,
			},
		];
		const run = await runWorkflow(
			singleNodeWorkflow({
				type: TYPE,
				parameters: {
					keywords: 'vegan, kochen',
					blocklist: 'betting',
					options: { referenceTime: new Date(NOW).toISOString() },
				},
			}),
			{ pinData: { Trigger: asItems(rows) } },
		);
		const outputs = run.outputs('Node Under Test');
		expect(outputs).toHaveLength(3);
		const [shortlist, consider, reject] = outputs;
		expect(shortlist.map((i) => (i.json.influencer as IDataObject).handle)).toEqual([
			'vegan.kitchen.berlin',
		]);
		const result = shortlist[0].json.influencer as any;
		expect(result.followers).toBe(18_400);
		expect(result.tier).toBe('micro');
		expect(result.engagement.rateMedian).toBeCloseTo(((580 + 28) / 18_400) * 100, 1);
		expect(result.benchmark).toMatchObject({ band: '10k–50k', position: 'high', estimate: false });
		expect(result.niche.matched).toEqual(expect.arrayContaining(['vegan', 'kochen']));
		expect(result.cost).toMatchObject({ feePerPost: 150, currency: 'EUR' });
		expect(result.reasons.join(' ')).toMatch(/Engagement .* is high for 10k–50k on instagram/);
		expect(shortlist[0].pairedItem).toEqual({ item: 0 });
		expect(consider.length + reject.length).toBe(2);
		const bet = reject.find((i) => (i.json.influencer as IDataObject).handle === 'bet');
		expect((bet?.json.influencer as any).decision).toBe('reject');
		expect((bet?.json.influencer as any).reasons[0]).toBe('Brand safety: "betting" in bio');
		expect(
			allJson(outputs)
				.map((j) => j.handle)
				.sort(),
		).toEqual(['@vegan.kitchen.berlin', 'bet', 'quiet']);
	});

	it('ranks the batch and keeps the top N; the rest leave on Rest, ranked too', async () => {
		const rows = Array.from({ length: 6 }, (_, i) => ({
			handle: `c${i}`,
			followers: 20_000,
			avgLikes: 100 + i * 60,
			avgComments: 5,
		}));
		const run = await runWorkflow(
			singleNodeWorkflow({
				type: TYPE,
				parameters: {
					outputMode: 'rank',
					topN: 2,
					options: { referenceTime: new Date(NOW).toISOString() },
				},
			}),
			{ pinData: { Trigger: asItems(rows) } },
		);
		const [top, rest] = run.outputs('Node Under Test');
		expect(top.map((i) => (i.json.influencer as any).rank)).toEqual([1, 2]);
		expect(top.map((i) => i.json.handle)).toEqual(['c5', 'c4']);
		expect(rest.map((i) => (i.json.influencer as any).rank)).toEqual([3, 4, 5, 6]);
		expect(rest.map((i) => i.pairedItem)).toEqual([
			{ item: 3 },
			{ item: 2 },
			{ item: 1 },
			{ item: 0 },
		]);
	});

	it('bad input fails the item, naming the item and the field; Continue On Fail keeps the batch', async () => {
		const rows = [
			creator,
			{ handle: 'neg', followers: -5 },
			{ handle: 'text', followers: 'many' },
			{ handle: 'd', followers: 10, posts: [{ likes: 1, date: '2026-02-31' }] },
		];
		const failing = await runWorkflow(singleNodeWorkflow({ type: TYPE, parameters: {} }), {
			pinData: { Trigger: asItems(rows) },
		});
		expect(failing.error?.message).toBe('@neg: Field "followers" must not be negative, got -5');
		const run = await runWorkflow(
			singleNodeWorkflow({
				type: TYPE,
				parameters: { outputMode: 'single' },
				continueOnFail: true,
			}),
			{ pinData: { Trigger: asItems(rows) } },
		);
		const out = run.json('Node Under Test');
		expect(out).toHaveLength(4);
		expect(out[1].error).toBe('@neg: Field "followers" must not be negative, got -5');
		expect(out[2].error).toBe('@text: Field "followers" must be a count, got "many"');
		expect(out[3].error).toBe(
			'@d: Field "posts[0].date" is not a date we can read, got "2026-02-31"',
		);
		expect(out[2].errorFix).toMatch(/12,500/);
	});

	it('a wrong option fails the node with a message naming the option', async () => {
		const run = await runWorkflow(
			singleNodeWorkflow({
				type: TYPE,
				parameters: { preferredFollowersMin: 50_000, preferredFollowersMax: 10_000 },
			}),
			{
				pinData: { Trigger: asItems([creator]) },
			},
		);
		expect(run.error?.message).toBe('Preferred Followers: Minimum must not be above the Maximum');
	});
});

describe('Influencer Score: Fetch and Score from Instagram (fake Graph API)', () => {
	it('fetches Business Discovery profiles with the token in a header, never in a URL', async () => {
		const run = await runWorkflow(fetchWorkflow('instagram'), {
			pinData: {
				Trigger: asItems([
					{ handle: 'https://www.instagram.com/vegan.kitchen.berlin/' },
					{ handle: '@casino.king' },
					{ handle: 'bought.likes', fee: 200, followers: 'see sheet' },
				]),
			},
			credentials: instagramCredentials(),
		});
		const out = allJson(run.outputs('Node Under Test'));
		const byHandle = Object.fromEntries(
			out.map((j) => [(j.influencer as any).handle, j.influencer as any]),
		);
		expect(byHandle['vegan.kitchen.berlin'].decision).toBe('shortlist');
		expect(byHandle['vegan.kitchen.berlin'].followers).toBe(18_400);
		expect(byHandle['vegan.kitchen.berlin'].engagement.postsUsed).toBe(12);
		expect(byHandle['vegan.kitchen.berlin'].fetch).toMatchObject({
			source: 'instagram',
			requests: 1,
			requestsThisRun: 3,
		});
		expect(byHandle['casino.king'].decision).toBe('reject');
		expect(byHandle['bought.likes'].authenticityFlags.map((f: any) => f.code)).toEqual(
			expect.arrayContaining(['rateFarAboveBand', 'followsManyAccounts', 'unusualCommentRatio']),
		);
		expect(byHandle['bought.likes'].decision).not.toBe('shortlist');
		expect(byHandle['bought.likes'].cost.feePerPost).toBe(200);
		expect(api.stats.urls.every((u: string) => !u.includes(api.token))).toBe(true);
		expect(api.stats.authorization).toEqual([
			`Bearer ${api.token}`,
			`Bearer ${api.token}`,
			`Bearer ${api.token}`,
		]);
		expect(JSON.stringify(run.run)).not.toContain(api.token);
	});

	it('an unknown or personal handle, an expired token and bad handles give clear per-item messages', async () => {
		const unknown = await runWorkflow(fetchWorkflow('instagram', {}, { continueOnFail: true }), {
			pinData: {
				Trigger: asItems([
					{ handle: 'unknown.person' },
					{ handle: 'has space' },
					{ handle: 'vegan.kitchen.berlin' },
				]),
			},
			credentials: instagramCredentials(),
		});
		const [shortlist, , reject] = unknown.outputs('Node Under Test');
		expect(shortlist.map((i) => i.pairedItem)).toEqual([{ item: 2 }]);
		const out = reject.map((i) => i.json);
		expect(reject.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		expect(out[0].error).toBe(
			'@unknown.person: Instagram account "unknown.person" was not found, or it is a personal account (Business Discovery reads only business and creator accounts)',
		);
		expect(out[1].error).toBe(
			'Field "Handle or URL" is not an Instagram username, got "has space"',
		);
		expect(api.stats.requests).toBe(2);

		api.reset();
		const stopped = await runWorkflow(fetchWorkflow('instagram'), {
			pinData: { Trigger: asItems([{ handle: 'vegan.kitchen.berlin' }, { handle: 'has space' }]) },
			credentials: instagramCredentials(),
		});
		expect(stopped.error?.message).toBe(
			'Field "Handle or URL" is not an Instagram username, got "has space"',
		);
		expect(api.stats.requests).toBe(0);

		const expired = await runWorkflow(fetchWorkflow('instagram'), {
			pinData: { Trigger: asItems([{ handle: 'vegan.kitchen.berlin' }]) },
			credentials: {
				instagramGraphApi: {
					...instagramCredentials().instagramGraphApi,
					accessToken: api.expiredToken,
				},
			},
		});
		expect(expired.error?.message).toBe(
			'@vegan.kitchen.berlin: The Instagram access token has expired or is not valid (Graph API error 190)',
		);
		expect(JSON.stringify(expired.run)).not.toContain(api.expiredToken);
	});

	it('retries 429 and 503 honouring Retry-After, and marks a profile unavailable when it must', async () => {
		api.fault({ match: 'vegan.kitchen.berlin', status: 429, retryAfter: 0.2, times: 1 });
		api.fault({ match: 'casino.king', status: 503, times: 2 });
		api.fault({ match: 'bought.likes', status: 429, retryAfter: 3600, times: 1 });
		const started = Date.now();
		const run = await runWorkflow(
			fetchWorkflow('instagram', {
				outputMode: 'single',
				fetchOptions: { onFetchError: 'field', maxWaitSeconds: 5 },
			}),
			{
				pinData: {
					Trigger: asItems([
						{ handle: 'vegan.kitchen.berlin' },
						{ handle: 'casino.king' },
						{ handle: 'bought.likes' },
					]),
				},
				credentials: instagramCredentials(),
			},
		);
		const elapsed = Date.now() - started;
		const out = run.json('Node Under Test').map((j) => j.influencer as any);
		expect(out[0].decision).toBe('shortlist');
		expect(out[0].fetch.requests).toBe(2);
		expect(out[1].fetch.requests).toBe(3);
		expect(out[1].fetch.retriesThisRun).toBe(3);
		expect(out[2]).toMatchObject({
			decision: 'unavailable',
			fitScore: null,
			fetchError: { code: 'rateLimited' },
		});
		expect(out[2].fetchError.message).toBe(
			"Instagram is rate-limiting this app; Instagram asks to wait 3600 s, longer than the node's Max Wait of 5 s",
		);
		expect(elapsed).toBeGreaterThanOrEqual(200);
		expect(elapsed).toBeLessThan(10_000);
	});
});

describe('Influencer Score: Fetch and Score from YouTube (fake Data API)', () => {
	it('fetches channels by handle and by id with batched calls, and reports quota units', async () => {
		const handles = Array.from({ length: 60 }, (_, i) => `channel${i}`);
		const ids = handles.map((h) => api.channelId(h));
		const byHandle = await runWorkflow(fetchWorkflow('youtube', { outputMode: 'single' }), {
			pinData: {
				Trigger: asItems([
					{ handle: '@VeganKitchenTV' },
					...handles.slice(0, 9).map((h) => ({ handle: `https://www.youtube.com/@${h}` })),
				]),
			},
			credentials: youtubeCredentials(),
		});
		const first = byHandle.json('Node Under Test').map((j) => j.influencer as any);
		expect(first).toHaveLength(10);
		expect(first[0]).toMatchObject({
			platform: 'youtube',
			handle: 'vegankitchentv',
			followers: 84_000,
		});
		expect(first[0].engagement.postsUsed).toBe(12);
		expect(first[0].benchmark).toMatchObject({ basis: 'views', estimate: true });
		expect(first[0].niche.matched).toEqual(expect.arrayContaining(['vegan']));
		// 10 channels: 10 channels.list + 10 playlistItems.list + 3 videos.list (120 videos, 50 a call).
		expect(api.stats.youtubeUnits).toBe(23);
		expect(first[0].fetch.quotaUnitsThisRun).toBe(23);
		const perChannel = first.reduce((s, r) => s + r.fetch.quotaUnits, 0) / first.length;
		expect(perChannel).toBeCloseTo(2.3, 5);

		api.reset();
		const byId = await runWorkflow(fetchWorkflow('youtube', { outputMode: 'single' }), {
			pinData: { Trigger: asItems(ids.map((id: string) => ({ handle: id }))) },
			credentials: youtubeCredentials(),
		});
		const second = byId.json('Node Under Test').map((j) => j.influencer as any);
		expect(second).toHaveLength(60);
		expect(second.every((r) => r.followers > 0 && r.engagement.postsUsed === 12)).toBe(true);
		// 60 channels: 2 channels.list + 60 playlistItems.list + 15 videos.list (720 videos).
		expect(api.stats.youtubeUnits).toBe(77);
		expect(api.stats.byEndpoint).toEqual({ channels: 2, playlistItems: 60, videos: 15 });
		expect(api.stats.urls.every((u: string) => !u.includes(api.apiKey))).toBe(true);
	});

	it('quota exhausted, a wrong key and an unknown handle give clear messages without the key', async () => {
		api.setDailyQuota(3);
		const run = await runWorkflow(
			fetchWorkflow('youtube', { outputMode: 'single', fetchOptions: { onFetchError: 'field' } }),
			{
				pinData: {
					Trigger: asItems([
						{ handle: '@VeganKitchenTV' },
						{ handle: '@unknownchannel' },
						{ handle: '@channel1' },
					]),
				},
				credentials: youtubeCredentials(),
			},
		);
		const out = run.json('Node Under Test').map((j) => j.influencer as any);
		expect(out[1].fetchError).toMatchObject({
			code: 'notFound',
			message: 'YouTube found no channel with the handle @unknownchannel',
		});
		expect(out.some((r) => r.fetchError?.code === 'quotaExceeded')).toBe(true);
		expect(out.find((r) => r.fetchError?.code === 'quotaExceeded').fetchError.message).toBe(
			'The YouTube Data API quota for today is used up (10,000 units a day by default)',
		);
		api.setDailyQuota(10_000);

		const wrongKey = 'wrong-key-that-must-not-leak';
		const bad = await runWorkflow(fetchWorkflow('youtube'), {
			pinData: { Trigger: asItems([{ handle: '@VeganKitchenTV' }]) },
			credentials: youtubeCredentials(wrongKey),
		});
		expect(bad.error?.message).toBe(
			'@VeganKitchenTV: YouTube rejected the API key (not valid, expired, or the YouTube Data API v3 is not enabled for it)',
		);
		expect(JSON.stringify(bad.run)).not.toContain(wrongKey);
	});

	it('a hung connection times out and is retried within bounded time', async () => {
		api.fault({ match: 'forHandle', hang: true, times: 1 });
		const started = Date.now();
		const run = await runWorkflow(
			fetchWorkflow('youtube', { outputMode: 'single', fetchOptions: { timeoutSeconds: 1 } }),
			{
				pinData: { Trigger: asItems([{ handle: '@VeganKitchenTV' }]) },
				credentials: youtubeCredentials(),
			},
		);
		const out = run.json('Node Under Test').map((j) => j.influencer as any);
		expect(out[0].followers).toBe(84_000);
		expect(out[0].fetch.retriesThisRun).toBe(1);
		expect(Date.now() - started).toBeLessThan(5_000);
	});
});

describe('Influencer Score: API faults, each with its documented retry or message, in bounded time, leaking no secret', () => {
	const platforms = {
		instagram: {
			handle: 'vegan.kitchen.berlin',
			match: 'vegan.kitchen.berlin',
			credentials: () => instagramCredentials() as never,
			secret: () => api.token as string,
		},
		youtube: {
			handle: '@VeganKitchenTV',
			match: 'forHandle',
			credentials: () => youtubeCredentials() as never,
			secret: () => api.apiKey as string,
		},
	};
	const FAULTS: { name: string; fault: IDataObject; code?: string; atLeastMs?: number }[] = [
		{
			name: '429 with Retry-After',
			fault: { status: 429, retryAfter: 0.3, times: 1 },
			atLeastMs: 300,
		},
		{ name: '429 without Retry-After', fault: { status: 429, times: 1 } },
		{ name: '500', fault: { status: 500, times: 1 } },
		{ name: '502', fault: { status: 502, times: 1 } },
		{ name: '503', fault: { status: 503, times: 2 } },
		{ name: 'a hung connection', fault: { hang: true, times: 1 }, atLeastMs: 1000 },
		{ name: 'a truncated JSON body', fault: { truncated: true, times: 1 } },
		{ name: 'an HTML body instead of JSON', fault: { nonJson: true, times: 1 } },
		{ name: '429 that does not stop', fault: { status: 429, times: 99 }, code: 'rateLimited' },
		{ name: '503 that does not stop', fault: { status: 503, times: 99 }, code: 'serverError' },
		{ name: 'a connection that always hangs', fault: { hang: true, times: 99 }, code: 'network' },
		{
			name: 'bodies that are always truncated',
			fault: { truncated: true, times: 99 },
			code: 'badResponse',
		},
	];
	const cases = (Object.keys(platforms) as (keyof typeof platforms)[]).flatMap((platform) =>
		FAULTS.map((f) => [platform, f.name, f] as const),
	);

	it.each(cases)(
		'%s: %s',
		async (platform, _name, f) => {
			const p = platforms[platform];
			api.fault({ match: p.match, ...f.fault });
			const started = Date.now();
			const run = await runWorkflow(
				fetchWorkflow(platform, {
					outputMode: 'single',
					fetchOptions: { onFetchError: 'field', timeoutSeconds: 1, maxRetries: 2 },
				}),
				{
					pinData: { Trigger: asItems([{ handle: p.handle }]) },
					credentials: p.credentials(),
				},
			);
			const elapsed = Date.now() - started;
			expect(run.error).toBeUndefined();
			const [result] = run.json('Node Under Test').map((j) => j.influencer as any);
			if (f.code) {
				// Given up after Max Retries (2): the profile is marked, with a message and a fix.
				expect(result).toMatchObject({
					decision: 'unavailable',
					fitScore: null,
					fetchError: { code: f.code },
				});
				expect(result.fetchError.message.length).toBeGreaterThan(20);
				expect(result.fetchError.fix.length).toBeGreaterThan(10);
			} else {
				// Retried and fetched.
				expect(result.decision).not.toBe('unavailable');
				expect(result.followers).toBe(platform === 'instagram' ? 18_400 : 84_000);
				expect(result.fetch.retriesThisRun).toBeGreaterThanOrEqual(1);
			}
			expect(elapsed).toBeGreaterThanOrEqual(f.atLeastMs ?? 0);
			expect(elapsed).toBeLessThan(10_000);
			const everything = JSON.stringify(run.run);
			expect(everything).not.toContain(p.secret());
			expect(api.stats.urls.some((u: string) => u.includes(p.secret()))).toBe(false);
		},
		20_000,
	);

	it('instagram: an expired token is not retried and its message says what to do, without the token', async () => {
		const run = await runWorkflow(
			fetchWorkflow('instagram', { outputMode: 'single', fetchOptions: { onFetchError: 'field' } }),
			{
				pinData: { Trigger: asItems([{ handle: 'vegan.kitchen.berlin' }]) },
				credentials: {
					instagramGraphApi: {
						...instagramCredentials().instagramGraphApi,
						accessToken: api.expiredToken,
					},
				},
			},
		);
		const [result] = run.json('Node Under Test').map((j) => j.influencer as any);
		expect(result).toMatchObject({ decision: 'unavailable', fetchError: { code: 'authFailed' } });
		expect(result.fetch.requests).toBe(1);
		expect(JSON.stringify(run.run)).not.toContain(api.expiredToken);
	});

	it('youtube: an exhausted daily quota is not retried and says when it resets, without the key', async () => {
		api.setDailyQuota(0);
		const run = await runWorkflow(
			fetchWorkflow('youtube', { outputMode: 'single', fetchOptions: { onFetchError: 'field' } }),
			{
				pinData: { Trigger: asItems([{ handle: '@VeganKitchenTV' }]) },
				credentials: youtubeCredentials(),
			},
		);
		const [result] = run.json('Node Under Test').map((j) => j.influencer as any);
		expect(result).toMatchObject({
			decision: 'unavailable',
			fetchError: { code: 'quotaExceeded' },
		});
		expect(result.fetchError.message).toMatch(/quota/i);
		expect(JSON.stringify(run.run)).not.toContain(api.apiKey);
	});
});
