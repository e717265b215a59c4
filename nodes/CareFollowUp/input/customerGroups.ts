/**
 * Turns input items into customers: in orders mode one item per order, grouped by person (orders
 * that share a customer id or an email); in customers mode one item per customer with an orders list. Keeps which input
 * items each customer came from, so every item can be paired with an output. Pure: no n8n import.
 *
 * Two steps, so a large batch never holds every order in memory at once: `groupItems` reads
 * only the customer identity of each item; `readGroup` reads one customer's orders just
 * before that customer is planned.
 */
import type { Customer, Order } from './customer';
import {
	emailKey,
	idKey,
	readCustomer,
	readCustomerFacts,
	readCustomerIdentity,
	readOrder,
	type CustomerIdentity,
	type MappedValues,
	type ReaderOptions,
} from './customerFields';

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

/** One person's input items, the first customer id they name, and every identity ("id:…", "email:…") they name. */
export interface CustomerGroup {
	items: number[];
	id?: string;
	keys: string[];
}

export interface Grouping {
	/** How many people the items are. */
	count: number;
	/** Person `k`, in the order people first appear. Built when asked, so it lives only while that person is planned. */
	group: (k: number) => CustomerGroup;
	/** Items whose customer could not be identified. */
	errors: ItemError[];
}

/**
 * Groups the input items by person. In One Item per Order, orders that share a customer id or an
 * email are one person, however they are linked: a guest order (email only, or WooCommerce's
 * customer_id 0) joins the account orders with the same email. So a person is planned at most one
 * follow-up per run and their caps count all their orders. In One Item per Customer, each item is
 * its own group.
 */
export function groupItems(src: ItemSource): Grouping {
	const errors: ItemError[] = [];
	if (src.inputType === 'customers')
		return { count: src.count, group: (k) => ({ items: [k], keys: [] }), errors };
	const people = new People(src.count);
	for (let i = 0; i < src.count; i++) {
		let who;
		try {
			who = readCustomerIdentity(src.jsonAt(i), src.mappedAt(i), src.opts);
		} catch (error) {
			errors.push({ itemIndex: i, error });
			continue;
		}
		people.add(i, who);
	}
	const live = people.live();
	return { count: live.length, group: (k) => people.group(live[k]), errors };
}

/**
 * People found so far, by index; a person found to be another (an order names the id of one and
 * the email of the other) joins the earlier one. Keeps little per person, since a large batch
 * holds them all until the last is planned: their items as a list threaded through typed arrays
 * (no array per person), the first id and email, and only for the few people who have more
 * identities, the rest as keys.
 */
class People {
	/** How many people were found (joined ones included). */
	private count = 0;
	/** Per person: the first and last of their items, and how many (stale once they joined another: see `joined`). */
	private readonly first: Int32Array;
	private readonly last: Int32Array;
	private readonly size: Int32Array;
	/** Per item: the person's next item, in input order, or -1. */
	private readonly next: Int32Array;
	/** For a person who joined another, the index they joined; else their own index. */
	private readonly joined: Int32Array;
	private readonly firstId: (string | undefined)[] = [];
	private readonly firstEmail: (string | undefined)[] = [];
	private readonly moreKeys = new Map<number, string[]>();
	private readonly byId = new Map<string, number>();
	private readonly byEmail = new Map<string, number>();

	constructor(items: number) {
		this.first = new Int32Array(items);
		this.last = new Int32Array(items);
		this.size = new Int32Array(items);
		this.next = new Int32Array(items).fill(-1);
		this.joined = new Int32Array(items);
	}

	/** Adds item `item`; items come in input order. */
	add(item: number, who: CustomerIdentity): void {
		const idPerson = who.id === undefined ? undefined : this.byId.get(who.id);
		const emailPerson = who.email === undefined ? undefined : this.byEmail.get(who.email);
		let p: number;
		if (idPerson === undefined && emailPerson === undefined) {
			p = this.count++;
			this.first[p] = this.last[p] = item;
			this.size[p] = 1;
			this.joined[p] = p;
			this.firstId.push(who.id);
			this.firstEmail.push(who.email);
			if (who.id !== undefined) this.byId.set(who.id, p);
			if (who.email !== undefined) this.byEmail.set(who.email, p);
			return;
		}
		if (idPerson === undefined || emailPerson === undefined)
			p = this.current((idPerson ?? emailPerson)!);
		else {
			p = this.current(idPerson);
			const other = this.current(emailPerson);
			if (other !== p) p = this.join(p, other);
		}
		this.next[this.last[p]] = item;
		this.last[p] = item;
		this.size[p]++;
		if (who.id !== undefined && idPerson === undefined) {
			this.byId.set(who.id, p);
			this.addId(p, who.id);
		}
		if (who.email !== undefined && emailPerson === undefined) {
			this.byEmail.set(who.email, p);
			this.addEmail(p, who.email);
		}
	}

