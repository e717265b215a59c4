/**
 * What both operations share: the brand's niche, blocked terms, follower range and cost target, the
 * field mapping, how results are routed, and the options. The parameters, reading them, and the
 * routing to outputs (n8n glue).
 */
import {
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';
import { errorItem, numberParameter } from '../../shared/nodeGlue';
import type { ToolInput } from '../../shared/toolMode';
import type { ProfileField } from '../input/influencerProfile';
import {
	resolveBrandSettings,
	type BrandSettings,
	type BrandSettingsInput,
} from '../rules/brandSettings';
import { inTopN, rankOrder, type InfluencerScoreResult } from '../rules/influencerScore';

const number = numberParameter;

export const FIELD_LABELS: Record<ProfileField, [string, string]> = {
	platform: ['Platform', 'instagram, tiktok, youtube or other'],
	handle: ['Handle', 'The account name, shown in the result'],
	name: ['Name', 'Display name'],
	followers: ['Followers', 'Followers or subscribers'],
	following: ['Following', 'Accounts the influencer follows'],
	mediaCount: ['Media Count', 'Posts or videos in total'],
	bio: ['Bio', 'Profile text, searched for niche keywords and blocked terms'],
	posts: [
		'Recent Posts',
		'A list of posts with likes, comments, shares, saves, views, date and caption',
	],
	avgLikes: ['Average Likes', 'Used when no posts are given'],
	avgComments: ['Average Comments', 'Used when no posts are given'],
	avgShares: ['Average Shares', 'Used when no posts are given'],
	avgSaves: ['Average Saves', 'Used when no posts are given'],
	avgViews: ['Average Views', 'Used when no posts are given'],
	feePerPost: ['Fee per Post', 'What one post costs, for the cost per engagement'],
	currency: ['Currency', 'Currency of the fee, e.g. EUR'],
	audienceCountries: ['Audience Countries', 'Country codes, e.g. DE, AT'],
};

export const brandDescription: INodeProperties[] = [
	{
		displayName: 'Field Mapping',
		name: 'fieldMapping',
		type: 'collection',
		placeholder: 'Map a Field',
		default: {},
		description:
			'Common field names (followers, followers_count, posts, like_count, …) are read without mapping. Map a field here when yours is named differently. With Fetch and Score, only the fee, currency and audience are read from the item.',
		options: (Object.keys(FIELD_LABELS) as ProfileField[]).map((name) => ({
			displayName: FIELD_LABELS[name][0],
			name,
			type: 'string',
			default: '',
			placeholder: `={{ $json.${name} }}`,
			description: FIELD_LABELS[name][1],
		})),
	},
	{
		displayName: 'Niche Keywords',
		name: 'keywords',
		type: 'string',
		default: '',
		placeholder: 'vegan, plant based, kochen, recipe',
		description:
			'Comma-separated words and phrases of your niche, matched in bio, captions and hashtags (case and accents ignored)',
	},
	{
		displayName: 'Blocked Terms',
		name: 'blocklist',
		type: 'string',
		default: '',
		placeholder: 'casino, betting, crypto giveaway',
		description:
			'Comma-separated brand-safety terms: any match in bio or captions rejects the influencer',
	},
	number(
		'Preferred Followers: Minimum',
		'preferredFollowersMin',
		1000,
		'Below this the follower-range part of the score falls',
	),
	number(
		'Preferred Followers: Maximum',
		'preferredFollowersMax',
		100000,
		'Above this the follower-range part of the score falls',
	),
	{
		displayName: 'Target Cost per Engagement',
		name: 'targetCostPerEngagement',
		type: 'number',
		typeOptions: { numberPrecision: 4 },
		default: 0.1,
		description:
			'Fee per post divided by engagements per post at or below this earns full marks. 0: cost is not scored.',
	},
	{
		displayName: 'Output',
		name: 'outputMode',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'By Decision',
				value: 'decision',
				description: 'Outputs Shortlist, Consider and Reject',
			},
			{
				name: 'Ranked Top N',
				value: 'rank',
				description: 'The best N (not rejected) on Top N, ranked; everyone else on Rest',
			},
			{
				name: 'One Output',
				value: 'single',
				description: 'All influencers on one output; the decision is in the result field',
			},
		],
		default: 'decision',
	},
	{
		displayName: 'Top N',
		name: 'topN',
		type: 'number',
		typeOptions: { minValue: 1 },
		displayOptions: { show: { outputMode: ['rank'] } },
		default: 10,
		description: 'How many influencers to keep on the Top N output',
	},
	{
		displayName: 'Put Result in Field',
		name: 'resultField',
		type: 'string',
		default: 'influencer',
		required: true,
		description: 'Field that receives the score, decision, reasons and metrics',
	},
];

