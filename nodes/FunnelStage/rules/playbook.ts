/**
 * The seed's SEE → THINK → DO → CARE playbook (Avinash Kaushik's framework as laid out in
 * the product spec): labels and KPIs per stage, and the organic and paid measures that are
 * offered as next best actions.
 */
import type { Stage } from '../input/signals';

export interface StagePlaybook {
	stage: Stage;
	who: string;
	aida: string;
	funnelPosition: 'TOFU' | 'MOFU' | 'BOFU' | 'Retention';
	kpis: readonly string[];
	nextBestActions: { organic: readonly string[]; paid: readonly string[] };
}

export const PLAYBOOK: Readonly<Record<Stage, StagePlaybook>> = {
	SEE: {
		stage: 'SEE',
		who: 'the widest reachable audience, no buying intent yet',
		aida: 'Attention',
		funnelPosition: 'TOFU',
		kpis: ['reach', 'impressions', 'followers', 'likes'],
		nextBestActions: {
			organic: ['stories', 'live sessions', 'brand ambassadors', 'hashtags'],
			paid: ['video ads', 'influencer cooperations', 'takeovers'],
		},
	},
	THINK: {
		stage: 'THINK',
		who: 'shows interest and evaluates',
		aida: 'Interest',
		funnelPosition: 'MOFU',
		kpis: ['reach', 'impressions', 'click-through rate', 'conversion'],
		nextBestActions: {
			organic: ['reviews', 'answer comments', 'informative posts, stories and videos'],
			paid: ['remarketing', 'product-catalogue ads', 'sponsored posts'],
		},
	},
	DO: {
		stage: 'DO',
		who: 'ready to act: buy, leave an email, join a club',
		aida: 'Desire → Action',
		funnelPosition: 'BOFU',
		kpis: ['conversion', 'leads', 'revenue'],
		nextBestActions: {
			organic: [
				'giveaway with purchase incentive',
				'offer or coupon',
				'custom and lookalike audiences',
				'call-to-action buttons',
			],
			paid: ['remarketing ads', 'offer ads', 'lead ads'],
		},
	},
	CARE: {
		stage: 'CARE',
		who: 'has bought; turn buyers into fans and repeat buyers',
		aida: 'After Action',
		funnelPosition: 'Retention',
		kpis: ['reviews', 'referrals', 'repurchase rate', 'interaction rate'],
		nextBestActions: {
			organic: ['1:1 chat', 'individual follow-up offer', 'VIP live event', 'customer community'],
			paid: ['intelligent retargeting', 'brand-ambassador programme'],
		},
	},
};

export type CustomerStatus = 'new' | 'active' | 'loyal' | 'at risk' | 'lapsed';

/** One extra, status-specific step for customers in CARE. */
export const CUSTOMER_STATUS_ACTION: Readonly<Record<CustomerStatus, string>> = {
	new: 'ask for a review once the order has arrived',
	active: 'offer the next product on the price ladder',
	loyal: 'invite to the VIP or brand-ambassador programme',
	'at risk': 'send a win-back offer before the customer lapses',
	lapsed: 'try one last win-back, then move to SEE audiences',
};
