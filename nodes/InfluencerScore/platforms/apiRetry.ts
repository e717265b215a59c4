/**
 * Calling a social platform's API politely: 429 and 5xx are retried with exponential backoff,
 * honouring Retry-After (seconds or an HTTP date) up to a bound; everything else becomes an
 * ApiProblem whose message says what happened and what to do. Pure: the node passes in `send`
 * (n8n's request helper) and `sleep`; messages never contain a credential.
 */

export interface ApiRequest {
	url: string;
	qs: Record<string, string>;
}

export interface ApiResponse {
	statusCode: number;
	headers: Record<string, unknown>;
	body: unknown;
}

export type NetworkFailure = 'timeout' | 'refused' | 'reset' | 'other';

/** What `send` resolves to when no HTTP response arrived: only the kind, never the error's text. */
export interface NoResponse {
	network: NetworkFailure;
}

export type Send = (request: ApiRequest) => Promise<ApiResponse | NoResponse>;

export type ApiProblemCode =
	| 'rateLimited'
	| 'quotaExceeded'
	| 'authFailed'
	| 'notFound'
	| 'serverError'
	| 'network'
	| 'badResponse'
	| 'rejected';

export class ApiProblem extends Error {
	constructor(
		readonly code: ApiProblemCode,
		message: string,
		readonly fix: string,
		readonly retryable = false,
		readonly retryAfterMs?: number,
	) {
		super(message);
		this.name = 'ApiProblem';
	}
}

export interface RetryPolicy {
	/** Retries after the first attempt (default 3). */
	maxRetries: number;
	/** First backoff; doubles on each retry (default 1 s). */
	baseDelayMs: number;
	/** The longest single wait, and the most a Retry-After may ask for (default 30 s). */
	maxWaitMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
	maxRetries: 3,
	baseDelayMs: 1_000,
	maxWaitMs: 30_000,
};

/** Retry-After in milliseconds from "120" or an HTTP date; undefined when absent or unreadable. */
export function retryAfterMs(
	headers: Record<string, unknown>,
	now = Date.now(),
): number | undefined {
	const raw = headers['retry-after'] ?? headers['Retry-After'];
	const text = Array.isArray(raw) ? raw[0] : raw;
	if (typeof text !== 'string' && typeof text !== 'number') return undefined;
	const value = String(text).trim();
	if (/^\d+(\.\d+)?$/.test(value)) return Math.round(Number(value) * 1000);
	const at = Date.parse(value);
	return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** A platform's reading of one response: the parsed body, or the problem. */
export type Verdict =
	| { ok: true; body: Record<string, unknown> }
	| { ok: false; problem: ApiProblem };

/** JSON body as an object, or undefined for an empty, truncated or non-JSON body. */
export function jsonBody(body: unknown): Record<string, unknown> | undefined {
	let value = body;
	if (typeof value === 'string') {
		try {
			value = JSON.parse(value);
		} catch {
			return undefined;
		}
	}
	if (Buffer.isBuffer(value)) return jsonBody(value.toString('utf8'));
	return value !== null && typeof value === 'object' && !Array.isArray(value)
		? (value as Record<string, unknown>)
		: undefined;
}

/** A JSON object's fields, or an empty record for anything that is not a plain object. */
export function asRecord(value: unknown): Record<string, unknown> {
	return value !== null && typeof value === 'object' && !Array.isArray(value)
		? (value as Record<string, unknown>)
		: {};
}

/** A base URL from a credential without trailing slashes, so paths can be appended. */
export function trimBaseUrl(url: string): string {
	return url.trim().replace(/\/+$/, '');
}

export interface CallLog {
	/** Requests sent, retries included (each costs quota on YouTube). */
	requests: number;
	retries: number;
	waitedMs: number;
}

const NETWORK_MESSAGES: Record<NetworkFailure, string> = {
	timeout: 'did not answer in time',
	refused: 'refused the connection',
	reset: 'closed the connection',
	other: 'could not be reached',
};

/**
 * Sends a request, retrying what the platform marks as retryable. `service` names the API in
 * messages ("Instagram", "YouTube"); `read` turns a response into a Verdict.
 */
export async function callWithRetries(
	service: string,
	send: Send,
	request: ApiRequest,
	read: (response: ApiResponse) => Verdict,
	policy: RetryPolicy,
	sleep: (ms: number) => Promise<void>,
	log: CallLog,
): Promise<Record<string, unknown>> {
	for (let attempt = 0; ; attempt++) {
		let problem: ApiProblem;
		log.requests++;
		const response = await send(request);
		if ('network' in response) {
			problem = new ApiProblem(
				'network',
				`${service} ${NETWORK_MESSAGES[response.network]}`,
				'check the base URL in the credential and the network, then run again',
				true,
			);
		} else {
			const verdict = read(response);
			if (verdict.ok) return verdict.body;
			problem = verdict.problem;
		}
		if (!problem.retryable || attempt >= policy.maxRetries) {
			if (problem.retryable) {
				throw new ApiProblem(
					problem.code,
					`${problem.message}, still after ${attempt + 1} attempts`,
					problem.fix,
					false,
				);
			}
			throw problem;
		}
		const wait =
			problem.retryAfterMs ?? Math.min(policy.maxWaitMs, policy.baseDelayMs * 2 ** attempt);
		if (wait > policy.maxWaitMs) {
			throw new ApiProblem(
				problem.code,
				`${problem.message}; ${service} asks to wait ${Math.ceil(
					wait / 1000,
				)} s, longer than the node's Max Wait of ${Math.ceil(policy.maxWaitMs / 1000)} s`,
				'run again later, or raise Max Wait (Seconds) in the node options',
				false,
			);
		}
		log.retries++;
		log.waitedMs += wait;
		await sleep(wait);
	}
}

/** Runs `task` over `inputs` with at most `limit` at a time, keeping the order of results. */
export async function mapWithLimit<T, R>(
	inputs: readonly T[],
	limit: number,
	task: (input: T, index: number) => Promise<R>,
): Promise<R[]> {
	const results = new Array<R>(inputs.length);
	let next = 0;
	const worker = async () => {
		while (next < inputs.length) {
			const index = next++;
			results[index] = await task(inputs[index], index);
		}
	};
	await Promise.all(Array.from({ length: Math.min(limit, inputs.length) }, worker));
	return results;
}

/** Words of n8n's and axios' network errors → the kind of failure; never the message itself. */
export function networkKind(error: unknown): NetworkFailure {
	const seen = new Set<unknown>();
	let current: unknown = error;
	while (current && typeof current === 'object' && !seen.has(current)) {
		seen.add(current);
		const e = current as { code?: unknown; message?: unknown; cause?: unknown };
		const text = `${String(e.code ?? '')} ${typeof e.message === 'string' ? e.message : ''}`;
		if (/ECONNABORTED|ETIMEDOUT|timeout/i.test(text)) return 'timeout';
		if (/ECONNREFUSED/.test(text)) return 'refused';
		if (/ECONNRESET|socket hang up|EPIPE/i.test(text)) return 'reset';
		current = e.cause;
	}
	return 'other';
}

/** A platform's server failed (HTTP 5xx): worth another try, after Retry-After when it gives one. */
export function serverProblem(platform: string, status: number, retryAfter?: number): ApiProblem {
	return new ApiProblem(
		'serverError',
		`${platform} answered with HTTP ${status}`,
		'run again later',
		true,
		retryAfter,
	);
}
