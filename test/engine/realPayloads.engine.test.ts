/**
 * Genuine platform payloads (test/fixtures/real/, each with its source in a SOURCES.md there)
 * passed through our nodes in n8n's engine without any mapping, as a user's Shopify, HubSpot or
 * HTTP Request node hands them on.
 */
import { readFileSync } from 'fs';
import path from 'path';
import type { IDataObject } from 'n8n-workflow';
import { asItems, runWorkflow, singleNodeWorkflow } from './harness';

const real = (file: string) =>
	JSON.parse(readFileSync(path.join(__dirname, '../fixtures/real', file), 'utf8')) as IDataObject;

describe('Influencer Score on raw Instagram and YouTube API responses', () => {
	const scoreAt = (when: string) =>
		singleNodeWorkflow({
			type: 'n8n-nodes-social-funnel.influencerScore',
			parameters: { options: { referenceTime: when } },
		});

	const scored = async (items: IDataObject[], when: string) => {
		const run = await runWorkflow(scoreAt(when), { pinData: { Trigger: asItems(items) } });
		expect(run.error).toBeUndefined();
		return run
			.outputs('Node Under Test')
			.flat()
			.map((i) => i.json.influencer as IDataObject);
	};

	it('reads a Business Discovery response as it comes (account under business_discovery, posts under media.data)', async () => {
		const [blueBottle] = await scored(
			[real('instagram/business-discovery.json')],
			'2022-07-01T00:00:00Z',
		);
		expect(blueBottle).toMatchObject({
			platform: 'instagram',
			handle: 'bluebottle',
			followers: 419369,
			tier: 'mid',
		});
		expect(blueBottle.engagement).toMatchObject({ basis: 'posts', postsUsed: 6, rateMedian: 0.19 });
		expect(blueBottle.activity).toMatchObject({ lastPostDaysAgo: 3 });
		expect(blueBottle.decision).toBe('reject'); // 0.19 % is far below the 100k–500k band
	});

	it('reads a YouTube channels.list item (fields under snippet and statistics) as a YouTube profile', async () => {
		const [google] = await scored(
			[(real('youtube/channels-list.json').items as IDataObject[])[0]],
			'2026-11-20T12:00:00Z',
		);
		expect(google).toMatchObject({
			platform: 'youtube',
			handle: 'google',
			followers: 10_700_000,
			tier: 'mega',
		});
		expect(google.reasons).toContain(
			'No engagement data: give recent posts (likes, comments) or averages to judge engagement',
		);
	});

	it("reads YouTube videos.list items given as the channel's posts (counts under statistics, date under snippet)", async () => {
		const channel = (real('youtube/channels-list.json').items as IDataObject[])[0];
		const videos = real('youtube/videos-list.json').items as IDataObject[];
		const [withVideos] = await scored([{ ...channel, posts: videos }], '2019-12-01T00:00:00Z');
		expect(withVideos.engagement).toMatchObject({ basis: 'posts', postsUsed: videos.length });
		expect((withVideos.engagement as IDataObject).rateByViewsMedian).toEqual(expect.any(Number));
	});

	it("reads the Graph API's own user fields (followers_count, media_count, biography) and Meta's documentation sample", async () => {
		const [user] = await scored([real('instagram/ig-user.json')], '2026-11-20T12:00:00Z');
		const [docs] = await scored(
			[real('instagram/business-discovery-meta-docs.json')],
			'2026-11-20T12:00:00Z',
		);
		expect(user.followers).toEqual(expect.any(Number));
		expect(user.platform).toBe('instagram');
		expect(docs).toMatchObject({ platform: 'instagram', followers: 267793 });
		expect(docs.engagement).toMatchObject({ basis: 'posts' });
	});

	it('gives an account with 0 followers fit 0 and rejects it (it scored 100, grade A, before)', async () => {
		// The small Business Discovery account with its counts set to 0: the shape is the genuine one.
		const record = real('instagram/business-discovery-small-account.json');
		const account = record.business_discovery as IDataObject;
		account.followers_count = 0;
		for (const post of (account.media as { data: IDataObject[] }).data)
			Object.assign(post, { like_count: 0, comments_count: 0 });
		const [empty] = await scored([record], '2022-03-10T00:00:00Z');
		expect(empty).toMatchObject({ followers: 0, fitScore: 0, grade: 'E', decision: 'reject' });
		expect(empty.reasons).toContain('No audience: 0 followers, so a post reaches nobody');
	});

	it('treats "@Brand_Fan " and "brand_fan" as one handle, as Instagram does', async () => {
		const out = await scored(
			[
				{ handle: '@Brand_Fan ', followers: 5000 },
				{ username: 'brand_fan', followers: 5000 },
			],
			'2026-11-20T12:00:00Z',
		);
		expect(out.map((o) => o.handle)).toEqual(['brand_fan', 'brand_fan']);
	});
});

