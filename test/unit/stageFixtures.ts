/** A lead's evidence at a fixed time, classified by the stage rule: helpers for the Funnel Stage rule tests. */
import { DAY_MS } from '../../nodes/shared/dates';
import type { DatedSignal, LeadEvidence } from '../../nodes/FunnelStage/input/lead';
import { DEFAULT_SETTINGS } from '../../nodes/FunnelStage/rules/settings';
import { classifyLead } from '../../nodes/FunnelStage/rules/stageRules';
import type { SignalType } from '../../nodes/FunnelStage/input/signals';

export const NOW = Date.parse('2026-03-15T12:00:00Z');
export const ago = (days: number) => NOW - days * DAY_MS;
export const ev = (type: SignalType, daysAgo: number, count = 1): DatedSignal => ({
	type,
	atMs: ago(daysAgo),
	count,
	source: 'event',
});
export const classify = (lead: Partial<LeadEvidence>, settings = DEFAULT_SETTINGS) =>
	classifyLead({ signals: [], ...lead }, settings, NOW);
