/** A workflow of one Funnel Report node at a fixed reference time: shared by the report's engine tests. */
import { singleNodeWorkflow } from './harness';

export const NOW = '2026-03-15T12:00:00.000Z';
export const daysAgo = (d: number) => new Date(Date.parse(NOW) - d * 86_400_000).toISOString();

export function report(
	parameters: Record<string, unknown> = {},
	extra: { continueOnFail?: boolean } = {},
) {
	return singleNodeWorkflow({
		type: 'n8n-nodes-social-funnel.funnelStage',
		name: 'Funnel Report',
		parameters: {
			operation: 'report',
			reportTitle: 'Test Funnel',
			period: 'Week 11',
			options: { referenceTime: NOW },
			...parameters,
		},
		...extra,
	});
}
