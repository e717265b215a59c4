/** Classify Leads: each lead's stage and why, routed to the stage's output (n8n glue only). */
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { errorItem, itemError } from '../../../shared/nodeGlue';
import { STAGE_RANK, STAGES } from '../../input/signals';
import { classifyLead } from '../../rules/stageRules';
import { leadInputOf } from '../leadInput';

export async function classifyLeads(ctx: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = ctx.getInputData();
	const routing = ctx.getNodeParameter('routing', 0, 'perStage') as string;
	const { jsonAt, resultField, reader, mappedAt, settingsFor } = leadInputOf(ctx, {
		oneLeadFromTool: true,
	});
	const outputs: INodeExecutionData[][] = routing === 'single' ? [[]] : STAGES.map(() => []);
	for (let i = 0; i < items.length; i++) {
		const item = items[i];
		try {
			const { settings, nowMs } = settingsFor(i);
			const json = jsonAt(i, item);
			const lead = reader.read(json, mappedAt(i), nowMs, settings);
			const result = classifyLead(lead, settings, nowMs);
			const out: INodeExecutionData = {
				json: { ...json, [resultField]: result as unknown as INodeExecutionData['json'] },
				pairedItem: { item: i },
			};
			if (item.binary) out.binary = item.binary;
			outputs[routing === 'single' ? 0 : STAGE_RANK[result.stage]].push(out);
		} catch (error) {
			const nodeError = itemError(ctx, error, i);
			if (!ctx.continueOnFail()) throw nodeError;
			outputs[0].push(errorItem(ctx, item, nodeError, i));
		}
	}
	return outputs;
}

/** A classified lead as a tool's answer: who, the stage, and why; not the input fields. */
export function stageAnswer(resultField: string) {
	return (item: INodeExecutionData): IDataObject => {
		const r = (item.json[resultField] ?? {}) as IDataObject;
		const { email, name } = item.json;
		return {
			...(email || name ? { lead: (email ?? name) as string } : {}),
			stage: r.stage,
			score: r.score,
			customerStatus: r.customerStatus,
			explanation: r.explanation,
			reasons: r.reasons,
			notes: r.notes,
			nextBestActions: r.nextBestActions,
		};
	};
}
