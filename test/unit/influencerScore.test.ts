/** Pure rules of Influencer Score: counts, handles, benchmarks, engagement, niche fit, fit score, retries. */
import {
	ApiProblem,
	callWithRetries,
	retryAfterMs,
	type ApiResponse,
	type CallLog,
} from '../../nodes/InfluencerScore/platforms/apiRetry';
import { BENCHMARKS, compareWithBenchmark } from '../../nodes/InfluencerScore/rules/benchmarks';
import { resolveBrandSettings } from '../../nodes/InfluencerScore/rules/brandSettings';
import { measureEngagement, tierOf } from '../../nodes/InfluencerScore/rules/engagement';
import { instagramTarget, youtubeTarget } from '../../nodes/InfluencerScore/input/handles';
import {
	readInfluencer,
	readSocialCount,
	type InfluencerProfile,
} from '../../nodes/InfluencerScore/input/influencerProfile';
import { rankOrder, scoreInfluencer } from '../../nodes/InfluencerScore/rules/influencerScore';
import {
	businessDiscoveryRequest,
	readInstagramResponse,
} from '../../nodes/InfluencerScore/platforms/instagramApi';
import {
	foldText,
	nicheFit,
	searchable,
	mentions,
} from '../../nodes/InfluencerScore/rules/nicheFit';
import { readYouTubeResponse } from '../../nodes/InfluencerScore/platforms/youtubeApi';

const NOW = Date.parse('2026-11-20T12:00:00Z');
const DAY = 86_400_000;

function profile(over: Partial<InfluencerProfile> = {}): InfluencerProfile {
	return {
		platform: 'instagram',
		handle: 'x',
		bio: '',
		posts: [],
		averages: {},
		audienceCountries: [],
		...over,
	};
}
const post = (likes: number, comments: number, daysAgo: number, caption = '') => ({
	likes,
	comments,
	date: NOW - daysAgo * DAY,
	caption,
});

describe('counts as marketers paste them', () => {
	it.each([
		[12500, 12500],
		['12500', 12500],
		['12,500', 12500],
		['12 500', 12500],
		['12.5k', 12500],
		['1,2M', 1_200_000],
		[' 3M ', 3_000_000],
		['', undefined],
		[null, undefined],
	])('%p reads as %p', (input, expected) => {
		expect(readSocialCount(input, 'followers')).toBe(expected);
	});

	it.each([
		[-1, 'Field "followers" must not be negative, got -1'],
		['-20', 'Field "followers" must not be negative, got "-20"'],
		[1e308, 'Field "followers" is too large for a count, got 1e+308'],
		['200000M', 'Field "followers" is too large for a count, got "200000M"'],
		['lots', 'Field "followers" must be a count, got "lots"'],
		[Infinity, 'Field "followers" must be a count, got Infinity'],
		[NaN, 'Field "followers" must be a count, got NaN'],
		[true, 'Field "followers" must be a count, got true'],
		[{}, 'Field "followers" must be a count, got an object'],
	])('%p is refused: %s', (input, message) => {
		expect(() => readSocialCount(input, 'followers')).toThrow(message);
	});

	it('reads a profile from common field names, posts as JSON text, and names a bad post field', () => {
		const p = readInfluencer(
			{
				username: '@@lena',
				followers_count: '14k',
				biography: 'Hi',
				media: {
					data: [{ like_count: 5, comments_count: 1, timestamp: '2026-11-01T10:00:00+0000' }],
				},
				platform: 'IG',
			},
			{},
			'other',
		);
		expect(p).toMatchObject({
			handle: 'lena',
			followers: 14_000,
			bio: 'Hi',
			platform: 'instagram',
		});
		expect(p.posts[0]).toMatchObject({
			likes: 5,
			comments: 1,
			date: Date.parse('2026-11-01T10:00:00Z'),
		});
		expect(readInfluencer({ posts: '[{"likes": 3}]' }, {}, 'instagram').posts[0].likes).toBe(3);
		expect(() => readInfluencer({ posts: [{ likes: 1 }, 'x'] }, {}, 'instagram')).toThrow(
			'Field "posts[1]" must be an object',
		);
		expect(() => readInfluencer({ posts: [{ views: -3 }] }, {}, 'instagram')).toThrow(
			'Field "posts[0].views" must not be negative',
		);
		expect(() => readInfluencer({ platform: 'myspace' }, {}, 'instagram')).toThrow(
			'Field "platform" is not a platform we know, got "myspace"',
		);
		expect(readInfluencer({ followers: 5 }, { followers: '7k' }, 'instagram').followers).toBe(7000);
	});
});