export const optionsDescription: INodeProperties[] = [
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Consider From Score',
				name: 'considerFrom',
				type: 'number',
				default: 50,
				description: 'Fit score from which an influencer is worth a look (below: reject)',
			},
			{
				displayName: 'Posts to Use',
				name: 'postsToUse',
				type: 'number',
				default: 12,
				description: 'How many of the newest posts the rates use (HypeAuditor used 12)',
			},
			{
				displayName: 'Score As Of',
				name: 'referenceTime',
				type: 'dateTime',
				default: '',
				description: 'The moment recency is measured from. Empty: now.',
			},
			{
				displayName: 'Shortlist From Score',
				name: 'shortlistFrom',
				type: 'number',
				default: 70,
				description: 'Fit score from which an influencer is shortlisted',
			},
			{
				displayName: 'Weights',
				name: 'weights',
				type: 'collection',
				placeholder: 'Set a Weight',
				default: {},
				description:
					'How much each part counts (0–100); parts that cannot be judged drop out and the others share their weight',
				options: [
					number('Activity', 'activity', 5, 'Recency of the last post and posts per week'),
					number(
						'Authenticity',
						'authenticity',
						20,
						'Fewer warning signs (bought likes, follow-for-follow, erratic engagement)',
					),
					number('Cost', 'cost', 10, 'Cost per engagement against your target (needs a fee)'),
					number(
						'Engagement',
						'engagement',
						30,
						'Engagement rate against the platform benchmark for the follower band',
					),
					number('Follower Range', 'followerRange', 10, 'Followers inside your preferred range'),
					number('Niche', 'niche', 25, 'Your niche keywords in bio and captions (needs keywords)'),
				],
			},
		],
	},
];

export interface ScoredItem {
	itemIndex: number;
	result?: InfluencerScoreResult;
	unavailable?: IDataObject;
	error?: NodeOperationError;
}

export function jsonOf(item: INodeExecutionData): object {
	return item.json !== null && typeof item.json === 'object' ? item.json : {};
}

export function readBrandSettings(ctx: IExecuteFunctions, options: IDataObject): BrandSettings {
	const input: BrandSettingsInput = {
		keywords: ctx.getNodeParameter('keywords', 0, '') as string,
		blocklist: ctx.getNodeParameter('blocklist', 0, '') as string,
		preferredFollowersMin: ctx.getNodeParameter('preferredFollowersMin', 0, 1000) as number,
		preferredFollowersMax: ctx.getNodeParameter('preferredFollowersMax', 0, 100000) as number,
		targetCostPerEngagement: ctx.getNodeParameter('targetCostPerEngagement', 0, 0.1) as number,
		postsToUse: options.postsToUse as number | undefined,
		shortlistFrom: options.shortlistFrom as number | undefined,
		considerFrom: options.considerFrom as number | undefined,
		weights: (options.weights ?? {}) as BrandSettingsInput['weights'],
	};
	try {
		return resolveBrandSettings(input);
	} catch (error) {
		throw new NodeOperationError(ctx.getNode(), (error as Error).message, {
			description: 'Correct the option in the node settings.',
		});
	}
}

