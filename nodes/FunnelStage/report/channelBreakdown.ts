/**
 * Funnel Report → Break Down By: which source, medium or campaign brings the leads and the buyers.
 *
 * `readChannel` reads a lead's source, medium or campaign from an item as the platforms send it
 * (first match wins, in this order):
 *
 * | Where | Source | Medium | Campaign |
 * |---|---|---|---|
 * | Your own export / form: UTM fields | `utm_source`, `utmSource`, `utm.source` | `utm_medium`, `utmMedium`, `utm.medium` | `utm_campaign`, `utmCampaign`, `utm.campaign` |
 * | Shopify REST order (`GET /orders.json`, `orders/create` webhook): `landing_site`, the page the buyer landed on (a path or URL with its query) | its `utm_source` | its `utm_medium` | its `utm_campaign` |
 * | GA4 BigQuery export row: the session's manual campaign | `collected_traffic_source.manual_source`, `session_traffic_source_last_click.manual_campaign.source` | `….manual_medium`, `….manual_campaign.medium` | `….manual_campaign_name`, `….manual_campaign.campaign_name` |
 * | GA4 BigQuery export row: the user's first source (every row has it) | `traffic_source.source` | `traffic_source.medium` | `traffic_source.name` |
 * | HubSpot contact: Original Source, v3 `properties.x` (text) and v1 `properties.x.value` | `properties.hs_analytics_source` (ORGANIC_SEARCH → "Organic search") | – | – |
 * | Shopify REST order: `referring_site`, the page that linked to the shop | its host (`www.google.com` → `google.com`) | `referral` | – |
 * | Shopify REST order: `source_name`, the sales channel of the checkout | `web` → "Online store", `pos` → "Point of sale", an app's number → "App 755357713" | – | – |
 *
 * HubSpot's drill-downs (`hs_analytics_source_data_1`, `_data_2`) change meaning with the source
 * (a search engine, a referring domain, a campaign, "API" for an import), so they are not taken as
 * a campaign without being asked: map one with Break Down By → Field I Map.
 *
 * `ChannelBreakdownBuilder` counts, per value, the leads per stage, the conversion between stages
 * (the report's `CONVERSION_DEFINITION`), revenue (the lead's total spent, as the report counts it)
 * and customers (leads at CARE). The Top N values (by leads or by customers) are listed; the rest
 * go to "other", leads without the dimension to "unknown"; the counts add up to the report's total.
 * Streaming: leads are not kept. Pure: no n8n import.
 */
import { round } from '../../shared/dates';
import { InputFieldError, preview } from '../../shared/inputErrors';
import { compilePath, readPath, type CompiledPath } from '../../shared/objectPath';
import type { LeadEvidence } from '../input/lead';
import { STAGES, type Stage } from '../input/signals';
import { conversionSteps, formatPercent, type ConversionStep } from './funnelReport';

export type ChannelDimension = 'source' | 'medium' | 'campaign' | 'field';
export type ChannelRanking = 'leads' | 'customers';

/** A lead's channel value: `key` groups (trimmed, case-folded), `label` is shown. */
export interface ChannelValue {
	key: string;
	label: string;
}

const FROM_UTM_FIELDS: Record<Exclude<ChannelDimension, 'field'>, string[]> = {
	source: ['utm_source', 'utmSource', 'utm.source'],
	medium: ['utm_medium', 'utmMedium', 'utm.medium'],
	campaign: ['utm_campaign', 'utmCampaign', 'utm.campaign'],
};
const UTM_PARAMETER = { source: 'utm_source', medium: 'utm_medium', campaign: 'utm_campaign' };
const FROM_GA4: Record<Exclude<ChannelDimension, 'field'>, string[]> = {
	source: [
		'collected_traffic_source.manual_source',
		'session_traffic_source_last_click.manual_campaign.source',
		'traffic_source.source',
	],
	medium: [
		'collected_traffic_source.manual_medium',
		'session_traffic_source_last_click.manual_campaign.medium',
		'traffic_source.medium',
	],
	campaign: [
		'collected_traffic_source.manual_campaign_name',
		'session_traffic_source_last_click.manual_campaign.campaign_name',
		'traffic_source.name',
	],
};
const compiled = (m: Record<string, string[]>) =>
	Object.fromEntries(Object.entries(m).map(([k, v]) => [k, v.map(compilePath)])) as Record<
		Exclude<ChannelDimension, 'field'>,
		CompiledPath[]
	>;
