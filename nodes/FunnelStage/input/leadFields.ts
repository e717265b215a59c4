/**
 * Reading a lead from an n8n item: the fields the user mapped, else the field names common
 * exports use (Shopify, WooCommerce, HubSpot, Klaviyo, Meta/GA4 event names), into LeadEvidence.
 * Every problem is an InputFieldError naming the field and the fix.
 */
import { readCount, readDate, readFlag, readNumber } from '../../shared/coerce';
import { DAY_MS } from '../../shared/dates';
import { InputFieldError, preview } from '../../shared/inputErrors';
import { compilePath, firstFilledPath, readFirst, readPath } from '../../shared/objectPath';
import type { DatedSignal, LeadEvidence } from './lead';
import type { FunnelSettings } from '../rules/settings';
import {
	carriesNoSignal,
	signalTypeOf,
	SIGNALS,
	type SignalType,
	type Stage,
	STAGES,
} from './signals';

type FieldKind = 'count' | 'amount' | 'date' | 'events' | 'flag' | 'stage' | 'lifecycle';

export interface LeadFieldDefinition {
	name: string;
	displayName: string;
	kind: FieldKind;
	/** For counters: the signal one unit of the counter stands for. */
	signal?: SignalType;
	/** Field names recognised without mapping, first match wins. Dotted names are nested fields. */
	recognised: readonly string[];
	description: string;
}

const counter = (
	name: string,
	displayName: string,
	signal: SignalType,
	recognised: string[],
	source = '',
): LeadFieldDefinition => ({
	name,
	displayName,
	kind: 'count',
	signal,
	recognised,
	description: `Number of ${displayName.toLowerCase()}${source}. Recognised without mapping: ${recognised.join(
		', ',
	)}.`,
});

