/**
 * When each CARE follow-up is due for one customer, from their orders and the ledger:
 * review request (and its one reminder), upsell / cross-sell, VIP invite, ambassador invite,
 * win-back. Who is asked for a review never depends on rating or sentiment (FTC 16 CFR 465):
 * ratings are only read for the ambassador invite, which is not a review request.
 * Pure: no n8n import.
 */
import { DAY_MS } from '../../shared/dates';
import { chooseOffer, type Catalogue, type Offer } from '../input/catalogue';
import { isPurchase, type Customer, type LineItem, type Order } from '../input/customer';
import {
	isAwaitingConfirmation,
	isUnconfirmed,
	type CustomerHistory,
	type LedgerEntry,
} from '../ledger/followUpLedger';
import { ACTIONS, type FollowUpAction, type FollowUpSettings } from './settings';

export interface DueFollowUp {
	action: FollowUpAction;
	/** For review requests: the first ask or the one reminder. */
	kind: 'request' | 'reminder' | 'invite' | 'offer';
	/** Ledger key of the mail. */
	mailKey: string;
	/** Ledger keys remembered with the mail (products asked about). */
	markerKeys: string[];
	dueAt: number;
	order?: Order;
	products?: LineItem[];
	offer?: Offer;
	/** Why, in words; built only when shown (a batch builds many outlooks and shows few reasons). */
	why: () => string;
}

export interface NotDue {
	action: FollowUpAction;
	why: () => string;
	/** When this follow-up becomes due, if that is known. */
	nextDueAt?: number;
}

export interface FollowUpOutlook {
	due: DueFollowUp[];
	notDue: NotDue[];
}

const LEDGER_MEMORY_DAYS = 400;
/**
 * Ledger keys of the follow-ups: the kind and what it is about (an order id, a product key), e.g.
 * "review:1001". Look-ups pass the two apart (see followUpHash); the key text is built only for a follow-up that is due.
 */
const REVIEW = 'review:';
const REVIEW_REMINDER = 'review-reminder:';
const REVIEW_PRODUCT = 'review-product:';
const UPSELL = 'upsell:';
const WIN_BACK = 'winback:';
const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** When a review request is due, and from what: delivery, else fulfilment, else the order. */
export function reviewDueAt(
	order: Order,
	s: FollowUpSettings,
): { at: number; basis: 'delivery' | 'fulfilment' | 'order' } {
	if (order.deliveredAt !== undefined)
		return { at: order.deliveredAt + s.reviewAfterDeliveryDays * DAY_MS, basis: 'delivery' };
	if (order.fulfilledAt !== undefined)
		return { at: order.fulfilledAt + s.reviewAfterFulfilmentDays * DAY_MS, basis: 'fulfilment' };
	return { at: order.orderedAt + s.reviewAfterOrderDays * DAY_MS, basis: 'order' };
}

function reviewDueText(basis: 'delivery' | 'fulfilment' | 'order', s: FollowUpSettings): string {
	if (basis === 'delivery') return `${s.reviewAfterDeliveryDays} days after delivery`;
	if (basis === 'fulfilment') return `${s.reviewAfterFulfilmentDays} days after fulfilment`;
	return `${s.reviewAfterOrderDays} days after the order`;
}

/** Why a follow-up reserved under Hold for Review, whose reservation passed without Confirm Sent, waits. */
function sentStateUnknown(what: string, held: LedgerEntry): string {
	return `${what}: sent state unknown: reserved until ${day(
		held.atMs,
	)} and never confirmed, so it may have gone out; it waits until Confirm Sent records it (Sent) or releases it (Not Sent) with the reference under unconfirmed`;
}

/** The not-due entry of an invite the ledger holds: reserved, of unknown sent state, or sent within its repeat period. */
function heldInvite(
	action: 'vipInvite' | 'ambassadorInvite',
	label: string,
	held: LedgerEntry,
	repeatDays: number,
	now: number,
): NotDue {
	if (isUnconfirmed(held, now)) return { action, why: () => sentStateUnknown(label, held) };
	if (isAwaitingConfirmation(held, now))
		return {
			action,
			why: () => `${label} is reserved, waiting for Confirm Sent`,
			nextDueAt: held.atMs,
		};
	return {
		action,
		why: () => `${label} was sent on ${day(held.atMs)}`,
		nextDueAt: held.atMs + repeatDays * DAY_MS,
	};
}

