/** Classify Leads: each lead's stage and why, remembered if chosen, routed to the stage's output (n8n glue only). */
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { InputFieldError } from '../../../shared/inputErrors';
import { errorItem, itemError, parameterPerItem } from '../../../shared/nodeGlue';
import { isToolMode } from '../../../shared/toolMode';
import { STAGE_RANK, STAGES } from '../../input/signals';
import type { FunnelSettings } from '../../rules/settings';
import { classifyLead, type StageResult } from '../../rules/stageRules';
import { leadIdentityOf, leadHash } from '../../memory/leadIdentity';
import { rememberLeads, type LeadToRemember } from '../../memory/rememberLeads';
import type { StageMemoryView } from '../../memory/stageMemory';
import { leadInputOf } from '../leadInput';
import { openStageMemory } from './memoryStore';
import { isTestRun, storeError } from '../../../shared/stateStoreGlue';

interface ReadLead extends LeadToRemember {
	index: number;
	json: IDataObject;
	settings: FunnelSettings;
	nowMs: number;
}

export async function classifyLeads(ctx: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = ctx.getInputData();
	const routing = ctx.getNodeParameter('routing', 0, 'perStage') as string;
	const emit = ctx.getNodeParameter('emit', 0, 'all') as string;
	const stageMoves = ctx.getNodeParameter(
		'stageMoves',
		0,
		'bothWays',
	) as FunnelSettings['stageMoves'];
	const memoryKind = ctx.getNodeParameter('rememberStages', 0, 'off') as string;
	const remembering = memoryKind === 'staticData' || memoryKind === 'postgres';
	const { jsonAt, resultField, reader, mappedAt, settingsFor } = leadInputOf(ctx, {
		oneLeadFromTool: true,
	});
	const recogniseKey =
		isToolMode(ctx) || (ctx.getNodeParameter('recogniseFields', 0, true) as boolean);
	const leadKey = remembering ? parameterPerItem<unknown>(ctx, 'leadKey', '') : undefined;
	const continueOnFail = ctx.continueOnFail();

	// Read every lead first: a bad item fails (or leaves as an error item) before any memory changes.
	const leads: ReadLead[] = [];
	const failed = new Map<number, INodeExecutionData>();
	for (let i = 0; i < items.length; i++) {
		try {
			const { settings, nowMs } = settingsFor(i);
			const json = jsonAt(i, items[i]);
			const lead = reader.read(json, mappedAt(i), nowMs, settings);
			let hash: string | undefined;
			if (leadKey) {
				const identity = leadIdentityOf(json, leadKey.get(i), recogniseKey);
				if (!identity) {
					throw new InputFieldError(
						'Lead Key',
						'is empty, and the item has no email, customer ID or contact ID to tell who the lead is (Remember Stages needs one)',
						'map Lead Key to the field that names the lead, e.g. {{ $json.email }}, or set Remember Stages to Off',
					);
				}
				hash = leadHash(identity.key);
			}
			leads.push({ index: i, json, lead, settings: { ...settings, stageMoves }, nowMs, hash });
		} catch (error) {
			const nodeErr = itemError(ctx, error, i);
			if (!continueOnFail) throw nodeErr;
			failed.set(i, errorItem(ctx, items[i], nodeErr, i));
		}
	}

	let results: Array<StageResult & Partial<StageMemoryView>>;
	if (remembering) {
		try {
			const store = await openStageMemory(ctx, memoryKind);
			results = await rememberLeads(store, leads, isTestRun(ctx));
		} catch (error) {
			throw storeError(ctx, error);
		}
	} else {
		results = leads.map((l) => classifyLead(l.lead, l.settings, l.nowMs));
	}

	const stageOutputs = routing === 'single' ? 1 : STAGES.length;
	const outputs: INodeExecutionData[][] = Array.from(
		{ length: stageOutputs + (emit === 'changed' ? 1 : 0) },
		() => [],
	);
	const placed: Array<{ output: number; item: INodeExecutionData }> = new Array(items.length);
	failed.forEach((item, i) => (placed[i] = { output: 0, item }));
	leads.forEach(({ index, json }, k) => {
		const result = results[k];
		const out: INodeExecutionData = {
			json: { ...json, [resultField]: result as unknown as IDataObject },
			pairedItem: { item: index },
		};
		if (items[index].binary) out.binary = items[index].binary;
		const output =
			emit === 'changed' && result.transition === 'same'
				? stageOutputs
				: routing === 'single'
				? 0
				: STAGE_RANK[result.stage];
		placed[index] = { output, item: out };
	});
	for (const p of placed) if (p) outputs[p.output].push(p.item);
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
			...(r.stageSince ? { transition: r.transition, stageSince: r.stageSince } : {}),
		};
	};
}
