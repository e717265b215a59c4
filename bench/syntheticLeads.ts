/** Deterministic synthetic leads for the benchmark: a realistic mix of counters, events and orders. */
import type { IDataObject } from 'n8n-workflow';

export const BENCH_NOW = Date.parse('2026-03-15T12:00:00Z');
const DAY = 86_400_000;
/** The seed of the benchmark's leads (bench/n8n2Bench.ts writes the same generator into a Code node). */
export const LEAD_SEED = 42;

function rng(seed: number) {
	let s = seed >>> 0;
	return () => {
		s = (s * 1664525 + 1013904223) >>> 0;
		return s / 4294967296;
	};
}

export const EVENT_TYPES = [
	'like',
	'comment',
	'share',
	'save',
	'follow',
	'link_click',
	'page_view',
	'product_view',
	'opt_in',
	'add_to_cart',
	'checkout_started',
	'lead_form',
	'email_open',
	'email_click',
];

export function syntheticLeads(count: number, seed = LEAD_SEED): IDataObject[] {
	const r = rng(seed);
	const iso = (daysAgo: number) => new Date(BENCH_NOW - daysAgo * DAY).toISOString();
	const leads: IDataObject[] = [];
	for (let i = 0; i < count; i++) {
		const lead: IDataObject = { id: i, email: `lead${i}@example.com`, trackingConsent: r() < 0.5 };
		if (r() < 0.6) lead.likes = Math.floor(r() * 30);
		if (r() < 0.3) lead.pageViews = Math.floor(r() * 10);
		if (r() < 0.6) lead.lastActivityAt = iso(Math.floor(r() * 60));
		if (r() < 0.15) {
			lead.orders_count = 1 + Math.floor(r() * 5);
			lead.last_order_date = iso(Math.floor(r() * 400));
		}
		const n = Math.floor(r() * 6);
		if (n > 0) {
			const events: IDataObject[] = [];
			for (let e = 0; e < n; e++)
				events.push({ type: EVENT_TYPES[Math.floor(r() * EVENT_TYPES.length)], at: iso(r() * 45) });
			lead.events = events;
		}
		leads.push(lead);
	}
	return leads;
}