function reviewOutlook(
	c: Customer,
	h: CustomerHistory,
	s: FollowUpSettings,
	now: number,
	out: FollowUpOutlook,
): void {
	const orders = c.orders
		.filter((o) => isPurchase(o) && !o.reviewed)
		.sort((a, b) => a.orderedAt - b.orderedAt);
	for (const order of orders) {
		const asked = h.heldWithin(REVIEW, LEDGER_MEMORY_DAYS, now, order.id);
		if (asked) {
			if (isUnconfirmed(asked, now)) {
				out.notDue.push({
					action: 'reviewRequest',
					why: () => sentStateUnknown(`review request for order ${order.id}`, asked),
				});
				continue;
			}
			if (isAwaitingConfirmation(asked, now)) {
				out.notDue.push({
					action: 'reviewRequest',
					why: () =>
						`review request for order ${order.id} is reserved until ${day(
							asked.atMs,
						)}, waiting for Confirm Sent`,
					nextDueAt: asked.atMs,
				});
				continue;
			}
			if (s.reviewReminderDays <= 0) continue;
			if (h.heldWithin(REVIEW_REMINDER, LEDGER_MEMORY_DAYS, now, order.id)) continue; // one reminder only
			const at = asked.atMs + s.reviewReminderDays * DAY_MS;
			if (at > now) {
				out.notDue.push({
					action: 'reviewRequest',
					why: () =>
						`reminder for order ${order.id} is due ${s.reviewReminderDays} days after the request`,
					nextDueAt: at,
				});
			} else if (now - at <= s.maxOverdueDays * DAY_MS) {
				out.due.push({
					action: 'reviewRequest',
					kind: 'reminder',
					mailKey: REVIEW_REMINDER + order.id,
					markerKeys: [],
					dueAt: at,
					order,
					products: order.lineItems,
					why: () =>
						`order ${order.id} is still not reviewed ${s.reviewReminderDays} days after the request`,
				});
			}
			continue;
		}
		const due = reviewDueAt(order, s);
		if (due.at > now) {
			out.notDue.push({
				action: 'reviewRequest',
				why: () => `review request for order ${order.id} is due ${reviewDueText(due.basis, s)}`,
				nextDueAt: due.at,
			});
			continue;
		}
		if (now - due.at > s.maxOverdueDays * DAY_MS) continue; // too old to ask now
		const products = order.lineItems.filter(
			(li) => !h.heldWithin(REVIEW_PRODUCT, s.reviewProductRepeatDays, now, li.productKey),
		);
		if (order.lineItems.length && !products.length) {
			out.notDue.push({
				action: 'reviewRequest',
				why: () =>
					`every product of order ${order.id} was already asked about within ${s.reviewProductRepeatDays} days`,
			});
			continue;
		}
		out.due.push({
			action: 'reviewRequest',
			kind: 'request',
			mailKey: REVIEW + order.id,
			markerKeys: products.map((p) => REVIEW_PRODUCT + p.productKey),
			dueAt: due.at,
			order,
			products,
			why: () => `order ${order.id} is due for a review request (${reviewDueText(due.basis, s)})`,
		});
	}
}

function upsellOutlook(
	c: Customer,
	h: CustomerHistory,
	s: FollowUpSettings,
	now: number,
	catalogue: Catalogue | undefined,
	out: FollowUpOutlook,
): void {
	const latest = latestPurchase(c);
	if (!latest) return;
	const base = latest.deliveredAt ?? latest.fulfilledAt ?? latest.orderedAt;
	const at = base + s.upsellAfterDeliveryDays * DAY_MS;
	if (h.heldWithin(UPSELL, LEDGER_MEMORY_DAYS, now, latest.id)) return;
	if (at > now) {
		out.notDue.push({
			action: 'upsell',
			why: () =>
				`upsell after order ${latest.id} is due ${s.upsellAfterDeliveryDays} days after delivery`,
			nextDueAt: at,
		});
		return;
	}
	if (now - at > s.maxOverdueDays * DAY_MS) return;
	if (!catalogue) {
		out.notDue.push({
			action: 'upsell',
			why: () => 'no catalogue is set, so there is nothing to offer (Catalogue (JSON) option)',
		});
		return;
	}
	const offer = chooseOffer(c, catalogue, s.ladderFactor);
	if (!offer) {
		out.notDue.push({
			action: 'upsell',
			why: () =>
				'the catalogue has no complementary product and nothing on the price ladder this customer has not bought',
		});
		return;
	}
	out.due.push({
		action: 'upsell',
		kind: 'offer',
		mailKey: UPSELL + latest.id,
		markerKeys: [],
		dueAt: at,
		order: latest,
		offer,
		why: () =>
			`${s.upsellAfterDeliveryDays} days after delivery of order ${latest.id}; offer ${offer.product.name} (${offer.because})`,
	});
}

