/**
 * Turns input items into customers: in orders mode one item per order, grouped by customer id
 * (else email); in customers mode one item per customer with an orders list. Keeps which input
 * items each customer came from, so every item can be paired with an output. Pure: no n8n import.
 *
 * Two steps, so a large batch never holds every order in memory at once: `groupItems` reads
 * only the customer identity of each item; `readGroup` reads one customer's orders just
 * before that customer is planned.
 */
import type { Customer, Order } from './customer';
import { readCustomer, readCustomerFacts, readCustomerKey, readOrder, type MappedValues, type ReaderOptions } from './customerFields';

export interface ItemError {
	itemIndex: number;
	error: unknown;
}

export interface ItemSource {
	inputType: 'orders' | 'customers';
	count: number;
	jsonAt: (i: number) => unknown;
	mappedAt: (i: number) => MappedValues;
	opts: ReaderOptions;
}

export interface Grouping {
	/** Input item indexes per customer, in the order customers first appear. */
	groups: number[][];
	/** Items whose customer could not be identified. */
	errors: ItemError[];
}

export function groupItems(src: ItemSource): Grouping {
	const errors: ItemError[] = [];
	if (src.inputType === 'customers') return { groups: Array.from({ length: src.count }, (_, i) => [i]), errors };
	const byKey = new Map<string, number[]>();
	for (let i = 0; i < src.count; i++) {
		let key: string;
		try {
			key = readCustomerKey(src.jsonAt(i), src.mappedAt(i), src.opts);
		} catch (error) {
			errors.push({ itemIndex: i, error });
			continue;
		}
		const group = byKey.get(key);
		if (group) group.push(i);
		else byKey.set(key, [i]);
	}
	return { groups: [...byKey.values()], errors };
}

export interface ReadGroup {
	/** undefined when an item of this customer could not be read. */
	customer?: Customer;
	errors: ItemError[];
}

/** Reads one customer from their items. Contact and consent data come from the newest order. */
export function readGroup(src: ItemSource, itemIndexes: readonly number[]): ReadGroup {
	if (src.inputType === 'customers') {
		const i = itemIndexes[0];
		try {
			return { customer: readCustomer(src.jsonAt(i), src.mappedAt(i), src.opts), errors: [] };
		} catch (error) {
			return { errors: [{ itemIndex: i, error }] };
		}
	}
	const errors: ItemError[] = [];
	const orders: Order[] = [];
	let newestAt = -Infinity;
	let newestItem = itemIndexes[0];
	for (const i of itemIndexes) {
		try {
			const order = readOrder(src.jsonAt(i), src.mappedAt(i), src.opts);
			orders.push(order);
			if (order.orderedAt >= newestAt) {
				newestAt = order.orderedAt;
				newestItem = i;
			}
		} catch (error) {
			errors.push({ itemIndex: i, error });
		}
	}
	try {
		const customer = readCustomerFacts(src.jsonAt(newestItem), src.mappedAt(newestItem), src.opts, orders);
		return errors.length ? { errors } : { customer, errors };
	} catch (error) {
		if (!errors.some((e) => e.itemIndex === newestItem)) errors.push({ itemIndex: newestItem, error });
		return { errors };
	}
}

/** Contact fields of an item for an output about it, or nothing if they cannot be read. */
export function contactOf(src: ItemSource, itemIndex: number): { customerId?: string | null; email?: string; firstName?: string | null } {
	try {
		const facts = readCustomerFacts(src.jsonAt(itemIndex), src.mappedAt(itemIndex), src.opts);
		return { customerId: facts.id ?? null, email: facts.email, firstName: facts.firstName ?? null };
	} catch {
		return {};
	}
}
