import {
	NodeConnectionTypes,
	NodeOperationError,
	sleep,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
	type NodeParameterValue,
} from 'n8n-workflow';
import { readDate } from '../shared/coerce';
import { forItem, InputFieldError } from '../shared/inputErrors';
import { errorItem, itemError, numberParameter, parameterPerItem } from '../shared/nodeGlue';
import { ApiProblem, DEFAULT_RETRY_POLICY, type NetworkFailure, type RetryPolicy, type Send } from './platforms/apiRetry';
import { resolveBrandSettings, type BrandSettings, type BrandSettingsInput } from './rules/brandSettings';
import { instagramTarget, youtubeTarget, type FetchTarget } from './input/handles';
import {
	readCommercials,
	readInfluencer,
	type InfluencerProfile,
	type MappedProfileValues,
	type Platform,
	type ProfileField,
} from './input/influencerProfile';
import { rankOrder, scoreInfluencer, type InfluencerScoreResult } from './rules/influencerScore';
import { fetchInstagramProfiles, fetchYouTubeChannels, type FetchRun } from './platforms/profileFetch';

/** Evaluated by n8n in the editor and the engine: must stay self-contained (no imports). */
const influencerOutputs = (parameters: { outputMode?: string }) =>
	parameters.outputMode === 'single'
		? [{ type: 'main', displayName: 'Influencers' }]
		: parameters.outputMode === 'rank'
			? [
					{ type: 'main', displayName: 'Top N' },
					{ type: 'main', displayName: 'Rest' },
				]
			: ['Shortlist', 'Consider', 'Reject'].map((displayName) => ({ type: 'main', displayName }));

const FIELD_LABELS: Record<ProfileField, [string, string]> = {
	platform: ['Platform', 'instagram, tiktok, youtube or other'],
	handle: ['Handle', 'The account name, shown in the result'],
	name: ['Name', 'Display name'],
	followers: ['Followers', 'Followers or subscribers'],
	following: ['Following', 'Accounts the influencer follows'],
	mediaCount: ['Media Count', 'Posts or videos in total'],
	bio: ['Bio', 'Profile text, searched for niche keywords and blocked terms'],
	posts: ['Recent Posts', 'A list of posts with likes, comments, shares, saves, views, date and caption'],
	avgLikes: ['Average Likes', 'Used when no posts are given'],
	avgComments: ['Average Comments', 'Used when no posts are given'],
	avgShares: ['Average Shares', 'Used when no posts are given'],
	avgSaves: ['Average Saves', 'Used when no posts are given'],
	avgViews: ['Average Views', 'Used when no posts are given'],
	feePerPost: ['Fee per Post', 'What one post costs, for the cost per engagement'],
	currency: ['Currency', 'Currency of the fee, e.g. EUR'],
	audienceCountries: ['Audience Countries', 'Country codes, e.g. DE, AT'],
};

const score = { show: { operation: ['score'] } };
const fetch = { show: { operation: ['fetchAndScore'] } };
/** A credential's display condition "Platform is p" (n8n's typings for credentials lack conditions; its editor and engine read them). */
const platformIs = (p: string) => ({ _cnd: { eq: p } }) as unknown as NodeParameterValue;
const number = numberParameter;

interface ScoredItem {
	itemIndex: number;
	result?: InfluencerScoreResult;
	unavailable?: IDataObject;
	error?: NodeOperationError;
}

