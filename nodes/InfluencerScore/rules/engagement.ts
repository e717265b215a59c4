/**
 * Engagement metrics of one influencer: rate by followers (median and mean over the last N posts),
 * rate by views for video, tier, position against the platform benchmark, authenticity flags,
 * posting cadence and recency. Pure: no n8n import; every number is finite or null.
 */
import { DAY_MS, round } from '../../shared/dates';
import { compareWithBenchmark, type BenchmarkComparison } from './benchmarks';
import type { InfluencerProfile, Post } from '../input/influencerProfile';

export type Tier = 'nano' | 'micro' | 'mid' | 'macro' | 'mega';

/** nano < 10k, micro 10k–100k, mid 100k–500k, macro 500k–1M, mega ≥ 1M (product spec). */
export function tierOf(followers: number): Tier {
	if (followers < 10_000) return 'nano';
	if (followers < 100_000) return 'micro';
	if (followers < 500_000) return 'mid';
	if (followers < 1_000_000) return 'macro';
	return 'mega';
}

export interface EngagementSettings {
	/** How many of the newest posts to use (default 12). */
	postsToUse: number;
	/** "Now" for recency, epoch ms. */
	now: number;
}

export type AuthenticityFlagCode =
	| 'rateFarAboveBand'
	| 'rateBelowBand'
	| 'followsManyAccounts'
	| 'unusualCommentRatio'
	| 'erraticEngagement'
	| 'implausibleCounts';

export interface AuthenticityFlag {
	code: AuthenticityFlagCode;
	message: string;
	/** Serious flags keep a profile off the shortlist until a person has looked. */
	serious: boolean;
}

export interface EngagementMetrics {
	tier: Tier | null;
	/** Where the rates came from: the posts, the averages given, or nothing usable. */
	basis: 'posts' | 'averages' | 'none';
	postsUsed: number;
	/** % of followers, median over the posts used (equal to the mean for averages). */
	rateMedian: number | null;
	rateMean: number | null;
	/** % of views (video platforms, posts with views). */
	rateByViewsMedian: number | null;
	/** Median likes + comments + shares + saves per post: what a paid post can expect. */
	engagementsPerPost: number | null;
	benchmark: BenchmarkComparison | null;
	authenticity: AuthenticityFlag[];
	lastPostDaysAgo: number | null;
	postsPerWeek: number | null;
}

/** Likes + comments above this many times the followers on a non-video platform are not plausible. */
export const IMPLAUSIBLE_RATIO = 20;
const VIDEO_PLATFORMS = new Set(['tiktok', 'youtube']);

