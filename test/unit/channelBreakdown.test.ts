/** Unit tests of FunnelStage/report/channelBreakdown.ts: reading a lead's channel, and the per-channel counts. */
import { readFileSync } from 'fs';
import path from 'path';
import type { LeadEvidence } from '../../nodes/FunnelStage/input/lead';
import { STAGES, type Stage } from '../../nodes/FunnelStage/input/signals';
import {
	breakdownSummary,
	ChannelBreakdownBuilder,
	channelValue,
	MAX_DISTINCT_VALUES,
	queryParameter,
	readChannel,
	referringHost,
	type ChannelBreakdown,
} from '../../nodes/FunnelStage/report/channelBreakdown';
import { FunnelReportBuilder } from '../../nodes/FunnelStage/report/funnelReport';

const real = (file: string) =>
	JSON.parse(readFileSync(path.join(__dirname, '../fixtures/real', file), 'utf8')) as Record<
		string,
		any
	>;
const none: LeadEvidence = { signals: [] };
const label = (json: unknown, dimension: 'source' | 'medium' | 'campaign') =>
	readChannel(json, dimension)?.label;
/** A source and nothing else: HubSpot's drill-downs are not taken as a medium or campaign. */
function expectSourceOnly(json: unknown, source: string) {
	expect(readChannel(json, 'source')).toEqual({ key: source.toLowerCase(), label: source });
	expect(readChannel(json, 'medium')).toBeUndefined();
	expect(readChannel(json, 'campaign')).toBeUndefined();
}

/** Every lead counted once: the channels, other and unknown add up to the total, per stage too. */
function expectAllCounted(b: ChannelBreakdown) {
	const rows = [...b.channels, b.other, b.unknown];
	expect(rows.reduce((n, r) => n + r.count, 0)).toBe(b.total);
	for (const r of rows) expect(STAGES.reduce((n, s) => n + r.stages[s], 0)).toBe(r.count);
}

