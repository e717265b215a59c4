/** Opening the store Remember Stages names (n8n glue; the stores live in memory/). */
import type { IExecuteFunctions } from 'n8n-workflow';
import { isProductionRun, postgresConnectionOf } from '../../../shared/stateStoreGlue';
import {
	PostgresStageMemory,
	StaticDataStageMemory,
	type StageMemoryStore,
} from '../../memory/stageMemoryStore';

export async function openStageMemory(
	ctx: IExecuteFunctions,
	kind: string,
): Promise<StageMemoryStore> {
	const workflowId = String(ctx.getWorkflow().id ?? '');
	if (kind !== 'postgres') {
		return new StaticDataStageMemory(ctx.getWorkflowStaticData('global'), {
			workflowId,
			production: isProductionRun(ctx),
			queueMode: process.env.EXECUTIONS_MODE === 'queue',
		});
	}
	return new PostgresStageMemory(
		await postgresConnectionOf(ctx, 'Postgres stage memory'),
		String(ctx.getNodeParameter('memoryName', 0, '')).trim() || `workflow:${workflowId}`,
	);
}
