/**
 * Reading customers and orders from n8n items: the fields the user mapped, else the names
 * Shopify (REST and GraphQL) and WooCommerce exports use. Every problem is an InputFieldError
 * that names the field and says how to fix it.
 */
import { readDate, readFlag, readNumber } from '../../shared/coerce';
import { InputFieldError, preview } from '../../shared/inputErrors';
import {
	compilePath,
	firstFilledPath,
	own,
	readPath,
	type CompiledPath,
} from '../../shared/objectPath';
import { NO_FIELD_MAPPED } from '../../shared/objectPath';
import { CONSENT_WORDS } from '../rules/guards';
import { RecognisedFields } from './recognisedFields';
import type { Customer, Language, LineItem, Order, OrderStatus } from './customer';

type FieldKind =
	| 'text'
	| 'date'
	| 'amount'
	| 'flag'
	| 'consent'
	| 'status'
	| 'lineItems'
	| 'orders'
	| 'rating';

export interface CareFieldDefinition {
	name: CareFieldName;
	displayName: string;
	level: 'customer' | 'order';
	kind: FieldKind;
	recognised: readonly string[];
	description: string;
}

export type CareFieldName =
	| 'customerId'
	| 'email'
	| 'firstName'
	| 'locale'
	| 'timeZone'
	| 'marketingConsent'
	| 'consentDate'
	| 'consentSource'
	| 'unsubscribed'
	| 'openSupportTicket'
	| 'orders'
	| 'orderId'
	| 'orderedAt'
	| 'fulfilledAt'
	| 'deliveredAt'
	| 'status'
	| 'total'
	| 'currency'
	| 'lineItems'
	| 'reviewed'
	| 'rating';

const field = (
	name: CareFieldName,
	displayName: string,
	level: 'customer' | 'order',
	kind: FieldKind,
	recognised: string[],
	what: string,
): CareFieldDefinition => ({
	name,
	displayName,
	level,
	kind,
	recognised,
	description: `${what} Recognised without mapping: ${recognised.join(', ')}.`,
});