describe('reading the channel from real payloads', () => {
	it('Shopify REST order: the referring site is the source (host without www), medium "referral", no campaign', () => {
		// Shopify's documented order: landing_site "http://www.example.com?source=abc" (no UTM), referring_site "http://www.otherexample.com".
		const { order } = real('shopify/rest-order-cancelled.json');
		expect(label(order, 'source')).toBe('otherexample.com');
		expect(label(order, 'medium')).toBe('referral');
		expect(readChannel(order, 'campaign')).toBeUndefined();
	});

	it('Shopify REST order: UTM parameters of the landing page win over the referring site', () => {
		// The genuine order with its landing page as a path with a query, as orders from a tagged link carry it.
		const { order } = real('shopify/rest-order-cancelled.json');
		const tagged = {
			...order,
			landing_site:
				'/products/ipod?utm_source=instagram&utm_medium=paid_social&utm_campaign=Spring+Sale%202026',
		};
		expect(label(tagged, 'source')).toBe('instagram');
		expect(label(tagged, 'medium')).toBe('paid_social');
		expect(label(tagged, 'campaign')).toBe('Spring Sale 2026');
	});

	it('Shopify orders without landing or referring site: the sales channel (source_name) is the source', () => {
		const webhook = real('shopify/webhook-orders-test-payload-cancelled.json');
		expect(webhook.source_name).toBe('web');
		expect(readChannel(webhook, 'source')).toEqual({ key: 'online store', label: 'Online store' });
		expect(readChannel(webhook, 'medium')).toBeUndefined();
		// The docs' order was created by an app: source_name is its id.
		const { order } = real('shopify/rest-order-fulfilled.json');
		expect(label(order, 'source')).toBe('App 755357713');
	});

	it('HubSpot v1 contact (properties.x.value): Original Source with HubSpot’s name for it', () => {
		const contact = real('hubspot/v1-contacts-n8n-node.json');
		expect(contact.properties.hs_analytics_source.value).toBe('OFFLINE');
		// The drill-downs ("API", "") are not taken as a campaign or medium.
		expectSourceOnly(contact, 'Offline sources');
	});

	it('HubSpot v3 contact (properties.x as text): Original Source read the same way; without it, unknown', () => {
		const contact = real('hubspot/v3-contact.json');
		expect(readChannel(contact, 'source')).toBeUndefined();
		// The v3 shape of that contact with the property the v1 recording carries, as text.
		const withSource = {
			...contact,
			properties: { ...contact.properties, hs_analytics_source: 'PAID_SOCIAL' },
		};
		expect(label(withSource, 'source')).toBe('Paid social');
		const listed = real('hubspot/v1-contacts-all-n8n-fixture.json').contacts;
		expect(listed.map((c: unknown) => readChannel(c, 'source'))).toEqual([undefined, undefined]);
	});

	it('HubSpot v1 contact followed by the tracking code: Direct traffic, and no medium or campaign', () => {
		// Recorded from HubSpot's demo portal; the drill-downs of direct traffic are empty.
		const contact = real('hubspot/v1-contact-direct-traffic.json');
		expect(contact.properties.hs_analytics_source.value).toBe('DIRECT_TRAFFIC');
		expect(contact.properties.hs_analytics_source_data_1.value).toBe('');
		expectSourceOnly(contact, 'Direct traffic');
	});

	it('HubSpot v1 search results with filled drill-downs: Original Source only, the drill-downs are no campaign', () => {
		const contacts = real('hubspot/v1-contacts-search-drilldowns.json') as unknown as Array<
			Record<string, any>
		>;
		const drillDowns = contacts.map((c) => [
			c.properties.hs_analytics_source_data_1.value,
			c.properties.hs_analytics_source_data_2.value,
		]);
		expect(drillDowns).toEqual([
			['SALES', 'CRM_UI'],
			['API', 'contact-upsert'],
		]);
		for (const c of contacts) expectSourceOnly(c, 'Offline sources');
		// With the other genuine contacts, grouped by source: one row per HubSpot source, every lead counted.
		const leads = [
			...contacts,
			real('hubspot/v1-contacts-n8n-node.json'),
			real('hubspot/v1-contact-direct-traffic.json'),
			real('hubspot/v3-contact.json'),
		];
		const b = new ChannelBreakdownBuilder('source');
		// Every lead at SEE: the stage is the caller's, not the payload's, and is not what is tested here.
		for (const lead of leads) b.add(readChannel(lead, 'source'), 'SEE', none);
		const out = b.finish(leads.length);
		expectAllCounted(out);
		expect(out.channels.map((c) => [c.label, c.count])).toEqual([
			['Offline sources', 3],
			['Direct traffic', 1],
		]);
		expect(out.unknown.count).toBe(1);
	});

	it('GA4 BigQuery export row: traffic_source.source, medium and name', () => {
		const row = real('ga4/bigquery-export-row.json');
		expect(label(row, 'source')).toBe('(direct)');
		expect(label(row, 'medium')).toBe('(none)');
		expect(label(row, 'campaign')).toBe('(direct)');
		// The session's manual campaign (collected_traffic_source) comes before the user's first source.
		const tagged = {
			...row,
			collected_traffic_source: {
				manual_source: 'newsletter',
				manual_medium: 'email',
				manual_campaign_name: 'Black Friday',
			},
		};
		expect([label(tagged, 'source'), label(tagged, 'medium'), label(tagged, 'campaign')]).toEqual([
			'newsletter',
			'email',
			'Black Friday',
		]);
	});
});

