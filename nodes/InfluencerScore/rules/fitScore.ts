/**
 * The fit score: weighted parts (engagement, niche, authenticity, follower range, cost, activity),
 * each 0–100, combined into 0–100 with a grade, a decision and reasons a marketer understands.
 * A part that cannot be judged (no keywords, no fee) drops out and the others share its weight.
 * Pure: no n8n import.
 */
import { round } from '../../shared/dates';
import type { EngagementMetrics } from './engagement';
import {
	brandSafetyHits,
	nicheFit,
	searchable,
	type BrandSafetyHit,
	type NicheFit,
} from './nicheFit';
import type { InfluencerProfile } from '../input/influencerProfile';
import type { BrandSettings, FitWeights } from './brandSettings';

export type FitPart = keyof FitWeights;
export type Decision = 'shortlist' | 'consider' | 'reject';
export type Grade = 'A' | 'B' | 'C' | 'D' | 'E';

export interface FitResult {
	fitScore: number;
	grade: Grade;
	decision: Decision;
	reasons: string[];
	parts: Record<FitPart, number | null>;
	niche: NicheFit;
	brandSafety: BrandSafetyHit[];
	costPerEngagement: number | null;
}

const GRADES: ReadonlyArray<[number, Grade]> = [
	[80, 'A'],
	[65, 'B'],
	[50, 'C'],
	[35, 'D'],
];

export function gradeOf(score: number): Grade {
	return GRADES.find(([from]) => score >= from)?.[1] ?? 'E';
}

/** An account without a post for longer than this is not shortlisted. */
export const INACTIVE_AFTER_DAYS = 90;

const clamp = (v: number) => Math.max(0, Math.min(100, v));

/**
 * Engagement part: 60 at the middle of the band's average range, 100 from about 1.7 × that. A rate
 * above twice the band's high edge is not rewarded: it is capped at 50 until a person has looked.
 */
function engagementPart(m: EngagementMetrics): number | null {
	if (!m.benchmark) return null;
	const part = clamp(60 * m.benchmark.ratioToAverage);
	return Math.round(m.benchmark.position === 'suspiciously high' ? Math.min(50, part) : part);
}

/** 100 inside the preferred range, falling to 0 one order of magnitude outside it. */
function followerRangePart(followers: number | undefined, s: BrandSettings): number | null {
	if (followers === undefined || followers <= 0) return null;
	if (followers >= s.preferredFollowersMin && followers <= s.preferredFollowersMax) return 100;
	const edge =
		followers < s.preferredFollowersMin ? s.preferredFollowersMin : s.preferredFollowersMax;
	if (edge <= 0) return 0;
	return Math.round(clamp(100 * (1 - Math.abs(Math.log10(followers / edge)))));
}

function costPart(cpe: number | null, s: BrandSettings): number | null {
	if (cpe === null || s.targetCostPerEngagement <= 0) return null;
	return Math.round(
		clamp(cpe <= s.targetCostPerEngagement ? 100 : (100 * s.targetCostPerEngagement) / cpe),
	);
}

/** Fresh and regular: full marks for a post in the last 14 days and one or more posts a week. */
function activityPart(m: EngagementMetrics): number | null {
	if (m.lastPostDaysAgo === null) return null;
	const d = m.lastPostDaysAgo;
	const recency = d <= 14 ? 100 : d <= 30 ? 70 : d <= 90 ? 30 : 0;
	const cadence = m.postsPerWeek === null ? recency : clamp(100 * m.postsPerWeek);
	return Math.round(0.6 * recency + 0.4 * cadence);
}

const authenticityPart = (m: EngagementMetrics) =>
	Math.round(clamp(100 - 30 * m.authenticity.length));