export function route(
	ctx: IExecuteFunctions,
	items: INodeExecutionData[],
	scored: ScoredItem[],
	outputMode: 'decision' | 'rank' | 'single',
	resultField: string,
): INodeExecutionData[][] {
	const build = (s: ScoredItem, extra: IDataObject = {}): INodeExecutionData => {
		if (s.error) return errorItem(ctx, items[s.itemIndex], s.error, s.itemIndex);
		return {
			json: {
				...(jsonOf(items[s.itemIndex]) as IDataObject),
				[resultField]: { ...((s.result ?? s.unavailable) as IDataObject), ...extra },
			},
			pairedItem: { item: s.itemIndex },
		};
	};
	if (outputMode === 'single') return [scored.map((s) => build(s))];
	if (outputMode === 'decision') {
		const outputs: INodeExecutionData[][] = [[], [], []];
		for (const s of scored) {
			const decision = s.result?.decision;
			outputs[decision === 'shortlist' ? 0 : decision === 'consider' ? 1 : 2].push(build(s));
		}
		return outputs;
	}
	const topN = Math.max(1, Math.floor(ctx.getNodeParameter('topN', 0, 10) as number));
	const order = rankOrder(
		scored.map((s) =>
			s.result
				? {
						decision: s.result.decision,
						fitScore: s.result.fitScore,
						rate: s.result.engagement.rateMedian,
				  }
				: undefined,
		),
	);
	const outputs: INodeExecutionData[][] = [[], []];
	order.forEach((index, position) => {
		const s = scored[index];
		const inTop = s.result !== undefined && inTopN(position, topN, s.result.decision);
		outputs[inTop ? 0 : 1].push(build(s, s.result ? { rank: position + 1 } : {}));
	});
	return outputs;
}

const NUMBER_FIELDS: readonly ProfileField[] = [
	'followers',
	'following',
	'mediaCount',
	'avgLikes',
	'avgComments',
	'avgShares',
	'avgSaves',
	'avgViews',
	'feePerPost',
];

/** Score Profiles as a tool: one influencer profile, typed, as a model passes it. */
export const PROFILE_TOOL_INPUTS: readonly ToolInput[] = (
	Object.keys(FIELD_LABELS) as ProfileField[]
).map((key) => ({
	key,
	type: NUMBER_FIELDS.includes(key) ? 'number' : key === 'posts' ? 'json' : 'string',
	description:
		key === 'posts'
			? 'Recent posts, each {"likes": 120, "comments": 8, "shares": 2, "saves": 5, "views": 3000, "date": "2026-11-20", "caption": "…"}'
			: `${FIELD_LABELS[key][0]}: ${FIELD_LABELS[key][1]}`,
}));

/** Fetch and Score as a tool: the handle or URL to fetch. */
export const FETCH_TOOL_INPUTS: readonly ToolInput[] = [
	{
		key: 'handle',
		type: 'string',
		description:
			'The Instagram username or YouTube @handle, channel ID or channel URL to fetch and score',
	},
];

/** A scored influencer as a tool's answer: the decision, score and why. */
export function influencerAnswer(resultField: string) {
	return (item: INodeExecutionData): IDataObject => {
		const r = (item.json[resultField] ?? {}) as IDataObject & Partial<InfluencerScoreResult>;
		if (r.decision === undefined) return r; // not fetched: the reason is the answer
		return {
			handle: r.handle,
			platform: r.platform,
			decision: r.decision,
			fitScore: r.fitScore,
			grade: r.grade,
			tier: r.tier,
			reasons: r.reasons,
			engagementRate: r.engagement?.rateMedian ?? null,
			authenticityFlags: (r.authenticityFlags ?? []).map((f) => f.message),
			costPerEngagement: r.cost?.costPerEngagement ?? null,
			...(r.rank !== undefined ? { rank: r.rank } : {}),
		};
	};
}