/** Every field the Care Follow-Up node reads, in the order the node shows them. */
export const CARE_FIELDS: readonly CareFieldDefinition[] = [
	field(
		'customerId',
		'Customer ID',
		'customer',
		'text',
		['customer.id', 'customer_id', 'customerId', 'customer.legacyResourceId'],
		'Groups orders by customer; without it, orders are grouped by email.',
	),
	field(
		'email',
		'Email',
		'customer',
		'text',
		['email', 'customer.email', 'contact_email', 'billing.email', 'billing_address.email'],
		'Where the follow-up goes. Required.',
	),
	field(
		'firstName',
		'First Name',
		'customer',
		'text',
		[
			'first_name',
			'firstName',
			'customer.first_name',
			'customer.firstName',
			'billing.first_name',
			'billing_address.first_name',
		],
		'Used in the greeting.',
	),
	field(
		'locale',
		'Locale',
		'customer',
		'text',
		['locale', 'customer_locale', 'customer.locale', 'language'],
		'de… gets German texts, anything else English (e.g. de-DE, en, fr).',
	),
	field(
		'timeZone',
		'Time Zone',
		'customer',
		'text',
		['time_zone', 'timezone', 'timeZone', 'customer.time_zone'],
		'IANA time zone such as Europe/Berlin, for the send window. Empty: the node’s default time zone.',
	),
	field(
		'marketingConsent',
		'Marketing Consent',
		'customer',
		'consent',
		[
			'marketing_consent',
			'marketingConsent',
			'email_marketing_consent.state',
			'customer.email_marketing_consent.state',
			'emailMarketingConsent.marketingState',
			'customer.emailMarketingConsent.marketingState',
			'accepts_marketing',
			'customer.accepts_marketing',
			'buyer_accepts_marketing',
		],
		'Prior consent to marketing email: true/false or subscribed / not_subscribed / unsubscribed / pending.',
	),
	field(
		'consentDate',
		'Consent Date',
		'customer',
		'date',
		[
			'consent_date',
			'email_marketing_consent.consent_updated_at',
			'customer.email_marketing_consent.consent_updated_at',
		],
		'When consent was given (kept in the output as evidence).',
	),
	field(
		'consentSource',
		'Consent Source',
		'customer',
		'text',
		[
			'consent_source',
			'email_marketing_consent.opt_in_level',
			'customer.email_marketing_consent.opt_in_level',
		],
		'How consent was given, e.g. confirmed_opt_in (kept in the output as evidence).',
	),
	field(
		'unsubscribed',
		'Unsubscribed',
		'customer',
		'flag',
		['unsubscribed', 'customer.unsubscribed', 'email_unsubscribed'],
		'An unsubscribed customer never gets a follow-up.',
	),
	field(
		'openSupportTicket',
		'Open Support Ticket',
		'customer',
		'flag',
		['open_support_ticket', 'openSupportTicket', 'support_ticket_open', 'has_open_ticket'],
		'Review requests wait while a ticket is open.',
	),
	field(
		'orders',
		'Orders',
		'customer',
		'orders',
		['orders', 'order_history'],
		'Customers mode: the list of the customer’s orders.',
	),
	field(
		'orderId',
		'Order ID',
		'order',
		'text',
		['id', 'order_id', 'orderId', 'number'],
		'Required for every order.',
	),
	field(
		'orderedAt',
		'Ordered At',
		'order',
		'date',
		[
			'created_at',
			'createdAt',
			'ordered_at',
			'orderedAt',
			'processed_at',
			'date_created_gmt',
			'date_created',
		],
		'Required for every order.',
	),
	field(
		'fulfilledAt',
		'Fulfilled At',
		'order',
		'date',
		['fulfilled_at', 'fulfilledAt', 'date_completed_gmt', 'date_completed'],
		'When the order shipped. Shopify fulfillments are recognised too: the first that did not fail.',
	),
	field(
		'deliveredAt',
		'Delivered At',
		'order',
		'date',
		['delivered_at', 'deliveredAt'],
		'When the order arrived. Shopify fulfillments with shipment_status "delivered" are recognised too: the last of them.',
	),
	field(
		'status',
		'Status',
		'order',
		'status',
		['status', 'financial_status', 'displayFinancialStatus', 'order_status'],
		'paid, completed, processing, fulfilled, pending, refunded, cancelled, returned … Empty means paid.',
	),
	field(
		'total',
		'Total',
		'order',
		'amount',
		[
			'current_total_price',
			'currentTotalPriceSet.shopMoney.amount',
			'total_price',
			'total',
			'totalPrice',
			'totalPriceSet.shopMoney.amount',
			'amount',
		],
		'Order value after refunds, 0 or more: Shopify’s current total first; WooCommerce refunds are subtracted.',
	),
	field(
		'currency',
		'Currency',
		'order',
		'text',
		['currency', 'currency_code', 'currencyCode', 'totalPriceSet.shopMoney.currencyCode'],
		'ISO currency code such as EUR.',
	),
	field(
		'lineItems',
		'Line Items',
		'order',
		'lineItems',
		['line_items', 'lineItems', 'items', 'products'],
		'List of {sku, product_id, name or title, price, quantity}.',
	),
	field(
		'reviewed',
		'Reviewed',
		'order',
		'flag',
		['reviewed', 'has_review', 'review_submitted'],
		'Whether the customer already reviewed this order.',
	),
	field(
		'rating',
		'Review Rating',
		'order',
		'rating',
		['rating', 'review_rating', 'review.rating'],
		'Stars (1–5) of the customer’s review of this order.',
	),
];

export type MappedValues = Partial<Record<CareFieldName, unknown>>;
/** Read-only: the mapped values when nothing is mapped (shared, so no item allocates its own). */
/** No field mapped (shared: the common case allocates nothing per item). */
export const NOTHING_MAPPED: MappedValues = NO_FIELD_MAPPED;

const STATUS_WORDS: Record<string, OrderStatus> = {
	paid: 'paid',
	completed: 'paid',
	complete: 'paid',
	processing: 'paid',
	fulfilled: 'paid',
	shipped: 'paid',
	delivered: 'paid',
	closed: 'paid',
	partially_refunded: 'paid',
	pending: 'pending',
	on_hold: 'pending',
	failed: 'pending',
	unpaid: 'pending',
	authorized: 'pending',
	partially_paid: 'pending',
	expired: 'pending',
	draft: 'pending',
	checkout_draft: 'pending',
	refunded: 'refunded',
	voided: 'refunded',
	cancelled: 'cancelled',
	canceled: 'cancelled',
	returned: 'returned',
};

/**
 * The address check of zod's z.string().email() (zod 3), as a plain pattern: zod's parse builds a
 * result and an issue list for each of a batch's customers. A unit test keeps the two in step.
 */
