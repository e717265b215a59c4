/**
 * Instagram Graph API, Business Discovery: one request per profile returns followers, follows,
 * media count, biography and the last N media with like and comment counts, timestamp and
 * caption. Pure: builds requests, reads responses; the node sends them through n8n.
 * https://developers.facebook.com/docs/instagram-platform/instagram-graph-api/reference/ig-user/business_discovery
 */
import {
	ApiProblem,
	serverProblem,
	asRecord,
	jsonBody,
	retryAfterMs,
	trimBaseUrl,
	type ApiRequest,
	type ApiResponse,
	type Verdict,
} from './apiRetry';
import type { InfluencerProfile, Post } from '../input/influencerProfile';
import { readSocialCount } from '../input/influencerProfile';
import { readDate } from '../../shared/coerce';

export interface InstagramAccount {
	baseUrl: string;
	apiVersion: string;
	/** The brand's own Instagram professional account id, which asks on the brand's behalf. */
	accountId: string;
}

export function businessDiscoveryRequest(
	account: InstagramAccount,
	username: string,
	posts: number,
): ApiRequest {
	const fields =
		`business_discovery.username(${username})` +
		`{username,name,biography,followers_count,follows_count,media_count,` +
		`media.limit(${posts}){timestamp,like_count,comments_count,caption,media_type,permalink}}`;
	return {
		url: `${trimBaseUrl(account.baseUrl)}/${encodeURIComponent(
			account.apiVersion.trim(),
		)}/${encodeURIComponent(account.accountId.trim())}`,
		qs: { fields },
	};
}

/** Graph API error codes for throttling (https://developers.facebook.com/docs/graph-api/overview/rate-limiting). */
const THROTTLED = new Set([4, 17, 32, 613, 80002]);
const USER_NOT_FOUND_SUBCODE = 2207013;

export function readInstagramResponse(response: ApiResponse, username: string): Verdict {
	const retryAfter = retryAfterMs(response.headers);
	const body = jsonBody(response.body);
	const error =
		body && typeof body.error === 'object' && body.error !== null
			? (body.error as Record<string, unknown>)
			: undefined;
	const status = response.statusCode;
	if (status >= 200 && status < 300 && body && !error) return { ok: true, body };
	if (status >= 200 && status < 300) {
		return {
			ok: false,
			problem: new ApiProblem(
				'badResponse',
				'Instagram sent an answer that is not complete JSON',
				'run again; if it persists, check a proxy in the base URL',
				true,
			),
		};
	}
	const code = Number(error?.code);
	const subcode = Number(error?.error_subcode);
	if (code === 190) {
		return {
			ok: false,
			problem: new ApiProblem(
				'authFailed',
				'The Instagram access token has expired or is not valid (Graph API error 190)',
				'create a new long-lived access token for the brand account and paste it into the Instagram Graph API credential',
			),
		};
	}
	if (status === 429 || THROTTLED.has(code)) {
		return {
			ok: false,
			problem: new ApiProblem(
				'rateLimited',
				`Instagram is rate-limiting this app${
					THROTTLED.has(code) ? ` (Graph API error ${code})` : ''
				}`,
				'wait for the hourly limit to reset, or score fewer profiles per run',
				true,
				retryAfter,
			),
		};
	}
	// Business Discovery answers an unknown handle and a personal account alike (error 110, subcode 2207013).
	if (code === 110 || subcode === USER_NOT_FOUND_SUBCODE) {
		return {
			ok: false,
			problem: new ApiProblem(
				'notFound',
				`Instagram account "${username}" was not found, or it is a personal account (Business Discovery reads only business and creator accounts)`,
				'check the spelling of the handle; for a personal account, enter the figures by hand and use the Score Profiles operation',
			),
		};
	}
	if (code === 10 || code === 200 || status === 403) {
		return {
			ok: false,
			problem: new ApiProblem(
				'authFailed',
				'The Instagram access token lacks a permission Business Discovery needs',
				'grant instagram_basic and pages_read_engagement (or instagram_business_basic) to the token, and check the account id in the credential',
			),
		};
	}
	if (status >= 500) return { ok: false, problem: serverProblem('Instagram', status, retryAfter) };
	return {
		ok: false,
		problem: new ApiProblem(
			'rejected',
			`Instagram refused the request for "${username}" (HTTP ${status}${
				Number.isFinite(code) ? `, Graph API error ${code}` : ''
			})`,
			'check the account id and API version in the credential',
		),
	};
}

/** The profile Business Discovery describes, in the shape the scoring reads. */
export function instagramProfile(
	body: Record<string, unknown>,
	username: string,
): InfluencerProfile {
	const d = asRecord(body.business_discovery);
	if (Object.keys(d).length === 0) {
		throw new ApiProblem(
			'badResponse',
			`Instagram's answer for "${username}" has no business_discovery part`,
			'run again; if it persists, check a proxy in the base URL',
		);
	}
	const media = Array.isArray(asRecord(d.media).data) ? (asRecord(d.media).data as unknown[]) : [];
	const posts: Post[] = media.map((raw, i) => {
		const m = asRecord(raw);
		return {
			likes: readSocialCount(m.like_count, `media[${i}].like_count`),
			comments: readSocialCount(m.comments_count, `media[${i}].comments_count`),
			date: readDate(m.timestamp, `media[${i}].timestamp`),
			caption: typeof m.caption === 'string' ? m.caption : '',
		};
	});
	const name = typeof d.name === 'string' ? d.name : undefined;
	return {
		platform: 'instagram',
		handle: typeof d.username === 'string' ? d.username : username,
		...(name ? { name } : {}),
		followers: readSocialCount(d.followers_count, 'followers_count'),
		following: readSocialCount(d.follows_count, 'follows_count'),
		mediaCount: readSocialCount(d.media_count, 'media_count'),
		bio: typeof d.biography === 'string' ? d.biography : '',
		posts,
		averages: {},
		audienceCountries: [],
	};
}
