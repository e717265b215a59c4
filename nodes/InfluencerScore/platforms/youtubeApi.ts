/**
 * YouTube Data API v3: channels.list (by handle, or up to 50 ids per call) → the uploads playlist
 * → playlistItems.list (last N videos) → videos.list statistics (up to 50 ids per call). Every
 * call costs 1 quota unit of the default 10,000 a day. Pure: builds requests, reads responses.
 * https://developers.google.com/youtube/v3/docs
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

export const YOUTUBE_BATCH = 50;

export const youtubeRequests = {
	channelByHandle: (baseUrl: string, handle: string): ApiRequest => ({
		url: `${trimBaseUrl(baseUrl)}/channels`,
		qs: { part: 'snippet,statistics,contentDetails', forHandle: `@${handle}` },
	}),
	channelsById: (baseUrl: string, ids: readonly string[]): ApiRequest => ({
		url: `${trimBaseUrl(baseUrl)}/channels`,
		qs: {
			part: 'snippet,statistics,contentDetails',
			id: ids.join(','),
			maxResults: String(YOUTUBE_BATCH),
		},
	}),
	uploads: (baseUrl: string, playlistId: string, count: number): ApiRequest => ({
		url: `${trimBaseUrl(baseUrl)}/playlistItems`,
		qs: { part: 'contentDetails', playlistId, maxResults: String(Math.min(YOUTUBE_BATCH, count)) },
	}),
	videos: (baseUrl: string, ids: readonly string[]): ApiRequest => ({
		url: `${trimBaseUrl(baseUrl)}/videos`,
		qs: { part: 'snippet,statistics', id: ids.join(','), maxResults: String(YOUTUBE_BATCH) },
	}),
};

const QUOTA = new Set(['quotaExceeded', 'dailyLimitExceeded']);
const RATE = new Set(['rateLimitExceeded', 'userRateLimitExceeded']);
const KEY = new Set([
	'keyInvalid',
	'keyExpired',
	'accessNotConfigured',
	'forbidden',
	'ipRefererBlocked',
	'API_KEY_INVALID',
]);

export function readYouTubeResponse(response: ApiResponse, what: string): Verdict {
	const body = jsonBody(response.body);
	const status = response.statusCode;
	const error = body ? asRecord(body.error) : {};
	const hasError = Object.keys(error).length > 0;
	if (status >= 200 && status < 300 && body && !hasError) return { ok: true, body };
	if (status >= 200 && status < 300) {
		return {
			ok: false,
			problem: new ApiProblem(
				'badResponse',
				'YouTube sent an answer that is not complete JSON',
				'run again; if it persists, check a proxy in the base URL',
				true,
			),
		};
	}
	const reasons = (Array.isArray(error.errors) ? error.errors : []).map((e) =>
		String(asRecord(e).reason ?? ''),
	);
	const details = (Array.isArray(error.details) ? error.details : []).map((e) =>
		String(asRecord(e).reason ?? ''),
	);
	const all = [...reasons, ...details];
	const retryAfter = retryAfterMs(response.headers);
	if (all.some((r) => QUOTA.has(r))) {
		return {
			ok: false,
			problem: new ApiProblem(
				'quotaExceeded',
				'The YouTube Data API quota for today is used up (10,000 units a day by default)',
				'run again after midnight Pacific Time, when the quota resets, or ask Google for a higher quota',
			),
		};
	}
	if (status === 429 || all.some((r) => RATE.has(r))) {
		return {
			ok: false,
			problem: new ApiProblem(
				'rateLimited',
				'YouTube is rate-limiting this API key',
				'score fewer channels per run',
				true,
				retryAfter,
			),
		};
	}
	if (
		all.some((r) => KEY.has(r)) ||
		status === 401 ||
		(status === 400 && /api key/i.test(String(error.message ?? '')))
	) {
		return {
			ok: false,
			problem: new ApiProblem(
				'authFailed',
				'YouTube rejected the API key (not valid, expired, or the YouTube Data API v3 is not enabled for it)',
				'create an API key in Google Cloud with the YouTube Data API v3 enabled and paste it into the YouTube Data API credential',
			),
		};
	}
	if (status === 404 || all.includes('playlistNotFound') || all.includes('channelNotFound')) {
		return {
			ok: false,
			problem: new ApiProblem(
				'notFound',
				`YouTube found no ${what}`,
				'check the handle or channel id',
			),
		};
	}
	if (status >= 500) return { ok: false, problem: serverProblem('YouTube', status, retryAfter) };
	return {
		ok: false,
		problem: new ApiProblem(
			'rejected',
			`YouTube refused the request for ${what} (HTTP ${status}${
				reasons[0] ? `, ${reasons[0]}` : ''
			})`,
			'check the base URL in the credential',
		),
	};
}

export interface YouTubeChannel {
	id: string;
	handle: string;
	title: string;
	description: string;
	subscribers?: number;
	videoCount?: number;
	uploadsPlaylist?: string;
}

export function channelsIn(body: Record<string, unknown>): YouTubeChannel[] {
	const items = Array.isArray(body.items) ? body.items : [];
	return items.map((raw, i) => {
		const c = asRecord(raw);
		const snippet = asRecord(c.snippet);
		const stats = asRecord(c.statistics);
		const uploads = asRecord(asRecord(c.contentDetails).relatedPlaylists).uploads;
		return {
			id: String(c.id ?? ''),
			handle: typeof snippet.customUrl === 'string' ? snippet.customUrl.replace(/^@/, '') : '',
			title: typeof snippet.title === 'string' ? snippet.title : '',
			description: typeof snippet.description === 'string' ? snippet.description : '',
			// Hidden subscriber counts arrive as absent or rounded: treated as unknown when hidden.
			subscribers:
				stats.hiddenSubscriberCount === true
					? undefined
					: readSocialCount(stats.subscriberCount, `items[${i}].statistics.subscriberCount`),
			videoCount: readSocialCount(stats.videoCount, `items[${i}].statistics.videoCount`),
			uploadsPlaylist: typeof uploads === 'string' && uploads ? uploads : undefined,
		};
	});
}

export function videoIdsIn(body: Record<string, unknown>): string[] {
	const items = Array.isArray(body.items) ? body.items : [];
	return items
		.map((raw) => String(asRecord(asRecord(raw).contentDetails).videoId ?? ''))
		.filter(Boolean);
}

export function videosIn(body: Record<string, unknown>): Map<string, Post> {
	const videos = new Map<string, Post>();
	const items = Array.isArray(body.items) ? body.items : [];
	items.forEach((raw, i) => {
		const v = asRecord(raw);
		const stats = asRecord(v.statistics);
		const snippet = asRecord(v.snippet);
		const tags = Array.isArray(snippet.tags)
			? snippet.tags
					.filter((t) => typeof t === 'string')
					.map((t) => `#${String(t).replace(/\s+/g, '')}`)
			: [];
		videos.set(String(v.id ?? ''), {
			views: readSocialCount(stats.viewCount, `items[${i}].statistics.viewCount`),
			likes: readSocialCount(stats.likeCount, `items[${i}].statistics.likeCount`),
			comments: readSocialCount(stats.commentCount, `items[${i}].statistics.commentCount`),
			date: readDate(snippet.publishedAt, `items[${i}].snippet.publishedAt`),
			caption: [snippet.title, snippet.description, tags.join(' ')]
				.filter((t) => typeof t === 'string' && t)
				.join('\n'),
		});
	});
	return videos;
}

export function youtubeProfile(channel: YouTubeChannel, posts: Post[]): InfluencerProfile {
	return {
		platform: 'youtube',
		handle: channel.handle || channel.id,
		...(channel.title ? { name: channel.title } : {}),
		followers: channel.subscribers,
		mediaCount: channel.videoCount,
		bio: channel.description,
		posts,
		averages: {},
		audienceCountries: [],
	};
}
