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
import { jsonOf, readBrandSettings, route, type ScoredItem } from '../brand';
import { fetchAndScore } from '../fetchAndScore/execute';

export async function scoreProfiles(ctx: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = ctx.getInputData();
	const operation = ctx.getNodeParameter('operation', 0) as 'score' | 'fetchAndScore';
	const outputMode = ctx.getNodeParameter('outputMode', 0) as 'decision' | 'rank' | 'single';
	const resultField = resultFieldOf(ctx, 'influencer');
	const options = ctx.getNodeParameter('options', 0, {}) as IDataObject;
	const settings = readBrandSettings(ctx, options);
	const now = referenceTimeOf(ctx, options.referenceTime, 'Score As Of') ?? Date.now();

	const mapping = parameterPerItem<MappedProfileValues>(ctx, 'fieldMapping', {});
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
							jsonOf(item),
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
