/**
 * The guards between a due follow-up and a mail, in the order the planner applies them:
 * unsubscribed, no purchase yet, an open support ticket, a guest's link, one per person and run,
 * the legal basis (consent, or the existing-customer exception), the frequency caps, and the send
 * window. Each guard that holds a follow-up back says why. Pure: no n8n import.
 */
import { DAY_MS } from '../../shared/dates';
import { isPurchase, type Customer } from '../input/customer';
import type { CustomerHistory } from '../ledger/followUpLedger';
import type { DueFollowUp } from './dueDates';
import { nextSendTime } from './sendWindow';
import { ACTION_LABELS, type FollowUpAction, type FollowUpSettings } from './settings';

/** A follow-up held back: why, and when the next one is due if known. */
export interface Hold {
	reason: string;
	nextDueAt?: number;
	nextAction?: FollowUpAction;
}

// ── Consent ───────────────────────────────────────────────────────────────────────────────────

/**
 * What a consent or subscription status word means (Shopify's emailMarketingConsent.marketingState,
 * Klaviyo's and HubSpot's subscription states, lower-cased, spaces and hyphens as underscores).
 * "pending" (double opt-in not confirmed yet) is no consent. Other values are read as yes/no
 * (true, granted, opted_in …; see readFlag).
 */
export const CONSENT_WORDS: Readonly<Record<string, { consent: boolean; unsubscribed?: boolean }>> =
	{
		subscribed: { consent: true },
		not_subscribed: { consent: false },
		never_subscribed: { consent: false },
		pending: { consent: false },
		unsubscribed: { consent: false, unsubscribed: true },
		redacted: { consent: false },
		invalid: { consent: false },
	};

export type LegalBasis = 'consent' | 'existingCustomerException';

/**
 * The legal basis for a marketing mail: the customer's consent (§ 7(2) Nr. 3 UWG), or, when the
 * user switches it on, the existing-customer exception (§ 7(3) UWG: own similar products, to a
 * buyer who was told at purchase and did not object). None: the mail is not sent.
 */
export function legalBasisOf(customer: Customer, s: FollowUpSettings): LegalBasis | undefined {
	if (customer.marketingConsent === true) return 'consent';
	if (s.useExistingCustomerException) return 'existingCustomerException';
	return undefined;
}

export const noLegalBasis = (action: FollowUpAction): Hold => ({
	reason: `no legal basis for a ${ACTION_LABELS[action]}: no marketing consent (§ 7(2) Nr. 3 UWG), and the existing-customer exception (§ 7(3) UWG) is off`,
	nextAction: action,
});

/** The footer the legal basis asks for: the § 7(3) UWG opt-out notice, or the unsubscribe line. */
export const footerFor = (basis: LegalBasis) =>
	basis === 'existingCustomerException' ? 'optOut' : 'unsubscribe';

// ── Unsubscribe and purchase ──────────────────────────────────────────────────────────────────

export const unsubscribed = (customer: Customer): Hold | undefined =>
	customer.unsubscribed ? { reason: 'unsubscribed: never sent a follow-up' } : undefined;

export const hasPurchased = (customer: Customer) => customer.orders.some(isPurchase);

// ── Support ticket and guests ─────────────────────────────────────────────────────────────────

/** An open support ticket defers the review request, never drops it: it goes out once the ticket is closed. */
export function deferredWhileTicketOpen(customer: Customer, due: DueFollowUp[]): DueFollowUp[] {
	return customer.openSupportTicket ? due.filter((d) => d.action === 'reviewRequest') : [];
}

export const needsCustomerId = (pattern: string | undefined) =>
	pattern !== undefined && pattern.includes('{customerId}');

// ── Frequency caps ────────────────────────────────────────────────────────────────────────────

/** At least Minimum Days Apart between two follow-ups, and at most Max per 30 Days. */
export function frequencyCap(
	history: CustomerHistory,
	s: FollowUpSettings,
	nowMs: number,
	action: FollowUpAction,
): Hold | undefined {
	const mails = history.mailSummary(nowMs, 30 * DAY_MS);
	if (mails.latest !== undefined && nowMs - mails.latest < s.minDaysApart * DAY_MS) {
		return {
			reason: `frequency cap: the last follow-up was less than ${s.minDaysApart} days ago`,
			nextDueAt: mails.latest + s.minDaysApart * DAY_MS,
			nextAction: action,
		};
	}
	if (mails.inWindow >= s.maxPer30Days) {
		return {
			reason: `frequency cap: ${mails.inWindow} follow-ups in the last 30 days (at most ${s.maxPer30Days})`,
			nextDueAt: mails.oldestInWindow! + 30 * DAY_MS,
			nextAction: action,
		};
	}
	return undefined;
}

// ── Send window ───────────────────────────────────────────────────────────────────────────────

/** When the follow-up may go out in the customer's time zone, and whether it waits for that (Outside Send Window: Hold). */
export function sendWindow(
	nowMs: number,
	timeZone: string,
	s: FollowUpSettings,
	action: FollowUpAction,
): { sendAt: number; hold?: Hold } {
	const sendAt = nextSendTime(nowMs, timeZone, {
		startHour: s.sendWindowStartHour,
		endHour: s.sendWindowEndHour,
	});
	if (sendAt > nowMs && s.outsideWindow === 'hold') {
		return {
			sendAt,
			hold: {
				reason: `outside the send window (${s.sendWindowStartHour}:00–${s.sendWindowEndHour}:00 in ${timeZone}): the ${ACTION_LABELS[action]} goes out from then`,
				nextDueAt: sendAt,
				nextAction: action,
			},
		};
	}
	return { sendAt };
}
