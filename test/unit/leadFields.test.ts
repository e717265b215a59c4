import { DAY_MS } from '../../nodes/shared/dates';
import { InputFieldError } from '../../nodes/shared/inputErrors';
import { createLeadReader } from '../../nodes/FunnelStage/input/leadFields';
import { DEFAULT_SETTINGS, resolveSettings } from '../../nodes/FunnelStage/rules/settings';
import { classifyLead } from '../../nodes/FunnelStage/rules/stageRules';

const NOW = Date.parse('2026-03-15T12:00:00Z');
const reader = createLeadReader({ recognise: true, resultField: 'funnel' });
const read = (json: unknown, mapped = {}, settings = DEFAULT_SETTINGS) =>
	reader.read(json, mapped, NOW, settings);

function errorOf(fn: () => unknown): InputFieldError {
	try {
		fn();
	} catch (error) {
		if (error instanceof InputFieldError) return error;
		throw error;
	}
	throw new Error('expected an InputFieldError');
}

describe('recognised export fields', () => {
	it('reads a Shopify customer (REST)', () => {
		const lead = read({
			id: 1,
			orders_count: 3,
			total_spent: '199.50',
			email_marketing_consent: { state: 'subscribed' },
			updated_at: '2026-03-01T10:00:00-05:00',
		});
		expect(lead.orders).toBe(3);
		expect(lead.totalSpent).toBe(199.5);
		expect(lead.signals).toEqual([
			{ type: 'opt_in', atMs: Date.parse('2026-03-01T15:00:00Z'), count: 1, source: 'counter' },
		]);
		expect(lead.counterDating).toBe('lastActivity');
	});

	it('reads a Shopify customer (GraphQL) with a last order date', () => {
		const lead = read({
			numberOfOrders: '2',
			amountSpent: { amount: '80.00', currencyCode: 'EUR' },
			lastOrder: { createdAt: '2026-03-10T00:00:00Z' },
		});
		expect(lead).toMatchObject({
			orders: 2,
			totalSpent: 80,
			lastOrderAtMs: Date.parse('2026-03-10T00:00:00Z'),
		});
	});

	it('reads a HubSpot contact with nested properties as strings', () => {
		const lead = read({
			id: '51',
			properties: {
				hs_analytics_num_page_views: '7',
				hs_email_open: '4',
				num_conversion_events: '1',
				hs_analytics_last_visit_timestamp: '2026-03-13T12:00:00.000Z',
			},
		});
		const byType = Object.fromEntries(lead.signals.map((s) => [s.type, s]));
		expect(byType.page_view).toMatchObject({ count: 7, atMs: NOW - 2 * DAY_MS });
		expect(lead.counterDating).toBe('lastActivity');
		expect(byType.email_open.count).toBe(4);
		expect(byType.lead_form.count).toBe(1);
		expect(classifyLead(lead, DEFAULT_SETTINGS, NOW).stage).toBe('DO');
	});

	it('reads a WooCommerce analytics customer', () => {
		const lead = read({
			orders_count: 1,
			total_spend: 49.9,
			date_last_order: '2026-02-01 10:00:00',
			date_last_active: '2026-03-14 09:00:00',
		});
		expect(lead).toMatchObject({
			orders: 1,
			totalSpent: 49.9,
			lastOrderAtMs: Date.parse('2026-02-01T10:00:00Z'),
		});
	});

	it('reads a Klaviyo profile', () => {
		const lead = read({
			type: 'profile',
			attributes: {
				last_event_date: '2026-03-12T08:00:00+00:00',
				subscriptions: { email: { marketing: { consent: 'NEVER_SUBSCRIBED' } } },
				predictive_analytics: { historic_number_of_orders: 4, historic_clv: 312.4 },
			},
		});
		expect(lead).toMatchObject({ orders: 4, totalSpent: 312.4 });
		expect(lead.signals).toEqual([]);
	});

	it('takes the stage of an earlier run from the result field', () => {
		expect(read({ funnel: { stage: 'THINK', highestStage: 'DO' } })).toMatchObject({
			previousStage: 'THINK',
			previousHighestStage: 'DO',
		});
	});

	it('prefers mapped values and recognises nothing when switched off', () => {
		expect(read({ orders_count: 5 }, { orders: '1' }).orders).toBe(1);
		const plain = createLeadReader({ recognise: false, resultField: 'funnel' });
		expect(plain.read({ orders_count: 5, likes: 3 }, {}, NOW, DEFAULT_SETTINGS)).toEqual({
			signals: [],
		});
	});

	it('counts a list of orders by its length', () => {
		expect(read({ orders: [{ id: 1 }, { id: 2 }] }).orders).toBe(2);
	});
});

