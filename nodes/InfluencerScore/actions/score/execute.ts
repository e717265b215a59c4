/** Score Profiles and Fetch and Score: reads the options, scores each profile, routes the results (n8n glue only). */
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import {
	itemError,
	parameterPerItem,
	referenceTimeOf,
	resultFieldOf,
} from '../../../shared/nodeGlue';
import {
	readInfluencer,
	type MappedProfileValues,
	type Platform,
} from '../../input/influencerProfile';
import { scoreInfluencer } from '../../rules/influencerScore';
import { isToolMode, toolArguments } from '../../../shared/toolMode';
import { jsonOf, PROFILE_TOOL_INPUTS, readBrandSettings, route, type ScoredItem } from '../brand';
import { fetchAndScore } from '../fetchAndScore/execute';

export async function scoreProfiles(ctx: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = ctx.getInputData();
	const operation = ctx.getNodeParameter('operation', 0) as 'score' | 'fetchAndScore';
	const outputMode = ctx.getNodeParameter('outputMode', 0, 'decision') as
		| 'decision'
		| 'rank'
		| 'single';
	const resultField = resultFieldOf(ctx, 'influencer');
	const options = ctx.getNodeParameter('options', 0, {}) as IDataObject;
	const settings = readBrandSettings(ctx, options);
	const now = referenceTimeOf(ctx, options.referenceTime, 'Score As Of') ?? Date.now();

	// As a tool, the profile to score is what the model passed, not the item.
	const profileFromTool = isToolMode(ctx) && operation === 'score';
	const mapped = parameterPerItem<MappedProfileValues>(ctx, 'fieldMapping', {});
	const mapping = profileFromTool
		? {
				perItem: true,
				get: (i: number) => toolArguments(ctx, PROFILE_TOOL_INPUTS, i) as MappedProfileValues,
		  }
		: mapped;
	const defaultPlatform = parameterPerItem<Platform>(ctx, 'defaultPlatform', 'instagram');
	const scored: ScoredItem[] =
		operation === 'fetchAndScore'
			? await fetchAndScore(
					ctx,
					items,
					mapping,
					settings,
					now,
					ctx.getNodeParameter('fetchOptions', 0, {}) as IDataObject,
			  )
			: items.map((item, itemIndex) => {
					try {
						const profile = readInfluencer(
							profileFromTool ? {} : jsonOf(item),
							mapping.get(itemIndex),
							defaultPlatform.get(itemIndex),
						);
						return { itemIndex, result: scoreInfluencer(profile, settings, now) };
					} catch (error) {
						return { itemIndex, error: itemError(ctx, error, itemIndex) };
					}
			  });

	const firstError = scored.find((s) => s.error);
	if (firstError?.error && !ctx.continueOnFail()) throw firstError.error;
	return route(ctx, items, scored, outputMode, resultField);
}
