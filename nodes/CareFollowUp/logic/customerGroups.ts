/**
 * Turns input items into customers: in orders mode one item per order, grouped by customer id
 * (else email); in customers mode one item per customer with an orders list. Keeps which input
 * items each customer came from, so every item can be paired with an output. Pure: no n8n import.
 */
import type { Customer, Order } from './customer';
import { readCustomer, readCustomerFacts, readCustomerKey, readOrder, type CustomerFacts, type MappedValues, type ReaderOptions } from './customerFields';

export interface CustomerGroup {
	customer: Customer;
	itemIndexes: number[];
	/** Items of this customer that could not be read (orders mode): the customer is then not planned. */
	failedItems: number[];
}

export interface Grouping {
	groups: CustomerGroup[];
	/** Items that could not be read, in input order. */
	errors: { itemIndex: number; error: unknown }[];
}

export function groupCustomers(
	inputType: 'orders' | 'customers',
	count: number,
	jsonAt: (i: number) => unknown,
	mappedAt: (i: number) => MappedValues,
	opts: ReaderOptions,
): Grouping {
	const errors: Grouping['errors'] = [];
	const groups: CustomerGroup[] = [];
	if (inputType === 'customers') {
		for (let i = 0; i < count; i++) {
			try {
				groups.push({ customer: readCustomer(jsonAt(i), mappedAt(i), opts), itemIndexes: [i], failedItems: [] });
			} catch (error) {
				errors.push({ itemIndex: i, error });
			}
		}
		return { groups, errors };
	}
	const byKey = new Map<string, { newestAt: number; newestItem: number; orders: Order[]; itemIndexes: number[]; failedItems: number[] }>();
	for (let i = 0; i < count; i++) {
		const json = jsonAt(i);
		const mapped = mappedAt(i);
		let key: string;
		try {
			key = readCustomerKey(json, mapped, opts);
		} catch (error) {
			errors.push({ itemIndex: i, error });
			continue;
		}
		let group = byKey.get(key);
		if (!group) {
			group = { newestAt: -Infinity, newestItem: i, orders: [], itemIndexes: [], failedItems: [] };
			byKey.set(key, group);
		}
		group.itemIndexes.push(i);
		try {
			const order = readOrder(json, mapped, opts);
			group.orders.push(order);
			if (order.orderedAt >= group.newestAt) {
				group.newestAt = order.orderedAt;
				group.newestItem = i;
			}
		} catch (error) {
			errors.push({ itemIndex: i, error });
			group.failedItems.push(i);
		}
	}
	for (const group of byKey.values()) {
		// Contact and consent data come from the customer's newest order: it holds the latest state.
		let facts: CustomerFacts;
		try {
			facts = readCustomerFacts(jsonAt(group.newestItem), mappedAt(group.newestItem), opts);
		} catch (error) {
			errors.push({ itemIndex: group.newestItem, error });
			if (!group.failedItems.includes(group.newestItem)) group.failedItems.push(group.newestItem);
			facts = { key: '', email: '', language: 'en', unsubscribed: false, openSupportTicket: false };
		}
		groups.push({ customer: { ...facts, orders: group.orders }, itemIndexes: group.itemIndexes, failedItems: group.failedItems });
	}
	errors.sort((a, b) => a.itemIndex - b.itemIndex);
	return { groups, errors };
}
