import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';
import { audienceDescription } from './actions/audience/description';
import { buildAudience } from './actions/audience/execute';
import { classifyDescription } from './actions/classify/description';
import { classifyLeads, stageAnswer } from './actions/classify/execute';
import { LEAD_TOOL_INPUTS, leadInputDescription, REPORT_TOOL_INPUTS } from './actions/leadInput';
import { reportDescription } from './actions/report/description';
import { funnelReport, reportAnswer } from './actions/report/execute';
import { runOperation, withToolSurface } from '../shared/toolMode';

/** Evaluated by n8n in the editor and the engine: must stay self-contained (no imports). */
const stageOutputs = (parameters: { operation?: string; routing?: string; emit?: string }) => {
	if (parameters.operation === 'report') return [{ type: 'main', displayName: 'Report' }];
	if (parameters.operation === 'audience')
		return [
			{ type: 'main', displayName: 'Upload Batches' },
			{ type: 'main', displayName: 'Not Uploaded' },
		];
	const leads =
		parameters.routing === 'single'
			? [{ type: 'main', displayName: 'Leads' }]
			: ['SEE', 'THINK', 'DO', 'CARE'].map((stage) => ({ type: 'main', displayName: stage }));
	return parameters.emit === 'changed'
		? [...leads, { type: 'main', displayName: 'Unchanged' }]
		: leads;
};

export class FunnelStage implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Funnel Stage',
		name: 'funnelStage',
		icon: { light: 'file:funnelStage.svg', dark: 'file:funnelStage.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle:
			'={{ { classify: "Classify Leads", report: "Funnel Report", audience: "Build Retargeting Audience" }[$parameter["operation"]] }}',
		description:
			'Classify leads into SEE, THINK, DO or CARE from their behaviour, explain why, and route them by stage',
		defaults: { name: 'Funnel Stage' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		credentials: [
			{
				// n8n's own Postgres credential, as Care Follow-Up's ledger uses it (see there).
				// eslint-disable-next-line n8n-nodes-base/node-class-description-credentials-name-unsuffixed, @n8n/community-nodes/no-credential-reuse, @n8n/community-nodes/valid-credential-references
				name: 'postgres',
				required: true,
				displayOptions: { show: { operation: ['classify'], rememberStages: ['postgres'] } },
			},
		],
		outputs: `={{(${stageOutputs})($parameter)}}`,
		properties: [
			{
				displayName: 'Operation',
				name: 'operation',
				type: 'options',
				noDataExpression: true,
				options: [
					{
						name: 'Classify Leads',
						value: 'classify',
						action: 'Classify leads into funnel stages',
						description: 'Give each lead its stage, intent score, reasons and next best actions',
					},
					{
						name: 'Funnel Report',
						value: 'report',
						action: 'Report the funnel with a chart',
						description:
							'Count and share per stage, conversion between stages, KPIs per stage and a funnel chart, in one item',
					},
					{
						name: 'Build Retargeting Audience',
						value: 'audience',
						action: 'Build a retargeting audience for ad uploads',
						description:
							'Hashed upload batches of the leads in an audience (THINK and DO without an order, or CARE customers) who consented to ad targeting, and a CSV',
					},
				],
				default: 'classify',
			},
			...withToolSurface(
				[
					...reportDescription,
					...classifyDescription,
					...audienceDescription,
					...leadInputDescription,
				],
				{
					hide: [
						'binaryProperty',
						'includePng',
						'routing',
						'emit',
						'recogniseFields',
						'leadFields',
						'identityFields',
						'csvBinaryProperty',
					],
					descriptions: {
						classify:
							'Classify one lead into the funnel stage SEE, THINK, DO or CARE from what they did. Pass what you know: email, events (a list of {"type", "at"}), counters such as likes or addToCarts, orders and lastOrderAt. Returns the stage, an intent score 0-100, the reasons and the next best actions.',
						report:
							'Count leads per funnel stage (SEE, THINK, DO, CARE) with conversion between stages. Pass leads as a list of objects (email, events, orders …). Returns the report as JSON.',
						audience:
							'Not available as a tool: building a retargeting audience uploads personal data and runs in a workflow. Calling it answers with that.',
					},
					inputs: { classify: LEAD_TOOL_INPUTS, report: REPORT_TOOL_INPUTS },
				},
			),
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const operation = this.getNodeParameter('operation', 0) as string;
		return await runOperation(
			this,
			'funnel',
			async () =>
				operation === 'report'
					? await funnelReport(this)
					: operation === 'audience'
					? await buildAudience(this)
					: await classifyLeads(this),
			(field) => (operation === 'report' ? reportAnswer : stageAnswer(field)),
		);
	}
}
