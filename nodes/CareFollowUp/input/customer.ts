/** What the Care Follow-Up rules know about a customer and their orders, after reading the input. */

/** Normalised order status. "pending" covers unpaid, on-hold and failed orders: not a purchase yet. */
export type OrderStatus = 'paid' | 'pending' | 'refunded' | 'cancelled' | 'returned';

export interface LineItem {
	/** What "one request per product" counts: the SKU, else the product id, else the name. */
	productKey: string;
	sku?: string;
	name: string;
	price?: number;
	quantity: number;
}

export interface Order {
	id: string;
	orderedAt: number;
	fulfilledAt?: number;
	deliveredAt?: number;
	status: OrderStatus;
	total: number;
	currency?: string;
	lineItems: LineItem[];
	reviewed: boolean;
	/** Star rating of the customer's review of this order, if any (1–5). */
	rating?: number;
}

export type Language = 'de' | 'en';

export interface Customer {
	/** Identity the ledger writes under: the customer id, else the lower-cased email ("id:…", "email:…"). */
	key: string;
	/**
	 * The person's other identities: their email beside a customer id, and in One Item per Order
	 * every id and email their orders share. Their ledger history counts too, so an order first
	 * placed as a guest (keyed by email) is never followed up again once it carries the customer id.
	 */
	otherKeys?: string[];
	id?: string;
	email: string;
	firstName?: string;
	language: Language;
	locale?: string;
	timeZone?: string;
	/** undefined = the data says nothing about consent. */
	marketingConsent?: boolean;
	consentDate?: number;
	consentSource?: string;
	unsubscribed: boolean;
	openSupportTicket: boolean;
	orders: Order[];
}

/** Orders that count as purchases (paid and not refunded, cancelled or returned). */
export function isPurchase(order: Order): boolean {
	return order.status === 'paid';
}