const UTM_PATHS = compiled(FROM_UTM_FIELDS);
const GA4_PATHS = compiled(FROM_GA4);
const LANDING_SITE = compilePath('landing_site');
const REFERRING_SITE = compilePath('referring_site');
const SOURCE_NAME = compilePath('source_name');
const HUBSPOT_SOURCE = compilePath('properties.hs_analytics_source');

/** HubSpot's Original Source values and the names HubSpot's Sources report gives them. */
export const HUBSPOT_SOURCES: Readonly<Record<string, string>> = Object.freeze({
	ORGANIC_SEARCH: 'Organic search',
	PAID_SEARCH: 'Paid search',
	EMAIL_MARKETING: 'Email marketing',
	SOCIAL_MEDIA: 'Organic social',
	PAID_SOCIAL: 'Paid social',
	REFERRALS: 'Referrals',
	OTHER_CAMPAIGNS: 'Other campaigns',
	DIRECT_TRAFFIC: 'Direct traffic',
	OFFLINE: 'Offline sources',
	AI_REFERRALS: 'AI referrals',
});

/** Shopify's `source_name` values that name a sales channel; other text is kept, a number is an app. */
const SHOPIFY_CHANNELS: Readonly<Record<string, string>> = Object.freeze({
	web: 'Online store',
	pos: 'Point of sale',
	shopify_draft_order: 'Draft order',
	iphone: 'iPhone app',
	android: 'Android app',
});

/** A label longer than this is cut (a 10 MB string must not travel into the report). */
const MAX_LABEL = 120;

/** Percent-encoding undone where it is valid (`summer%20sale` → `summer sale`); otherwise the text as it is. */
function decoded(text: string): string {
	if (!text.includes('%')) return text;
	try {
		return decodeURIComponent(text);
	} catch {
		return text;
	}
}

/** A channel value from text: whitespace trimmed and collapsed, grouped without case. Empty → undefined. */
export function channelValue(raw: string, label?: string): ChannelValue | undefined {
	// A few times the label's length is read at most: a 10 MB value costs no more than a short one.
	const head = raw.length > 4 * MAX_LABEL ? raw.slice(0, 4 * MAX_LABEL) : raw;
	const text = Array.from(decoded(head).replace(/\s+/g, ' ').trim()).slice(0, MAX_LABEL).join('');
	if (!text) return undefined;
	return { key: text.toLowerCase(), label: label ?? text };
}

/** A text value at a path: text as it is, a number as text; HubSpot v1's `{ value }` unwrapped. */
function textAt(json: unknown, path: CompiledPath): string | undefined {
	let v = readPath(json, path);
	if (v !== null && typeof v === 'object' && !Array.isArray(v) && 'value' in v)
		v = (v as { value: unknown }).value;
	if (typeof v === 'string') return v;
	if (typeof v === 'number' && Number.isFinite(v)) return String(v);
	return undefined;
}

function firstText(json: unknown, paths: readonly CompiledPath[]): ChannelValue | undefined {
	for (const path of paths) {
		const text = textAt(json, path);
		const value = text === undefined ? undefined : channelValue(text);
		if (value) return value;
	}
	return undefined;
}

/** A UTM parameter of a landing page (`/?utm_source=ig&…`, a full URL, or text that is neither → none). */
export function queryParameter(page: string, name: string): string | undefined {
	const start = page.indexOf('?');
	if (start < 0) return undefined;
	const end = page.indexOf('#', start);
	const query = page.slice(start + 1, end < 0 ? undefined : end);
	try {
		return new URLSearchParams(query).get(name) ?? undefined;
	} catch {
		return undefined;
	}
}

/** The host of a referring page (`https://www.google.com/search?q=…` → `google.com`); undefined if it is not a URL. */
export function referringHost(site: string): string | undefined {
	try {
		const host = new URL(site.trim()).hostname.toLowerCase();
		return host ? host.replace(/^www\./, '') : undefined;
	} catch {
		return undefined;
	}
}

/**
 * The lead's source, medium or campaign as the item carries it, or undefined ("unknown").
 * For `field`, `mapped` is the value of the user's Channel Field; it must be text or a number.
 */
