import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
	type NodeParameterValue,
} from 'n8n-workflow';
import {
	brandDescription,
	FETCH_TOOL_INPUTS,
	influencerAnswer,
	optionsDescription,
	PROFILE_TOOL_INPUTS,
} from './actions/brand';
import { runOperation, withToolSurface } from '../shared/toolMode';
import {
	fetchOptionsDescription,
	fetchTargetDescription,
} from './actions/fetchAndScore/description';
import { scoreDescription } from './actions/score/description';
import { scoreProfiles } from './actions/score/execute';

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

/** A credential's display condition "Platform is p" (n8n's typings for credentials lack conditions; its editor and engine read them). */
const platformIs = (p: string) => ({ _cnd: { eq: p } } as unknown as NodeParameterValue);

export class InfluencerScore implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Influencer Score',
		name: 'influencerScore',
		icon: { light: 'file:influencerScore.svg', dark: 'file:influencerScore.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle:
			'={{ { score: "Score Profiles", fetchAndScore: "Fetch and Score: " + $parameter["platform"] }[$parameter["operation"]] }}',
		description:
			'Score how well influencers fit your brand: engagement against benchmarks, authenticity, niche fit and cost',
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
			{
				name: 'instagramGraphApi',
				required: true,
				displayOptions: {
					show: { operation: ['fetchAndScore'], platform: [platformIs('instagram')] },
				},
			},
			{
				name: 'youTubeDataApi',
				required: true,
				displayOptions: {
					show: { operation: ['fetchAndScore'], platform: [platformIs('youtube')] },
				},
			},
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
						description:
							'Score influencers from the figures in each item (followers, posts or averages, fee)',
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
			...withToolSurface(
				[
					...fetchTargetDescription,
					...scoreDescription,
					...brandDescription,
					...fetchOptionsDescription,
					...optionsDescription,
				],
				{
					hide: ['handle', 'fieldMapping', 'outputMode', 'topN'],
					descriptions: {
						score:
							'Score how well one influencer fits the brand: engagement rate against benchmarks for their platform and size, authenticity flags, niche fit and cost per engagement. Pass the profile: handle, platform (instagram, tiktok, youtube or other), followers, following, bio, recent posts with likes, comments and views, and feePerPost. Returns the decision (shortlist, consider or reject), the fit score 0-100, a grade and the reasons.',
						fetchAndScore:
							'Fetch one influencer’s public profile and recent posts from the platform this tool is set up for, and score their fit for the brand. Pass handle: the username, @handle or profile URL. Returns the decision (shortlist, consider or reject), the fit score 0-100, a grade and the reasons, or why the profile could not be fetched.',
					},
					inputs: { score: PROFILE_TOOL_INPUTS, fetchAndScore: FETCH_TOOL_INPUTS },
				},
			),
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await runOperation(
			this,
			'influencer',
			async () => await scoreProfiles(this),
			influencerAnswer,
		);
	}
}
