/**
 * The hostile-input corpus: items a real export or a careless mapping can send, across the three
 * nodes, each with the behaviour we promise — a documented coercion (the value the node reads)
 * or a specific error that names the item and the field. hostileCorpus.test.ts runs every case
 * through n8n's engine and asserts exactly that.
 */
export type Node = 'funnelStage' | 'careFollowUp' | 'influencerScore';

export interface HostileCase {
	id: string;
	node: Node;
	/** The item's JSON (built here, so that 10 MB strings and deep nesting need no checked-in blob). */
	item: () => Record<string, unknown>;
	/** Either the exact error message the item leaves with (Continue On Fail)… */
	error?: string;
	/** …or values the result must hold, by dotted path in the output item's JSON. */
	result?: Record<string, unknown>;
}

const NOW = '2026-03-15T12:00:00.000Z';
const daysAgo = (d: number) => new Date(Date.parse(NOW) - d * 86_400_000).toISOString();
const tenMegabytes = (char = 'a') => char.repeat(10 * 1024 * 1024);
/** An object nested `depth` levels deep: {a: {a: {…}}}. */
function deep(depth: number, leaf: unknown = 1): Record<string, unknown> {
	let value: unknown = leaf;
	for (let i = 0; i < depth; i++) value = { a: value };
	return value as Record<string, unknown>;
}
/** An object whose own key is "__proto__", as JSON.parse makes it (a plain literal would set the prototype). */
const withProtoKey = (json: string) => JSON.parse(json) as Record<string, unknown>;

const order = (extra: Record<string, unknown> = {}) => ({
	id: 1001,
	created_at: daysAgo(10),
	delivered_at: daysAgo(5),
	financial_status: 'paid',
	total_price: '39.90',
	email: 'ana@example.com',
	customer: { id: 7, first_name: 'Ana' },
	marketing_consent: true,
	locale: 'en-US',
	line_items: [{ sku: 'MUG', title: 'Mug', price: 39.9, quantity: 1 }],
	...extra,
});

const profile = (extra: Record<string, unknown> = {}) => ({
	handle: 'vegan.kitchen',
	platform: 'instagram',
	followers: 18_400,
	bio: 'Vegan kochen in Berlin',
	posts: [
		{ likes: 620, comments: 31, date: '2026-03-12', caption: '#vegan Linsen' },
		{ likes: 540, comments: 25, date: '2026-03-08', caption: 'Meal prep' },
	],
	...extra,
});

