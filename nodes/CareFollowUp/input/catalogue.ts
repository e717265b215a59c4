/**
 * The product catalogue for upsell and cross-sell offers, and how an offer is chosen: first
 * the complementary-product map, else the price ladder (the cheapest product priced above the
 * customer's highest order value and at most 3 times it, not bought before). Pure: no n8n import.
 */
import { z } from 'zod';
import { parseJsonText } from '../../shared/json';
import { isPurchase, type Customer } from './customer';

const productSchema = z.object({
	sku: z.union([z.string().min(1), z.number()]).transform(String),
	name: z.string().min(1, 'name must not be empty'),
	price: z
		.number({ invalid_type_error: 'price must be a number' })
		.nonnegative('price must be 0 or more'),
	currency: z.string().optional(),
	url: z.string().url('url must be a full link such as https://shop.example/p/mug').optional(),
	complements: z.array(z.union([z.string(), z.number()]).transform(String)).optional(),
});

const listSchema = z.array(productSchema, {
	invalid_type_error: 'must be a list of products, or an object with a products list',
});

export type Product = z.infer<typeof productSchema>;

export interface Catalogue {
	products: Product[];
	bySku: Map<string, Product>;
	/** Sorted by price, for the ladder. */
	byPrice: Product[];
}

export class CatalogueError extends Error {}

/** Parses and checks a catalogue given as JSON text or as an already parsed value. */
export function parseCatalogue(input: unknown): Catalogue | undefined {
	if (input === undefined || input === null || input === '') return undefined;
	let value: unknown = input;
	if (typeof input === 'string') {
		if (input.trim() === '') return undefined;
		const parsed = parseJsonText(input);
		if (!parsed.ok) throw new CatalogueError(`Catalogue is not valid JSON: ${parsed.problem}`);
		value = parsed.value;
	}
	// Either a list of products or {"products": [...]}.
	const wrapped =
		value !== null && typeof value === 'object' && !Array.isArray(value) && 'products' in value;
	const result = listSchema.safeParse(wrapped ? (value as { products: unknown }).products : value);
	if (!result.success) {
		const issue = result.error.issues[0];
		const path = (wrapped ? ['products', ...issue.path] : issue.path)
			.map((p) => (typeof p === 'number' ? `[${p}]` : `.${p}`))
			.join('')
			.replace(/^\./, '');
		const where = path ? `at ${path}` : 'at the top';
		throw new CatalogueError(`Catalogue ${where}: ${issue.message}`);
	}
	const products = result.data;
	return {
		products,
		bySku: new Map(products.map((p) => [p.sku, p])),
		byPrice: [...products].sort((a, b) => a.price - b.price),
	};
}

export interface Offer {
	product: Product;
	how: 'complementary' | 'priceLadder';
	because: string;
}

/** The offer for a customer, or undefined when the catalogue has nothing suitable. */
export function chooseOffer(
	customer: Customer,
	catalogue: Catalogue,
	ladderFactor: number,
): Offer | undefined {
	const bought = new Set<string>();
	let highest = 0;
	for (const o of customer.orders) {
		if (!isPurchase(o)) continue;
		if (o.total > highest) highest = o.total;
		for (const li of o.lineItems) {
			bought.add(li.productKey);
			if (li.sku) bought.add(li.sku);
		}
	}
	// Newest orders first: complements of what they bought last.
	const orders = customer.orders.filter(isPurchase).sort((a, b) => b.orderedAt - a.orderedAt);
	for (const o of orders) {
		for (const li of o.lineItems) {
			const product = catalogue.bySku.get(li.sku ?? li.productKey);
			for (const sku of product?.complements ?? []) {
				const candidate = catalogue.bySku.get(sku);
				if (candidate && !bought.has(candidate.sku)) {
					return { product: candidate, how: 'complementary', because: `goes with ${li.name}` };
				}
			}
		}
	}
	if (highest <= 0) return undefined;
	for (const p of catalogue.byPrice) {
		if (p.price <= highest) continue;
		if (p.price > highest * ladderFactor) break;
		if (!bought.has(p.sku))
			return {
				product: p,
				how: 'priceLadder',
				because: `next step up from the highest order (${highest})`,
			};
	}
	return undefined;
}