describe('reading the channel from explicit fields and hostile values', () => {
	it('reads utm_*, camelCase and utm.{source,medium,campaign}; explicit fields win over a landing page', () => {
		expect(label({ utm_source: 'ig' }, 'source')).toBe('ig');
		expect(label({ utmMedium: 'cpc' }, 'medium')).toBe('cpc');
		expect(label({ utm: { campaign: 'launch' } }, 'campaign')).toBe('launch');
		expect(label({ utm_campaign: 'a', landing_site: '/?utm_campaign=b' }, 'campaign')).toBe('a');
	});

	it('groups without case and whitespace but shows the value as written', () => {
		expect(channelValue('  Summer   Sale ')).toEqual({ key: 'summer sale', label: 'Summer Sale' });
		expect(channelValue('SUMMER SALE')!.key).toBe('summer sale');
	});

	it('empty strings and whitespace are unknown; a number is text; an object is not a channel', () => {
		expect(readChannel({ utm_campaign: '' }, 'campaign')).toBeUndefined();
		expect(readChannel({ utm_campaign: '   ' }, 'campaign')).toBeUndefined();
		expect(label({ utm_campaign: 2026 }, 'campaign')).toBe('2026');
		expect(readChannel({ utm_campaign: { name: 'x' } }, 'campaign')).toBeUndefined();
	});

	it('percent-encoded values are decoded; a broken encoding is kept as written', () => {
		expect(label({ utm_campaign: 'summer%20sale%20%E2%98%80' }, 'campaign')).toBe('summer sale ☀');
		expect(label({ utm_campaign: '100%25 off' }, 'campaign')).toBe('100% off');
		expect(label({ utm_campaign: '50% off' }, 'campaign')).toBe('50% off');
		expect(queryParameter('/?utm_campaign=caf%C3%A9+cr%C3%A8me', 'utm_campaign')).toBe(
			'café crème',
		);
	});

	it('a landing_site that is no URL, or a referring_site that is none, gives no channel', () => {
		expect(readChannel({ landing_site: 'not a url' }, 'campaign')).toBeUndefined();
		expect(readChannel({ landing_site: '/products/x#utm_campaign=y' }, 'campaign')).toBeUndefined();
		expect(readChannel({ landing_site: '?utm_campaign=' }, 'campaign')).toBeUndefined();
		expect(referringHost('www.google.com')).toBeUndefined();
		expect(readChannel({ referring_site: 'nonsense' }, 'source')).toBeUndefined();
		expect(referringHost('https://www.google.com/search?q=x')).toBe('google.com');
	});

	it('unicode campaign names stay whole; a 10 MB value is cut to a label without reading it all', () => {
		expect(label({ utm_campaign: 'Frühlings-Aktion 🌸 春' }, 'campaign')).toBe(
			'Frühlings-Aktion 🌸 春',
		);
		expect(label({ utm_campaign: 'مرحبا' }, 'campaign')).toBe('مرحبا');
		const huge = 'x'.repeat(10_000_000);
		const t0 = Date.now();
		expect(label({ utm_campaign: huge }, 'campaign')).toHaveLength(120);
		expect(Date.now() - t0).toBeLessThan(200);
		// An emoji at the cut is kept whole or left out, never halved.
		const emoji = readChannel({ utm_campaign: '🌸'.repeat(200) }, 'campaign')!.label;
		expect(Array.from(emoji).every((c) => c === '🌸')).toBe(true);
	});

	it('a mapped field: text or number; anything else names the field and the fix', () => {
		expect(readChannel({}, 'field', 'Partner A')).toEqual({ key: 'partner a', label: 'Partner A' });
		expect(readChannel({}, 'field', 7)!.label).toBe('7');
		expect(readChannel({}, 'field', undefined)).toBeUndefined();
		expect(readChannel({}, 'field', '')).toBeUndefined();
		expect(() => readChannel({}, 'field', { a: 1 })).toThrow(
			'Field "Channel Field" must be text, got an object',
		);
	});

	it('never reads a channel through the prototype', () => {
		const json = JSON.parse('{"__proto__": {"utm_source": "evil"}, "utm": {"constructor": 1}}');
		expect(readChannel(json, 'source')).toBeUndefined();
		expect(readChannel({}, 'campaign')).toBeUndefined();
	});
});