export const HOSTILE_CASES: HostileCase[] = [
	// ── Funnel Stage ─────────────────────────────────────────────────────────────────────────
	{
		id: 'funnel: empty item',
		node: 'funnelStage',
		item: () => ({}),
		result: { 'funnel.stage': 'SEE', 'funnel.noEvidence': true },
	},
	{
		id: 'funnel: orders as text',
		node: 'funnelStage',
		item: () => ({ orders_count: '3', last_order_date: daysAgo(20) }),
		result: { 'funnel.stage': 'CARE' },
	},
	{
		id: 'funnel: orders as a word',
		node: 'funnelStage',
		item: () => ({ orders_count: 'three' }),
		error: 'Field "orders_count" must be a number, got "three"',
	},
	{
		id: 'funnel: negative orders',
		node: 'funnelStage',
		item: () => ({ orders: -1 }),
		error: 'Field "orders" must not be negative, got -1',
	},
	{
		id: 'funnel: orders null',
		node: 'funnelStage',
		item: () => ({ orders: null }),
		result: { 'funnel.stage': 'SEE' },
	},
	{
		id: 'funnel: orders empty string',
		node: 'funnelStage',
		item: () => ({ orders: '' }),
		result: { 'funnel.stage': 'SEE' },
	},
	{
		id: 'funnel: huge like count',
		node: 'funnelStage',
		item: () => ({ likes: 1e308, lastActivityAt: daysAgo(1) }),
		result: { 'funnel.stage': 'THINK' },
	},
	{
		id: 'funnel: events not a list',
		node: 'funnelStage',
		item: () => ({ events: { type: 'add_to_cart' } }),
		error: 'Field "events" must be a list of events, got an object',
	},
	{
		id: 'funnel: event without a type',
		node: 'funnelStage',
		item: () => ({ events: [{ at: daysAgo(1) }] }),
		error: 'Field "events[0].type" is missing',
	},
	{
		id: 'funnel: unknown event type',
		node: 'funnelStage',
		item: () => ({ events: [{ type: 'teleport', at: daysAgo(1) }] }),
		error: 'Field "events[0].type" is "teleport", which is not a known event type',
	},
	{
		id: 'funnel: event type __proto__',
		node: 'funnelStage',
		item: () => ({ events: [{ type: '__proto__', at: daysAgo(1) }] }),
		error: 'Field "events[0].type" is "__proto__", which is not a known event type',
	},
	{
		id: 'funnel: event type constructor',
		node: 'funnelStage',
		item: () => ({ events: [{ type: 'constructor', at: daysAgo(1) }] }),
		error: 'Field "events[0].type" is "constructor", which is not a known event type',
	},
	{
		id: 'funnel: event date 31 February',
		node: 'funnelStage',
		item: () => ({ events: [{ type: 'add_to_cart', at: '2026-02-31' }] }),
		error: 'Field "events[0].at" is not a date we can read, got "2026-02-31"',
	},
	{
		id: 'funnel: event date as words',
		node: 'funnelStage',
		item: () => ({ events: [{ type: 'add_to_cart', at: 'last tuesday' }] }),
		error: 'Field "events[0].at" is not a date we can read, got "last tuesday"',
	},
	{
		id: 'funnel: event date in seconds',
		node: 'funnelStage',
		item: () => ({
			events: [{ type: 'add_to_cart', at: Math.floor(Date.parse(daysAgo(1)) / 1000) }],
		}),
		result: { 'funnel.stage': 'DO' },
	},
	{
		id: 'funnel: event date RFC 2822',
		node: 'funnelStage',
		item: () => ({ events: [{ type: 'add_to_cart', at: new Date(daysAgo(1)).toUTCString() }] }),
		result: { 'funnel.stage': 'DO' },
	},
	{
		id: 'funnel: event date with offset',
		node: 'funnelStage',
		item: () => ({ events: [{ type: 'checkout', at: '2026-03-15T09:00:00+02:00' }] }),
		result: { 'funnel.stage': 'DO' },
	},
	{
		id: 'funnel: event far in the future',
		node: 'funnelStage',
		item: () => ({ events: [{ type: 'add_to_cart', at: '2999-01-01T00:00:00Z' }] }),
		error:
			'Field "events[0].at" is in the future (2999-01-01), so it cannot be behaviour yet: got "2999-01-01T00:00:00Z"',
	},
	{
		id: 'funnel: event an hour ahead (clock skew)',
		node: 'funnelStage',
		item: () => ({ events: [{ type: 'add_to_cart', at: daysAgo(-1 / 24) }] }),
		result: {
			'funnel.stage': 'DO',
			'funnel.notes.0': '1 signal(s) dated in the future were counted as today',
		},
	},
	{
		id: 'funnel: GA4 event_timestamp in microseconds',
		node: 'funnelStage',
		item: () => ({
			events: [{ type: 'add_to_cart', at: String(Date.parse('2023-01-05T10:00:00Z') * 1000) }],
		}),
		result: { 'funnel.stage': 'SEE' },
	},
	{
		id: 'funnel: date beyond a Date',
		node: 'funnelStage',
		item: () => ({ events: [{ type: 'add_to_cart', at: 1e308 }] }),
		error: 'Field "events[0].at" is not a date we can read, got 1e+308',
	},
	{
		id: 'funnel: __proto__ key',
		node: 'funnelStage',
		item: () => withProtoKey('{"__proto__": {"polluted": true}, "orders": 2}'),
		result: { 'funnel.stage': 'CARE' },
	},
	{
		id: 'funnel: constructor key',
		node: 'funnelStage',
		item: () => ({ constructor: { prototype: { polluted: true } }, likes: 3 }),
		result: { 'funnel.stage': 'SEE' },
	},
	{
		id: 'funnel: script in name',
		node: 'funnelStage',
		item: () => ({ name: '<script>alert(1)</script>', likes: 2 }),
		result: { name: '<script>alert(1)</script>', 'funnel.stage': 'SEE' },
	},
	{
		id: 'funnel: 10 MB string',
		node: 'funnelStage',
		item: () => ({ notes: tenMegabytes(), orders: 1 }),
		result: { 'funnel.stage': 'CARE' },
	},
	{
		id: 'funnel: 10 MB number text',
		node: 'funnelStage',
		item: () => ({ orders: tenMegabytes('9') }),
		error:
			'Field "orders" must be a number, got "99999999999999999999999999999999999999999999999999999999...',
	},
	{
		id: 'funnel: deep nesting',
		node: 'funnelStage',
		item: () => ({ payload: deep(5000), likes: 1 }),
		result: { 'funnel.stage': 'SEE' },
	},
	{
		id: 'funnel: RTL and emoji text',
		node: 'funnelStage',
		item: () => ({ name: 'مريم 👩‍🍳 \u202Eevil', events: [{ type: 'link_click', at: daysAgo(2) }] }),
		result: { 'funnel.stage': 'THINK' },
	},
	{
		id: 'funnel: consent as a word',
		node: 'funnelStage',
		item: () => ({ tracking_consent: 'maybe' }),
		error: 'Field "tracking_consent" must be yes or no, got "maybe"',
	},
	{
		id: 'funnel: previous stage unknown',
		node: 'funnelStage',
		item: () => ({ previousStage: 'BUY' }),
		error: 'Field "previousStage" must be SEE, THINK, DO or CARE, got "BUY"',
	},
	{
		id: 'funnel: orders as a list (counted)',
		node: 'funnelStage',
		item: () => ({ orders: [{ id: 1 }, { id: 2 }] }),
		result: { 'funnel.stage': 'CARE' },
	},

	// ── Care Follow-Up ───────────────────────────────────────────────────────────────────────
	{
		id: 'care: order without id',
		node: 'careFollowUp',
		item: () => order({ id: undefined }),
		error: 'ana@example.com: Field "id" is missing',
	},
	{
		id: 'care: id null',
		node: 'careFollowUp',
		item: () => order({ id: null }),
		error: 'ana@example.com: Field "id" is missing',
	},
	{
		id: 'care: id an object',
		node: 'careFollowUp',
		item: () => order({ id: { value: 1 } }),
		error: 'ana@example.com: Field "id" must be text, got an object',
	},
	{
		id: 'care: date does not parse',
		node: 'careFollowUp',
		item: () => order({ created_at: 'gestern' }),
		error: 'ana@example.com: Field "created_at" is not a date we can read, got "gestern"',
	},
	{
		id: 'care: date 31 February',
		node: 'careFollowUp',
		item: () => order({ created_at: '2026-02-31T10:00:00Z' }),
		error:
			'ana@example.com: Field "created_at" is not a date we can read, got "2026-02-31T10:00:00Z"',
	},
	{
		id: 'care: date beyond a Date',
		node: 'careFollowUp',
		item: () => order({ created_at: 1e308 }),
		error: 'ana@example.com: Field "created_at" is not a date we can read, got 1e+308',
	},
	{
		id: 'care: date far in the future',
		node: 'careFollowUp',
		item: () => order({ created_at: '2999-01-01T00:00:00Z', delivered_at: undefined }),
		result: { 'followUp.action': 'notNow' },
	},
	{
		id: 'care: date in seconds',
		node: 'careFollowUp',
		item: () => order({ created_at: Math.floor(Date.parse(daysAgo(10)) / 1000) }),
		result: { 'followUp.action': 'reviewRequest' },
	},
	{
		id: 'care: negative total',
		node: 'careFollowUp',
		item: () => order({ total_price: '-10' }),
		error: 'ana@example.com: Field "total_price" must not be negative, got "-10"',
	},
	{
		id: 'care: total 1e308',
		node: 'careFollowUp',
		item: () => order({ total_price: 1e308 }),
		error: 'ana@example.com: Field "total_price" is too large for an amount, got 1e+308',
	},
	{
		id: 'care: total with comma',
		node: 'careFollowUp',
		item: () => order({ total_price: '39,90' }),
		error: 'ana@example.com: Field "total_price" must be a number, got "39,90"',
	},
	{
		id: 'care: unknown status',
		node: 'careFollowUp',
		item: () => order({ financial_status: 'lost in the mail' }),
		error:
			'ana@example.com: Field "financial_status" is not an order status we know, got "lost in the mail"',
	},
	{
		id: 'care: status constructor',
		node: 'careFollowUp',
		item: () => order({ financial_status: 'constructor' }),
		error:
			'ana@example.com: Field "financial_status" is not an order status we know, got "constructor"',
	},
	{
		id: 'care: WooCommerce status',
		node: 'careFollowUp',
		item: () => order({ financial_status: 'wc-completed' }),
		result: { 'followUp.action': 'reviewRequest' },
	},
	{
		id: 'care: customer without email',
		node: 'careFollowUp',
		item: () => order({ email: undefined }),
		result: {
			'followUp.action': 'notNow',
			'followUp.reason':
				'no email address: a follow-up cannot reach this customer (point-of-sale and draft orders often have none)',
		},
	},
	{
		id: 'care: email not an address',
		node: 'careFollowUp',
		item: () => order({ email: 'ana at example' }),
		error: 'id 1001: Field "email" is not an email address, got "ana at example"',
	},
	{
		id: 'care: email with script',
		node: 'careFollowUp',
		item: () => order({ email: '<script>@example.com' }),
		error: 'id 1001: Field "email" is not an email address, got "<script>@example.com"',
	},
	{
		id: 'care: unknown time zone',
		node: 'careFollowUp',
		item: () => order({ time_zone: 'Mars/Olympus' }),
		error: 'ana@example.com: Field "time_zone" is not a time zone we know, got "Mars/Olympus"',
	},
	{
		id: 'care: consent as a word',
		node: 'careFollowUp',
		item: () => order({ marketing_consent: 'perhaps' }),
		error: 'ana@example.com: Field "marketing_consent" must be yes or no, got "perhaps"',
	},
	{
		id: 'care: consent unsubscribed',
		node: 'careFollowUp',
		item: () => order({ marketing_consent: 'unsubscribed' }),
		result: { 'followUp.action': 'notNow' },
	},
	{
		id: 'care: no consent',
		node: 'careFollowUp',
		item: () => order({ marketing_consent: false }),
		result: { 'followUp.action': 'notNow' },
	},
	{
		id: 'care: line items an object',
		node: 'careFollowUp',
		item: () => order({ line_items: { sku: 'MUG' } }),
		error: 'ana@example.com: Field "line_items" must be a list of products, got an object',
	},
	{
		id: 'care: line item a string',
		node: 'careFollowUp',
		item: () => order({ line_items: ['MUG'] }),
		error: 'ana@example.com: Field "line_items[0]" must be an object, got "MUG"',
	},
	{
		id: 'care: line item price as text',
		node: 'careFollowUp',
		item: () => order({ line_items: [{ sku: 'MUG', title: 'Mug', price: 'cheap' }] }),
		error: 'ana@example.com: Field "line_items[0].price" must be a number, got "cheap"',
	},
	{
		id: 'care: script in first name',
		node: 'careFollowUp',
		item: () => order({ customer: { id: 7, first_name: '<script>alert(1)</script>' } }),
		result: { 'followUp.action': 'reviewRequest' },
	},
	{
		id: 'care: script in product title',
		node: 'careFollowUp',
		item: () =>
			order({ line_items: [{ sku: 'MUG', title: '<img src=x onerror=alert(1)>', price: 5 }] }),
		result: { 'followUp.action': 'reviewRequest' },
	},
	{
		id: 'care: RTL name',
		node: 'careFollowUp',
		item: () => order({ customer: { id: 7, first_name: 'مريم\u202E' }, locale: 'ar' }),
		result: { 'followUp.action': 'reviewRequest', 'followUp.message.language': 'en' },
	},
	{
		id: 'care: __proto__ key',
		node: 'careFollowUp',
		item: () => ({ ...order(), ...withProtoKey('{"__proto__": {"polluted": true}}') }),
		result: { 'followUp.action': 'reviewRequest' },
	},
	{
		id: 'care: 10 MB first name',
		node: 'careFollowUp',
		item: () => order({ customer: { id: 7, first_name: tenMegabytes() } }),
		result: { 'followUp.action': 'reviewRequest' },
	},
	{
		id: 'care: deep nesting',
		node: 'careFollowUp',
		item: () => order({ meta: deep(5000) }),
		result: { 'followUp.action': 'reviewRequest' },
	},
	{
		id: 'care: rating 9 stars',
		node: 'careFollowUp',
		item: () => order({ rating: 9 }),
		error: 'ana@example.com: Field "rating" must be 0 to 5 stars, got 9',
	},

	// ── Influencer Score ─────────────────────────────────────────────────────────────────────
	{
		id: 'influencer: followers "12.5k"',
		node: 'influencerScore',
		item: () => profile({ followers: '12.5k' }),
		result: { 'influencer.followers': 12_500 },
	},
	{
		id: 'influencer: followers "1,2M"',
		node: 'influencerScore',
		item: () => profile({ followers: '1,2M' }),
		result: { 'influencer.followers': 1_200_000 },
	},
	{
		id: 'influencer: followers "12 500"',
		node: 'influencerScore',
		item: () => profile({ followers: '12 500' }),
		result: { 'influencer.followers': 12_500 },
	},
	{
		id: 'influencer: followers negative',
		node: 'influencerScore',
		item: () => profile({ followers: -5 }),
		error: '@vegan.kitchen: Field "followers" must not be negative, got -5',
	},
	{
		id: 'influencer: followers 1e308',
		node: 'influencerScore',
		item: () => profile({ followers: 1e308 }),
		error: '@vegan.kitchen: Field "followers" is too large for a count, got 1e+308',
	},
	{
		id: 'influencer: followers a word',
		node: 'influencerScore',
		item: () => profile({ followers: 'many' }),
		error: '@vegan.kitchen: Field "followers" must be a count, got "many"',
	},
	{
		id: 'influencer: followers zero',
		node: 'influencerScore',
		item: () => profile({ followers: 0 }),
		result: {
			'influencer.engagement.rateMedian': null,
			'influencer.fitScore': 0,
			'influencer.decision': 'reject',
			'influencer.reasons.0': 'No audience: 0 followers, so a post reaches nobody',
		},
	},
	{
		id: 'influencer: followers missing',
		node: 'influencerScore',
		item: () => profile({ followers: undefined }),
		result: { 'influencer.engagement.rateMedian': null, 'influencer.decision': 'consider' },
	},
	{
		id: 'influencer: posts as JSON text',
		node: 'influencerScore',
		item: () =>
			profile({ posts: JSON.stringify([{ likes: 100, comments: 5, date: '2026-03-10' }]) }),
		result: { 'influencer.engagement.postsUsed': 1 },
	},
	{
		id: 'influencer: posts an object',
		node: 'influencerScore',
		item: () => profile({ posts: { likes: 1 } }),
		error: '@vegan.kitchen: Field "posts" must be a list of posts, got an object',
	},
	{
		id: 'influencer: post a string',
		node: 'influencerScore',
		item: () => profile({ posts: ['great post'] }),
		error:
			'@vegan.kitchen: Field "posts[0]" must be an object with likes, comments, date and caption, got "great post"',
	},
	{
		id: 'influencer: post date 31 February',
		node: 'influencerScore',
		item: () => profile({ posts: [{ likes: 1, date: '2026-02-31' }] }),
		error: '@vegan.kitchen: Field "posts[0].date" is not a date we can read, got "2026-02-31"',
	},
	{
		id: 'influencer: post date in the future',
		node: 'influencerScore',
		item: () => profile({ posts: [{ likes: 10, comments: 1, date: '2999-01-01' }] }),
		result: { 'influencer.engagement.postsUsed': 1 },
	},
	{
		id: 'influencer: handle with spaces',
		node: 'influencerScore',
		item: () => profile({ handle: 'vegan kitchen' }),
		result: { 'influencer.handle': 'vegan kitchen' },
	},
	{
		id: 'influencer: unknown platform',
		node: 'influencerScore',
		item: () => profile({ platform: 'myspace' }),
		error: '@vegan.kitchen: Field "platform" is not a platform we know, got "myspace"',
	},
	{
		id: 'influencer: blocklisted word in bio',
		node: 'influencerScore',
		item: () => profile({ bio: 'Casino-Boni jeden Tag' }),
		result: { 'influencer.decision': 'reject' },
	},
	{
		id: 'influencer: script in bio',
		node: 'influencerScore',
		item: () => profile({ bio: '<script>alert(1)</script> vegan' }),
		result: { 'influencer.platform': 'instagram' },
	},
	{
		id: 'influencer: RTL caption',
		node: 'influencerScore',
		item: () =>
			profile({
				posts: [{ likes: 50, comments: 2, date: '2026-03-10', caption: 'טבעוני \u202E#vegan' }],
			}),
		result: { 'influencer.engagement.postsUsed': 1 },
	},
	{
		id: 'influencer: __proto__ key',
		node: 'influencerScore',
		item: () => ({ ...profile(), ...withProtoKey('{"__proto__": {"polluted": true}}') }),
		result: { 'influencer.followers': 18_400 },
	},
	{
		id: 'influencer: 10 MB bio',
		node: 'influencerScore',
		item: () => profile({ bio: tenMegabytes('x') + ' vegan' }),
		result: { 'influencer.platform': 'instagram' },
	},
	{
		id: 'influencer: deep nesting',
		node: 'influencerScore',
		item: () => profile({ raw: deep(5000) }),
		result: { 'influencer.followers': 18_400 },
	},
	{
		id: 'influencer: fee negative',
		node: 'influencerScore',
		item: () => profile({ fee: -100 }),
		error: '@vegan.kitchen: Field "fee" must not be negative, got -100',
	},
];