/** Every field the Funnel Stage node reads, in the order the node shows them. */
export const LEAD_FIELDS: readonly LeadFieldDefinition[] = [
	{
		name: 'events',
		displayName: 'Events',
		kind: 'events',
		recognised: ['events', 'activities', 'timeline'],
		description:
			'A list of events such as [{"type": "product_view", "at": "2026-03-01T10:00:00Z"}]. Optional "count" per event. Recognised without mapping: events, activities, timeline.',
	},
	counter('impressions', 'Impressions', 'impression', ['impressions', 'impression_count']),
	counter('likes', 'Likes', 'like', ['likes', 'like_count', 'likeCount']),
	counter('comments', 'Comments', 'comment', ['comments', 'comments_count', 'commentCount']),
	counter('shares', 'Shares', 'share', ['shares', 'share_count', 'shareCount']),
	counter('saves', 'Saves', 'save', ['saves', 'save_count', 'saveCount']),
	counter('follows', 'Follows', 'follow', ['follows', 'followed']),
	counter('directMessages', 'Direct Messages', 'dm', ['directMessages', 'direct_messages', 'dms']),
	counter('questions', 'Questions in Comments', 'question', ['questions', 'commentQuestions']),
	counter('linkClicks', 'Link Clicks', 'link_click', [
		'linkClicks',
		'link_clicks',
		'properties.hs_social_num_broadcast_clicks',
	]),
	counter('pageViews', 'Page Views', 'page_view', [
		'pageViews',
		'page_views',
		'properties.hs_analytics_num_page_views',
	]),
	counter('productViews', 'Product Views', 'product_view', [
		'productViews',
		'product_views',
		'viewedProducts',
	]),
	{
		name: 'emailOptIn',
		displayName: 'Email Opt-In',
		kind: 'count',
		signal: 'opt_in',
		recognised: [
			'emailOptIn',
			'email_opt_in',
			'optIn',
			'email_marketing_consent.state',
			'emailMarketingConsent.marketingState',
			'accepts_marketing',
			'attributes.subscriptions.email.marketing.consent',
		],
		description:
			'Whether (or how often) the lead opted in to email: true/false, subscribed/unsubscribed, or a count. Recognised without mapping: emailOptIn, email_opt_in, optIn, email_marketing_consent.state (Shopify), accepts_marketing, attributes.subscriptions.email.marketing.consent (Klaviyo).',
	},
	counter('downloads', 'Downloads', 'download', ['downloads', 'download_count']),
	counter('addToCarts', 'Add-to-Carts', 'add_to_cart', [
		'addToCarts',
		'add_to_carts',
		'addToCart',
		'cartAdds',
	]),
	counter('checkoutsStarted', 'Checkouts Started', 'checkout_started', [
		'checkoutsStarted',
		'checkouts_started',
		'startedCheckouts',
	]),
	counter('leadForms', 'Lead Forms', 'lead_form', [
		'leadForms',
		'lead_forms',
		'formSubmissions',
		'properties.num_conversion_events',
	]),
	counter(
		'emailOpens',
		'Email Opens',
		'email_open',
		['emailOpens', 'email_opens', 'properties.hs_email_open'],
		' (only counted with tracking consent)',
	),
	counter(
		'emailClicks',
		'Email Clicks',
		'email_click',
		['emailClicks', 'email_clicks', 'properties.hs_email_click'],
		' (only counted with tracking consent)',
	),
	{
		name: 'orders',
		displayName: 'Orders',
		kind: 'count',
		// A shop's own count first: a GraphQL orders connection may hold only one page of them.
		recognised: [
			'numberOfOrders',
			'orders_count',
			'ordersCount',
			'orders',
			'attributes.predictive_analytics.historic_number_of_orders',
		],
		description:
			'Number of orders (a list of orders counts its entries, as does a GraphQL connection). Recognised without mapping: numberOfOrders (Shopify GraphQL), orders_count (Shopify, WooCommerce), ordersCount, orders, attributes.predictive_analytics.historic_number_of_orders (Klaviyo).',
	},
	{
		name: 'totalSpent',
		displayName: 'Total Spent',
		kind: 'amount',
		recognised: [
			'totalSpent',
			'total_spent',
			'total_spend',
			'amountSpent.amount',
			'properties.total_revenue',
			'attributes.predictive_analytics.historic_clv',
		],
		description:
			'Lifetime spend. Recognised without mapping: totalSpent, total_spent (Shopify), total_spend (WooCommerce), amountSpent.amount, properties.total_revenue (HubSpot), attributes.predictive_analytics.historic_clv (Klaviyo).',
	},
	{
		name: 'firstOrderAt',
		displayName: 'First Order Date',
		kind: 'date',
		recognised: ['firstOrderAt', 'first_order_date', 'firstOrderDate'],
		description:
			'Date of the first order. Recognised without mapping: firstOrderAt, first_order_date, firstOrderDate.',
	},
	{
		name: 'lastOrderAt',
		displayName: 'Last Order Date',
		kind: 'date',
		recognised: [
			'lastOrderAt',
			'last_order_date',
			'lastOrderDate',
			'date_last_order',
			'lastOrder.createdAt',
		],
		description:
			'Date of the latest order, for the customer status. Recognised without mapping: lastOrderAt, last_order_date, lastOrderDate, date_last_order (WooCommerce), lastOrder.createdAt (Shopify GraphQL).',
	},
	{
		name: 'lastActivityAt',
		displayName: 'Last Activity Date',
		kind: 'date',
		recognised: [
			'lastActivityAt',
			'last_activity_date',
			'lastActivity',
			'date_last_active',
			'properties.hs_analytics_last_visit_timestamp',
			'properties.notes_last_updated',
			'attributes.last_event_date',
			'updated_at',
			'updatedAt',
		],
		description:
			'When the lead was last active; counters without a date of their own count at this date. Recognised without mapping: lastActivityAt, last_activity_date, lastActivity, date_last_active (WooCommerce), properties.hs_analytics_last_visit_timestamp and properties.notes_last_updated (HubSpot), attributes.last_event_date (Klaviyo), updated_at, updatedAt.',
	},
	{
		name: 'lifecycleStage',
		displayName: 'Lifecycle Stage',
		kind: 'lifecycle',
		recognised: [
			'lifecyclestage',
			'properties.lifecyclestage',
			'lifecycleStage',
			'lifecycle_stage',
			'is_paying_customer',
		],
		description:
			'A CRM or shop lifecycle value that raises the stage (Options → Use Lifecycle Stage): HubSpot subscriber, lead and marketingqualifiedlead → THINK, salesqualifiedlead and opportunity → DO, customer and evangelist → CARE; WooCommerce is_paying_customer true → CARE. Recognised without mapping: lifecyclestage, properties.lifecyclestage (HubSpot), lifecycleStage, lifecycle_stage, is_paying_customer (WooCommerce).',
	},
	{
		name: 'trackingConsent',
		displayName: 'Tracking Consent',
		kind: 'flag',
		recognised: ['trackingConsent', 'tracking_consent', 'consent.tracking', 'consents.tracking'],
		description:
			'Whether the person consented to per-person tracking. Without it, email opens and clicks are ignored. Recognised without mapping: trackingConsent, tracking_consent, consent.tracking, consents.tracking.',
	},
	{
		name: 'previousStage',
		displayName: 'Previous Stage',
		kind: 'stage',
		recognised: ['previousStage', 'funnelStage', 'funnel_stage'],
		description:
			'The stage stored last time (SEE, THINK, DO or CARE), for the transition. Recognised without mapping: previousStage, funnelStage, funnel_stage, and the stage of an earlier run in the result field.',
	},
];

