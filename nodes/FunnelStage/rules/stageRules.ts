/**
 * The stage rule: "the highest stage with fresh evidence", and the intent score behind it.
 *
 * Intent score: each signal contributes points × 0.5^(ageDays / halfLifeDays); at most
 * `maxEventsPerTypePerDay` signals of one type per UTC day count; the sum S maps to 0–100 by
 * 100 × (1 − e^(−S / scoreSaturationPoints)).
 *
 * Stage, first match wins:
 *   CARE  orders ≥ careMinOrders (customer status from recency and frequency);
 *   DO    add to cart, checkout started or lead form within doWindowDays, or score ≥ doScore,
 *         or (when CARE needs 2 orders) a one-time buyer;
 *   THINK link click, product/page view, opt-in, download, DM, question or email click within
 *         thinkWindowDays, or score ≥ thinkScore;
 *   SEE   everything else, including leads with no evidence at all (flagged `noEvidence`).
 */
import { DAY_MS, isoDate, round } from '../../shared/dates';
import type { LeadEvidence } from '../input/lead';
import { CUSTOMER_STATUS_ACTION, PLAYBOOK, type CustomerStatus } from './playbook';
import type { FunnelSettings } from './settings';
import { SIGNAL_BY_TYPE, SIGNALS, STAGE_RANK, type SignalType, type Stage } from '../input/signals';

export interface StageReason {
	signal: SignalType;
	/** The signal in words, e.g. "add to cart". */
	label: string;
	/** Signals that counted (after the daily cap and consent). */
	count: number;
	points: number;
	/** Age of the newest counted signal, in days. */
	ageDays: number | null;
}

export type Transition = 'new' | 'up' | 'down' | 'same';

export interface StageResult {
	stage: Stage;
	score: number;
	intentPoints: number;
	aida: string;
	funnelPosition: string;
	customerStatus: CustomerStatus | null;
	highestStage: Stage;
	previousStage: Stage | null;
	transition: Transition;
	explanation: string;
	noEvidence: boolean;
	reasons: StageReason[];
	notes: string[];
	nextBestActions: { organic: string[]; paid: string[] };
	classifiedAt: string;
}

interface Tally {
	count: number;
	points: number;
	newestAge: number;
	ignoredByConsent: number;
	cappedOut: number;
}

const DAYS_AGO = Array.from({ length: 1000 }, (_, d) =>
	d === 0 ? 'today' : d === 1 ? '1 day ago' : `${d} days ago`,
);
function days(n: number): string {
	const d = Math.floor(n);
	return d < DAYS_AGO.length ? DAYS_AGO[d] : `${d} days ago`;
}

/** Per-signal-type tallies for one lead, indexed by the type's place in SIGNALS (no Map per lead). */
const SIGNAL_INDEX: ReadonlyMap<SignalType, number> = new Map(SIGNALS.map((s, i) => [s.type, i]));