export function readChannel(
	json: unknown,
	dimension: ChannelDimension,
	mapped?: unknown,
): ChannelValue | undefined {
	if (dimension === 'field') {
		if (mapped === undefined || mapped === null) return undefined;
		if (typeof mapped === 'number' && Number.isFinite(mapped)) return channelValue(String(mapped));
		if (typeof mapped === 'boolean') return channelValue(String(mapped));
		if (typeof mapped !== 'string')
			throw new InputFieldError(
				'Channel Field',
				`must be text, got ${preview(mapped)}`,
				'map one text field per lead, e.g. {{ $json.utm_campaign }}, or leave it empty for "unknown"',
			);
		return channelValue(mapped);
	}
	const explicit = firstText(json, UTM_PATHS[dimension]);
	if (explicit) return explicit;
	const landing = textAt(json, LANDING_SITE);
	if (landing) {
		const fromPage = queryParameter(landing, UTM_PARAMETER[dimension]);
		const value = fromPage === undefined ? undefined : channelValue(fromPage);
		if (value) return value;
	}
	const ga4 = firstText(json, GA4_PATHS[dimension]);
	if (ga4) return ga4;
	if (dimension === 'campaign') return undefined;
	const referrer = textAt(json, REFERRING_SITE);
	const host = referrer ? referringHost(referrer) : undefined;
	if (dimension === 'medium') return host ? channelValue('referral') : undefined;
	const hubspot = firstText(json, [HUBSPOT_SOURCE]);
	if (hubspot) {
		const name = HUBSPOT_SOURCES[hubspot.label.toUpperCase()];
		return name ? { key: name.toLowerCase(), label: name } : hubspot;
	}
	if (host) return channelValue(host);
	const channel = textAt(json, SOURCE_NAME);
	if (channel === undefined) return undefined;
	const trimmed = channel.trim();
	const known = SHOPIFY_CHANNELS[trimmed.toLowerCase()];
	if (known) return { key: known.toLowerCase(), label: known };
	return /^\d+$/.test(trimmed) ? channelValue(`App ${trimmed}`) : channelValue(trimmed);
}

/** One row of the breakdown: a channel value, "other" or "unknown". */
export interface ChannelRow {
	/** The grouping key (lower case); `(other)` and `(unknown)` for the two buckets. */
	value: string;
	label: string;
	/** Leads with this value. */
	count: number;
	/** Percent of all leads. */
	share: number;
	stages: Record<Stage, number>;
	/** Conversion between stages, as the report defines it. */
	conversion: ConversionStep[];
	/** Leads at CARE (customers). */
	customers: number;
	/** Customers ÷ leads of this channel, in percent; null without leads. */
	toCare: number | null;
	/** The leads' total spent; null when none of them carried it. */
	revenue: number | null;
}

export interface ChannelBreakdown {
	dimension: ChannelDimension;
	/** How the channels were ranked for the Top N. */
	rankedBy: ChannelRanking;
	topN: number;
	/** All leads: the channels, other and unknown add up to it. */
	total: number;
	/** Distinct values seen (beyond `MAX_DISTINCT_VALUES`, more went straight to "other"). */
	distinctValues: number;
	channels: ChannelRow[];
	/** Values beyond the Top N, with how many distinct values it holds. */
	other: ChannelRow & { values: number };
	/** Leads without the dimension. */
	unknown: ChannelRow;
	/** The channel (of the Top N) with the most customers, or null when there are none. */
	mostCustomers: { value: string; label: string; customers: number } | null;
	conversionDefinition: string;
}

interface Totals {
	label: string;
	stages: Record<Stage, number>;
	revenue: number;
	revenueSeen: boolean;
}

const newTotals = (label: string): Totals => ({
	label,
	stages: { SEE: 0, THINK: 0, DO: 0, CARE: 0 },
	revenue: 0,
	revenueSeen: false,
});
const countOf = (t: Totals) => t.stages.SEE + t.stages.THINK + t.stages.DO + t.stages.CARE;

/** Distinct values kept apart; beyond them, a new value counts into "other" at once (memory stays bounded). */
export const MAX_DISTINCT_VALUES = 10_000;
export const DEFAULT_TOP_CHANNELS = 8;
const OTHER = '(other)';
const UNKNOWN = '(unknown)';

const BUCKET_LABELS = {
	en: { other: 'Other', unknown: 'Unknown' },
	de: { other: 'Sonstige', unknown: 'Unbekannt' },
};

/** Adds leads one by one with their channel value; `finish()` gives the breakdown. */
export class ChannelBreakdownBuilder {
	private readonly values = new Map<string, Totals>();
	private readonly overflow = newTotals(OTHER);
	private readonly unknown = newTotals(UNKNOWN);
	private readonly topN: number;
	private readonly rankBy: ChannelRanking;