export type LeadFieldName =
	| 'events'
	| 'impressions'
	| 'likes'
	| 'comments'
	| 'shares'
	| 'saves'
	| 'follows'
	| 'directMessages'
	| 'questions'
	| 'linkClicks'
	| 'pageViews'
	| 'productViews'
	| 'emailOptIn'
	| 'downloads'
	| 'addToCarts'
	| 'checkoutsStarted'
	| 'leadForms'
	| 'emailOpens'
	| 'emailClicks'
	| 'orders'
	| 'totalSpent'
	| 'firstOrderAt'
	| 'lastOrderAt'
	| 'lastActivityAt'
	| 'lifecycleStage'
	| 'trackingConsent'
	| 'previousStage';

/** Values the user mapped for one item; a field that is absent falls back to the recognised names. */
export type MappedValues = Partial<Record<LeadFieldName, unknown>>;

// event_name: Meta Conversions API and GA4's BigQuery export; name: GA4 Measurement Protocol.
const EVENT_TYPE_KEYS = ['type', 'event', 'event_name', 'name', 'metric', 'action'].map(
	compilePath,
);
// event_time: Meta (epoch seconds); event_timestamp: GA4's BigQuery export (microseconds).
const EVENT_AT_KEYS = [
	'at',
	'timestamp',
	'time',
	'date',
	'datetime',
	'event_time',
	'event_timestamp',
	'created_at',
	'createdAt',
	'occurredAt',
	'occurred_at',
].map(compilePath);

const FALSE_CONSENT_WORDS = new Set([
	'pending',
	'invalid',
	'redacted',
	'not_subscribed',
	'never_subscribed',
]);

export interface LeadReader {
	/** Turns one item's JSON (and the values the user mapped for it) into evidence for the stage rule. */
	read(json: unknown, mapped: MappedValues, nowMs: number, settings: FunnelSettings): LeadEvidence;
}

/**
 * Builds a reader once per execution. `resultField` is where this node writes its result: an
 * earlier result there supplies the previous and highest stage.
 */