function median(values: number[]): number | null {
	if (values.length === 0) return null;
	const sorted = [...values].sort((a, b) => a - b);
	const mid = sorted.length >> 1;
	return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function mean(values: number[]): number | null {
	return values.length === 0 ? null : values.reduce((a, b) => a + b, 0) / values.length;
}

const pct = (value: number | null) => (value === null ? null : round(value, 2));

/** Newest first by date; posts without a date keep their given order, after the dated ones. */
export function newestPosts(posts: readonly Post[], count: number): Post[] {
	const dated = posts
		.filter((p) => p.date !== undefined)
		.sort((a, b) => (b.date as number) - (a.date as number));
	const undated = posts.filter((p) => p.date === undefined);
	return [...dated, ...undated].slice(0, Math.max(1, count));
}

const interactions = (p: Post) => (p.likes ?? 0) + (p.comments ?? 0);
const engagements = (p: Post) => interactions(p) + (p.shares ?? 0) + (p.saves ?? 0);
const hasCounts = (p: Post) => p.likes !== undefined || p.comments !== undefined;

export function measureEngagement(
	profile: InfluencerProfile,
	settings: EngagementSettings,
): EngagementMetrics {
	const followers = profile.followers;
	const isVideo = VIDEO_PLATFORMS.has(profile.platform);
	const flags: AuthenticityFlag[] = [];
	const recent = newestPosts(profile.posts, settings.postsToUse).filter(hasCounts);

	let implausible = 0;
	const usable = recent.filter((p) => {
		const tooMany =
			(followers !== undefined &&
				followers > 0 &&
				!isVideo &&
				interactions(p) > IMPLAUSIBLE_RATIO * followers) ||
			(p.views !== undefined && p.views > 0 && (p.likes ?? 0) > p.views);
		if (tooMany) implausible++;
		return !tooMany;
	});
	if (implausible > 0) {
		flags.push({
			code: 'implausibleCounts',
			message: `${implausible} post(s) with more likes than plausible (over ${IMPLAUSIBLE_RATIO}× the followers, or more likes than views); left out of the rates`,
			serious: true,
		});
	}

	let basis: EngagementMetrics['basis'] = 'none';
	let rates: number[] = [];
	let byViews: number[] = [];
	let perPost: number[] = [];
	if (usable.length > 0) {
		basis = 'posts';
		if (followers !== undefined && followers > 0)
			rates = usable.map((p) => (interactions(p) / followers) * 100);
		byViews = usable
			.filter((p) => p.views !== undefined && p.views > 0)
			.map((p) => (engagements(p) / (p.views as number)) * 100);
		perPost = usable.map(engagements);
	} else {
		const a = profile.averages;
		if (a.likes !== undefined || a.comments !== undefined) {
			basis = 'averages';
			const avg = (a.likes ?? 0) + (a.comments ?? 0);
			const all = avg + (a.shares ?? 0) + (a.saves ?? 0);
			if (followers !== undefined && followers > 0) rates = [(avg / followers) * 100];
			if (a.views !== undefined && a.views > 0) byViews = [(all / a.views) * 100];
			perPost = [all];
		}
	}

	const rateMedian = median(rates);
	const rateByViewsMedian = median(byViews);
	const benchmarkRate = isVideo ? rateByViewsMedian : rateMedian;
	const benchmark =
		followers !== undefined && benchmarkRate !== null
			? compareWithBenchmark(profile.platform, followers, benchmarkRate) ?? null
			: null;

	if (
		benchmark &&
		benchmark.high !== null &&
		benchmarkRate !== null &&
		benchmarkRate > 2 * benchmark.high
	) {
		flags.push({
			code: 'rateFarAboveBand',
			message: `Engagement ${pct(benchmarkRate)}% is more than twice the ${
				benchmark.band
			} band's high edge (${benchmark.high}%): check for bought likes or engagement pods`,
			serious: true,
		});
	} else if (
		benchmark &&
		benchmark.low !== null &&
		benchmarkRate !== null &&
		benchmarkRate < benchmark.low
	) {
		flags.push({
			code: 'rateBelowBand',
			message: `Engagement ${pct(benchmarkRate)}% is below the ${benchmark.band} band's low edge (${
				benchmark.low
			}%): an inactive or bought audience is likely`,
			serious: false,
		});
	}
	if (
		followers !== undefined &&
		followers > 0 &&
		profile.following !== undefined &&
		profile.following / followers > 0.3
	) {
		flags.push({
			code: 'followsManyAccounts',
			message: `Follows ${profile.following} accounts for ${followers} followers (ratio ${round(
				profile.following / followers,
				2,
			)}, above 0.3): typical of follow-for-follow growth`,
			serious: false,
		});
	}
	if (basis === 'posts') {
		const likes = usable.reduce((s, p) => s + (p.likes ?? 0), 0);
		const comments = usable.reduce((s, p) => s + (p.comments ?? 0), 0);
		if (likes >= 100) {
			const ratio = comments / likes;
			if (ratio < 0.002 || ratio > 0.25) {
				flags.push({
					code: 'unusualCommentRatio',
					message: `${round(ratio * 100, 2)} comments per 100 likes (usual: 0.2 to 25): ${
						ratio < 0.002
							? 'likes without conversation can be bought'
							: 'comments out of proportion point to giveaways or comment pods'
					}`,
					serious: false,
				});
			}
		}
		const swing = rates.length >= 4 ? coefficientOfVariation(rates) : null;
		if (swing !== null && swing > 1) {
			flags.push({
				code: 'erraticEngagement',
				message: `Engagement swings wildly between posts (variation ${round(
					swing,
					2,
				)}× the mean): a few boosted posts can hide a quiet audience`,
				serious: false,
			});
		}
	}

	const dates = profile.posts
		.map((p) => p.date)
		.filter((d): d is number => d !== undefined && d <= settings.now);
	const latest = dates.length ? Math.max(...dates) : undefined;
	let postsPerWeek: number | null = null;
	if (dates.length >= 2) {
		const newest = newestPosts(
			profile.posts.filter((p) => p.date !== undefined && p.date <= settings.now),
			settings.postsToUse,
		);
		const span =
			((newest[0].date as number) - (newest[newest.length - 1].date as number)) / (7 * DAY_MS);
		postsPerWeek = span > 0 ? round((newest.length - 1) / span, 2) : null;
	}

	return {
		tier: followers === undefined ? null : tierOf(followers),
		basis,
		postsUsed: basis === 'posts' ? usable.length : 0,
		rateMedian: pct(rateMedian),
		rateMean: pct(mean(rates)),
		rateByViewsMedian: pct(rateByViewsMedian),
		engagementsPerPost: perPost.length ? round(median(perPost) as number, 1) : null,
		benchmark,
		authenticity: flags,
		lastPostDaysAgo: latest === undefined ? null : Math.floor((settings.now - latest) / DAY_MS),
		postsPerWeek,
	};
}

function coefficientOfVariation(values: number[]): number | null {
	const m = mean(values) as number;
	if (m <= 0) return null;
	const variance = values.reduce((s, v) => s + (v - m) ** 2, 0) / values.length;
	return Math.sqrt(variance) / m;
}