describe('handles', () => {
	it.each([
		['natgeo', 'natgeo'],
		['@NatGeo', 'natgeo'],
		['https://www.instagram.com/nat.geo_1/', 'nat.geo_1'],
		['instagram.com/natgeo?hl=de', 'natgeo'],
		['\u200bnatgeo ', 'natgeo'],
	])('Instagram %p → %p', (raw, handle) => {
		expect(instagramTarget(raw, 'handle')).toEqual({ kind: 'handle', value: handle });
	});

	it.each(['nat geo', 'natgeo!', 'نات', 'a'.repeat(31), '', 42])('Instagram refuses %p', (raw) => {
		expect(() => instagramTarget(raw, 'handle')).toThrow(
			/Field "handle" (is not an Instagram username|is empty)/,
		);
	});

	it.each([
		'https://www.instagram.com/p/C3xYz12AbCd/',
		'instagram.com/reel/C3xYz12AbCd',
		'https://www.instagram.com/stories/natgeo/3300000000/',
	])('Instagram says %p is a post, not a profile', (raw) => {
		expect(() => instagramTarget(raw, 'handle')).toThrow(
			`Field "handle" is a link to an Instagram post, reel or story, not to a profile, got ${JSON.stringify(
				raw,
			)}`,
		);
	});

	it('YouTube: handles (any script), URLs and channel ids', () => {
		expect(youtubeTarget('@GoogleDevelopers', 'h')).toEqual({
			kind: 'handle',
			value: 'GoogleDevelopers',
		});
		expect(youtubeTarget('https://www.youtube.com/@Küchenzauber', 'h')).toEqual({
			kind: 'handle',
			value: 'Küchenzauber',
		});
		expect(youtubeTarget('youtube.com/channel/UC_x5XG1OV2P6uZZ5FSM9Ttw', 'h')).toEqual({
			kind: 'channelId',
			value: 'UC_x5XG1OV2P6uZZ5FSM9Ttw',
		});
		expect(() => youtubeTarget('https://www.youtube.com/c/legacy', 'h')).toThrow(
			'without a handle or channel id',
		);
		expect(() => youtubeTarget('two words', 'h')).toThrow('is not a YouTube handle or channel id');
	});

	it('the Instagram request URL-encodes nothing into the path but the account; the handle goes in the fields query', () => {
		const r = businessDiscoveryRequest(
			{ baseUrl: 'https://graph.facebook.com/', apiVersion: 'v23.0', accountId: '1784' },
			'nat.geo',
			12,
		);
		expect(r.url).toBe('https://graph.facebook.com/v23.0/1784');
		expect(r.qs.fields).toContain('business_discovery.username(nat.geo)');
		expect(r.qs.fields).toContain('media.limit(12)');
	});
});

describe('benchmarks', () => {
	it('every table carries its version and source; estimates are marked', () => {
		for (const table of Object.values(BENCHMARKS)) {
			expect(table.version).toBe('2025-11');
			expect(table.source.length).toBeGreaterThan(10);
		}
		expect(BENCHMARKS.instagram.bands.every((b) => !b.estimate)).toBe(true);
		expect(BENCHMARKS.tiktok.bands.map((b) => b.estimate)).toEqual([
			false,
			true,
			true,
			true,
			true,
			true,
			false,
		]);
		expect(BENCHMARKS.tiktok.bands[0]).toMatchObject({ averageFrom: 12.06, averageTo: 14.04 });
		expect(BENCHMARKS.tiktok.bands[6]).toMatchObject({ averageFrom: 6.2, averageTo: 6.84 });
		expect(BENCHMARKS.youtube.bands[0].estimate).toBe(true);
	});

	it.each([
		[20_000, 0.3, 'far below'],
		[20_000, 0.5, 'below average'],
		[20_000, 1.0, 'average'],
		[20_000, 2.0, 'above average'],
		[20_000, 3.0, 'high'],
		[20_000, 5.3, 'suspiciously high'],
		[2_000_000, 1.1, 'average'],
		[500, 4.0, 'average'],
	])('Instagram, %p followers at %p%% is %p', (followers, rate, position) => {
		expect(compareWithBenchmark('instagram', followers, rate)?.position).toBe(position);
	});

	it('no table for other platforms', () => {
		expect(compareWithBenchmark('other', 1000, 2)).toBeUndefined();
	});

	it('tiers', () => {
		expect(
			[9_999, 10_000, 99_999, 100_000, 499_999, 500_000, 999_999, 1_000_000].map(tierOf),
		).toEqual(['nano', 'micro', 'micro', 'mid', 'mid', 'macro', 'macro', 'mega']);
	});
});