export function createLeadReader(options: { recognise: boolean; resultField: string }): LeadReader {
	const { recognise } = options;
	const fields = LEAD_FIELDS.map((f) => {
		const names = recognise ? [...f.recognised] : [];
		if (f.name === 'previousStage') names.push(`${options.resultField}.stage`);
		return { def: f, names, paths: names.map(compilePath) };
	});
	const highestPath = [compilePath(`${options.resultField}.highestStage`)];

	return {
		read(json, mapped, nowMs, settings) {
			if (json === null || typeof json !== 'object' || Array.isArray(json)) {
				throw new InputFieldError(
					'json',
					`must be an object, got ${preview(json)}`,
					'pass one lead per item as an object of fields',
				);
			}
			const lead: LeadEvidence = { signals: [] };
			let lastActivity: number | undefined;
			let undatedFrom = -1; // counters are pushed first and dated once the last activity date is known
			let eventsValue: unknown;
			let eventsField = '';

			for (const { def, names, paths } of fields) {
				const name = def.name as LeadFieldName;
				let value: unknown;
				let field: string = def.displayName;
				if (mapped[name] !== undefined && mapped[name] !== null && mapped[name] !== '') {
					value = mapped[name];
				} else if (paths.length) {
					const index = firstFilledPath(json, paths);
					if (index < 0) continue;
					value = propertyValue(readPath(json, paths[index]));
					field = names[index];
				} else continue;

				switch (def.kind) {
					case 'count': {
						const count = countOf(value, field, def.signal === 'opt_in');
						if (count === undefined || count === 0) break;
						if (def.signal) {
							if (undatedFrom < 0) undatedFrom = lead.signals.length;
							lead.signals.push({ type: def.signal, atMs: 0, count, source: 'counter' });
							// A consent state (Shopify "subscribed", Klaviyo "SUBSCRIBED") is a lifecycle: a subscriber is at least THINK, however long ago.
							if (
								def.signal === 'opt_in' &&
								typeof value === 'string' &&
								/^\s*(subscribed|opted[_-]?in)\s*$/i.test(value)
							)
								lead.lifecycle ??= { value: value.trim(), field, stage: 'THINK' };
						} else lead.orders = count;
						break;
					}
					case 'amount':
						lead.totalSpent = readNumber(value, field);
						break;
					case 'date': {
						const ms = readPastDate(value, field, nowMs);
						if (name === 'firstOrderAt') lead.firstOrderAtMs = ms;
						else if (name === 'lastOrderAt') lead.lastOrderAtMs = ms;
						else lastActivity = ms;
						break;
					}
					case 'flag':
						lead.trackingConsent = readFlag(value, field);
						break;
					case 'stage':
						lead.previousStage = readStage(value, field);
						break;
					case 'lifecycle': {
						const lifecycle = readLifecycle(value, field);
						if (lifecycle) lead.lifecycle = lifecycle;
						break;
					}
					case 'events':
						eventsValue = value;
						eventsField = field;
						break;
				}
			}
			const highest = readFirst(json, highestPath);
			if (highest)
				lead.previousHighestStage = readStage(highest.value, `${options.resultField}.highestStage`);

			if (lastActivity !== undefined) lead.lastActivityAtMs = lastActivity;
			if (undatedFrom >= 0) {
				const atMs = lastActivity ?? nowMs;
				lead.counterDating = lastActivity === undefined ? 'assumedToday' : 'lastActivity';
				for (let i = undatedFrom; i < lead.signals.length; i++) lead.signals[i].atMs = atMs;
			}
			if (eventsValue !== undefined)
				readEvents(eventsValue, eventsField, lead, settings, nowMs, json);
			if (recognise) readMetaLead(json, lead, nowMs);
			return lead;
		},
	};

	function countOf(value: unknown, field: string, consentWords: boolean): number | undefined {
		if (Array.isArray(value)) return value.length;
		// A GraphQL connection ({ nodes: [...] } or { edges: [...] }) counts its entries.
		if (value !== null && typeof value === 'object') {
			const list =
				(value as Record<string, unknown>).nodes ?? (value as Record<string, unknown>).edges;
			if (Array.isArray(list)) return list.length;
		}
		if (
			consentWords &&
			typeof value === 'string' &&
			FALSE_CONSENT_WORDS.has(value.trim().toLowerCase())
		)
			return 0;
		if (consentWords && typeof value === 'string' && !/^[\d.\s+-]+$/.test(value)) {
			return readFlag(value, field) ? 1 : 0;
		}
		return readCount(value, field);
	}
}

/**
 * HubSpot's v1 contacts API (n8n's HubSpot node) gives each property as { value, versions }, or
 * { value } alone in list responses: the value is what counts.
 */
export function propertyValue(value: unknown): unknown {
	if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
	const v = value as Record<string, unknown>;
	if (!Object.prototype.hasOwnProperty.call(v, 'value')) return value;
	const keys = Object.keys(v);
	return keys.length === 1 || (keys.length === 2 && Array.isArray(v.versions)) ? v.value : value;
}

/** HubSpot's lifecycle stages (internal values) and the funnel stage each stands for; "other" stands for none. */
export const LIFECYCLE_STAGES: Readonly<Record<string, Stage | null>> = Object.freeze({
	subscriber: 'THINK',
	lead: 'THINK',
	marketingqualifiedlead: 'THINK',
	salesqualifiedlead: 'DO',
	opportunity: 'DO',
	customer: 'CARE',
	evangelist: 'CARE',
	other: null,
});

