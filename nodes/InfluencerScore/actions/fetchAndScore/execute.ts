/** Fetch and Score: fetches each profile from Instagram or YouTube and scores it (n8n glue only). */
import {
	NodeOperationError,
	sleep,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
} from 'n8n-workflow';
import { forItem, InputFieldError } from '../../../shared/inputErrors';
import { itemError } from '../../../shared/nodeGlue';
import { instagramTarget, youtubeTarget, type FetchTarget } from '../../input/handles';
import {
	readCommercials,
	type InfluencerProfile,
	type MappedProfileValues,
} from '../../input/influencerProfile';
import {
	ApiProblem,
	DEFAULT_RETRY_POLICY,
	networkKind,
	type RetryPolicy,
	type Send,
} from '../../platforms/apiRetry';
import {
	fetchInstagramProfiles,
	fetchYouTubeChannels,
	type FetchRun,
} from '../../platforms/profileFetch';
import type { BrandSettings } from '../../rules/brandSettings';
import { scoreInfluencer, type InfluencerScoreResult } from '../../rules/influencerScore';
import { isToolMode, toolArguments } from '../../../shared/toolMode';
import { FETCH_TOOL_INPUTS, jsonOf, type ScoredItem } from '../brand';

/** A number option of 0 or more, or its default when empty. */
function positive(value: unknown, fallback: number, label: string, ctx: IExecuteFunctions): number {
	if (value === undefined || value === '') return fallback;
	if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
		throw new NodeOperationError(ctx.getNode(), `${label} must be a number of 0 or more`, {
			description: `Set ${label} in the node options, or remove the option.`,
		});
	}
	return value;
}

export async function fetchAndScore(
	ctx: IExecuteFunctions,
	items: INodeExecutionData[],
	mapping: { get: (i: number) => MappedProfileValues },
	settings: BrandSettings,
	now: number,
	options: IDataObject,
): Promise<ScoredItem[]> {
	const tool = isToolMode(ctx);
	const platform = ctx.getNodeParameter('platform', 0) as 'instagram' | 'youtube';
	const credentialType = platform === 'instagram' ? 'instagramGraphApi' : 'youTubeDataApi';
	const credentials = await ctx.getCredentials(credentialType);
	const secrets = [credentials.accessToken, credentials.apiKey].filter(
		(s): s is string => typeof s === 'string' && s.length >= 4,
	);
	const policy: RetryPolicy = {
		maxRetries: Math.floor(
			positive(options.maxRetries, DEFAULT_RETRY_POLICY.maxRetries, 'Max Retries', ctx),
		),
		baseDelayMs: positive(
			options.retryBaseDelayMs,
			DEFAULT_RETRY_POLICY.baseDelayMs,
			'Retry Base Delay (Ms)',
			ctx,
		),
		maxWaitMs:
			positive(
				options.maxWaitSeconds,
				DEFAULT_RETRY_POLICY.maxWaitMs / 1000,
				'Max Wait (Seconds)',
				ctx,
			) * 1000,
	};
	const timeout =
		Math.max(1, positive(options.timeoutSeconds, 30, 'Timeout (Seconds)', ctx)) * 1000;
	const concurrency = Math.max(
		1,
		Math.floor(positive(options.concurrency, 4, 'Requests at Once', ctx)),
	);

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
			return {
				statusCode: response.statusCode,
				headers: response.headers ?? {},
				body: response.body,
			};
		} catch (error) {
			return { network: networkKind(error) };
		}
	};

	const scored: ScoredItem[] = items.map((_, itemIndex) => ({ itemIndex }));
	const targets: Array<FetchTarget | undefined> = items.map((_, i) => {
		try {
			const handle = tool
				? toolArguments(ctx, FETCH_TOOL_INPUTS, i).handle
				: (ctx.getNodeParameter('handle', i, '') as unknown);
			return platform === 'instagram'
				? instagramTarget(handle, 'Handle or URL')
				: youtubeTarget(handle, 'Handle or URL');
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
			? await fetchInstagramProfiles(
					targets,
					{
						baseUrl: credentialBase,
						apiVersion: String(credentials.apiVersion ?? 'v23.0'),
						accountId: String(credentials.accountId ?? ''),
					},
					context,
			  )
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
				scored[i].error = new NodeOperationError(
					ctx.getNode(),
					forItem(jsonOf(items[i]), message),
					{ itemIndex: i, description: `How to fix: ${fix}.` },
				);
			}
			return;
		}
		try {
			const fetched = outcome.profile as InfluencerProfile;
			const profile: InfluencerProfile = {
				...fetched,
				...readCommercials(jsonOf(items[i]), mapping.get(i)),
			};
			scored[i].result = {
				...scoreInfluencer(profile, settings, now),
				fetch: fetchInfo(i),
			} as InfluencerScoreResult;
		} catch (error) {
			scored[i].error = itemError(
				ctx,
				error instanceof ApiProblem
					? new InputFieldError('response', error.message, error.fix)
					: error,
				i,
			);
		}
	});
	return scored;
}
