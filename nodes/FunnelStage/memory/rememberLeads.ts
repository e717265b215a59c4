/**
 * Classifying with stage memory: each lead's remembered stage becomes its previous stage and
 * its highest stage, the rule classifies, and the memory moves on. Leads
 * are taken in input order, so a person twice in one batch moves once. Pure: no n8n import.
 */
import type { LeadEvidence } from '../input/lead';
import { STAGE_RANK } from '../input/signals';
import type { FunnelSettings } from '../rules/settings';
import { classifyLead, type StageResult } from '../rules/stageRules';
import {
	decodeStageRecord,
	encodeStageRecord,
	rememberStage,
	stageMemoryView,
	type StageMemoryView,
	type StageRecord,
} from './stageMemory';
import type { StageMemoryStore } from './stageMemoryStore';

export interface LeadToRemember {
	lead: LeadEvidence;
	settings: FunnelSettings;
	nowMs: number;
	/** The lead's key in the memory (leadHash). */
	hash?: string;
}

export type RememberedResult = StageResult & Partial<StageMemoryView>;

/**
 * The lead as the rule sees it with its memory: the remembered stage is the previous one, whatever
 * the item says (a stage field in the item may be stale; the memory is what was told). The item's
 * own previous stage counts only for a lead the memory does not know yet.
 */
function withMemory(lead: LeadEvidence, record: StageRecord): LeadEvidence {
	const highest =
		lead.previousHighestStage &&
		STAGE_RANK[lead.previousHighestStage] > STAGE_RANK[record.highestStage]
			? lead.previousHighestStage
			: record.highestStage;
	return {
		...lead,
		previousStage: record.stage,
		previousHighestStage: highest,
	};
}

/** Classifies `leads` against what `store` remembers and keeps the new memory (unless `readOnly`). */
export async function rememberLeads(
	store: StageMemoryStore,
	leads: readonly LeadToRemember[],
	readOnly: boolean,
): Promise<RememberedResult[]> {
	const hashes = [...new Set(leads.flatMap((l) => (l.hash ? [l.hash] : [])))];
	return store.remember(hashes, readOnly, (stored) => {
		const lines = new Map(stored);
		const keep = new Map<string, string>();
		const results = leads.map((l): RememberedResult => {
			if (!l.hash) return classifyLead(l.lead, l.settings, l.nowMs);
			const record = decodeStageRecord(lines.get(l.hash));
			const result = classifyLead(
				record ? withMemory(l.lead, record) : l.lead,
				l.settings,
				l.nowMs,
			);
			const next = rememberStage(record, result.stage, result.highestStage, l.nowMs);
			const line = encodeStageRecord(next);
			lines.set(l.hash, line);
			keep.set(l.hash, line);
			return { ...result, ...stageMemoryView(next, l.nowMs) };
		});
		return { result: results, keep };
	});
}
