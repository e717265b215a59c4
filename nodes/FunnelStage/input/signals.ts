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
	/**
	 * Other names the type is known by: Meta Pixel / Conversions API standard events, GA4 event
	 * names (automatic, enhanced measurement, recommended), Klaviyo metrics and Shopify customer
	 * events (sources in test/fixtures/real/VOCABULARY.md).
	 */
	aliases: readonly string[];
}

export const SIGNALS: readonly SignalDefinition[] = [
	{
		type: 'impression',
		label: 'impression',
		points: 0.5,
		halfLifeDays: 7,
		aliases: [
			'view',
			'reach',
			'story_view',
			'video_view',
			'ad_impression',
			'view_promotion',
			'video_start',
			'video_progress',
			'video_complete',
		],
	},
	{
		type: 'like',
		label: 'like',
		points: 1,
		halfLifeDays: 7,
		aliases: ['reaction', 'favorite', 'heart'],
	},
	{
		type: 'save',
		label: 'save',
		points: 2,
		halfLifeDays: 7,
		aliases: ['bookmark', 'saved', 'AddToWishlist', 'add_to_wishlist'],
	},
	{
		type: 'follow',
		label: 'follow',
		points: 3,
		halfLifeDays: 30,
		aliases: ['subscribe_channel', 'followed', 'join_group'],
	},
	{
		type: 'comment',
		label: 'comment',
		points: 3,
		halfLifeDays: 14,
		aliases: ['reply', 'commented'],
	},
	{
		type: 'share',
		label: 'share',
		points: 4,
		halfLifeDays: 14,
		aliases: ['repost', 'retweet', 'shared'],
	},
	{
		type: 'dm',
		label: 'direct message',
		points: 8,
		halfLifeDays: 14,
		evidenceOf: 'THINK',
		aliases: ['direct_message', 'message', 'chat', 'Contact'],
	},
	{
		type: 'question',
		label: 'question in a comment',
		points: 3,
		halfLifeDays: 14,
		evidenceOf: 'THINK',
		aliases: ['comment_question', 'product_question'],
	},
	{
		type: 'link_click',
		label: 'link click',
		points: 5,
		halfLifeDays: 14,
		evidenceOf: 'THINK',
		aliases: [
			'click',
			'link_clicks',
			'outbound_click',
			'ad_click',
			'select_promotion',
			'Clicked SMS',
		],
	},
	{
		type: 'page_view',
		label: 'page view',
		points: 2,
		halfLifeDays: 14,
		evidenceOf: 'THINK',
		aliases: [
			'pageview',
			'active_on_site',
			'visit',
			'session_start',
			'first_visit',
			'first_open',
			'screen_view',
			'view_item_list',
			'view_search_results',
			'search',
			'FindLocation',
			'Opened App',
			'page_viewed',
			'collection_viewed',
			'search_submitted',
		],
	},
	{
		type: 'product_view',
		label: 'product view',
		points: 5,
		halfLifeDays: 14,
		evidenceOf: 'THINK',
		aliases: [
			'view_item',
			'viewed_product',
			'view_content',
			'viewcontent',
			'CustomizeProduct',
			'select_item',
			'view_cart',
			'product_viewed',
			'cart_viewed',
		],
	},
	{
		type: 'opt_in',
		label: 'email opt-in',
		points: 10,
		halfLifeDays: 30,
		evidenceOf: 'THINK',
		// Meta's "Subscribe" is a paid subscription (an order), not an email opt-in.
		aliases: [
			'optin',
			'email_opt_in',
			'subscribed_to_list',
			'Subscribed to Email Marketing',
			'sign_up',
			'complete_registration',
		],
	},
	{
		type: 'download',
		label: 'download',
		points: 10,
		halfLifeDays: 30,
		evidenceOf: 'THINK',
		aliases: ['file_download', 'lead_magnet'],
	},
	{
		type: 'add_to_cart',
		label: 'add to cart',
		points: 15,
		halfLifeDays: 7,
		evidenceOf: 'DO',
		aliases: ['addtocart', 'added_to_cart', 'cart_add', 'product_added_to_cart'],
	},
	{
		type: 'lead_form',
		label: 'lead form',
		points: 20,
		halfLifeDays: 14,
		evidenceOf: 'DO',
		aliases: [
			'lead',
			'form_submission',
			'generate_lead',
			'form_submit',
			'Submitted Form',
			'qualify_lead',
			'Schedule',
			'SubmitApplication',
			'StartTrial',
		],
	},
	{
		type: 'checkout_started',
		label: 'checkout started',
		points: 25,
		halfLifeDays: 7,
		evidenceOf: 'DO',
		aliases: [
			'initiate_checkout',
			'initiatecheckout',
			'started_checkout',
			'begin_checkout',
			'checkout',
			'AddPaymentInfo',
			'add_payment_info',
			'add_shipping_info',
			'checkout_contact_info_submitted',
			'checkout_address_info_submitted',
			'checkout_shipping_info_submitted',
			'payment_info_submitted',
		],
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
	{
		type: 'order',
		label: 'order',
		points: 0,
		halfLifeDays: 90,
		evidenceOf: 'CARE',
		aliases: [
			'purchase',
			'placed_order',
			'ordered',
			'completed_order',
			'Subscribe',
			'checkout_completed',
			'in_app_purchase',
			'close_convert_lead',
		],
	},
];

/**
 * Standard event names that carry no funnel signal: they are known, so they never fail a lead,
 * and they are skipped with a note. Heartbeats and technical events (user_engagement, scroll,
 * errors), messages a person only received, opt-outs, and order follow-ups that would count an
 * order twice (Klaviyo sends Ordered Product beside Placed Order, and Fulfilled Order after it).
 */
export const NO_SIGNAL_EVENTS: readonly string[] = [
	// Meta
	'Donate',
	// GA4 automatic, enhanced measurement and recommended events
	'user_engagement',
	'scroll',
	'form_start',
	'login',
	'refund',
	'remove_from_cart',
	'select_content',
	'exception',
	'error',
	'earn_virtual_currency',
	'spend_virtual_currency',
	'tutorial_begin',
	'tutorial_complete',
	'level_start',
	'level_end',
	'level_up',
	'post_score',
	'unlock_achievement',
	'disqualify_lead',
	'working_lead',
	'close_unconvert_lead',
	'ad_exposure',
	'ad_query',
	'ad_reward',
	'adunit_exposure',
	'app_clear_data',
	'app_exception',
	'app_remove',
	'app_update',
	'app_store_refund',
	'app_store_subscription_cancel',
	'app_store_subscription_convert',
	'app_store_subscription_renew',
	'dynamic_link_app_open',
	'dynamic_link_app_update',
	'dynamic_link_first_open',
	'firebase_campaign',
	'firebase_in_app_message_action',
	'firebase_in_app_message_dismiss',
	'firebase_in_app_message_impression',
	'notification_dismiss',
	'notification_foreground',
	'notification_open',
	'notification_receive',
	'notification_send',
	'os_update',
	// GA4 Measurement Protocol: campaign attribution, not behaviour
	'campaign_details',
	// Klaviyo metrics
	'Received Email',
	'Bounced Email',
	'Dropped Email',
	'Marked Email as Spam',
	'Unsubscribed',
	'Unsubscribed from List',
	'Unsubscribed from Email Marketing',
	'Updated Email Preferences',
	'Received SMS',
	'Viewed Form',
	'Ordered Product',
	'Fulfilled Order',
	'Cancelled Order',
	'Refunded Order',
	// Shopify customer events
	'product_removed_from_cart',
	'alert_displayed',
	'ui_extension_errored',
];

const NO_SIGNAL_KEYS: ReadonlySet<string> = new Set(
	NO_SIGNAL_EVENTS.map((name) => signalKey(name)),
);

/** Whether an event name is a known standard event that carries no funnel signal. */
export function carriesNoSignal(eventName: string): boolean {
	return NO_SIGNAL_KEYS.has(signalKey(eventName));
}

export const SIGNAL_BY_TYPE: ReadonlyMap<SignalType, SignalDefinition> = new Map(
	SIGNALS.map((s) => [s.type, s]),
);

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
