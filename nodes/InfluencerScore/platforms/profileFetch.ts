/**
 * Fetching a batch of profiles from Instagram or YouTube, cheaply: one Business Discovery call per
 * Instagram profile; on YouTube, channel ids batched 50 to a call and the videos of all channels
 * batched 50 to a call, so a channel costs about 3 quota units by handle and about 2 by id.
 * Quota is shared out to the items that caused it. One failed profile never sinks the batch:
 * its outcome carries the problem. Pure: `send` and `sleep` come from the node.
 */
import {
	ApiProblem,
	callWithRetries,
	mapWithLimit,
	type ApiRequest,
	type ApiResponse,
	type CallLog,
	type RetryPolicy,
	type Send,
	type Verdict,
} from './apiRetry';
import { round } from '../../shared/dates';
import type { FetchTarget } from '../input/handles';
import type { InfluencerProfile, Post } from '../input/influencerProfile';
import {
	businessDiscoveryRequest,
	instagramProfile,
	readInstagramResponse,
	type InstagramAccount,
} from './instagramApi';
import {
	channelsIn,
	readYouTubeResponse,
	videoIdsIn,
	videosIn,
	youtubeProfile,
	youtubeRequests,
	YOUTUBE_BATCH,
	type YouTubeChannel,
} from './youtubeApi';

export interface FetchOutcome {
	profile?: InfluencerProfile;
	problem?: ApiProblem;
	/** Requests sent for this profile, its share of batched calls included (YouTube: quota units). */
	requests: number;
}

export interface FetchRun {
	outcomes: FetchOutcome[];
	requests: number;
	retries: number;
	waitedMs: number;
}

export interface FetchContext {
	send: Send;
	sleep: (ms: number) => Promise<void>;
	policy: RetryPolicy;
	postsToUse: number;
	/** Requests in flight at once (default 4). */
	concurrency: number;
}

function chunks<T>(list: readonly T[], size: number): T[][] {
	const out: T[][] = [];
	for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
	return out;
}

/** Any error that is not an ApiProblem (e.g. an unreadable count in a response) becomes one. */
function asProblem(error: unknown, service: string): ApiProblem {
	if (error instanceof ApiProblem) return error;
	const detail = error instanceof Error ? error.message : String(error);
	return new ApiProblem(
		'badResponse',
		`${service} sent data we cannot read: ${detail}`,
		'run again; if it persists, report it with the handle',
	);
}

/** One call with retries; never throws: the body, or the problem, and what it cost in requests. */
async function tracked(
	service: string,
	ctx: FetchContext,
	request: ApiRequest,
	read: (response: ApiResponse) => Verdict,
	log: CallLog,
): Promise<{ body?: Record<string, unknown>; problem?: ApiProblem; cost: number }> {
	const own: CallLog = { requests: 0, retries: 0, waitedMs: 0 };
	try {
		return {
			body: await callWithRetries(service, ctx.send, request, read, ctx.policy, ctx.sleep, own),
			cost: own.requests,
		};
	} catch (error) {
		return { problem: asProblem(error, service), cost: own.requests };
	} finally {
		log.requests += own.requests;
		log.retries += own.retries;
		log.waitedMs += own.waitedMs;
	}
}

export async function fetchInstagramProfiles(
	targets: ReadonlyArray<FetchTarget | undefined>,
	account: InstagramAccount,
	ctx: FetchContext,
): Promise<FetchRun> {
	const log: CallLog = { requests: 0, retries: 0, waitedMs: 0 };
	const outcomes = await mapWithLimit(
		targets,
		ctx.concurrency,
		async (target): Promise<FetchOutcome> => {
			if (!target) return { requests: 0 };
			const request = businessDiscoveryRequest(account, target.value, ctx.postsToUse);
			const result = await tracked(
				'Instagram',
				ctx,
				request,
				(r) => readInstagramResponse(r, target.value),
				log,
			);
			if (!result.body) return { problem: result.problem, requests: result.cost };
			try {
				return { profile: instagramProfile(result.body, target.value), requests: result.cost };
			} catch (error) {
				return { problem: asProblem(error, 'Instagram'), requests: result.cost };
			}
		},
	);
	return { outcomes, ...log };
}