function readLifecycle(value: unknown, field: string): LeadEvidence['lifecycle'] {
	if (value === undefined || value === null || value === '') return undefined;
	if (typeof value === 'boolean')
		return value ? { value: 'paying customer', field, stage: 'CARE' } : undefined;
	if (typeof value === 'string') {
		const word = value
			.trim()
			.toLowerCase()
			.replace(/[\s_-]/g, '');
		if (Object.prototype.hasOwnProperty.call(LIFECYCLE_STAGES, word)) {
			const stage = LIFECYCLE_STAGES[word];
			return stage ? { value: value.trim(), field, stage } : undefined;
		}
		// A custom lifecycle stage (HubSpot allows them) says nothing we can rely on.
		if (/^[a-z0-9_ -]{1,60}$/i.test(value.trim())) return undefined;
	}
	throw new InputFieldError(
		field,
		`is not a lifecycle stage, got ${preview(value)}`,
		`map HubSpot's lifecyclestage (${Object.keys(LIFECYCLE_STAGES).join(
			', ',
		)}) or true/false for a paying customer, or leave it empty`,
	);
}

function readStage(value: unknown, field: string): Stage {
	if (typeof value === 'string') {
		const upper = value.trim().toUpperCase();
		if ((STAGES as readonly string[]).includes(upper)) return upper as Stage;
	}
	throw new InputFieldError(
		field,
		`must be SEE, THINK, DO or CARE, got ${preview(value)}`,
		'map the stage stored by an earlier run, or leave it empty',
	);
}

/** Behaviour lies in the past; this much ahead of now is still taken (clocks and time zones differ). */
export const FUTURE_TOLERANCE_MS = 2 * DAY_MS;

/**
 * A date of something that happened. One further ahead than the tolerance is an error: counted as
 * "today" it would make an old add-to-cart look fresh (a GA4 microsecond stamp read as
 * milliseconds lands 50,000 years ahead).
 */
function readPastDate(value: unknown, field: string, nowMs: number): number | undefined {
	const ms = readDate(value, field);
	if (ms !== undefined && ms > nowMs + FUTURE_TOLERANCE_MS) {
		const when =
			ms <= 253_402_300_799_999 ? new Date(ms).toISOString().slice(0, 10) : 'after the year 9999';
		throw new InputFieldError(
			field,
			`is in the future (${when}), so it cannot be behaviour yet: got ${preview(value)}`,
			'map the date the behaviour happened; epoch numbers are read as seconds, milliseconds or microseconds by their size, so check that the value is one of these and not shifted',
		);
	}
	return ms;
}

const KLAVIYO_METRIC_ID = compilePath('relationships.metric.data.id');
const NO_METRIC_NAMES: ReadonlyMap<string, string> = new Map();

/**
 * Klaviyo's Events API gives { type: "event", attributes: { datetime, … }, relationships: { metric:
 * { data: { id } } } }: the metric's name sits in the response's `included` list. With the lead's
 * `included` (metric id → name) the event reads as { type: <metric name>, at: <datetime> }.
 */
function klaviyoEvent(
	event: object,
	where: string,
	metricNames: ReadonlyMap<string, string>,
): object {
	const e = event as Record<string, unknown>;
	if (e.type !== 'event' || e.attributes === null || typeof e.attributes !== 'object') return event;
	const attributes = e.attributes as Record<string, unknown>;
	const metricId = readPath(e, KLAVIYO_METRIC_ID);
	const name =
		typeof attributes.metric_name === 'string'
			? attributes.metric_name
			: typeof metricId === 'string'
			? metricNames.get(metricId)
			: undefined;
	if (name === undefined) {
		throw new InputFieldError(
			`${where}.relationships.metric`,
			'is a Klaviyo event without its metric name',
			'request the events with include=metric and keep the response\'s "included" list beside them on the item, or map the events to {"type": <metric name>, "at": <datetime>}',
		);
	}
	return { type: name, at: attributes.datetime ?? attributes.timestamp };
}

/**
 * A Meta Lead Ads lead: the lead retrieval record (`field_data`, `created_time` as ISO text) or the
 * `leadgen` webhook's change value (`leadgen_id`, `created_time` in epoch seconds). A submitted
 * lead form is DO evidence, dated when it was submitted.
 */