describe('the breakdown', () => {
	const lead = (totalSpent?: number): LeadEvidence => ({ signals: [], totalSpent });

	it('counts per channel: stages, conversion as the report defines it, customers, revenue, share', () => {
		const b = new ChannelBreakdownBuilder('campaign');
		const rows: Array<[string | undefined, Stage, number?]> = [
			['Spring', 'SEE'],
			['spring ', 'THINK'],
			['Spring', 'DO'],
			['Spring', 'CARE', 120],
			['Spring', 'CARE', 30.5],
			['Brand', 'SEE'],
			['Brand', 'CARE', 10],
			[undefined, 'SEE'],
		];
		for (const [c, stage, spent] of rows)
			b.add(c === undefined ? undefined : channelValue(c), stage, lead(spent));
		const out = b.finish(rows.length);
		expectAllCounted(out);
		const spring = out.channels[0];
		expect(spring).toMatchObject({
			value: 'spring',
			label: 'Spring',
			count: 5,
			share: 62.5,
			stages: { SEE: 1, THINK: 1, DO: 1, CARE: 2 },
			customers: 2,
			toCare: 40,
			revenue: 150.5,
		});
		// Same definition as the report: one report over Spring's leads gives the same conversion.
		const report = new FunnelReportBuilder(0);
		for (const s of ['SEE', 'THINK', 'DO', 'CARE', 'CARE'] as Stage[])
			report.add(s, null, none, {}, true);
		expect(spring.conversion).toEqual(report.finish({ title: 't', period: 'p' }).conversion);
		expect(spring.conversion.map((c) => c.rate)).toEqual([80, 75, 66.7]);
		expect(out.channels[1]).toMatchObject({ label: 'Brand', count: 2, customers: 1, revenue: 10 });
		expect(out.unknown).toMatchObject({
			value: '(unknown)',
			label: 'Unknown',
			count: 1,
			revenue: null,
		});
		expect(out.other).toMatchObject({ count: 0, values: 0, toCare: null });
		expect(out.mostCustomers).toEqual({ value: 'spring', label: 'Spring', customers: 2 });
		expect(breakdownSummary(out)).toBe(
			'Most customers (CARE) came from campaign "Spring": 2 of 3 (40% of its leads).',
		);
		expect(breakdownSummary(out, 'de')).toBe(
			'Die meisten Kunden (CARE) kamen über Kampagne „Spring“: 2 von 3 (40% seiner Kontakte).',
		);
	});

	it('50 distinct campaigns: the Top 8 by leads, the other 42 in "other", every lead counted', () => {
		const b = new ChannelBreakdownBuilder('campaign');
		let total = 0;
		for (let c = 0; c < 50; c++)
			for (let k = 0; k <= c; k++, total++) b.add(channelValue(`Campaign ${c}`), 'SEE', none);
		const out = b.finish(total);
		expectAllCounted(out);
		expect(out.channels.map((c) => c.label)).toEqual(
			Array.from({ length: 8 }, (_, i) => `Campaign ${49 - i}`),
		);
		expect(out.other.values).toBe(42);
		expect(out.other.count).toBe((42 * 43) / 2);
		expect(out.distinctValues).toBe(50);
	});

	it('ranks by customers when asked, and says so when no channel brought a customer', () => {
		const b = new ChannelBreakdownBuilder('source', { topN: 1, rankBy: 'customers' });
		for (let i = 0; i < 5; i++) b.add(channelValue('ig'), 'SEE', none);
		b.add(channelValue('newsletter'), 'CARE', none);
		const out = b.finish(6);
		expect(out.channels.map((c) => c.label)).toEqual(['newsletter']);
		expect(out.other).toMatchObject({ count: 5, values: 1 });
		const empty = new ChannelBreakdownBuilder('medium').finish(0);
		expect(breakdownSummary(empty)).toBe('By medium: no customers (CARE) yet.');
		expect(empty.other.share).toBe(0);
	});

	it('rejects a Top Channels that is not 1 to 50', () => {
		for (const topN of [0, 51, 2.5, NaN])
			expect(() => new ChannelBreakdownBuilder('source', { topN })).toThrow(
				/Field "Top Channels" must be a whole number from 1 to 50/,
			);
	});

	it('streams 100,000 leads with 20,000 distinct campaigns in bounded memory, every lead counted', () => {
		const b = new ChannelBreakdownBuilder('campaign', { topN: 8 });
		const t0 = Date.now();
		for (let i = 0; i < 100_000; i++) {
			const json = i % 10 === 0 ? {} : { utm_campaign: `c${i % 20_000}` };
			b.add(readChannel(json, 'campaign'), STAGES[i % 4], lead(i % 4 === 3 ? 1 : undefined));
		}
		const out = b.finish(100_000);
		expect(Date.now() - t0).toBeLessThan(5_000);
		expectAllCounted(out);
		expect(out.distinctValues).toBe(MAX_DISTINCT_VALUES);
		expect(out.unknown.count).toBe(10_000);
		expect(out.channels).toHaveLength(8);
		expect(
			out.channels.reduce(
				(n, c) => n + (c.revenue ?? 0),
				out.other.revenue! + (out.unknown.revenue ?? 0),
			),
		).toBe(25_000);
	});
});
