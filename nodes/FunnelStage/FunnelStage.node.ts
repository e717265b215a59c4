import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';
import { classifyDescription } from './actions/classify/description';
import { classifyLeads } from './actions/classify/execute';
import { leadInputDescription } from './actions/leadInput';
import { reportDescription } from './actions/report/description';
import { funnelReport } from './actions/report/execute';

/** Evaluated by n8n in the editor and the engine: must stay self-contained (no imports). */
const stageOutputs = (parameters: { operation?: string; routing?: string }) =>
	parameters.operation === 'report'
		? [{ type: 'main', displayName: 'Report' }]
		: parameters.routing === 'single'
		? [{ type: 'main', displayName: 'Leads' }]
		: ['SEE', 'THINK', 'DO', 'CARE'].map((stage) => ({ type: 'main', displayName: stage }));

export class FunnelStage implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Funnel Stage',
		name: 'funnelStage',
		icon: { light: 'file:funnelStage.svg', dark: 'file:funnelStage.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle:
			'={{ { classify: "Classify Leads", report: "Funnel Report" }[$parameter["operation"]] }}',
		description:
			'Classify leads into SEE, THINK, DO or CARE from their behaviour, explain why, and route them by stage',
		defaults: { name: 'Funnel Stage' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
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
				],
				default: 'classify',
			},
			...reportDescription,
			...classifyDescription,
			...leadInputDescription,
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		if (this.getNodeParameter('operation', 0) === 'report') return await funnelReport(this);
		return await classifyLeads(this);
	}
}
