import { DAY_MS } from '../../nodes/shared/dates';
import type { Customer, Order } from '../../nodes/CareFollowUp/input/customer';
import { FollowUpLedger } from '../../nodes/CareFollowUp/ledger/followUpLedger';
import type { PlanContext } from '../../nodes/CareFollowUp/rules/planner';
import {
	DEFAULT_FOLLOW_UP_SETTINGS,
	type FollowUpSettings,
} from '../../nodes/CareFollowUp/rules/settings';

/** 12:00 UTC: inside the 09:00–20:00 window in Europe/Berlin. */
export const NOW = Date.parse('2026-03-16T12:00:00Z');
export const ago = (days: number) => NOW - days * DAY_MS;

export function order(id: string, daysAgo: number, extra: Partial<Order> = {}): Order {
	return {
		id,
		orderedAt: ago(daysAgo),
		status: 'paid',
		total: 40,
		lineItems: [
			{ productKey: `SKU-${id}`, sku: `SKU-${id}`, name: `Product ${id}`, price: 40, quantity: 1 },
		],
		reviewed: false,
		...extra,
	};
}

export function customer(orders: Order[], extra: Partial<Customer> = {}): Customer {
	return {
		key: 'id:c1',
		id: 'c1',
		email: 'ana@example.com',
		firstName: 'Ana',
		language: 'en',
		timeZone: 'Europe/Berlin',
		marketingConsent: true,
		unsubscribed: false,
		openSupportTicket: false,
		orders,
		...extra,
	};
}

export function context(
	settings: Partial<FollowUpSettings> = {},
	extra: Partial<PlanContext> = {},
): PlanContext {
	return {
		settings: { ...DEFAULT_FOLLOW_UP_SETTINGS, ...settings },
		ledger: FollowUpLedger.inMemory(),
		dryRun: false,
		defaultTimeZone: 'Europe/Berlin',
		links: {
			reviewLink: 'https://shop.example/review?order={orderId}&sku={sku}',
			shopLink: 'https://shop.example/',
			referralLink: 'https://shop.example/refer?c={customerId}',
			unsubscribeLink: 'https://shop.example/unsubscribe?email={email}',
		},
		shopName: 'Shop',
		discountCode: '',
		utmSource: 'n8n',
		messages: {},
		...extra,
	};
}

/** Settings with only the review request switched on. */
export const onlyReviews = {
	enabled: {
		reviewRequest: true,
		vipInvite: false,
		ambassadorInvite: false,
		upsell: false,
		winBack: false,
	},
};

/** Settings with only the named follow-up switched on. */
export const only = (a: string) => ({
	enabled: {
		reviewRequest: a === 'reviewRequest',
		vipInvite: a === 'vipInvite',
		ambassadorInvite: a === 'ambassadorInvite',
		upsell: a === 'upsell',
		winBack: a === 'winBack',
	},
});

/** A planned follow-up's confirmation reference, read as Confirm Sent reads it. */
export function parseRef(ref: string) {
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	return require('../../nodes/CareFollowUp/ledger/followUpLedger').parseConfirmationRef(ref);
}