	constructor(
		private readonly dimension: ChannelDimension,
		options: { topN?: number; rankBy?: ChannelRanking } = {},
	) {
		this.rankBy = options.rankBy ?? 'leads';
		const n = options.topN ?? DEFAULT_TOP_CHANNELS;
		if (!Number.isInteger(n) || n < 1 || n > 50)
			throw new InputFieldError(
				'Top Channels',
				`must be a whole number from 1 to 50, got ${preview(n)}`,
				`enter how many channels to list, e.g. ${DEFAULT_TOP_CHANNELS}`,
			);
		this.topN = n;
	}

	add(channel: ChannelValue | undefined, stage: Stage, evidence: LeadEvidence): void {
		let t: Totals | undefined;
		if (!channel) t = this.unknown;
		else {
			t = this.values.get(channel.key);
			if (!t) {
				if (this.values.size < MAX_DISTINCT_VALUES)
					this.values.set(channel.key, (t = newTotals(channel.label)));
				else t = this.overflow;
			}
		}
		t.stages[stage]++;
		if (evidence.totalSpent !== undefined) {
			t.revenue += evidence.totalSpent;
			t.revenueSeen = true;
		}
	}

	finish(total: number, language: 'en' | 'de' = 'en'): ChannelBreakdown {
		const rank = (t: Totals) => (this.rankBy === 'customers' ? t.stages.CARE : countOf(t));
		const ranked = [...this.values.entries()].sort(
			([ka, a], [kb, b]) =>
				rank(b) - rank(a) || countOf(b) - countOf(a) || (ka < kb ? -1 : ka > kb ? 1 : 0),
		);
		const other = newTotals(OTHER);
		const fold = (t: Totals) => {
			for (const s of STAGES) other.stages[s] += t.stages[s];
			other.revenue += t.revenue;
			other.revenueSeen ||= t.revenueSeen;
		};
		ranked.slice(this.topN).forEach(([, t]) => fold(t));
		fold(this.overflow);
		const row = (value: string, t: Totals, label = t.label): ChannelRow => {
			const count = countOf(t);
			return {
				value,
				label,
				count,
				share: total > 0 ? round((100 * count) / total, 1) : 0,
				stages: { ...t.stages },
				conversion: conversionSteps((s) => t.stages[s]),
				customers: t.stages.CARE,
				toCare: count > 0 ? round((100 * t.stages.CARE) / count, 1) : null,
				revenue: t.revenueSeen ? round(t.revenue, 2) : null,
			};
		};
		const channels = ranked.slice(0, this.topN).map(([key, t]) => row(key, t));
		const best = channels
			.filter((c) => c.customers > 0)
			.sort((a, b) => b.customers - a.customers || b.count - a.count)[0];
		const words = BUCKET_LABELS[language];
		const folded = Math.max(0, ranked.length - this.topN);
		const overflowed = countOf(this.overflow) > 0 ? 1 : 0;
		return {
			dimension: this.dimension,
			rankedBy: this.rankBy,
			topN: this.topN,
			total,
			distinctValues: this.values.size,
			channels,
			other: { ...row(OTHER, other, words.other), values: folded + overflowed },
			unknown: row(UNKNOWN, this.unknown, words.unknown),
			mostCustomers: best
				? { value: best.value, label: best.label, customers: best.customers }
				: null,
			conversionDefinition:
				'Per channel as for the whole report; toCare = leads at CARE ÷ all leads of the channel.',
		};
	}
}

const DIMENSION_WORDS = {
	en: { source: 'source', medium: 'medium', campaign: 'campaign', field: 'channel' },
	de: { source: 'Quelle', medium: 'Medium', campaign: 'Kampagne', field: 'Kanal' },
};

/** The summary line: which channel brings the most customers (or that none did). */
export function breakdownSummary(b: ChannelBreakdown, language: 'en' | 'de' = 'en'): string {
	const dimension = DIMENSION_WORDS[language][b.dimension];
	if (!b.mostCustomers) {
		return language === 'de'
			? `Nach ${dimension}: noch keine Kunden (CARE).`
			: `By ${dimension}: no customers (CARE) yet.`;
	}
	const { label, customers } = b.mostCustomers;
	const all = b.channels.reduce((n, c) => n + c.customers, b.other.customers + b.unknown.customers);
	const row = b.channels.find((c) => c.value === b.mostCustomers!.value)!;
	const rate = formatPercent(row.toCare, language);
	return language === 'de'
		? `Die meisten Kunden (CARE) kamen über ${dimension} „${label}“: ${customers} von ${all} (${rate} seiner Kontakte).`
		: `Most customers (CARE) came from ${dimension} "${label}": ${customers} of ${all} (${rate} of its leads).`;
}
