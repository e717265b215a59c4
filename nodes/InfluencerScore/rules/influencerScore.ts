/**
 * One influencer in, one explained score out: the metrics, the fit and the decision, shaped as
 * the node's result field. And ranking a batch. Pure: no n8n import.
 */
import type { BrandSettings } from './brandSettings';
import { measureEngagement, newestPosts, type EngagementMetrics } from './engagement';
import { scoreFit, type Decision, type FitResult } from './fitScore';
import type { InfluencerProfile } from '../input/influencerProfile';

export interface InfluencerScoreResult {
	platform: string;
	handle: string;
	followers: number | null;
	tier: EngagementMetrics['tier'];
	fitScore: number;
	grade: FitResult['grade'];
	decision: Decision;
	reasons: string[];
	parts: FitResult['parts'];
	engagement: {
		basis: EngagementMetrics['basis'];
		postsUsed: number;
		rateMedian: number | null;
		rateMean: number | null;
		rateByViewsMedian: number | null;
		engagementsPerPost: number | null;
	};
	benchmark: EngagementMetrics['benchmark'];
	authenticityFlags: Array<{ code: string; message: string }>;
	niche: { score: number | null; matched: string[]; postsMatching: number; postsChecked: number };
	brandSafetyHits: FitResult['brandSafety'];
	activity: { lastPostDaysAgo: number | null; postsPerWeek: number | null };
	cost: { feePerPost: number | null; currency: string | null; costPerEngagement: number | null };
	rank?: number;
}

export function scoreInfluencer(
	profile: InfluencerProfile,
	settings: BrandSettings,
	now: number,
): InfluencerScoreResult {
	const metrics = measureEngagement(profile, { postsToUse: settings.postsToUse, now });
	const captions = newestPosts(profile.posts, settings.postsToUse).map((p) => p.caption);
	const fit = scoreFit(profile, metrics, captions, settings);
	return {
		platform: profile.platform,
		handle: profile.handle,
		followers: profile.followers ?? null,
		tier: metrics.tier,
		fitScore: fit.fitScore,
		grade: fit.grade,
		decision: fit.decision,
		reasons: fit.reasons,
		parts: fit.parts,
		engagement: {
			basis: metrics.basis,
			postsUsed: metrics.postsUsed,
			rateMedian: metrics.rateMedian,
			rateMean: metrics.rateMean,
			rateByViewsMedian: metrics.rateByViewsMedian,
			engagementsPerPost: metrics.engagementsPerPost,
		},
		benchmark: metrics.benchmark,
		authenticityFlags: metrics.authenticity.map(({ code, message }) => ({ code, message })),
		niche: fit.niche,
		brandSafetyHits: fit.brandSafety,
		activity: { lastPostDaysAgo: metrics.lastPostDaysAgo, postsPerWeek: metrics.postsPerWeek },
		cost: {
			feePerPost: profile.feePerPost ?? null,
			currency: profile.currency ?? null,
			costPerEngagement: fit.costPerEngagement,
		},
	};
}

const DECISION_ORDER: Record<Decision, number> = { shortlist: 0, consider: 1, reject: 2 };

/**
 * Ranking: best first by decision, then fit score, then engagement rate, then input order (stable).
 * Returns the indices in rank order; the top N are those not rejected among the first N.
 */
export function rankOrder(
	results: ReadonlyArray<{ decision: Decision; fitScore: number; rate: number | null } | undefined>,
): number[] {
	const indices = results.map((_, i) => i);
	const key = (i: number) => results[i];
	return indices.sort((a, b) => {
		const ra = key(a);
		const rb = key(b);
		if (!ra || !rb) return ra ? -1 : rb ? 1 : a - b;
		return (
			DECISION_ORDER[ra.decision] - DECISION_ORDER[rb.decision] ||
			rb.fitScore - ra.fitScore ||
			(rb.rate ?? -1) - (ra.rate ?? -1) ||
			a - b
		);
	});
}

/** Top N: among the first N in rank order, those not rejected. */
export function inTopN(position: number, topN: number, decision: Decision): boolean {
	return position < topN && decision !== 'reject';
}