describe('Funnel Stage on CRM and shop records', () => {
	const classifyAt = (when: string, options: IDataObject = {}) =>
		singleNodeWorkflow({
			type: 'n8n-nodes-social-funnel.funnelStage',
			parameters: { routing: 'single', options: { referenceTime: when, ...options } },
		});
	const classified = async (items: IDataObject[], when: string, options: IDataObject = {}) => {
		const run = await runWorkflow(classifyAt(when, options), {
			pinData: { Trigger: asItems(items) },
		});
		expect(run.error).toBeUndefined();
		return run
			.outputs('Node Under Test')
			.flat()
			.map((i) => i.json.funnel as IDataObject);
	};

	it('reads a HubSpot v1 contact as n8n\'s HubSpot node returns it (each property as {value, versions}); it failed with "must be a number, got an object"', async () => {
		const contact = real('hubspot/v1-contacts-n8n-node.json');
		const [funnel] = await classified([contact], '2016-01-20T00:00:00Z');
		// lifecyclestage "subscriber" stands for THINK; the contact's own counters are all 0.
		expect(funnel).toMatchObject({ stage: 'THINK' });
		expect(funnel.explanation).toMatch(
			/^THINK: lifecycle stage "subscriber" \(properties\.lifecyclestage\); behaviour alone: SEE/,
		);
		const [off] = await classified([contact], '2016-01-20T00:00:00Z', { useLifecycleStage: false });
		expect(off).toMatchObject({ stage: 'SEE' });
	});

	it("reads the value-only properties of a v1 contacts list (n8n's own HubSpot fixture)", async () => {
		const contacts = real('hubspot/v1-contacts-all-n8n-fixture.json').contacts as IDataObject[];
		const out = await classified(contacts, '2017-02-01T00:00:00Z');
		expect(out).toHaveLength(contacts.length);
		for (const funnel of out) expect(funnel.stage).toEqual(expect.any(String));
	});

	it('raises a HubSpot v3 contact with lifecyclestage "lead" to THINK', async () => {
		const [funnel] = await classified([real('hubspot/v3-contact.json')], '2026-11-20T12:00:00Z');
		expect(funnel).toMatchObject({ stage: 'THINK' });
		expect(funnel.explanation).toMatch(/lifecycle stage "lead"/);
	});

	it('makes a paying WooCommerce customer CARE (a /wc/v3/customers record has no order count), and a non-paying one stays as its behaviour says', async () => {
		const customer = real('woocommerce/v3-customer.json');
		const [notPaying] = await classified([customer], '2026-11-20T12:00:00Z');
		expect(notPaying.stage).toBe('SEE');
		// The documentation's only customer example has is_paying_customer false; the same record paying:
		const [paying] = await classified(
			[{ ...customer, is_paying_customer: true }],
			'2026-11-20T12:00:00Z',
		);
		expect(paying).toMatchObject({ stage: 'CARE', customerStatus: null });
		expect(paying.explanation).toMatch(
			/^CARE: lifecycle stage "paying customer" \(is_paying_customer\).*status unknown: no last order date/,
		);
	});

	it('does not call a customer "new" or "loyal" from the order count alone: without a last order date the status is unknown, or at risk / lapsed when the last activity is long ago', async () => {
		const [counted] = await classified(
			[{ email: 'a@example.com', orders_count: 5 }],
			'2026-11-20T12:00:00Z',
		);
		expect(counted).toMatchObject({ stage: 'CARE', customerStatus: null });
		const [quiet] = await classified(
			[{ email: 'a@example.com', orders_count: 5, lastActivityAt: '2025-06-01T00:00:00Z' }],
			'2026-11-20T12:00:00Z',
		);
		expect(quiet).toMatchObject({ stage: 'CARE', customerStatus: 'lapsed' });
		expect(quiet.explanation).toMatch(/no last order date, but last active 537 days ago/);
	});

	it('reads shop and CRM customer records as they come: Shopify REST and GraphQL, WooCommerce analytics, Klaviyo profiles, HubSpot v3 lists', async () => {
		const when = '2026-11-20T12:00:00Z';
		const shopify = real('shopify/rest-customer.json').customer as IDataObject;
		const graphql = (real('shopify/graphql-customer.json').data as IDataObject)
			.customer as IDataObject;
		const [woo] = real('woocommerce/analytics-customer.json') as unknown as IDataObject[];
		const klaviyo = real('klaviyo/profile.json');
		const hubspot = real('hubspot/v3-contacts-list.json').results as IDataObject[];
		const [rest, gql, wc, kl, ...hs] = await classified(
			[shopify, graphql, woo, klaviyo, ...hubspot],
			when,
		);
		// 1 order, last active (updated_at) 2025-07-02: more than 365 days quiet, so lapsed (the count alone said "new").
		expect(rest).toMatchObject({ stage: 'CARE', customerStatus: 'lapsed' });
		expect(rest.explanation).toMatch(/no last order date, but last active 505 days ago/);
		expect(gql).toMatchObject({ stage: 'SEE', noEvidence: true }); // numberOfOrders "0"
		expect(wc).toMatchObject({ stage: 'CARE', customerStatus: 'lapsed' }); // date_last_order 2022-07-12
		expect(kl).toMatchObject({ stage: 'SEE', noEvidence: true });
		expect(hs).toHaveLength(6);
	});

	it('makes a subscribed Shopify or Klaviyo contact at least THINK (a consent state is a lifecycle), however old the opt-in', async () => {
		const customer = real('shopify/rest-customer.json').customer as IDataObject;
		const subscribed = {
			...customer,
			orders_count: 0,
			email_marketing_consent: {
				...(customer.email_marketing_consent as IDataObject),
				state: 'subscribed',
			},
		};
		const [funnel] = await classified([subscribed], '2026-11-20T12:00:00Z');
		expect(funnel.stage).toBe('THINK');
		expect(funnel.explanation).toMatch(
			/^THINK: lifecycle stage "subscribed" \(email_marketing_consent\.state\)/,
		);
	});

	it('reads Meta Conversions API events (event_name, event_time in epoch seconds): a Purchase makes the lead CARE', async () => {
		const [funnel] = await classified(
			[{ events: real('meta/capi-event.json').data }],
			'2021-10-10T00:00:00Z',
		);
		expect(funnel).toMatchObject({ stage: 'CARE' });
		expect(funnel.explanation).toMatch(/^CARE: 1 order/);
	});

	it('reads a GA4 BigQuery export row (event_name, event_timestamp in microseconds as text) at its real date, not 50,000 years ahead', async () => {
		const row = real('ga4/bigquery-export-row.json');
		const [fresh] = await classified([{ events: [row] }], '2021-01-29T00:00:00Z');
		expect(fresh.explanation).toBe('THINK: page view today (fresh: within 30 days)');
		const [old] = await classified([{ events: [row] }], '2021-06-01T00:00:00Z');
		expect(old.stage).toBe('SEE');
	});

	it('skips a GA4 Measurement Protocol campaign_details event (attribution, not behaviour) with a note, instead of failing the lead', async () => {
		const [funnel] = await classified(
			[real('ga4/measurement-protocol-event.json')],
			'2026-11-20T12:00:00Z',
		);
		expect(funnel).toMatchObject({ stage: 'SEE', noEvidence: true });
		expect(funnel.notes).toContain(
			'events that carry no funnel signal were skipped: campaign_details',
		);
	});

	it('reads Klaviyo Events API records through the metric names in "included", and says what to do without them', async () => {
		const response = real('klaviyo/events.json');
		// The documentation example names its metric "string": read, then ignored as an unknown type.
		const [funnel] = await classified(
			[{ events: response.data, included: response.included }],
			'2022-11-10T00:00:00Z',
			{ unknownEventTypes: 'ignore' },
		);
		expect(funnel.notes).toContain('event type "string" is not in the vocabulary and was ignored');
		const run = await runWorkflow(classifyAt('2022-11-10T00:00:00Z'), {
			pinData: { Trigger: asItems([{ events: response.data }]) },
		});
		expect(run.error?.message).toBe(
			'Field "events[0].relationships.metric" is a Klaviyo event without its metric name',
		);
	});

	it('makes a Meta Lead Ads lead DO: the lead retrieval record and the leadgen webhook value are submitted lead forms', async () => {
		const [retrieved] = await classified(
			[real('meta/lead-retrieval.json')],
			'2015-03-02T00:00:00Z',
		);
		expect(retrieved).toMatchObject({ stage: 'DO' });
		expect(retrieved.explanation).toBe('DO: lead form 1 day ago (fresh: within 14 days)');
		const change = (
			(real('meta/leadgen-webhook.json').entry as IDataObject[])[0].changes as IDataObject[]
		)[0].value as IDataObject;
		const [hooked] = await classified([change], '2015-08-21T12:00:00Z');
		expect(hooked.explanation).toBe('DO: lead form today (fresh: within 14 days)');
	});
});