describe('events', () => {
	it('folds event names from Meta, GA4 and Klaviyo onto the vocabulary', () => {
		const lead = read({
			events: [
				{ event: 'AddToCart', timestamp: 1773489600 },
				{ type: 'Viewed Product', at: '2026-03-14' },
				{ name: 'begin_checkout', time: '2026-03-14T10:00:00Z', count: 2 },
			],
		});
		expect(lead.signals.map((s) => [s.type, s.count])).toEqual([
			['add_to_cart', 1],
			['product_view', 1],
			['checkout_started', 2],
		]);
		expect(lead.signals[0].atMs).toBe(1773489600 * 1000);
	});

	it('accepts a JSON text list', () => {
		expect(read({ events: '[{"type":"like","at":"2026-03-01"}]' }).signals).toHaveLength(1);
	});

	it.each([
		[{ events: 'lots' }, 'events', 'must be a list of events, got "lots"'],
		[{ events: '[{"type":' }, 'events', 'holds text that is not a valid JSON list'],
		[{ events: [42] }, 'events[0]', 'must be an object with "type" and "at", got 42'],
		[{ events: [{ at: '2026-01-01' }] }, 'events[0].type', 'is missing'],
		[
			{ events: [{ type: 'telepathy', at: '2026-01-01' }] },
			'events[0].type',
			'is "telepathy", which is not a known event type',
		],
		[{ events: [{ type: 'like' }] }, 'events[0].at', 'is missing'],
		[
			{ events: [{ type: 'like', at: 'last tuesday' }] },
			'events[0].at',
			'is not a date we can read, got "last tuesday"',
		],
		[
			{ events: [{ type: 'like', at: '2026-01-01', count: -1 }] },
			'events[0].count',
			'must not be negative, got -1',
		],
	])('rejects %j: field %s %s', (json, field, problem) => {
		const error = errorOf(() => read(json));
		expect(error.field).toBe(field);
		expect(error.problem).toBe(problem);
		expect(error.fix.length).toBeGreaterThan(10);
	});

	it('can ignore unknown event types and note them', () => {
		const settings = resolveSettings({ unknownEventTypes: 'ignore' });
		const lead = read(
			{
				events: [
					{ type: 'telepathy', at: '2026-01-01' },
					{ type: 'like', at: '2026-03-15' },
				],
			},
			{},
			settings,
		);
		expect(lead.signals).toHaveLength(1);
		expect(classifyLead(lead, settings, NOW).notes).toContain(
			'event type "telepathy" is not in the vocabulary and was ignored',
		);
	});
});

describe('bad counters and fields', () => {
	it.each([
		[{ likes: 'many' }, 'likes', 'must be a number, got "many"'],
		[{ orders_count: -2 }, 'orders_count', 'must not be negative, got -2'],
		[{ orders: {} }, 'orders', 'must be a number, got an object'],
		[
			{ lastActivityAt: '31/02/2026' },
			'lastActivityAt',
			'is not a date we can read, got "31/02/2026"',
		],
		[{ trackingConsent: 'maybe' }, 'trackingConsent', 'must be yes or no, got "maybe"'],
		[{ previousStage: 'lead' }, 'previousStage', 'must be SEE, THINK, DO or CARE, got "lead"'],
	])('%j → %s %s', (json, field, problem) => {
		const error = errorOf(() => read(json));
		expect([error.field, error.problem]).toEqual([field, problem]);
	});

	it('names the mapped field by its display name', () => {
		expect(errorOf(() => read({}, { pageViews: 'x' })).field).toBe('Page Views');
	});

	it('rejects an item that is not an object', () => {
		expect(errorOf(() => read([1, 2])).problem).toBe('must be an object, got an array of 2');
	});

	it('never reads through the prototype', () => {
		expect(read(JSON.parse('{"__proto__": {"orders": 5}}')).orders).toBeUndefined();
	});
});

describe('undated counters', () => {
	it('count at the last activity date when there is one, else today', () => {
		const dated = read({ likes: 2, lastActivityAt: '2026-03-10T12:00:00Z' });
		expect([dated.signals[0].atMs, dated.counterDating]).toEqual([
			NOW - 5 * DAY_MS,
			'lastActivity',
		]);
		const undated = read({ likes: 2 });
		expect([undated.signals[0].atMs, undated.counterDating]).toEqual([NOW, 'assumedToday']);
		expect(read({ events: [{ type: 'like', at: '2026-03-01' }] }).counterDating).toBeUndefined();
	});
});