export function classifyLead(
	lead: LeadEvidence,
	settings: FunnelSettings,
	nowMs: number,
): StageResult {
	const tallies: Array<Tally | undefined> = [];
	// Signals counted per type and UTC day, for the daily cap; keyed by typeIndex + day × 64.
	let capUsed: Map<number, number> | undefined;
	const cap = settings.maxEventsPerTypePerDay;
	const consent = lead.trackingConsent ?? settings.missingTrackingConsent === 'given';
	let futureDates = 0;
	let orderEvents = 0;
	let newestOrderEventMs: number | undefined;
	let doAge = Infinity;
	let doType: SignalType | undefined;
	let thinkAge = Infinity;
	let thinkType: SignalType | undefined;
	let total = 0;

	for (const s of lead.signals) {
		if (s.count <= 0) continue;
		if (s.type === 'order') {
			orderEvents += s.count;
			if (newestOrderEventMs === undefined || s.atMs > newestOrderEventMs)
				newestOrderEventMs = s.atMs;
			continue;
		}
		const index = SIGNAL_INDEX.get(s.type)!;
		const def = SIGNALS[index];
		let tally = tallies[index];
		if (!tally) {
			tally = { count: 0, points: 0, newestAge: Infinity, ignoredByConsent: 0, cappedOut: 0 };
			tallies[index] = tally;
		}
		if (def.needsTrackingConsent && !consent) {
			tally.ignoredByConsent += s.count;
			continue;
		}
		let age = (nowMs - s.atMs) / DAY_MS;
		if (age < 0) {
			futureDates++;
			age = 0;
		}
		let counted = s.count;
		if (counted > cap || lead.signals.length > 1) {
			const key = index + Math.floor(Math.min(s.atMs, nowMs) / DAY_MS) * 64;
			capUsed ??= new Map();
			const used = capUsed.get(key) ?? 0;
			counted = Math.min(s.count, cap - used);
			if (counted < s.count) tally.cappedOut += s.count - Math.max(counted, 0);
			if (counted <= 0) continue;
			capUsed.set(key, used + counted);
		}
		const weight = settings.weights[s.type];
		const points = counted * weight.points * Math.pow(0.5, age / weight.halfLifeDays);
		tally.count += counted;
		tally.points += points;
		total += points;
		if (age < tally.newestAge) tally.newestAge = age;
		if (def.evidenceOf === 'DO' && age < doAge) {
			doAge = age;
			doType = s.type;
		} else if (def.evidenceOf === 'THINK' && age < thinkAge) {
			thinkAge = age;
			thinkType = s.type;
		}
	}

	const score = Math.round(100 * (1 - Math.exp(-total / settings.scoreSaturationPoints)));
	const orders = Math.max(lead.orders ?? 0, orderEvents);
	const lastOrderAtMs = maxDefined(lead.lastOrderAtMs, newestOrderEventMs);

	const reasons: StageReason[] = [];
	const notes: string[] = [];
	for (let index = 0; index < tallies.length; index++) {
		const t = tallies[index];
		if (!t) continue;
		const { type, label } = SIGNALS[index];
		if (t.count > 0)
			reasons.push({
				signal: type,
				label,
				count: t.count,
				points: round(t.points, 2),
				ageDays: round(t.newestAge, 1),
			});
		if (t.cappedOut > 0)
			notes.push(`${t.cappedOut}× ${label} not counted: at most ${cap} of one type count per day`);
		if (t.ignoredByConsent > 0) {
			notes.push(
				`${t.ignoredByConsent}× ${label} ignored: no tracking consent (per-person email tracking needs consent under § 25 TDDDG and the GDPR)`,
			);
		}
	}
	if (reasons.length > 1) reasons.sort((a, b) => b.points - a.points);
	if (lead.counterDating === 'lastActivity')
		notes.push('counters without a date of their own were counted at the last activity date');
	else if (lead.counterDating === 'assumedToday')
		notes.push('counters without a date were counted as today (no last activity date either)');
	if (futureDates > 0)
		notes.push(`${futureDates} signal(s) dated in the future were counted as today`);
	for (const t of lead.ignoredEventTypes ?? [])
		notes.push(`event type "${t}" is not in the vocabulary and was ignored`);
	if (lead.skippedEventTypes?.length)
		notes.push(
			`events that carry no funnel signal were skipped: ${lead.skippedEventTypes.join(', ')}`,
		);

	let stage: Stage;
	let explanation: string;
	let customerStatus: CustomerStatus | null = null;
	const noEvidence = reasons.length === 0 && orders === 0;

	if (orders >= settings.careMinOrders) {
		stage = 'CARE';
		const status = customerStatusOf(orders, lastOrderAtMs, lead.lastActivityAtMs, settings, nowMs);
		customerStatus = status.status;
		explanation = `CARE: ${orders} order${orders === 1 ? '' : 's'} (CARE from ${
			settings.careMinOrders
		}); ${status.why}`;
	} else {
		if (doType && doAge <= settings.doWindowDays) {
			stage = 'DO';
			explanation = `DO: ${SIGNAL_BY_TYPE.get(doType)!.label} ${days(doAge)} (fresh: within ${
				settings.doWindowDays
			} days)`;
		} else if (score >= settings.doScore) {
			stage = 'DO';
			explanation = `DO: intent score ${score} ≥ ${settings.doScore}`;
		} else if (orders >= 1) {
			stage = 'DO';
			explanation = `DO: one-time buyer (${orders} order; CARE starts at ${settings.careMinOrders} orders)`;
		} else if (thinkType && thinkAge <= settings.thinkWindowDays) {
			stage = 'THINK';
			explanation = `THINK: ${SIGNAL_BY_TYPE.get(thinkType)!.label} ${days(
				thinkAge,
			)} (fresh: within ${settings.thinkWindowDays} days)`;
		} else if (score >= settings.thinkScore) {
			stage = 'THINK';
			explanation = `THINK: intent score ${score} ≥ ${settings.thinkScore}`;
		} else {
			stage = 'SEE';
			explanation = noEvidence
				? 'SEE: no behaviour recorded yet'
				: `SEE: intent score ${score} is below ${settings.thinkScore} and there is no fresh THINK or DO evidence`;
		}
	}

	const careStatus = () =>
		customerStatusOf(orders, lastOrderAtMs, lead.lastActivityAtMs, settings, nowMs);
	// A lifecycle stage from the CRM or shop raises the stage behaviour alone gives.
	const lifecycle = settings.useLifecycleStage ? lead.lifecycle : undefined;
	if (lifecycle && STAGE_RANK[lifecycle.stage] > STAGE_RANK[stage]) {
		explanation = `${lifecycle.stage}: lifecycle stage "${lifecycle.value}" (${lifecycle.field}); behaviour alone: ${explanation}`;
		stage = lifecycle.stage;
		if (stage === 'CARE') {
			const status = careStatus();
			customerStatus = status.status;
			explanation += `; ${status.why}`;
		}
	}

	// Forward Only (as CRMs' lifecycle stages): a lead whose evidence falls back keeps the highest stage it reached, and says so.
	if (settings.stageMoves === 'forwardOnly') {
		let kept: Stage | undefined;
		for (const s of [lead.previousStage, lead.previousHighestStage])
			if (s && STAGE_RANK[s] > STAGE_RANK[kept ?? stage]) kept = s;
		if (kept) {
			notes.push(
				`Fell back: the behaviour now points to ${stage}; the lead stays at ${kept}, the highest stage it reached (Stage Moves: Forward Only).`,
			);
			explanation = `${kept}: kept, reached before (Stage Moves: Forward Only); behaviour now: ${explanation}`;
			stage = kept;
			if (stage === 'CARE' && customerStatus === null) customerStatus = careStatus().status;
		}
	}

	const previousStage = lead.previousStage ?? null;
	let highestStage = stage;
	for (const s of [lead.previousStage, lead.previousHighestStage])
		if (s && STAGE_RANK[s] > STAGE_RANK[highestStage]) highestStage = s;
	const transition: Transition =
		previousStage === null
			? 'new'
			: STAGE_RANK[stage] > STAGE_RANK[previousStage]
			? 'up'
			: STAGE_RANK[stage] < STAGE_RANK[previousStage]
			? 'down'
			: 'same';

	const play = PLAYBOOK[stage];
	const organic = customerStatus
		? [CUSTOMER_STATUS_ACTION[customerStatus], ...play.nextBestActions.organic]
		: play.nextBestActions.organic.slice();

	return {
		stage,
		score,
		intentPoints: round(total, 2),
		aida: play.aida,
		funnelPosition: play.funnelPosition,
		customerStatus,
		highestStage,
		previousStage,
		transition,
		explanation,
		noEvidence,
		reasons,
		notes,
		nextBestActions: { organic, paid: play.nextBestActions.paid.slice() },
		classifiedAt: isoDate(nowMs),
	};
}

