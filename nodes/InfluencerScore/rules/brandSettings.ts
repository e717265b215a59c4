/**
 * The brand's settings for scoring influencers, with the product spec's defaults, validated once
 * per execution (zod) with a message that names the option. Pure: no n8n import.
 */
import { z } from 'zod';
import { compileTerms } from './nicheFit';

export interface FitWeights {
	engagement: number;
	niche: number;
	authenticity: number;
	followerRange: number;
	cost: number;
	activity: number;
}

export interface BrandSettings {
	/** Folded niche keywords. */
	keywords: string[];
	/** Folded brand-safety terms: any hit rejects the influencer. */
	blocklist: string[];
	/** The seed favours small influencers: 1k to 100k followers by default. */
	preferredFollowersMin: number;
	preferredFollowersMax: number;
	/** Fee per post ÷ engagements per post at or below this earns full marks; 0 = do not score cost. */
	targetCostPerEngagement: number;
	weights: FitWeights;
	postsToUse: number;
	shortlistFrom: number;
	considerFrom: number;
}

export const DEFAULT_WEIGHTS: FitWeights = {
	engagement: 30,
	niche: 25,
	authenticity: 20,
	followerRange: 10,
	cost: 10,
	activity: 5,
};

export const DEFAULT_BRAND_SETTINGS: BrandSettings = {
	keywords: [],
	blocklist: [],
	preferredFollowersMin: 1_000,
	preferredFollowersMax: 100_000,
	targetCostPerEngagement: 0.1,
	weights: DEFAULT_WEIGHTS,
	postsToUse: 12,
	shortlistFrom: 70,
	considerFrom: 50,
};

const weight = (label: string) =>
	z
		.number({ invalid_type_error: `Weight: ${label} must be a number` })
		.min(0, `Weight: ${label} must be 0 or more`)
		.max(100, `Weight: ${label} must be at most 100`);
const score = (label: string) =>
	z
		.number({ invalid_type_error: `${label} must be a number` })
		.min(0, `${label} must be 0 to 100`)
		.max(100, `${label} must be 0 to 100`);

const terms = z
	.union([z.string(), z.array(z.string())])
	.transform((v) => compileTerms(Array.isArray(v) ? v : v.split(/[,;\n]/)));

const schema = z
	.object({
		keywords: terms,
		blocklist: terms,
		preferredFollowersMin: z.number().min(0, 'Preferred Followers: Minimum must be 0 or more'),
		preferredFollowersMax: z.number().positive('Preferred Followers: Maximum must be more than 0'),
		targetCostPerEngagement: z.number().min(0, 'Target Cost per Engagement must be 0 or more'),
		postsToUse: z
			.number()
			.int('Posts to Use must be a whole number')
			.min(1, 'Posts to Use must be at least 1')
			.max(100, 'Posts to Use must be at most 100'),
		shortlistFrom: score('Shortlist From Score'),
		considerFrom: score('Consider From Score'),
		weights: z
			.object({
				engagement: weight('Engagement'),
				niche: weight('Niche'),
				authenticity: weight('Authenticity'),
				followerRange: weight('Follower Range'),
				cost: weight('Cost'),
				activity: weight('Activity'),
			})
			.partial(),
	})
	.partial()
	.refine((s) => (s.preferredFollowersMin ?? 1_000) <= (s.preferredFollowersMax ?? 100_000), {
		message: 'Preferred Followers: Minimum must not be above the Maximum',
	})
	.refine((s) => (s.considerFrom ?? 50) <= (s.shortlistFrom ?? 70), {
		message: 'Consider From Score must not be above Shortlist From Score',
	});

export type BrandSettingsInput = z.input<typeof schema>;

const dropEmpty = (o: object) =>
	Object.fromEntries(
		Object.entries(o).filter(([, v]) => v !== undefined && v !== null && v !== ''),
	);

/** The defaults with the user's options applied; throws an Error naming the first wrong option. */
export function resolveBrandSettings(input: BrandSettingsInput = {}): BrandSettings {
	const clean = dropEmpty(input) as BrandSettingsInput;
	if (clean.weights) clean.weights = dropEmpty(clean.weights);
	const result = schema.safeParse(clean);
	if (!result.success) throw new Error(result.error.issues[0].message);
	const { weights, ...rest } = result.data;
	const merged: BrandSettings = {
		...DEFAULT_BRAND_SETTINGS,
		...rest,
		weights: { ...DEFAULT_WEIGHTS, ...(weights ?? {}) },
	};
	if (Object.values(merged.weights).every((w) => w === 0))
		throw new Error('Weights: at least one weight must be more than 0');
	return merged;
}