export class InfluencerScore implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Influencer Score',
		name: 'influencerScore',
		icon: { light: 'file:influencerScore.svg', dark: 'file:influencerScore.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{ { score: "Score Profiles", fetchAndScore: "Fetch and Score: " + $parameter["platform"] }[$parameter["operation"]] }}',
		description: 'Score how well influencers fit your brand: engagement against benchmarks, authenticity, niche fit and cost',
		defaults: { name: 'Influencer Score' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: `={{(${influencerOutputs})($parameter)}}`,
		// n8n's editor takes an options parameter every value of which picks a credential (here Platform) for
		// the node's "main authentication field": it hides that field from the panel and, with it, every
		// field its display depends on (here Operation), so neither could be set. The conditions below
		// pick the same credentials with `_cnd` equality, which the editor does not read as a plain
		// list of values, so Operation and Platform stay in the panel (checked in a real browser:
		// test/e2e/editor.test.mjs).
		credentials: [
			{ name: 'instagramGraphApi', required: true, displayOptions: { show: { operation: ['fetchAndScore'], platform: [platformIs('instagram')] } } },
			{ name: 'youTubeDataApi', required: true, displayOptions: { show: { operation: ['fetchAndScore'], platform: [platformIs('youtube')] } } },
		],
		properties: [
			{
				displayName: 'Operation',
				name: 'operation',
				type: 'options',
				noDataExpression: true,
				options: [
					{
						name: 'Score Profiles',
						value: 'score',
						action: 'Score influencer profiles from input data',
						description: 'Score influencers from the figures in each item (followers, posts or averages, fee)',
					},
					{
						name: 'Fetch and Score',
						value: 'fetchAndScore',
						action: 'Fetch influencer profiles and score them',
						description: 'Fetch each profile from Instagram or YouTube by handle, then score it',
					},
				],
				default: 'score',
			},
			{
				displayName: 'Platform',
				name: 'platform',
				type: 'options',
				noDataExpression: true,
				displayOptions: fetch,
				options: [
					{ name: 'Instagram', value: 'instagram', description: 'Business Discovery via the brand’s own professional account' },
					{ name: 'YouTube', value: 'youtube', description: 'YouTube Data API v3 with an API key' },
				],
				default: 'instagram',
			},
			{
				displayName: 'Handle or URL',
				name: 'handle',
				type: 'string',
				displayOptions: fetch,
				default: '={{ $json.handle }}',
				required: true,
				description: 'The account to fetch: "natgeo", "@natgeo", a profile URL, or for YouTube a channel ID (UC…)',
			},
			{
				displayName: 'Platform When Missing',
				name: 'defaultPlatform',
				type: 'options',
				displayOptions: score,
				options: [
					{ name: 'Instagram', value: 'instagram' },
					{ name: 'Other', value: 'other' },
					{ name: 'TikTok', value: 'tiktok' },
					{ name: 'YouTube', value: 'youtube' },
				],
				default: 'instagram',
				description: 'Platform of items without a platform field; it picks the benchmark table',
			},
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
				description: 'Comma-separated words and phrases of your niche, matched in bio, captions and hashtags (case and accents ignored)',
			},
			{
				displayName: 'Blocked Terms',
				name: 'blocklist',
				type: 'string',
				default: '',
				placeholder: 'casino, betting, crypto giveaway',
				description: 'Comma-separated brand-safety terms: any match in bio or captions rejects the influencer',
			},
			number('Preferred Followers: Minimum', 'preferredFollowersMin', 1000, 'Below this the follower-range part of the score falls'),
			number('Preferred Followers: Maximum', 'preferredFollowersMax', 100000, 'Above this the follower-range part of the score falls'),
			{
				displayName: 'Target Cost per Engagement',
				name: 'targetCostPerEngagement',
				type: 'number',
				typeOptions: { numberPrecision: 4 },
				default: 0.1,
				description: 'Fee per post divided by engagements per post at or below this earns full marks. 0: cost is not scored.',
			},
			{
				displayName: 'Output',
				name: 'outputMode',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'By Decision', value: 'decision', description: 'Outputs Shortlist, Consider and Reject' },
					{ name: 'Ranked Top N', value: 'rank', description: 'The best N (not rejected) on Top N, ranked; everyone else on Rest' },
					{ name: 'One Output', value: 'single', description: 'All influencers on one output; the decision is in the result field' },
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
			{
				displayName: 'Fetch Options',
				name: 'fetchOptions',
				type: 'collection',
				placeholder: 'Add Option',
				displayOptions: fetch,
				default: {},
				options: [
					{
						displayName: 'Max Retries',
						name: 'maxRetries',
						type: 'number',
						default: 3,
						description: 'How often to retry a request the platform rate-limits (429) or fails (5xx, timeout)',
					},
					{
						displayName: 'Max Wait (Seconds)',
						name: 'maxWaitSeconds',
						type: 'number',
						default: 30,
						description: 'The longest wait before a retry; when the platform asks for longer (Retry-After), the profile fails with a message instead',
					},
					{
						displayName: 'On Fetch Error',
						name: 'onFetchError',
						type: 'options',
						options: [
							{ name: 'Fail (or Continue On Fail)', value: 'fail', description: 'A profile that cannot be fetched stops the node, unless its settings say Continue' },
							{ name: 'Mark the Profile and Go On', value: 'field', description: 'The profile leaves on the last output with decision "unavailable" and a fetchError field' },
						],
						default: 'fail',
					},
					{
						displayName: 'Requests at Once',
						name: 'concurrency',
						type: 'number',
						default: 4,
						description: 'How many requests may be in flight at the same time',
					},
					{
						displayName: 'Retry Base Delay (Ms)',
						name: 'retryBaseDelayMs',
						type: 'number',
						default: 1000,
						description: 'First wait before a retry when the platform sends no Retry-After; it doubles on each retry',
					},
					{
						displayName: 'Timeout (Seconds)',
						name: 'timeoutSeconds',
						type: 'number',
						default: 30,
						description: 'How long to wait for one answer before it counts as failed (and is retried)',
					},
				],
			},
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
						description: 'How much each part counts (0–100); parts that cannot be judged drop out and the others share their weight',
						options: [
							number('Activity', 'activity', 5, 'Recency of the last post and posts per week'),
							number('Authenticity', 'authenticity', 20, 'Fewer warning signs (bought likes, follow-for-follow, erratic engagement)'),
							number('Cost', 'cost', 10, 'Cost per engagement against your target (needs a fee)'),
							number('Engagement', 'engagement', 30, 'Engagement rate against the platform benchmark for the follower band'),
							number('Follower Range', 'followerRange', 10, 'Followers inside your preferred range'),
							number('Niche', 'niche', 25, 'Your niche keywords in bio and captions (needs keywords)'),
						],
					},
				],
			},
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		const operation = this.getNodeParameter('operation', 0) as 'score' | 'fetchAndScore';
		const outputMode = this.getNodeParameter('outputMode', 0) as 'decision' | 'rank' | 'single';
		const resultField = (this.getNodeParameter('resultField', 0) as string).trim();
		if (resultField === '') throw new NodeOperationError(this.getNode(), 'Put Result in Field must not be empty', { description: 'Enter a field name such as "influencer".' });
		const options = this.getNodeParameter('options', 0, {}) as IDataObject;
		const settings = readBrandSettings(this, options);
		const now = readReferenceTime(this, options.referenceTime);

		const mapping = parameterPerItem<MappedProfileValues>(this, 'fieldMapping', {});
		const defaultPlatform = parameterPerItem<Platform>(this, 'defaultPlatform', 'instagram');
		const scored: ScoredItem[] =
			operation === 'fetchAndScore'
				? await fetchAndScore(this, items, mapping, settings, now, this.getNodeParameter('fetchOptions', 0, {}) as IDataObject)
				: items.map((item, itemIndex) => {
						try {
							const profile = readInfluencer(jsonOf(item), mapping.get(itemIndex), defaultPlatform.get(itemIndex));
							return { itemIndex, result: scoreInfluencer(profile, settings, now) };
						} catch (error) {
							return { itemIndex, error: itemError(this, error, itemIndex) };
						}
					});

		const continueOnFail = this.continueOnFail();
		const firstError = scored.find((s) => s.error);
		if (firstError?.error && !continueOnFail) throw firstError.error;
		return route(this, items, scored, outputMode, resultField);
	}
}