describe('Care Follow-Up on Shopify and WooCommerce orders', () => {
	const OUTPUTS = ['reviewRequest', 'upsell', 'vipInvite', 'ambassadorInvite', 'winBack', 'notNow'];
	const planAt = (when: string, parameters: IDataObject = {}) =>
		singleNodeWorkflow({
			type: 'n8n-nodes-social-funnel.careFollowUp',
			name: 'Care Follow-Up',
			parameters: {
				operation: 'plan',
				inputType: 'orders',
				// The documentation's customers gave no consent: the existing-customer exception gives the legal basis here.
				useExistingCustomerException: true,
				...parameters,
				options: {
					referenceTime: when,
					timeZone: 'Europe/Berlin',
					sendWindowStartHour: 0,
					sendWindowEndHour: 24,
					...((parameters.options as IDataObject) ?? {}),
				},
			},
		});
	const planned = async (items: IDataObject[], when: string, parameters: IDataObject = {}) => {
		const run = await runWorkflow(planAt(when, parameters), {
			pinData: { Trigger: asItems(items) },
		});
		expect(run.error).toBeUndefined();
		return run.outputs('Care Follow-Up').flatMap((output, i) =>
			output.map(
				(o) =>
					({ output: OUTPUTS[i], ...(o.json.followUp as IDataObject) } as IDataObject & {
						output: string;
					}),
			),
		);
	};
	const order = (file: string) => real(file).order as IDataObject;

	it('asks for a review 7 days after a successful fulfillment', async () => {
		const [fulfilled] = await planned(
			[order('shopify/rest-order-fulfilled.json')],
			'2025-07-10T12:00:00Z',
		);
		expect(fulfilled.output).toBe('reviewRequest');
		expect(fulfilled.reason).toMatch(/7 days after fulfilment/);
	});

	it('does not count a failed fulfillment as shipped (it asked for a review "7 days after fulfilment"), and plans no VIP invite on the refunded part of an order', async () => {
		// Partially refunded: total_price 598.94, current_total_price 199.65; its only fulfillment has status "failure".
		const [bob] = await planned(
			[order('shopify/rest-order-partially-refunded.json')],
			'2025-07-10T12:00:00Z',
		);
		expect(bob.output).toBe('notNow');
		expect(bob.reason).not.toMatch(/fulfilment/);
		// Ten days after the order (2008-01-10): spent 598.94 made a VIP (minimum 500); what was kept is 199.65.
		const [atOrder] = await planned(
			[order('shopify/rest-order-partially-refunded.json')],
			'2008-01-20T12:00:00Z',
		);
		expect(atOrder.output).not.toBe('vipInvite');
		const [vipAt199] = await planned(
			[order('shopify/rest-order-partially-refunded.json')],
			'2008-01-20T12:00:00Z',
			{ options: { vipMinSpend: 199 } },
		);
		expect(vipAt199.output).toBe('vipInvite');
	});

	it('treats a split shipment as delivered when its last part is: the later delivered fulfillment counts (only fulfillments[0] was read)', async () => {
		// No genuine split-shipment order was found (test/fixtures/real/shopify/SOURCES.md): the fulfilled order with its
		// one genuine fulfillment object twice, the first shipped on the order day, the second delivered a week later.
		const fulfilled = order('shopify/rest-order-fulfilled.json');
		const [part] = fulfilled.fulfillments as IDataObject[];
		const split = {
			...fulfilled,
			fulfillments: [
				{ ...part, shipment_status: 'in_transit' },
				{
					...part,
					created_at: '2025-07-05T10:00:00-05:00',
					shipment_status: 'delivered',
					updated_at: '2025-07-09T10:00:00-05:00',
				},
			],
		};
		const [early] = await planned([split], '2025-07-10T12:00:00Z');
		expect(early.output).toBe('notNow'); // delivered 2025-07-09: the review is due 3 days later
		expect(early.reason).toMatch(/3 days after delivery/);
		const [due] = await planned([split], '2025-07-12T18:00:00Z');
		expect(due.output).toBe('reviewRequest');
		expect(due.reason).toMatch(/3 days after delivery/);
	});

	it('plans nothing for a cancelled order', async () => {
		const [cancelled] = await planned(
			[order('shopify/rest-order-cancelled.json')],
			'2025-07-10T12:00:00Z',
		);
		expect(cancelled).toMatchObject({
			output: 'notNow',
			reason: 'no paid order yet: follow-ups start after a purchase',
		});
	});

	it('puts an order without an email on Not Now with the reason, and plans the rest (it stopped the whole run)', async () => {
		const pos = (real('shopify/rest-order-pos-no-email.json').orders as IDataObject[])[0];
		const out = await planned(
			[pos, order('shopify/rest-order-fulfilled.json')],
			'2025-07-10T12:00:00Z',
		);
		expect(out.map((o) => [o.output, o.reason])).toEqual([
			['reviewRequest', expect.stringMatching(/7 days after fulfilment/)],
			[
				'notNow',
				'no email address: a follow-up cannot reach this customer (point-of-sale and draft orders often have none)',
			],
		]);
	});

	it('says why a customer whose newest order has no email is not planned, on every item of theirs', async () => {
		const fulfilled = order('shopify/rest-order-fulfilled.json');
		const newestWithoutEmail = {
			...fulfilled,
			id: 2,
			email: '',
			contact_email: null,
			created_at: '2025-07-08T10:00:00-05:00',
			customer: { ...(fulfilled.customer as IDataObject), email: null },
		};
		const out = await planned([fulfilled, newestWithoutEmail], '2025-07-10T12:00:00Z');
		expect(out.map((o) => o.reason)).toEqual([
			'no email address: a follow-up cannot reach this customer (point-of-sale and draft orders often have none)',
			'no email address: a follow-up cannot reach this customer (point-of-sale and draft orders often have none): their newest order (input item 1) has none',
		]);
	});

	it("reads a Shopify GraphQL order's lineItems connection ({nodes}); without createdAt in the query it says which field to add", async () => {
		const graphql = (real('shopify/graphql-order-single.json').data as IDataObject)
			.order as IDataObject;
		const run = await runWorkflow(planAt('2026-07-20T12:00:00Z'), {
			pinData: { Trigger: asItems([graphql]) },
		});
		expect(run.error?.message).toBe(
			'#1837 <order-update-localization-1784047175059@example.com>: Field "created_at" is missing for order gid://shopify/Order/8951436509490',
		);
		// The same order as a query that asks for createdAt (Order.createdAt in the Admin API) is planned, its line item read from lineItems.nodes.
		const [read] = await planned(
			[{ ...graphql, createdAt: '2026-07-01T10:00:00Z' }],
			'2026-07-20T12:00:00Z',
		);
		expect(read.output).toBe('reviewRequest');
		expect(JSON.stringify(read.message)).toContain('orderUpdate localization item 1784047175059');
		// Cancelled (Order.cancelledAt set): no review request for it (cancelledAt was not read).
		const [cancelled] = await planned(
			[{ ...graphql, createdAt: '2026-07-01T10:00:00Z', cancelledAt: '2026-07-02T10:00:00Z' }],
			'2026-07-20T12:00:00Z',
		);
		expect(cancelled).toMatchObject({
			output: 'notNow',
			reason: 'no paid order yet: follow-ups start after a purchase',
		});
	});

	it('subtracts WooCommerce refunds from the order total', async () => {
		const woo = real('woocommerce/v3-order-with-refunds.json');
		const vip = { followUps: ['vipInvite'], options: { vipMinSpend: Number(woo.total) - 1 } };
		const [refunded] = await planned([woo], '2017-03-30T12:00:00Z', vip);
		expect(refunded.output).not.toBe('vipInvite');
		const [whole] = await planned([{ ...woo, refunds: [] }], '2017-03-30T12:00:00Z', vip);
		expect(whole.output).toBe('vipInvite');
	});
});