export async function fetchYouTubeChannels(
	targets: ReadonlyArray<FetchTarget | undefined>,
	baseUrl: string,
	ctx: FetchContext,
): Promise<FetchRun> {
	const log: CallLog = { requests: 0, retries: 0, waitedMs: 0 };
	const units = targets.map(() => 0);
	const channels: Array<YouTubeChannel | undefined> = targets.map(() => undefined);
	const problems: Array<ApiProblem | undefined> = targets.map(() => undefined);
	const call = (request: ApiRequest, what: string) =>
		tracked('YouTube', ctx, request, (r) => readYouTubeResponse(r, what), log);

	// 1. Channels by id, 50 to a call; the call's cost is shared by the items in it.
	const byId = targets.map((t, i) => (t?.kind === 'channelId' ? i : -1)).filter((i) => i >= 0);
	const idGroups = chunks([...new Set(byId.map((i) => targets[i]!.value))], YOUTUBE_BATCH);
	await mapWithLimit(idGroups, ctx.concurrency, async (ids) => {
		const members = byId.filter((i) => ids.includes(targets[i]!.value));
		const result = await call(
			youtubeRequests.channelsById(baseUrl, ids),
			`channel ${ids.length === 1 ? ids[0] : `ids (${ids.length})`}`,
		);
		for (const i of members) units[i] += result.cost / members.length;
		let found: YouTubeChannel[] = [];
		try {
			if (result.body) found = channelsIn(result.body);
		} catch (error) {
			result.problem = asProblem(error, 'YouTube');
		}
		for (const i of members) {
			if (result.problem) problems[i] = result.problem;
			else {
				channels[i] = found.find((c) => c.id === targets[i]!.value);
				if (!channels[i])
					problems[i] = new ApiProblem(
						'notFound',
						`YouTube found no channel with id ${targets[i]!.value}`,
						'check the channel id (it starts with UC)',
					);
			}
		}
	});

	// 2. Channels by handle: one call each (channels.list takes one handle).
	const byHandle = targets.map((t, i) => (t?.kind === 'handle' ? i : -1)).filter((i) => i >= 0);
	await mapWithLimit(byHandle, ctx.concurrency, async (i) => {
		const handle = targets[i]!.value;
		const result = await call(
			youtubeRequests.channelByHandle(baseUrl, handle),
			`channel @${handle}`,
		);
		units[i] += result.cost;
		if (result.problem) return void (problems[i] = result.problem);
		try {
			channels[i] = channelsIn(result.body!)[0];
		} catch (error) {
			return void (problems[i] = asProblem(error, 'YouTube'));
		}
		if (!channels[i])
			problems[i] = new ApiProblem(
				'notFound',
				`YouTube found no channel with the handle @${handle}`,
				'check the handle on the channel page (it starts with @)',
			);
	});

	// 3. The newest uploads of each channel: one call each.
	const videoIds: string[][] = targets.map(() => []);
	const resolved = channels.map((c, i) => (c && !problems[i] ? i : -1)).filter((i) => i >= 0);
	await mapWithLimit(resolved, ctx.concurrency, async (i) => {
		const playlist = channels[i]!.uploadsPlaylist;
		if (!playlist) return;
		const result = await call(
			youtubeRequests.uploads(baseUrl, playlist, ctx.postsToUse),
			`uploads of ${channels[i]!.handle || channels[i]!.id}`,
		);
		units[i] += result.cost;
		if (result.problem?.code === 'notFound') return; // a channel without public videos
		if (result.problem) return void (problems[i] = result.problem);
		videoIds[i] = videoIdsIn(result.body!).slice(0, ctx.postsToUse);
	});

	// 4. Statistics of all those videos, 50 to a call, cost shared by video.
	const allVideos = [...new Set(videoIds.flat())];
	const videos = new Map<string, Post>();
	const failedVideos = new Map<string, ApiProblem>();
	await mapWithLimit(chunks(allVideos, YOUTUBE_BATCH), ctx.concurrency, async (ids) => {
		const result = await call(youtubeRequests.videos(baseUrl, ids), `videos (${ids.length})`);
		const share = result.cost / ids.length;
		for (let i = 0; i < videoIds.length; i++)
			units[i] += share * videoIds[i].filter((v) => ids.includes(v)).length;
		let found = new Map<string, Post>();
		try {
			if (result.body) found = videosIn(result.body);
		} catch (error) {
			result.problem = asProblem(error, 'YouTube');
		}
		for (const id of ids) {
			if (result.problem) failedVideos.set(id, result.problem);
			else if (found.has(id)) videos.set(id, found.get(id)!);
		}
	});

	const outcomes = targets.map((_, i): FetchOutcome => {
		const requests = round(units[i], 3);
		const failed = videoIds[i].map((v) => failedVideos.get(v)).find(Boolean);
		const problem = problems[i] ?? failed;
		if (problem) return { problem, requests };
		if (!channels[i]) return { requests };
		const posts = videoIds[i].map((v) => videos.get(v)).filter((p): p is Post => p !== undefined);
		return { profile: youtubeProfile(channels[i]!, posts), requests };
	});
	return { outcomes, ...log };
}