function jsonOf(item: INodeExecutionData): object {
	return item.json !== null && typeof item.json === 'object' ? item.json : {};
}

function readBrandSettings(ctx: IExecuteFunctions, options: IDataObject): BrandSettings {
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
		throw new NodeOperationError(ctx.getNode(), (error as Error).message, { description: 'Correct the option in the node settings.' });
	}
}

function readReferenceTime(ctx: IExecuteFunctions, value: unknown): number {
	try {
		return readDate(value, 'Score As Of') ?? Date.now();
	} catch (error) {
		throw new NodeOperationError(ctx.getNode(), (error as Error).message, { description: 'Pick a date, or leave Score As Of empty for now.' });
	}
}

function positive(value: unknown, fallback: number, label: string, ctx: IExecuteFunctions): number {
	if (value === undefined || value === '') return fallback;
	if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
		throw new NodeOperationError(ctx.getNode(), `${label} must be a number of 0 or more`, { description: `Set ${label} in the node options, or remove the option.` });
	}
	return value;
}

/** Words of n8n's and axios' network errors → the kind of failure; never the message itself. */
function networkKind(error: unknown): NetworkFailure {
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

async function fetchAndScore(
	ctx: IExecuteFunctions,
	items: INodeExecutionData[],
	mapping: { get: (i: number) => MappedProfileValues },
	settings: BrandSettings,
	now: number,
	options: IDataObject,
): Promise<ScoredItem[]> {
	const platform = ctx.getNodeParameter('platform', 0) as 'instagram' | 'youtube';
	const credentialType = platform === 'instagram' ? 'instagramGraphApi' : 'youTubeDataApi';
	const credentials = await ctx.getCredentials(credentialType);
	const secrets = [credentials.accessToken, credentials.apiKey].filter((s): s is string => typeof s === 'string' && s.length >= 4);
	const policy: RetryPolicy = {
		maxRetries: Math.floor(positive(options.maxRetries, DEFAULT_RETRY_POLICY.maxRetries, 'Max Retries', ctx)),
		baseDelayMs: positive(options.retryBaseDelayMs, DEFAULT_RETRY_POLICY.baseDelayMs, 'Retry Base Delay (Ms)', ctx),
		maxWaitMs: positive(options.maxWaitSeconds, DEFAULT_RETRY_POLICY.maxWaitMs / 1000, 'Max Wait (Seconds)', ctx) * 1000,
	};
	const timeout = Math.max(1, positive(options.timeoutSeconds, 30, 'Timeout (Seconds)', ctx)) * 1000;
	const concurrency = Math.max(1, Math.floor(positive(options.concurrency, 4, 'Requests at Once', ctx)));

	const send: Send = async (request) => {
		try {
			const response = (await ctx.helpers.httpRequestWithAuthentication.call(ctx, credentialType, {
				method: 'GET',
				url: request.url,
				qs: request.qs,
				json: true,
				returnFullResponse: true,
				ignoreHttpStatusErrors: true,
				timeout,
			})) as { statusCode: number; headers: IDataObject; body: unknown };
			return { statusCode: response.statusCode, headers: response.headers ?? {}, body: response.body };
		} catch (error) {
			return { network: networkKind(error) };
		}
	};

	const scored: ScoredItem[] = items.map((_, itemIndex) => ({ itemIndex }));
	const targets: Array<FetchTarget | undefined> = items.map((_, i) => {
		try {
			const handle = ctx.getNodeParameter('handle', i, '') as unknown;
			return platform === 'instagram' ? instagramTarget(handle, 'Handle or URL') : youtubeTarget(handle, 'Handle or URL');
		} catch (error) {
			scored[i].error = itemError(ctx, error, i);
			return undefined;
		}
	});
	// A bad handle stops the node before any request, so no quota is spent on a run that will fail.
	const badHandle = scored.find((s) => s.error);
	if (badHandle?.error && !ctx.continueOnFail()) throw badHandle.error;
	const context = { send, sleep, policy, postsToUse: settings.postsToUse, concurrency };
	const credentialBase = String(credentials.baseUrl ?? '');
	const run: FetchRun =
		platform === 'instagram'
			? await fetchInstagramProfiles(targets, { baseUrl: credentialBase, apiVersion: String(credentials.apiVersion ?? 'v23.0'), accountId: String(credentials.accountId ?? '') }, context)
			: await fetchYouTubeChannels(targets, credentialBase, context);

	const onFetchError = (options.onFetchError as string | undefined) ?? 'fail';
	const redact = (text: string) => secrets.reduce((t, s) => t.split(s).join('[redacted]'), text);
	const fetchInfo = (i: number) => ({
		source: platform,
		[platform === 'youtube' ? 'quotaUnits' : 'requests']: run.outcomes[i].requests,
		[platform === 'youtube' ? 'quotaUnitsThisRun' : 'requestsThisRun']: run.requests,
		retriesThisRun: run.retries,
	});
	run.outcomes.forEach((outcome, i) => {
		if (scored[i].error) return;
		if (outcome.problem) {
			const message = redact(outcome.problem.message);
			const fix = redact(outcome.problem.fix);
			if (onFetchError === 'field') {
				scored[i].unavailable = {
					platform,
					handle: targets[i]?.value ?? null,
					decision: 'unavailable',
					fitScore: null,
					grade: null,
					reasons: [`Could not fetch the profile: ${message}`],
					fetchError: { code: outcome.problem.code, message, fix },
					fetch: fetchInfo(i),
				};
			} else {
				scored[i].error = new NodeOperationError(ctx.getNode(), forItem(jsonOf(items[i]), message), { itemIndex: i, description: `How to fix: ${fix}.` });
			}
			return;
		}
		try {
			const fetched = outcome.profile as InfluencerProfile;
			const profile: InfluencerProfile = { ...fetched, ...readCommercials(jsonOf(items[i]), mapping.get(i)) };
			scored[i].result = { ...scoreInfluencer(profile, settings, now), fetch: fetchInfo(i) } as InfluencerScoreResult;
		} catch (error) {
			scored[i].error = itemError(ctx, error instanceof ApiProblem ? new InputFieldError('response', error.message, error.fix) : error, i);
		}
	});
	return scored;
}

function route(
	ctx: IExecuteFunctions,
	items: INodeExecutionData[],
	scored: ScoredItem[],
	outputMode: 'decision' | 'rank' | 'single',
	resultField: string,
): INodeExecutionData[][] {
	const build = (s: ScoredItem, extra: IDataObject = {}): INodeExecutionData => {
		if (s.error) return errorItem(ctx, items[s.itemIndex], s.error, s.itemIndex);
		return {
			json: { ...(jsonOf(items[s.itemIndex]) as IDataObject), [resultField]: { ...((s.result ?? s.unavailable) as IDataObject), ...extra } },
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
	const order = rankOrder(scored.map((s) => (s.result ? { decision: s.result.decision, fitScore: s.result.fitScore, rate: s.result.engagement.rateMedian } : undefined)));
	const outputs: INodeExecutionData[][] = [[], []];
	order.forEach((index, position) => {
		const s = scored[index];
		const inTop = position < topN && s.result !== undefined && s.result.decision !== 'reject';
		outputs[inTop ? 0 : 1].push(build(s, s.result ? { rank: position + 1 } : {}));
	});
	return outputs;
}