describe('engagement', () => {
	it('median and mean over the newest N posts; undated posts come after dated ones', () => {
		const posts = [
			post(100, 0, 1),
			post(300, 0, 2),
			post(200, 0, 3),
			{ likes: 10_000, comments: 0, caption: '' },
		];
		const m = measureEngagement(profile({ followers: 10_000, posts }), { postsToUse: 3, now: NOW });
		expect(m.postsUsed).toBe(3);
		expect(m.rateMedian).toBe(2);
		expect(m.rateMean).toBe(2);
		expect(m.lastPostDaysAgo).toBe(1);
		expect(m.postsPerWeek).toBe(7);
	});

	it('no followers: no rate by followers, never NaN; averages stand in for posts', () => {
		const m = measureEngagement(
			profile({ followers: 0, averages: { likes: 50, comments: 5, views: 1000 } }),
			{ postsToUse: 12, now: NOW },
		);
		expect(m).toMatchObject({
			basis: 'averages',
			rateMedian: null,
			rateMean: null,
			rateByViewsMedian: 5.5,
			engagementsPerPost: 55,
		});
		expect(JSON.stringify(m)).not.toMatch(/NaN|Infinity/);
	});

	it('implausible posts are flagged and left out of the rate', () => {
		const m = measureEngagement(
			profile({ followers: 100, posts: [post(5, 1, 1), post(50_000, 0, 2)] }),
			{ postsToUse: 12, now: NOW },
		);
		expect(m.postsUsed).toBe(1);
		expect(m.authenticity.map((f) => f.code)).toContain('implausibleCounts');
	});

	it('flags erratic engagement and an odd comment ratio', () => {
		const posts = [post(10, 0, 1), post(10, 0, 2), post(10, 0, 3), post(2000, 0, 4)];
		const m = measureEngagement(profile({ followers: 10_000, posts }), {
			postsToUse: 12,
			now: NOW,
		});
		expect(m.authenticity.map((f) => f.code)).toEqual(
			expect.arrayContaining(['erraticEngagement', 'unusualCommentRatio']),
		);
	});
});

describe('niche fit', () => {
	it('folds case and accents, splits hashtags, and finds keywords inside run-together tags', () => {
		expect(foldText('Küche & Straße!')).toBe('kuche strasse');
		const text = searchable('Abends #VeganFood und #pflanzlicheküche');
		expect(mentions(text, 'vegan food')).toBe(true);
		expect(mentions(text, foldText('pflanzliche Küche'))).toBe(true);
		expect(mentions(text, 'kuche')).toBe(true);
		expect(mentions(searchable('veganer'), 'vegan')).toBe(false);
	});

	it('scores coverage and on-topic captions', () => {
		const fit = nicheFit(
			searchable('vegan recipes'),
			['#vegan pasta', 'holiday', 'Rezepte'].map(searchable),
			['vegan', 'rezepte', 'kochen'],
		);
		expect(fit).toMatchObject({ matched: ['vegan', 'rezepte'], postsMatching: 2, postsChecked: 3 });
		expect(fit.score).toBe(Math.round(60 * (2 / 3) + 40 * (2 / 3)));
		expect(nicheFit(searchable('x'), [], []).score).toBeNull();
	});
});

describe('fit score', () => {
	const settings = resolveBrandSettings({ keywords: 'vegan', blocklist: 'casino' });
	const good = profile({
		followers: 20_000,
		following: 300,
		bio: 'vegan',
		posts: Array.from({ length: 12 }, (_, i) => post(400, 20, i * 3 + 1, '#vegan')),
		feePerPost: 30,
	});

	it('a strong on-niche profile is shortlisted with reasons', () => {
		const r = scoreInfluencer(good, settings, NOW);
		expect(r.decision).toBe('shortlist');
		expect(r.grade).toBe('A');
		expect(r.parts).toMatchObject({ niche: 100, followerRange: 100, cost: 100, authenticity: 100 });
		expect(r.reasons[0]).toBe(
			'Engagement 2.1% by followers is above average for 10k–50k on instagram (average 0.84–1.11%)',
		);
	});

	it('a blocked term rejects whatever the score', () => {
		const r = scoreInfluencer({ ...good, bio: 'vegan and Casino nights' }, settings, NOW);
		expect(r.decision).toBe('reject');
		expect(r.reasons[0]).toBe('Brand safety: "casino" in bio');
	});

	it('parts without data drop out and the others share the weight', () => {
		const r = scoreInfluencer({ ...good, feePerPost: undefined }, resolveBrandSettings({}), NOW);
		expect(r.parts.cost).toBeNull();
		expect(r.parts.niche).toBeNull();
		expect(r.fitScore).toBeGreaterThan(0);
	});

	it('no engagement data is never shortlisted', () => {
		const r = scoreInfluencer(profile({ followers: 5_000, bio: 'vegan' }), settings, NOW);
		expect(r.decision).not.toBe('shortlist');
		expect(r.reasons).toContain(
			'No engagement data: give recent posts (likes, comments) or averages to judge engagement',
		);
	});

	it('options are validated with the option named', () => {
		expect(() => resolveBrandSettings({ weights: { niche: -1 } })).toThrow(
			'Weight: Niche must be 0 or more',
		);
		expect(() => resolveBrandSettings({ postsToUse: 0 })).toThrow(
			'Posts to Use must be at least 1',
		);
		expect(() => resolveBrandSettings({ shortlistFrom: 40, considerFrom: 60 })).toThrow(
			'Consider From Score must not be above Shortlist From Score',
		);
		expect(() =>
			resolveBrandSettings({
				weights: {
					engagement: 0,
					niche: 0,
					authenticity: 0,
					followerRange: 0,
					cost: 0,
					activity: 0,
				},
			}),
		).toThrow('Weights: at least one weight must be more than 0');
	});

	it('ranking: decision, then score, then rate, then input order', () => {
		const order = rankOrder([
			{ decision: 'consider', fitScore: 90, rate: 1 },
			{ decision: 'shortlist', fitScore: 71, rate: 1 },
			undefined,
			{ decision: 'shortlist', fitScore: 80, rate: 1 },
			{ decision: 'shortlist', fitScore: 80, rate: 2 },
		]);
		expect(order).toEqual([4, 3, 1, 0, 2]);
	});
});