	/** Indexes of the people who did not join another, in the order they first appeared. */
	live(): number[] {
		const out: number[] = [];
		for (let p = 0; p < this.count; p++) if (this.joined[p] === p) out.push(p);
		return out;
	}

	group(p: number): CustomerGroup {
		const items = new Array<number>(this.size[p]);
		for (let i = this.first[p], k = 0; i >= 0; i = this.next[i]) items[k++] = i;
		const keys: string[] = [];
		if (this.firstId[p] !== undefined) keys.push(idKey(this.firstId[p]!));
		if (this.firstEmail[p] !== undefined) keys.push(emailKey(this.firstEmail[p]!));
		const more = this.moreKeys.get(p);
		if (more) keys.push(...more);
		return { items, id: this.firstId[p], keys };
	}

	private current(p: number): number {
		while (this.joined[p] !== p) p = this.joined[p] = this.joined[this.joined[p]];
		return p;
	}

	private addId(p: number, id: string): void {
		if (this.firstId[p] === undefined) this.firstId[p] = id;
		else this.addKey(p, idKey(id));
	}

	private addEmail(p: number, email: string): void {
		if (this.firstEmail[p] === undefined) this.firstEmail[p] = email;
		else this.addKey(p, emailKey(email));
	}

	private addKey(p: number, key: string): void {
		const more = this.moreKeys.get(p);
		if (more) more.push(key);
		else this.moreKeys.set(p, [key]);
	}

	/** The later person joins the earlier: their items (the two lists merged in input order) and identities. */
	private join(a: number, b: number): number {
		const [into, from] = a < b ? [a, b] : [b, a];
		let x = this.first[into];
		let y = this.first[from];
		let tail = -1;
		while (x >= 0 || y >= 0) {
			let take: number;
			if (y < 0 || (x >= 0 && x < y)) {
				take = x;
				x = this.next[x];
			} else {
				take = y;
				y = this.next[y];
			}
			if (tail < 0) this.first[into] = take;
			else this.next[tail] = take;
			tail = take;
		}
		this.next[tail] = -1;
		this.last[into] = tail;
		this.size[into] += this.size[from];
		if (this.firstId[from] !== undefined) this.addId(into, this.firstId[from]!);
		if (this.firstEmail[from] !== undefined) this.addEmail(into, this.firstEmail[from]!);
		for (const key of this.moreKeys.get(from) ?? []) this.addKey(into, key);
		this.moreKeys.delete(from);
		this.joined[from] = into;
		return into;
	}
}

export interface ReadGroup {
	/** undefined when an item of this customer could not be read. */
	customer?: Customer;
	errors: ItemError[];
}

/**
 * Reads one customer from their items. Contact and consent data come from the newest order; the
 * customer id too, else the id of another of their orders (a guest order may be the newest).
 */
export function readGroup(src: ItemSource, group: CustomerGroup): ReadGroup {
	const itemIndexes = group.items;
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
		const customer = readCustomerFacts(
			src.jsonAt(newestItem),
			src.mappedAt(newestItem),
			src.opts,
			orders,
		);
		if (customer.id === undefined && group.id !== undefined) {
			customer.id = group.id;
			customer.key = idKey(group.id);
		}
		customer.otherKeys = group.keys.filter((k) => k !== customer.key);
		return errors.length ? { errors } : { customer, errors };
	} catch (error) {
		if (!errors.some((e) => e.itemIndex === newestItem))
			errors.push({ itemIndex: newestItem, error });
		return { errors };
	}
}

/** Contact fields of an item for an output about it, or nothing if they cannot be read. */
export function contactOf(
	src: ItemSource,
	itemIndex: number,
): { customerId?: string | null; email?: string; firstName?: string | null } {
	try {
		const facts = readCustomerFacts(src.jsonAt(itemIndex), src.mappedAt(itemIndex), src.opts);
		return { customerId: facts.id ?? null, email: facts.email, firstName: facts.firstName ?? null };
	} catch {
		return {};
	}
}