function vipOutlook(
	c: Customer,
	h: CustomerHistory,
	s: FollowUpSettings,
	now: number,
	out: FollowUpOutlook,
): void {
	const since = now - s.vipWindowDays * DAY_MS;
	let spend = 0;
	let orders = 0;
	for (const o of c.orders) {
		if (!isPurchase(o) || o.orderedAt < since || o.orderedAt > now) continue;
		spend += o.total;
		orders++;
	}
	if (spend < s.vipMinSpend && orders < s.vipMinOrders) return;
	const held = h.heldWithin('vip', s.vipRepeatDays, now);
	if (held) {
		out.notDue.push(heldInvite('vipInvite', 'VIP invite', held, s.vipRepeatDays, now));
		return;
	}
	const why = () =>
		spend >= s.vipMinSpend
			? `spent ${Math.round(spend * 100) / 100} in the last ${s.vipWindowDays} days (VIP from ${
					s.vipMinSpend
			  })`
			: `${orders} orders in the last ${s.vipWindowDays} days (VIP from ${s.vipMinOrders})`;
	out.due.push({
		action: 'vipInvite',
		kind: 'invite',
		mailKey: 'vip',
		markerKeys: [],
		dueAt: now,
		why,
	});
}

function ambassadorOutlook(
	c: Customer,
	h: CustomerHistory,
	s: FollowUpSettings,
	now: number,
	out: FollowUpOutlook,
): void {
	let purchases = 0;
	let rated: Order | undefined;
	for (const o of c.orders) {
		if (!isPurchase(o)) continue;
		purchases++;
		if (!rated && o.rating !== undefined && o.rating >= s.ambassadorMinRating) rated = o;
	}
	if (purchases < s.ambassadorMinOrders || !rated) return;
	const held = h.heldWithin('ambassador', s.ambassadorRepeatDays, now);
	if (held) {
		out.notDue.push(
			heldInvite('ambassadorInvite', 'ambassador invite', held, s.ambassadorRepeatDays, now),
		);
		return;
	}
	out.due.push({
		action: 'ambassadorInvite',
		kind: 'invite',
		mailKey: 'ambassador',
		markerKeys: [],
		dueAt: now,
		why: () => `${purchases} orders and a ${rated!.rating}-star review of order ${rated!.id}`,
	});
}

function winBackOutlook(
	c: Customer,
	h: CustomerHistory,
	s: FollowUpSettings,
	now: number,
	out: FollowUpOutlook,
): void {
	const latest = latestPurchase(c);
	if (!latest) return;
	const from = latest.orderedAt + s.winBackAfterDays * DAY_MS;
	const until = latest.orderedAt + s.winBackBeforeDays * DAY_MS;
	if (h.heldWithin(WIN_BACK, LEDGER_MEMORY_DAYS, now, latest.id)) return; // once per cycle: a new order starts the next one
	if (from > now) {
		out.notDue.push({
			action: 'winBack',
			why: () => `win-back is due ${s.winBackAfterDays} days after the last order (${latest.id})`,
			nextDueAt: from,
		});
		return;
	}
	if (now >= until) return; // lapsed beyond the win-back window
	out.due.push({
		action: 'winBack',
		kind: 'offer',
		mailKey: WIN_BACK + latest.id,
		markerKeys: [],
		dueAt: from,
		order: latest,
		why: () =>
			`no order for ${Math.floor((now - latest.orderedAt) / DAY_MS)} days (win-back from ${
				s.winBackAfterDays
			})`,
	});
}

function latestPurchase(c: Customer): Order | undefined {
	let latest: Order | undefined;
	for (const o of c.orders)
		if (isPurchase(o) && (!latest || o.orderedAt > latest.orderedAt)) latest = o;
	return latest;
}

/** Every follow-up that is due now (in priority order) and every one that is not, with why. */
export function followUpOutlook(
	c: Customer,
	h: CustomerHistory,
	s: FollowUpSettings,
	now: number,
	catalogue: Catalogue | undefined,
): FollowUpOutlook {
	const out: FollowUpOutlook = { due: [], notDue: [] };
	if (s.enabled.reviewRequest) reviewOutlook(c, h, s, now, out);
	if (s.enabled.vipInvite) vipOutlook(c, h, s, now, out);
	if (s.enabled.ambassadorInvite) ambassadorOutlook(c, h, s, now, out);
	if (s.enabled.upsell) upsellOutlook(c, h, s, now, catalogue, out);
	if (s.enabled.winBack) winBackOutlook(c, h, s, now, out);
	out.due.sort(
		(a, b) => ACTIONS.indexOf(a.action) - ACTIONS.indexOf(b.action) || a.dueAt - b.dueAt,
	);
	return out;
}