export function scoreFit(
	profile: InfluencerProfile,
	m: EngagementMetrics,
	captions: readonly string[],
	s: BrandSettings,
): FitResult {
	// Bio and captions are folded once, for the niche keywords and the blocked terms alike.
	const bioText = searchable(profile.bio);
	const captionTexts = captions.map(searchable);
	const niche = nicheFit(bioText, captionTexts, s.keywords);
	const safety = brandSafetyHits(bioText, captionTexts, s.blocklist);
	const cpe =
		profile.feePerPost !== undefined && m.engagementsPerPost !== null && m.engagementsPerPost > 0
			? round(profile.feePerPost / m.engagementsPerPost, 4)
			: null;
	const parts: Record<FitPart, number | null> = {
		engagement: engagementPart(m),
		niche: niche.score,
		// Without a rate there is nothing whose authenticity could be judged: no flags would read as 100.
		authenticity:
			m.basis === 'none' || (m.rateMedian === null && m.rateByViewsMedian === null)
				? null
				: authenticityPart(m),
		followerRange: followerRangePart(profile.followers, s),
		cost: costPart(cpe, s),
		activity: activityPart(m),
	};
	let weighted = 0;
	let weightSum = 0;
	for (const part of Object.keys(parts) as FitPart[]) {
		const value = parts[part];
		const weight = s.weights[part];
		if (value === null || weight <= 0) continue;
		weighted += value * weight;
		weightSum += weight;
	}
	// An account nobody follows reaches nobody, whatever else it does well.
	const noAudience = profile.followers === 0;
	const fitScore = noAudience || weightSum === 0 ? 0 : Math.round(weighted / weightSum);

	const reasons: string[] = [];
	let decision: Decision =
		fitScore >= s.shortlistFrom ? 'shortlist' : fitScore >= s.considerFrom ? 'consider' : 'reject';
	if (noAudience) reasons.push('No audience: 0 followers, so a post reaches nobody');
	if (safety.length > 0) {
		decision = 'reject';
		const first = safety
			.slice(0, 3)
			.map((h) => `"${h.term}" in ${h.where}`)
			.join(', ');
		reasons.push(
			`Brand safety: ${first}${safety.length > 3 ? ` and ${safety.length - 3} more` : ''}`,
		);
	}
	if (m.basis === 'none') {
		if (decision === 'shortlist') decision = 'consider';
		reasons.push(
			'No engagement data: give recent posts (likes, comments) or averages to judge engagement',
		);
	} else if (m.rateMedian === null && m.rateByViewsMedian === null) {
		// Posts without a follower count (or views): no rate to judge, so niche alone cannot shortlist.
		if (decision === 'shortlist') decision = 'consider';
	}
	if (m.lastPostDaysAgo !== null && m.lastPostDaysAgo > INACTIVE_AFTER_DAYS) {
		if (decision === 'shortlist') decision = 'consider';
		reasons.push(
			`Inactive: last post ${m.lastPostDaysAgo} days ago (more than ${INACTIVE_AFTER_DAYS})`,
		);
	}
	const serious = m.authenticity.filter((f) => f.serious);
	if (serious.length > 0 && decision === 'shortlist') decision = 'consider';
	reasons.push(...m.authenticity.map((f) => f.message));
	reasons.push(...describeParts(profile, m, niche, cpe, parts, s));
	if (weightSum === 0)
		reasons.push('Nothing to score: no part of the fit could be judged from the data given');
	return {
		fitScore,
		grade: gradeOf(fitScore),
		decision,
		reasons,
		parts,
		niche,
		brandSafety: safety,
		costPerEngagement: cpe,
	};
}

function describeParts(
	profile: InfluencerProfile,
	m: EngagementMetrics,
	niche: NicheFit,
	cpe: number | null,
	parts: Record<FitPart, number | null>,
	s: BrandSettings,
): string[] {
	const out: string[] = [];
	const b = m.benchmark;
	if (b) {
		const rate = b.basis === 'views' ? m.rateByViewsMedian : m.rateMedian;
		out.push(
			`Engagement ${rate}% by ${b.basis} is ${b.position} for ${b.band} on ${b.platform} (average ${
				b.averageFrom
			}–${b.averageTo}%${b.estimate ? ', estimated band' : ''})`,
		);
	} else if (m.rateMedian !== null) {
		out.push(`Engagement ${m.rateMedian}% by followers; no benchmark for ${profile.platform}`);
	} else if (m.basis !== 'none') {
		out.push('Followers missing or zero: engagement rate by followers cannot be computed');
	}
	if (niche.score !== null) {
		out.push(
			niche.matched.length
				? `Niche: ${niche.matched.join(', ')} (${
						niche.postsChecked
							? `${niche.postsMatching} of ${niche.postsChecked} posts on topic`
							: 'in the bio; no captions given'
				  })`
				: `Niche: none of the brand keywords in bio or captions`,
		);
	}
	if (parts.followerRange !== null && parts.followerRange < 100) {
		out.push(
			`${profile.followers} followers is outside the preferred ${s.preferredFollowersMin}–${s.preferredFollowersMax}`,
		);
	}
	if (cpe !== null) {
		const currency = profile.currency ? ` ${profile.currency}` : '';
		out.push(
			`Cost per engagement ${cpe}${currency} (target ${s.targetCostPerEngagement}${currency})`,
		);
	}
	if (
		m.lastPostDaysAgo !== null &&
		m.lastPostDaysAgo > 30 &&
		m.lastPostDaysAgo <= INACTIVE_AFTER_DAYS
	)
		out.push(`Last post ${m.lastPostDaysAgo} days ago`);
	return out;
}
