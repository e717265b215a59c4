/**
 * The signal vocabulary: every behaviour the Funnel Stage node understands, what it is worth
 * to the intent score (points, halving every `halfLifeDays`), and which stage it is evidence of.
 * Points and half-lives are the product spec's suggestions; every one can be overridden.
 */

export type Stage = 'SEE' | 'THINK' | 'DO' | 'CARE';
export const STAGES: readonly Stage[] = ['SEE', 'THINK', 'DO', 'CARE'];
export const STAGE_RANK: Readonly<Record<Stage, number>> = { SEE: 0, THINK: 1, DO: 2, CARE: 3 };

export type SignalType =
	| 'impression'
	| 'like'
	| 'save'
	| 'follow'
	| 'comment'
	| 'share'
	| 'dm'
	| 'question'
	| 'link_click'
	| 'page_view'
	| 'product_view'
	| 'opt_in'
	| 'download'
	| 'add_to_cart'
	| 'lead_form'
	| 'checkout_started'
	| 'email_open'
	| 'email_click'
	| 'order';

export interface SignalDefinition {
	type: SignalType;
	label: string;
	points: number;
	halfLifeDays: number;
	/** The stage this signal is fresh evidence of (within that stage's window), if any. */
	evidenceOf?: 'THINK' | 'DO' | 'CARE';
	/** Gathered by per-person email tracking: only counts with tracking consent (§ 25 TDDDG, GDPR). */
	needsTrackingConsent?: boolean;
	/** Other names the type is known by in event exports (Meta pixel, Klaviyo metrics, GA4). */
	aliases: readonly string[];
}

export const SIGNALS: readonly SignalDefinition[] = [
	{ type: 'impression', label: 'impression', points: 0.5, halfLifeDays: 7, aliases: ['view', 'reach', 'story_view', 'video_view'] },
	{ type: 'like', label: 'like', points: 1, halfLifeDays: 7, aliases: ['reaction', 'favorite', 'heart'] },
	{ type: 'save', label: 'save', points: 2, halfLifeDays: 7, aliases: ['bookmark', 'saved'] },
	{ type: 'follow', label: 'follow', points: 3, halfLifeDays: 30, aliases: ['subscribe_channel', 'followed'] },
	{ type: 'comment', label: 'comment', points: 3, halfLifeDays: 14, aliases: ['reply', 'commented'] },
	{ type: 'share', label: 'share', points: 4, halfLifeDays: 14, aliases: ['repost', 'retweet', 'shared'] },
	{ type: 'dm', label: 'direct message', points: 8, halfLifeDays: 14, evidenceOf: 'THINK', aliases: ['direct_message', 'message', 'chat'] },
	{
		type: 'question',
		label: 'question in a comment',
		points: 3,
		halfLifeDays: 14,
		evidenceOf: 'THINK',
		aliases: ['comment_question', 'product_question'],
	},
	{ type: 'link_click', label: 'link click', points: 5, halfLifeDays: 14, evidenceOf: 'THINK', aliases: ['click', 'link_clicks', 'outbound_click'] },
	{ type: 'page_view', label: 'page view', points: 2, halfLifeDays: 14, evidenceOf: 'THINK', aliases: ['pageview', 'active_on_site', 'visit', 'session_start'] },
	{
		type: 'product_view',
		label: 'product view',
		points: 5,
		halfLifeDays: 14,
		evidenceOf: 'THINK',
		aliases: ['view_item', 'viewed_product', 'view_content', 'viewcontent'],
	},
	{
		type: 'opt_in',
		label: 'email opt-in',
		points: 10,
		halfLifeDays: 30,
		evidenceOf: 'THINK',
		aliases: ['optin', 'email_opt_in', 'subscribe', 'subscribed_to_list', 'sign_up', 'complete_registration'],
	},
	{ type: 'download', label: 'download', points: 10, halfLifeDays: 30, evidenceOf: 'THINK', aliases: ['file_download', 'lead_magnet'] },
	{ type: 'add_to_cart', label: 'add to cart', points: 15, halfLifeDays: 7, evidenceOf: 'DO', aliases: ['addtocart', 'added_to_cart', 'cart_add'] },
	{ type: 'lead_form', label: 'lead form', points: 20, halfLifeDays: 14, evidenceOf: 'DO', aliases: ['lead', 'form_submission', 'generate_lead', 'form_submit'] },
	{
		type: 'checkout_started',
		label: 'checkout started',
		points: 25,
		halfLifeDays: 7,
		evidenceOf: 'DO',
		aliases: ['initiate_checkout', 'initiatecheckout', 'started_checkout', 'begin_checkout', 'checkout'],
	},
	{
		type: 'email_open',
		label: 'email open',
		points: 1,
		halfLifeDays: 7,
		needsTrackingConsent: true,
		aliases: ['opened_email', 'open'],
	},
	{
		type: 'email_click',
		label: 'email click',
		points: 5,
		halfLifeDays: 14,
		evidenceOf: 'THINK',
		needsTrackingConsent: true,
		aliases: ['clicked_email'],
	},
	{ type: 'order', label: 'order', points: 0, halfLifeDays: 90, evidenceOf: 'CARE', aliases: ['purchase', 'placed_order', 'ordered', 'completed_order'] },
];

export const SIGNAL_BY_TYPE: ReadonlyMap<SignalType, SignalDefinition> = new Map(SIGNALS.map((s) => [s.type, s]));

/** Folds "Added to Cart", "add-to-cart" and "AddToCart" to one key. */
export function signalKey(name: string): string {
	return name.toLowerCase().replace(/[^a-z0-9]/g, '');
}

const TYPE_BY_KEY: ReadonlyMap<string, SignalType> = (() => {
	const map = new Map<string, SignalType>();
	for (const s of SIGNALS) {
		map.set(signalKey(s.type), s.type);
		for (const alias of s.aliases) map.set(signalKey(alias), s.type);
	}
	return map;
})();

/** The signal type an event name stands for, or `undefined` when it is not in the vocabulary. */
export function signalTypeOf(eventName: string): SignalType | undefined {
	return TYPE_BY_KEY.get(signalKey(eventName));
}
