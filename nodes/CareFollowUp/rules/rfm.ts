/**
 * RFM: recency, frequency and monetary scores (1–5) and the common segment names, on every
 * customer. Scores use fixed, documented thresholds (not batch quintiles), so a customer's
 * segment does not depend on who else is in the batch. Segments follow the widely used R×F grid.
 * Pure: no n8n import.
 */
import { DAY_MS } from '../../shared/dates';
import { isPurchase, type Customer } from '../input/customer';

export interface RfmThresholds {
	/** Upper bounds of days since the last order for R = 5, 4, 3, 2 (older is 1). */
	recencyDays: [number, number, number, number];
	/** Lower bounds of order count for F = 5, 4, 3, 2 (fewer is 1). */
	frequencyOrders: [number, number, number, number];
	/** Lower bounds of total spend for M = 5, 4, 3, 2 (less is 1). */
	monetary: [number, number, number, number];
}

export const DEFAULT_RFM: RfmThresholds = {
	recencyDays: [30, 60, 90, 180],
	frequencyOrders: [5, 4, 3, 2],
	monetary: [1000, 500, 250, 100],
};

export type RfmSegment =
	| 'champions'
	| 'loyal'
	| 'potential loyalists'
	| 'new'
	| 'promising'
	| 'need attention'
	| 'about to sleep'
	| 'at risk'
	| "can't lose"
	| 'hibernating'
	| 'no purchase';

export interface Rfm {
	recency: number;
	frequency: number;
	monetary: number;
	/** "R-F-M", e.g. "5-4-3". */
	score: string;
	segment: RfmSegment;
	daysSinceLastOrder: number | null;
	orders: number;
	spent: number;
}

/** Segment from R and F, the classic grid (rows R, columns F). */
export function segmentOf(r: number, f: number): RfmSegment {
	if (r <= 2) return f <= 2 ? 'hibernating' : f <= 4 ? 'at risk' : "can't lose";
	if (r === 3) return f <= 2 ? 'about to sleep' : f === 3 ? 'need attention' : 'loyal';
	if (f >= 4) return r === 4 ? 'loyal' : 'champions';
	if (f >= 2) return 'potential loyalists';
	return r === 4 ? 'promising' : 'new';
}

/** The 125 score texts, by ·25 + (F-1)·5 + (M-1): each customer's result shares one instead of building its own. */
const SCORE_TEXTS = Array.from(
	{ length: 125 },
	(_, i) => `${Math.floor(i / 25) + 1}-${(Math.floor(i / 5) % 5) + 1}-${(i % 5) + 1}`,
);

export function rfmOf(customer: Customer, nowMs: number, t: RfmThresholds = DEFAULT_RFM): Rfm {
	let count = 0;
	let spent = 0;
	let last = -Infinity;
	for (const o of customer.orders) {
		if (!isPurchase(o)) continue;
		count++;
		spent += o.total;
		if (o.orderedAt > last) last = o.orderedAt;
	}
	if (count === 0) {
		return {
			recency: 1,
			frequency: 1,
			monetary: 1,
			score: '1-1-1',
			segment: 'no purchase',
			daysSinceLastOrder: null,
			orders: 0,
			spent: 0,
		};
	}
	const days = Math.max(0, Math.floor((nowMs - last) / DAY_MS));
	const recency = 5 - countBelow(days, t.recencyDays, (v, b) => v <= b);
	const frequency = 5 - countBelow(count, t.frequencyOrders, (v, b) => v >= b);
	const monetary = 5 - countBelow(spent, t.monetary, (v, b) => v >= b);
	return {
		recency,
		frequency,
		monetary,
		score: SCORE_TEXTS[(recency - 1) * 25 + (frequency - 1) * 5 + (monetary - 1)],
		segment: segmentOf(recency, frequency),
		daysSinceLastOrder: days,
		orders: count,
		spent: Math.round(spent * 100) / 100,
	};
}

/** How many bounds the value misses before one matches (0 → best score). */
function countBelow(
	value: number,
	bounds: readonly number[],
	matches: (v: number, b: number) => boolean,
): number {
	for (let i = 0; i < bounds.length; i++) if (matches(value, bounds[i])) return i;
	return bounds.length;
}
