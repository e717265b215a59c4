/**
 * Plans one customer's follow-up: the due follow-ups (dueDates), then the guards (legal
 * basis, unsubscribe, support ticket, frequency caps, send window), one follow-up per run by
 * priority, its message, and its reservation in the ledger. Pure: no n8n import.
 */
import { DAY_MS, isoDate } from '../../shared/dates';
import { flatText, type TextChunks } from '../messages/textChunks';
import type { Catalogue } from '../input/catalogue';
import { isPurchase, type Customer } from '../input/customer';
import type { CustomerHistory, FollowUpLedger } from '../ledger/followUpLedger';
import { followUpOutlook, type DueFollowUp, type NotDue } from './dueDates';
import { fillLink, renderMessage, withUtm, yourProduct, type MessageKind, type MessageOverrides, type RenderedMessage } from '../messages/render';
import { rfmOf, type Rfm } from './rfm';
import { nextSendTime } from './sendWindow';
import { ACTION_LABELS, type FollowUpAction, type FollowUpSettings } from './settings';

export interface PlanContext {
	settings: FollowUpSettings;
	catalogue?: Catalogue;
	/** undefined in a dry run: nothing is reserved. */
	ledger: FollowUpLedger;
	dryRun: boolean;
	defaultTimeZone: string;
	links: {
		reviewLink: string;
		shopLink: string;
		referralLink: string;
		unsubscribeLink: string;
	};
	shopName: string;
	discountCode: string;
	utmSource: string;
	messages: MessageOverrides;
	/** For a batch: where messages' bodies are kept until the batch's last chunk is sealed (see TextChunks). */
	messageChunks?: TextChunks;
	/**
	 * One Item per Customer: the identities of the people planned a follow-up so far in this run,
	 * so that two customer records of one person (same email, or same id) get one follow-up.
	 * One Item per Order needs none: its groups never share an identity.
	 */
	plannedThisRun?: Set<string>;
	/**
	 * Filled by the planner: per follow-up, its link from `links` when that has no placeholders (the
	 * shop, a fixed referral page), tagged with UTM once per run, as it is the same for every
	 * customer (null: not a web link).
	 */
	fixedLinks?: Partial<Record<FollowUpAction, string | null>>;
}

export type LegalBasis = 'consent' | 'existingCustomerException';

export interface PlannedFollowUp {
	action: FollowUpAction | 'notNow';
	/** Why this customer gets this follow-up, or nothing now. */
	reason: string;
	customer: { key: string; id?: string; email: string; firstName?: string; language: string; timeZone: string };
	rfm: Rfm;
	kind?: DueFollowUp['kind'];
	legalBasis?: LegalBasis;
	consent?: { given: boolean; date?: string; source?: string };
	dueAt?: string;
	sendAt?: string;
	sendNow?: boolean;
	orderId?: string;
	products?: { sku?: string; name: string }[];
	offer?: { sku: string; name: string; price: number; currency?: string; link?: string; how: string };
	links?: Record<string, string>;
	message?: RenderedMessage;
	/** Pass to Confirm Sent after the email node. */
	ref?: string;
	reservedUntil?: string;
	dryRun?: boolean;
	/** Not Now: when the next follow-up is due, if known, and which. */
	nextDueAt?: string | null;
	nextAction?: FollowUpAction | null;
	/**
	 * The other due follow-ups: they wait for the one-per-run rule, or, when `why` ends in "waits: …",
	 * for what holds them back (an open support ticket, a link a guest cannot get). On Not Now, every due follow-up.
	 */
	alsoDue?: { action: FollowUpAction; why: string }[];
	notDue?: { action: FollowUpAction; why: string; nextDueAt: string | null }[];
	/**
	 * Hold for Review: this customer's follow-ups whose reservation passed without Confirm Sent
	 * (sent state unknown). Route a reference to Confirm Sent (Sent, or Not Sent to plan it again).
	 */
	unconfirmed?: { ref: string; reservedUntil: string }[];
}