/**
 * The customer status from the last order's recency and the order count. Without a last order
 * date the last activity bounds it (no order can be later than the last activity): long quiet is
 * at risk or lapsed; otherwise the status is unknown (null), as the count alone cannot tell a
 * first order last week from one 16 months ago.
 */
function customerStatusOf(
	orders: number,
	lastOrderAtMs: number | undefined,
	lastActivityAtMs: number | undefined,
	settings: FunnelSettings,
	nowMs: number,
): { status: CustomerStatus | null; why: string } {
	if (lastOrderAtMs === undefined) {
		const quiet =
			lastActivityAtMs === undefined ? undefined : Math.max(0, (nowMs - lastActivityAtMs) / DAY_MS);
		if (quiet !== undefined && quiet > settings.lapsedAfterDays) {
			return {
				status: 'lapsed',
				why: `no last order date, but last active ${days(quiet)}, more than ${
					settings.lapsedAfterDays
				} days: lapsed`,
			};
		}
		if (quiet !== undefined && quiet > settings.repurchaseWindowDays) {
			return {
				status: 'at risk',
				why: `no last order date, but last active ${days(quiet)}, past the ${
					settings.repurchaseWindowDays
				}-day repurchase window: at risk`,
			};
		}
		return {
			status: null,
			why: 'status unknown: no last order date (map Last Order Date to tell new, active, loyal, at risk and lapsed apart)',
		};
	}
	const since = Math.max(0, (nowMs - lastOrderAtMs) / DAY_MS);
	const last = `last order ${days(since)}`;
	if (since > settings.lapsedAfterDays)
		return { status: 'lapsed', why: `${last}, more than ${settings.lapsedAfterDays} days: lapsed` };
	if (since > settings.repurchaseWindowDays) {
		return {
			status: 'at risk',
			why: `${last}, past the ${settings.repurchaseWindowDays}-day repurchase window: at risk`,
		};
	}
	if (orders >= settings.loyalMinOrders)
		return { status: 'loyal', why: `${last}, ${orders} orders: loyal` };
	if (orders >= 2) return { status: 'active', why: `${last}, repeat buyer: active` };
	return { status: 'new', why: `${last}, first order: new` };
}

function maxDefined(a: number | undefined, b: number | undefined): number | undefined {
	if (a === undefined) return b;
	if (b === undefined) return a;
	return a > b ? a : b;
}
