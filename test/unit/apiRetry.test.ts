/** Unit tests of InfluencerScore/platforms/apiRetry.ts: Retry-After, backoff, and which API errors are retried. */
import {
	ApiProblem,
	callWithRetries,
	retryAfterMs,
	type ApiResponse,
	type CallLog,
} from '../../nodes/InfluencerScore/platforms/apiRetry';
import { readInstagramResponse } from '../../nodes/InfluencerScore/platforms/instagramApi';
import { readYouTubeResponse } from '../../nodes/InfluencerScore/platforms/youtubeApi';
import { NOW } from './influencerFixtures';

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