const CAMPAIGN: Record<FollowUpAction, string> = {
	reviewRequest: 'review_request',
	upsell: 'upsell',
	vipInvite: 'vip_invite',
	ambassadorInvite: 'ambassador_invite',
	winBack: 'win_back',
};

/** Only web links (and mailto: for unsubscribing) reach a message: never javascript: or data: URLs. */
export const isWebLink = (link: string | undefined) => link !== undefined && /^(?:https?:\/\/|mailto:)[^\s<>"]+$/i.test(link);

export function planCustomer(customer: Customer, ctx: PlanContext, nowMs: number): PlannedFollowUp {
	const history = ctx.ledger.history(customer.key, nowMs, customer.otherKeys);
	const planned = planWith(history, customer, ctx, nowMs);
	const unconfirmed = history.unconfirmed();
	if (unconfirmed.length) planned.unconfirmed = unconfirmed.map((u) => ({ ref: u.ref, reservedUntil: isoDate(u.reservedUntil) }));
	return planned;
}

function planWith(history: CustomerHistory, customer: Customer, ctx: PlanContext, nowMs: number): PlannedFollowUp {
	const s = ctx.settings;
	const timeZone = customer.timeZone ?? ctx.defaultTimeZone;
	const outlook = followUpOutlook(customer, history, s, nowMs, ctx.catalogue);
	// Both results name these two fields rather than spreading `base`: a spread in the middle of a
	// literal copies property by property (about 5 % of planning a large batch, measured).
	const base = {
		customer: { key: customer.key, id: customer.id, email: customer.email, firstName: customer.firstName, language: customer.language, timeZone },
		rfm: rfmOf(customer, nowMs, s.rfm),
	};
	/** Due follow-ups held back for this customer (a support ticket, a guest's link), and why: they stay listed in alsoDue. */
	let waiting: Map<DueFollowUp, string> | undefined;
	const dueView = (d: DueFollowUp) => {
		const note = waiting?.get(d);
		return { action: d.action, why: flatText(note ? `${d.why()}; waits: ${note}` : d.why()) };
	};
	const notNow = (reason: string, nextDueAt: number | undefined, nextAction: FollowUpAction | undefined): PlannedFollowUp => ({
		action: 'notNow',
		reason: flatText(reason),
		customer: base.customer,
		rfm: base.rfm,
		notDue: outlook.notDue.map(notDueView),
		nextDueAt: nextDueAt === undefined ? null : isoDate(nextDueAt),
		nextAction: nextAction ?? null,
		alsoDue: outlook.due.map(dueView),
	});

	if (customer.unsubscribed) return notNow('unsubscribed: never sent a follow-up', undefined, undefined);
	if (!customer.orders.some(isPurchase)) {
		const next = earliest(outlook.notDue);
		return notNow('no paid order yet: follow-ups start after a purchase', next?.nextDueAt, next?.action);
	}

	let due = outlook.due;
	if (customer.openSupportTicket && due.some((d) => d.action === 'reviewRequest')) {
		// Defer, never drop: the review request stays due and goes out once the ticket is closed.
		waiting = new Map();
		for (const d of due) if (d.action === 'reviewRequest') waiting.set(d, 'a support ticket is open');
		due = due.filter((d) => d.action !== 'reviewRequest');
		if (!due.length) return notNow('review request deferred while a support ticket is open', undefined, 'reviewRequest');
	}
	if (customer.id === undefined && due.length) {
		// A link that names the customer by id cannot be made for a guest: `?customer=` would reach the shop empty.
		if (needsCustomerId(ctx.links.unsubscribeLink)) {
			return notNow('the Unsubscribe Link needs a customer id ({customerId}) and this customer has none (a guest): use {email} in it, or map Customer ID', undefined, due[0].action);
		}
		const linkable = due.filter((d) => !needsCustomerId(ownLinkOf(d, ctx)));
		for (const d of due) if (!linkable.includes(d)) (waiting ??= new Map()).set(d, 'its link needs a customer id ({customerId}) and this customer is a guest');
		if (!linkable.length) {
			const first = due[0];
			return notNow(`the ${ACTION_LABELS[first.action]}'s link needs a customer id ({customerId}) and this customer has none (a guest): use {email} in that link, or map Customer ID`, undefined, first.action);
		}
		due = linkable;
	}
	if (!due.length) {
		const next = earliest(outlook.notDue);
		return notNow(next ? `nothing due now; next: ${next.why()}` : 'nothing due: no follow-up applies to this customer', next?.nextDueAt, next?.action);
	}
	const chosen = due[0];
	const run = ctx.plannedThisRun;
	if (run && (run.has(customer.key) || customer.otherKeys?.some((k) => run.has(k)))) {
		return notNow('another input item of this person (same customer id or email) gets a follow-up in this run, and a person gets at most one per run', undefined, chosen.action);
	}

	let legalBasis: LegalBasis;
	if (customer.marketingConsent === true) legalBasis = 'consent';
	else if (s.useExistingCustomerException) legalBasis = 'existingCustomerException';
	else {
		return notNow(
			`no legal basis for a ${ACTION_LABELS[chosen.action]}: no marketing consent (§ 7(2) Nr. 3 UWG), and the existing-customer exception (§ 7(3) UWG) is off`,
			undefined,
			chosen.action,
		);
	}

	const mails = history.mailSummary(nowMs, 30 * DAY_MS);
	if (mails.latest !== undefined && nowMs - mails.latest < s.minDaysApart * DAY_MS) {
		return notNow(`frequency cap: the last follow-up was less than ${s.minDaysApart} days ago`, mails.latest + s.minDaysApart * DAY_MS, chosen.action);
	}
	if (mails.inWindow >= s.maxPer30Days) {
		return notNow(`frequency cap: ${mails.inWindow} follow-ups in the last 30 days (at most ${s.maxPer30Days})`, mails.oldestInWindow! + 30 * DAY_MS, chosen.action);
	}

	const sendAt = nextSendTime(nowMs, timeZone, { startHour: s.sendWindowStartHour, endHour: s.sendWindowEndHour });
	if (sendAt > nowMs && s.outsideWindow === 'hold') {
		return notNow(`outside the send window (${s.sendWindowStartHour}:00–${s.sendWindowEndHour}:00 in ${timeZone}): the ${ACTION_LABELS[chosen.action]} goes out from then`, sendAt, chosen.action);
	}

	const planned: PlannedFollowUp = {
		action: chosen.action,
		reason: flatText(chosen.why()),
		customer: base.customer,
		rfm: base.rfm,
		kind: chosen.kind,
		legalBasis,
		consent: { given: customer.marketingConsent === true, date: customer.consentDate === undefined ? undefined : isoDate(customer.consentDate), source: customer.consentSource },
		dueAt: isoDate(chosen.dueAt),
		sendAt: isoDate(sendAt),
		sendNow: sendAt <= nowMs,
		orderId: chosen.order?.id,
		// The others due, then those held back, so the output shows every follow-up that is due.
		alsoDue: waiting ? [...due.slice(1), ...waiting.keys()].map(dueView) : due.slice(1).map(dueView),
	};
	if (chosen.products) planned.products = chosen.products.map((p) => ({ sku: p.sku, name: p.name }));
	const { message, links, offerLink } = compose(customer, chosen, legalBasis, ctx);
	planned.message = message;
	planned.links = links;
	if (chosen.offer) {
		const p = chosen.offer.product;
		planned.offer = { sku: p.sku, name: p.name, price: p.price, currency: p.currency, link: offerLink, how: chosen.offer.how };
	}
	if (run) {
		run.add(customer.key);
		for (const key of customer.otherKeys ?? []) run.add(key);
	}
	if (ctx.dryRun) {
		planned.dryRun = true;
	} else {
		const until = Math.max(nowMs, sendAt) + s.reservationHours * 3_600_000;
		planned.ref = ctx.ledger.reserve(history, chosen.mailKey, chosen.markerKeys, until, nowMs, s.unconfirmed === 'hold');
		planned.reservedUntil = isoDate(until);
	}
	return planned;
}

function compose(customer: Customer, chosen: DueFollowUp, legalBasis: LegalBasis, ctx: PlanContext) {
	const utm = { source: ctx.utmSource, medium: 'email', campaign: CAMPAIGN[chosen.action] };
	const firstProduct = chosen.products?.[0];
	const linkValues = { orderId: chosen.order?.id, sku: firstProduct?.sku ?? firstProduct?.productKey, email: customer.email, customerId: customer.id ?? '' };
	const link = (pattern: string, utmToo = true) => {
		const filled = fillLink(pattern, linkValues);
		if (!isWebLink(filled)) return undefined;
		return utmToo ? withUtm(filled, utm) : filled;
	};
	/** A link of `ctx.links` for this follow-up: filled per customer, or when it has no placeholders, the run's one tagged link. */
	const runLink = (pattern: string) => {
		if (pattern.includes('{')) return link(pattern);
		const fixed = (ctx.fixedLinks ??= {});
		let tagged = fixed[chosen.action];
		if (tagged === undefined) tagged = fixed[chosen.action] = link(pattern) ?? null;
		return tagged ?? undefined;
	};
	const links: Record<string, string> = {};
	const put = (name: string, value: string | undefined) => {
		if (value) links[name] = value;
		return value;
	};
	const reviewLink = chosen.action === 'reviewRequest' ? put('review', runLink(ctx.links.reviewLink)) : undefined;
	const offerLink = chosen.offer?.product.url ? put('offer', link(chosen.offer.product.url)) : undefined;
	const shopLink = chosen.action === 'vipInvite' || chosen.action === 'winBack' ? put('shop', runLink(ctx.links.shopLink)) : undefined;
	const referralLink = chosen.action === 'ambassadorInvite' ? put('referral', runLink(ctx.links.referralLink)) : undefined;
	const unsubscribeLink = put('unsubscribe', link(ctx.links.unsubscribeLink, false));
	const products = chosen.products ?? [];
	const productText = products.length === 0 ? undefined : products.length === 1 ? products[0].name : `${products[0].name} (+${products.length - 1})`;
	const kind: MessageKind = chosen.action === 'reviewRequest' && chosen.kind === 'reminder' ? 'reviewReminder' : chosen.action;
	const values: Record<string, string | undefined> = {
		firstName: customer.firstName,
		product: productText ?? (customer.language === 'de' ? 'Bestellung' : 'order'),
		yourProduct: yourProduct(customer.language, productText),
		reviewLink,
		offer: chosen.offer?.product.name,
		offerLink,
		shopLink,
		referralLink,
		discountCode: ctx.discountCode || undefined,
		shopName: ctx.shopName,
		unsubscribeLink,
	};
	const message = renderMessage(kind, customer.language, values, legalBasis === 'existingCustomerException' ? 'optOut' : 'unsubscribe', ctx.messages, ctx.messageChunks);
	return { message, links, offerLink };
}

const needsCustomerId = (pattern: string | undefined) => pattern !== undefined && pattern.includes('{customerId}');

/** The link a follow-up's message is about (the review page, the offer, the shop, the referral page), as a pattern. */
function ownLinkOf(d: DueFollowUp, ctx: PlanContext): string | undefined {
	if (d.action === 'reviewRequest') return ctx.links.reviewLink;
	if (d.action === 'upsell') return d.offer?.product.url;
	if (d.action === 'ambassadorInvite') return ctx.links.referralLink;
	return ctx.links.shopLink;
}

function notDueView(n: NotDue) {
	return { action: n.action, why: flatText(n.why()), nextDueAt: n.nextDueAt === undefined ? null : isoDate(n.nextDueAt) };
}

function earliest(list: NotDue[]): NotDue | undefined {
	let best: NotDue | undefined;
	for (const n of list) if (n.nextDueAt !== undefined && (!best || n.nextDueAt < best.nextDueAt!)) best = n;
	return best ?? list[0];
}