describe('retries and API errors', () => {
	const sleepLog: number[] = [];
	const sleep = async (ms: number) => void sleepLog.push(ms);
	const policy = { maxRetries: 3, baseDelayMs: 100, maxWaitMs: 5_000 };
	const ok: ApiResponse = {
		statusCode: 200,
		headers: {},
		body: { business_discovery: { followers_count: 1 } },
	};
	const read = (r: ApiResponse) => readInstagramResponse(r, 'someone');
	beforeEach(() => (sleepLog.length = 0));

	it('reads Retry-After as seconds or an HTTP date', () => {
		expect(retryAfterMs({ 'retry-after': '2' })).toBe(2000);
		expect(retryAfterMs({ 'retry-after': new Date(NOW + 3000).toUTCString() }, NOW)).toBe(3000);
		expect(retryAfterMs({})).toBeUndefined();
	});

	it('backs off exponentially, honours Retry-After, and stops after the last retry with a clear message', async () => {
		const answers: Array<ApiResponse | { network: 'timeout' }> = [
			{ statusCode: 503, headers: {}, body: '' },
			{ statusCode: 429, headers: { 'retry-after': '1' }, body: '' },
			{ network: 'timeout' },
			ok,
		];
		const log: CallLog = { requests: 0, retries: 0, waitedMs: 0 };
		await callWithRetries(
			'Instagram',
			async () => answers.shift()!,
			{ url: 'u', qs: {} },
			read,
			policy,
			sleep,
			log,
		);
		expect(sleepLog).toEqual([100, 1000, 400]);
		expect(log).toEqual({ requests: 4, retries: 3, waitedMs: 1500 });

		const failing = callWithRetries(
			'YouTube',
			async () => ({ statusCode: 500, headers: {}, body: {} }),
			{ url: 'u', qs: {} },
			(r) => readYouTubeResponse(r, 'x'),
			policy,
			sleep,
			log,
		);
		await expect(failing).rejects.toThrow('YouTube answered with HTTP 500, still after 4 attempts');
	});

	it('does not retry what waiting cannot fix, and says what to do', () => {
		const quota = readYouTubeResponse(
			{
				statusCode: 403,
				headers: {},
				body: { error: { code: 403, errors: [{ reason: 'quotaExceeded' }] } },
			},
			'x',
		);
		expect(quota.ok || quota.problem).toMatchObject({ code: 'quotaExceeded', retryable: false });
		const truncated = readInstagramResponse(
			{ statusCode: 200, headers: {}, body: '{"business_discovery": {"fol' },
			'x',
		);
		expect(truncated.ok || truncated.problem).toMatchObject({
			code: 'badResponse',
			retryable: true,
		});
		const html = readYouTubeResponse(
			{ statusCode: 502, headers: {}, body: '<html>Bad Gateway</html>' },
			'x',
		);
		expect(html.ok || html.problem).toMatchObject({ code: 'serverError', retryable: true });
		const expired = readInstagramResponse(
			{
				statusCode: 400,
				headers: {},
				body: { error: { code: 190, error_subcode: 463, message: 'Session has expired' } },
			},
			'x',
		);
		expect(expired.ok || (expired.problem as ApiProblem).fix).toMatch(
			/new long-lived access token/,
		);
	});
});
