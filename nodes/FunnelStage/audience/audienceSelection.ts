/**
 * Who belongs in a retargeting audience, by funnel stage, transition and orders:
 * - remarketing (THINK and DO without an order): people who looked or put something in the cart
 *   and did not buy, to remind them (THINK: remarketing; DO: remarketing ads);
 * - exclusion (CARE customers): everyone with an order, as the exclusion list of acquisition ads;
 * - custom: the stages, transitions and order condition the user picks.
 */
import type { Stage } from '../input/signals';
import type { Transition } from '../rules/stageRules';

export type AudienceKind = 'remarketing' | 'exclusion' | 'custom';
export type OrderCondition = 'any' | 'none' | 'some';

export interface AudienceDefinition {
	kind: AudienceKind;
	stages: readonly Stage[];
	/** Empty: any transition. */
	transitions: readonly Transition[];
	orders: OrderCondition;
}

export const REMARKETING: AudienceDefinition = Object.freeze({
	kind: 'remarketing',
	stages: Object.freeze(['THINK', 'DO']) as readonly Stage[],
	transitions: Object.freeze([]) as readonly Transition[],
	orders: 'none',
});

export const CARE_EXCLUSION: AudienceDefinition = Object.freeze({
	kind: 'exclusion',
	stages: Object.freeze(['CARE']) as readonly Stage[],
	transitions: Object.freeze([]) as readonly Transition[],
	orders: 'any',
});

/** Why a lead is not in the audience, or undefined when it is. */
export function outsideAudience(
	audience: AudienceDefinition,
	lead: { stage: Stage; transition: Transition; orders: number },
): string | undefined {
	if (!audience.stages.includes(lead.stage)) return `stage ${lead.stage} is not in this audience`;
	if (audience.transitions.length && !audience.transitions.includes(lead.transition))
		return `transition "${lead.transition}" is not in this audience`;
	if (audience.orders === 'none' && lead.orders > 0)
		return `has ordered (${lead.orders}), and this audience is for people without an order`;
	if (audience.orders === 'some' && lead.orders === 0)
		return 'has no order, and this audience is for customers';
	return undefined;
}

/** A custom audience, checked: at least one stage. */
export function customAudience(
	stages: readonly Stage[],
	transitions: readonly Transition[],
	orders: OrderCondition,
): AudienceDefinition {
	if (!stages.length) throw new Error('Custom Stages must name at least one stage');
	return { kind: 'custom', stages, transitions, orders };
}