function readMetaLead(json: object, lead: LeadEvidence, nowMs: number): void {
	const j = json as Record<string, unknown>;
	if (!Array.isArray(j.field_data) && j.leadgen_id === undefined) return;
	const atMs = readPastDate(j.created_time, 'created_time', nowMs);
	if (atMs === undefined) return;
	lead.signals.push({ type: 'lead_form', atMs, count: 1, source: 'event' });
}

/** Metric id → name from a Klaviyo response's `included` list on the item, if there is one. */
function klaviyoMetricNames(json: object): ReadonlyMap<string, string> {
	const included = (json as Record<string, unknown>).included;
	if (!Array.isArray(included)) return NO_METRIC_NAMES;
	const names = new Map<string, string>();
	for (const entry of included) {
		if (entry === null || typeof entry !== 'object') continue;
		const { type, id, attributes } = entry as Record<string, unknown>;
		const name =
			attributes !== null && typeof attributes === 'object'
				? (attributes as Record<string, unknown>).name
				: undefined;
		if (type === 'metric' && typeof id === 'string' && typeof name === 'string')
			names.set(id, name);
	}
	return names;
}

function readEvents(
	value: unknown,
	field: string,
	lead: LeadEvidence,
	settings: FunnelSettings,
	nowMs: number,
	json: object,
): void {
	const metricNames = klaviyoMetricNames(json);
	let list = value;
	if (typeof list === 'string' && list.trim().startsWith('[')) {
		list = parseJsonOrUndefined(list);
		if (list === undefined) {
			throw new InputFieldError(
				field,
				'holds text that is not a valid JSON list',
				'map a list of events, e.g. [{"type": "like", "at": "2026-03-01"}]',
			);
		}
	}
	if (!Array.isArray(list)) {
		throw new InputFieldError(
			field,
			`must be a list of events, got ${preview(value)}`,
			'map a list such as [{"type": "like", "at": "2026-03-01"}]',
		);
	}
	for (let i = 0; i < list.length; i++) {
		const given = list[i];
		const where = `${field}[${i}]`;
		if (given === null || typeof given !== 'object' || Array.isArray(given)) {
			throw new InputFieldError(
				where,
				`must be an object with "type" and "at", got ${preview(given)}`,
				'give each event a type and a date',
			);
		}
		const event = klaviyoEvent(given, where, metricNames);
		const typeFound = readFirst(event, EVENT_TYPE_KEYS);
		if (!typeFound || typeof typeFound.value !== 'string') {
			throw new InputFieldError(
				`${where}.type`,
				typeFound ? `must be text, got ${preview(typeFound.value)}` : 'is missing',
				`use one of: ${KNOWN_TYPES}`,
			);
		}
		const type = signalTypeOf(typeFound.value);
		if (!type && carriesNoSignal(typeFound.value)) {
			const skipped = (lead.skippedEventTypes ??= []);
			if (!skipped.includes(typeFound.value)) skipped.push(typeFound.value);
			continue;
		}
		if (!type) {
			if (settings.unknownEventTypes === 'ignore') {
				const ignored = (lead.ignoredEventTypes ??= []);
				if (!ignored.includes(typeFound.value)) ignored.push(typeFound.value);
				continue;
			}
			throw new InputFieldError(
				`${where}.type`,
				`is "${typeFound.value.slice(0, 40)}", which is not a known event type`,
				`use one of: ${KNOWN_TYPES} (or set Options → Unknown Event Types to Ignore)`,
			);
		}
		const atFound = readFirst(event, EVENT_AT_KEYS);
		if (!atFound)
			throw new InputFieldError(
				`${where}.at`,
				'is missing',
				'give each event the date it happened, e.g. "at": "2026-03-01T10:00:00Z"',
			);
		const atMs = readPastDate(atFound.value, `${where}.${atFound.path}`, nowMs)!;
		const rawCount = (event as Record<string, unknown>).count;
		const count = rawCount === undefined ? 1 : readCount(rawCount, `${where}.count`) ?? 1;
		const signal: DatedSignal = { type, atMs, count, source: 'event' };
		lead.signals.push(signal);
	}
}

const KNOWN_TYPES = SIGNALS.map((s) => s.type).join(', ');

function parseJsonOrUndefined(text: string): unknown {
	try {
		return JSON.parse(text);
	} catch {
		return undefined;
	}
}