export const EMAIL_ADDRESS =
	/^(?!\.)(?!.*\.\.)[\w'+.-]*[\w+-]@(?:[A-Z0-9][A-Z0-9-]*\.)+[A-Z]{2,}$/i;

interface FieldRecord {
	name: string;
	displayName: string;
	paths: CompiledPath[];
	labels: readonly string[];
	/** Position among RECOGNISED, the fields a RecognisedFields reads. */
	index: number;
}
const fieldRecord = (
	name: string,
	displayName: string,
	recognised: readonly string[],
	index: number,
): FieldRecord => ({
	name,
	displayName,
	paths: recognised.map(compilePath),
	labels: recognised,
	index,
});
/** Each field's compiled names, looked up once here rather than per order. */
const R = Object.fromEntries(
	CARE_FIELDS.map((f, index) => [f.name, fieldRecord(f.name, f.displayName, f.recognised, index)]),
) as Record<CareFieldName, FieldRecord>;
/** Read by their name only, never mapped: Shopify's fulfillments and cancellation (REST and GraphQL), WooCommerce's refunds, and a customer record's own id. */
const SHOPIFY_FULFILLMENTS = fieldRecord(
	'fulfillments',
	'fulfillments',
	['fulfillments'],
	CARE_FIELDS.length,
);
const SHOPIFY_CANCELLED = fieldRecord(
	'cancelledAt',
	'cancelled_at',
	['cancelled_at', 'cancelledAt'],
	CARE_FIELDS.length + 1,
);
const WOO_REFUNDS = fieldRecord('refunds', 'refunds', ['refunds'], CARE_FIELDS.length + 2);
const RECORD_ID = fieldRecord('id', 'id', ['id'], CARE_FIELDS.length + 3);
/** Every field read by a recognised name, in the order of `index`. */
const RECOGNISED: readonly FieldRecord[] = [
	...Object.values(R),
	SHOPIFY_FULFILLMENTS,
	SHOPIFY_CANCELLED,
	WOO_REFUNDS,
	RECORD_ID,
];

/** Fulfillment states that shipped nothing (Shopify: a failed, cancelled or erroneous fulfillment). */
const FAILED_FULFILLMENT = new Set(['failure', 'cancelled', 'error']);

/**
 * Shipping from Shopify's fulfillments: the first that did not fail shipped the order; the last
 * with shipment_status "delivered" delivered it (a split shipment has arrived when its last part
 * has). Only fulfillments that are objects count.
 */
function fromFulfillments(
	value: unknown,
	label: string,
): { fulfilledAt?: number; deliveredAt?: number } {
	if (!Array.isArray(value)) return {};
	let fulfilledAt: number | undefined;
	let deliveredAt: number | undefined;
	for (let i = 0; i < value.length; i++) {
		const f = value[i];
		if (f === null || typeof f !== 'object') continue;
		const status = own(f, 'status');
		if (typeof status === 'string' && FAILED_FULFILLMENT.has(status.toLowerCase())) continue;
		const created = readDate(
			own(f, 'created_at') ?? own(f, 'createdAt'),
			`${label}[${i}].created_at`,
		);
		if (created !== undefined && (fulfilledAt === undefined || created < fulfilledAt))
			fulfilledAt = created;
		if (own(f, 'shipment_status') === 'delivered') {
			const delivered = readDate(
				own(f, 'updated_at') ?? own(f, 'updatedAt'),
				`${label}[${i}].updated_at`,
			);
			if (delivered !== undefined && (deliveredAt === undefined || delivered > deliveredAt))
				deliveredAt = delivered;
		}
	}
	return { fulfilledAt, deliveredAt };
}

/** WooCommerce refunds ({ total: "-10.00" } each, negative): the amount refunded, 0 when there are none. */
function refunded(value: unknown, label: string): number {
	if (!Array.isArray(value)) return 0;
	let sum = 0;
	for (let i = 0; i < value.length; i++) {
		const r = value[i];
		if (r === null || typeof r !== 'object') continue;
		const amount = readNumber(own(r, 'total'), `${label}[${i}].total`);
		if (amount !== undefined) sum += Math.abs(amount);
	}
	return sum;
}

const isEmpty = (v: unknown) => v === undefined || v === null || v === '';

export interface ReaderOptions {
	recognise: boolean;
	/**
	 * For a batch: the layouts of the records read so far, so that each record's recognised names
	 * are tried only where its layout has them (see RecognisedFields; `readerOptions` makes one).
	 * Without it every recognised name is tried on every record, with the same result.
	 */
	layouts?: RecognisedFields;
}

/** Options for reading one batch of items; call `forgetRecords` when the batch is done. */
export function readerOptions(recognise: boolean): ReaderOptions {
	return recognise
		? { recognise, layouts: new RecognisedFields(RECOGNISED.map((f) => f.paths)) }
		: { recognise };
}

/** Forgets the last records a batch's options read (no input stays in memory after a run). */
export function forgetRecords(opts: ReaderOptions): void {
	opts.layouts?.forget();
}

/** The first recognised name of `f` that holds a value in `json` (index into f.labels, or -1), the value into `found`. */
function recognised(json: unknown, f: FieldRecord, opts: ReaderOptions): number {
	const layouts = opts.layouts;
	if (layouts) {
		const i = layouts.find(json, f.index);
		found.value = layouts.value;
		return i;
	}
	const i = firstFilledPath(json, f.paths);
	found.value = i < 0 ? undefined : readPath(json, f.paths[i]);
	return i;
}

/** A value read only by its recognised name (see SHOPIFY_DELIVERY_STATUS), undefined if empty. */
function recognisedValue(json: unknown, f: FieldRecord, opts: ReaderOptions): unknown {
	return recognised(json, f, opts) < 0 ? undefined : found.value;
}

/**
 * Where a value comes from: the mapped field, else the first recognised name that holds a value.
 * Returns one shared object (read it before the next call): this runs for every field of every order.
 */
const found = { value: undefined as unknown, label: '' };
function source(
	json: unknown,
	mapped: MappedValues,
	f: FieldRecord,
	opts: ReaderOptions,
): { value: unknown; label: string } {
	// Nothing mapped is the common case: skip the look-up by field name, which costs more than it seems across every field of every order.
	const m = mapped === NOTHING_MAPPED ? undefined : mapped[f.name as CareFieldName];
	if (!isEmpty(m)) {
		found.value = m;
		found.label = f.displayName;
		return found;
	}
	if (!opts.recognise) {
		found.value = undefined;
		found.label = f.labels[0];
		return found;
	}
	const i = recognised(json, f, opts);
	found.label = f.labels[i < 0 ? 0 : i];
	return found;
}

function readText(value: unknown, label: string): string | undefined {
	if (isEmpty(value)) return undefined;
	if (typeof value === 'string') return value.trim() || undefined;
	if (typeof value === 'number' && Number.isFinite(value)) return String(value);
	throw new InputFieldError(
		label,
		`must be text, got ${preview(value)}`,
		'map a text or number field',
	);
}

/** Larger amounts are data errors (and would add up to Infinity); no shop order comes near it. */
const MAX_AMOUNT = 1e12;

function readAmount(value: unknown, label: string): number | undefined {
	const n = readNumber(value, label);
	if (n !== undefined && n < 0)
		throw new InputFieldError(
			label,
			`must not be negative, got ${preview(value)}`,
			'map the order total as 0 or more (refunds belong in the status)',
		);
	if (n !== undefined && n > MAX_AMOUNT)
		throw new InputFieldError(
			label,
			`is too large for an amount, got ${preview(value)}`,
			'map the amount in currency units, at most 1,000,000,000,000',
		);
	return n;
}

const statusCache = new Map<string, OrderStatus>();
function readStatus(value: unknown, label: string): OrderStatus | undefined {
	if (isEmpty(value)) return undefined;
	if (typeof value === 'string') {
		let status = statusCache.get(value);
		if (status) return status;
		const word = value
			.trim()
			.toLowerCase()
			.replace(/^wc-/, '')
			.replace(/[\s-]+/g, '_');
		status = own(STATUS_WORDS, word) as OrderStatus | undefined;
		if (status) {
			if (statusCache.size < 1000) statusCache.set(value, status);
			return status;
		}
	}
	throw new InputFieldError(
		label,
		`is not an order status we know, got ${preview(value)}`,
		'use paid, completed, processing, fulfilled, pending, on-hold, failed, refunded, cancelled or returned, or map your status to one of them',
	);
}

function readRating(value: unknown, label: string): number | undefined {
	const n = readNumber(value, label);
	if (n !== undefined && (n < 0 || n > 5))
		throw new InputFieldError(
			label,
			`must be 0 to 5 stars, got ${preview(value)}`,
			'map a star rating from 1 to 5, or leave it empty',
		);
	return n;
}

/** Shopify's GraphQL Admin API gives a connection: { nodes: [...] } or { edges: [{ node }] }. */
function connectionList(value: unknown): unknown {
	if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
	const nodes = own(value, 'nodes');
	if (Array.isArray(nodes)) return nodes;
	const edges = own(value, 'edges');
	if (Array.isArray(edges))
		return edges.map((e) => (e !== null && typeof e === 'object' ? own(e, 'node') : e));
	return value;
}

function readLineItems(given: unknown, label: string, orderId: string): LineItem[] {
	if (isEmpty(given)) return [];
	const value = connectionList(given);
	if (!Array.isArray(value))
		throw new InputFieldError(
			label,
			`must be a list of products, got ${preview(value)}`,
			'map a list such as [{"sku": "MUG-1", "name": "Mug", "price": 12}]',
		);
	const items: LineItem[] = new Array(value.length);
	for (let i = 0; i < value.length; i++) {
		try {
			items[i] = readLineItem(value[i], orderId);
		} catch (error) {
			throw error instanceof InputFieldError ? error.within(`${label}[${i}]`) : error;
		}
	}
	return items;
}

const UNIT_PRICE_GRAPHQL = compilePath('originalUnitPriceSet.shopMoney.amount');

/** One line item; errors name the field within the item (".price"), readLineItems adds where the item is. */
function readLineItem(raw: unknown, orderId: string): LineItem {
	if (raw === null || typeof raw !== 'object' || Array.isArray(raw))
		throw new InputFieldError(
			'',
			`must be an object, got ${preview(raw)}`,
			'give each line item sku, name and price',
		);
	const sku = readText(own(raw, 'sku'), '.sku');
	const productId = readText(own(raw, 'product_id') ?? own(raw, 'productId'), '.product_id');
	const name = readText(own(raw, 'name') ?? own(raw, 'title'), '.name');
	const price = readAmount(
		own(raw, 'price') ?? readPath(raw, UNIT_PRICE_GRAPHQL),
		own(raw, 'price') === undefined ? '.originalUnitPriceSet.shopMoney.amount' : '.price',
	);
	const quantity = readAmount(own(raw, 'quantity'), '.quantity') ?? 1;
	const productKey = sku ?? productId ?? name;
	if (!productKey)
		throw new InputFieldError(
			'.sku',
			'is missing, and so are product_id and name',
			`give each line item of order ${orderId} a sku, product_id or name`,
		);
	return { productKey, sku, name: name ?? productKey, price, quantity };
}

/** A consent value: a status word (see CONSENT_WORDS in rules/guards.ts) or a yes/no flag. */
function readConsent(value: unknown, label: string): { consent?: boolean; unsubscribed?: boolean } {
	if (isEmpty(value)) return {};
	if (typeof value === 'string') {
		const word = value
			.trim()
			.toLowerCase()
			.replace(/[\s-]+/g, '_');
		const known = own(CONSENT_WORDS, word) as (typeof CONSENT_WORDS)[string] | undefined;
		if (known) return known;
	}
	return { consent: readFlag(value, label) };
}

/** Reads one order. `json` is the order object; `mapped` holds the user's mapped order fields (orders mode). */
export function readOrder(json: unknown, mapped: MappedValues, opts: ReaderOptions): Order {
	if (json === null || typeof json !== 'object' || Array.isArray(json)) {
		throw new InputFieldError(
			'order',
			`must be an object, got ${preview(json)}`,
			'give each order as an object with id, created_at and total',
		);
	}
	// Each field is read and converted at once: `source()` returns a shared object (no allocation per field).
	let f = source(json, mapped, R.orderId, opts);
	const id = readText(f.value, f.label);
	if (!id)
		throw new InputFieldError(
			f.label,
			'is missing',
			'map the order id (Order Fields → Order ID), e.g. {{ $json.id }}',
		);
	f = source(json, mapped, R.orderedAt, opts);
	const orderedAt = readDate(f.value, f.label);
	if (orderedAt === undefined)
		throw new InputFieldError(
			f.label,
			`is missing for order ${id}`,
			'map when the order was placed (Order Fields → Ordered At), e.g. {{ $json.created_at }}',
		);
	f = source(json, mapped, R.fulfilledAt, opts);
	let fulfilledAt = readDate(f.value, f.label);
	f = source(json, mapped, R.deliveredAt, opts);
	let deliveredAt = readDate(f.value, f.label);
	if ((fulfilledAt === undefined || deliveredAt === undefined) && opts.recognise) {
		const shipped = fromFulfillments(
			recognisedValue(json, SHOPIFY_FULFILLMENTS, opts),
			SHOPIFY_FULFILLMENTS.displayName,
		);
		fulfilledAt ??= shipped.fulfilledAt;
		deliveredAt ??= shipped.deliveredAt;
	}
	f = source(json, mapped, R.status, opts);
	let status = readStatus(f.value, f.label) ?? 'paid';
	if (opts.recognise && recognisedValue(json, SHOPIFY_CANCELLED, opts) !== undefined)
		status = 'cancelled';
	f = source(json, mapped, R.lineItems, opts);
	const lineItems = readLineItems(f.value, f.label, id);
	f = source(json, mapped, R.total, opts);
	let total = readAmount(f.value, f.label);
	if (total === undefined)
		total = lineItems.reduce((sum, li) => sum + (li.price ?? 0) * li.quantity, 0);
	else if (opts.recognise && f.label === 'total')
		total = Math.max(
			0,
			total - refunded(recognisedValue(json, WOO_REFUNDS, opts), WOO_REFUNDS.displayName),
		);
	f = source(json, mapped, R.rating, opts);
	const rating = readRating(f.value, f.label);
	f = source(json, mapped, R.reviewed, opts);
	const reviewed = (readFlag(f.value, f.label) ?? false) || rating !== undefined;
	f = source(json, mapped, R.currency, opts);
	const currency = readText(f.value, f.label)?.toUpperCase();
	return {
		id,
		orderedAt,
		fulfilledAt,
		deliveredAt,
		status,
		total,
		currency,
		lineItems,
		reviewed,
		rating,
	};
}

/**
 * WooCommerce gives a guest's order `customer_id: 0`. That names no customer: read as an id, it
 * would make every guest of the shop one customer.
 */
const GUEST_CUSTOMER_ID = '0';

function readCustomerId(value: unknown, label: string): string | undefined {
	const id = readText(value, label);
	return id === GUEST_CUSTOMER_ID ? undefined : id;
}

/**
 * A customer we cannot write to: no email address (Shopify POS and draft orders often have none).
 * Not an input error: they leave on Not Now with this reason, and the rest is planned.
 */
export class NoEmailAddress extends InputFieldError {
	constructor(label: string) {
		super(
			label,
			'is missing',
			'map the customer’s email (Customer Fields → Email) if the address is in another field',
		);
		this.name = 'NoEmailAddress';
	}

	readonly reason =
		'no email address: a follow-up cannot reach this customer (point-of-sale and draft orders often have none)';
}

/** Ledger and grouping keys of a person: "id:<customer id>" and "email:<lower-cased email>". */
export const idKey = (id: string) => `id:${id}`;
export const emailKey = (email: string) => `email:${email.toLowerCase()}`;

export interface CustomerIdentity {
	/** The customer id, when the item names one. */
	id?: string;
	/** The lower-cased email, when the item holds one. */
	email?: string;
}

/**
 * Who an item belongs to: its customer id and its lower-cased email. Orders that share either are
 * one person. Cheap: read for every order. Throws when the item names neither; beside a customer
 * id, an email that is not text is left out here (the newest order's email is checked when the
 * customer is read).
 */
export function readCustomerIdentity(
	json: unknown,
	mapped: MappedValues,
	opts: ReaderOptions,
): CustomerIdentity {
	const idSrc = source(json, mapped, R.customerId, opts);
	const id = readCustomerId(idSrc.value, idSrc.label);
	const emailSrc = source(json, mapped, R.email, opts);
	const email =
		id && typeof emailSrc.value !== 'string' ? undefined : readText(emailSrc.value, emailSrc.label);
	if (!id && !email) throw new NoEmailAddress(emailSrc.label);
	return { id, email: email?.toLowerCase() };
}

/**
 * Reads a customer from an item (an order in orders mode, a customer in customers mode), with
 * `orders` as their orders. Each field is read and converted at once (`source` returns a shared object).
 */
export function readCustomerFacts(
	json: unknown,
	mapped: MappedValues,
	opts: ReaderOptions,
	orders: Order[] = [],
): Customer {
	let f = source(json, mapped, R.email, opts);
	const email = readText(f.value, f.label);
	if (!email) throw new NoEmailAddress(f.label);
	if (!EMAIL_ADDRESS.test(email))
		throw new InputFieldError(
			f.label,
			`is not an email address, got ${preview(email)}`,
			'map a field that holds an address such as ana@example.com',
		);
	f = source(json, mapped, R.customerId, opts);
	const id = readCustomerId(f.value, f.label);
	f = source(json, mapped, R.locale, opts);
	const locale = readText(f.value, f.label);
	f = source(json, mapped, R.timeZone, opts);
	const timeZone = readText(f.value, f.label);
	if (timeZone !== undefined && !isTimeZone(timeZone))
		throw new InputFieldError(
			f.label,
			`is not a time zone we know, got ${preview(timeZone)}`,
			'use an IANA name such as Europe/Berlin or America/New_York, or leave it empty',
		);
	f = source(json, mapped, R.marketingConsent, opts);
	const consent = readConsent(f.value, f.label);
	f = source(json, mapped, R.firstName, opts);
	const firstName = readText(f.value, f.label);
	f = source(json, mapped, R.consentDate, opts);
	const consentDate = readDate(f.value, f.label);
	f = source(json, mapped, R.consentSource, opts);
	const consentSource = readText(f.value, f.label);
	f = source(json, mapped, R.unsubscribed, opts);
	const unsubscribed = readFlag(f.value, f.label);
	f = source(json, mapped, R.openSupportTicket, opts);
	const openSupportTicket = readFlag(f.value, f.label) ?? false;
	return {
		key: id ? idKey(id) : emailKey(email),
		id,
		email,
		firstName,
		language: languageOf(locale),
		locale,
		timeZone,
		marketingConsent: consent.consent,
		consentDate,
		consentSource,
		unsubscribed: (unsubscribed ?? false) || consent.unsubscribed === true,
		openSupportTicket,
		orders,
	};
}

/** Customers mode: the customer and the orders in their orders list. */
export function readCustomer(json: unknown, mapped: MappedValues, opts: ReaderOptions): Customer {
	const customer = readCustomerFacts(json, mapped, opts);
	if (customer.id === undefined && opts.recognise) {
		// A customer record's own "id" is the customer id (in orders mode it is the order id).
		const id = readCustomerId(recognisedValue(json, RECORD_ID, opts), RECORD_ID.displayName);
		if (id) {
			customer.id = id;
			customer.key = idKey(id);
		}
	}
	if (customer.id !== undefined) customer.otherKeys = [emailKey(customer.email)];
	const ordersSrc = { ...source(json, mapped, R.orders, opts) };
	const list = ordersSrc.value;
	if (list !== undefined && list !== null && !Array.isArray(list)) {
		throw new InputFieldError(
			ordersSrc.label,
			`must be a list of orders, got ${preview(list)}`,
			'map the customer’s orders as a list, or switch Input to One Item per Order',
		);
	}
	customer.orders = (list ?? []).map((o, i) => {
		const at = `${ordersSrc.label}[${i}]`;
		if (o === null || typeof o !== 'object' || Array.isArray(o)) {
			throw new InputFieldError(
				at,
				`must be an object, got ${preview(o)}`,
				'give each order as an object with id, created_at and total',
			);
		}
		try {
			return readOrder(o, NOTHING_MAPPED, opts);
		} catch (error) {
			throw error instanceof InputFieldError ? error.within(`${at}.`) : error;
		}
	});
	return customer;
}

/** "de", "de-DE", "de_AT" → German; everything else → English (the fallback). */
export function languageOf(locale: string | undefined): Language {
	return locale !== undefined && /^de(?:[-_]|$)/i.test(locale) ? 'de' : 'en';
}

/**
 * Zones checked so far. The answers for valid zones are kept (there are some 600 IANA names); a
 * name that is no zone comes from input data and is not kept, so the cache cannot grow without
 * bound on it.
 */
const validZones = new Set<string>();
export function isTimeZone(zone: string): boolean {
	if (validZones.has(zone)) return true;
	try {
		new Intl.DateTimeFormat('en-US', { timeZone: zone });
	} catch {
		return false;
	}
	if (validZones.size < 2048) validZones.add(zone);
	return true;
}
