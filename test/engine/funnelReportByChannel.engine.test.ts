/** Funnel Report → Break Down By in the real n8n engine: the report's byChannel, its summary line and its chart. */
import { readFileSync } from 'fs';
import path from 'path';
import { XMLValidator } from 'fast-xml-parser';
import type { INodeExecutionData } from 'n8n-workflow';
import { reportAnswer } from '../../nodes/FunnelStage/actions/report/execute';
import { asItems, runWorkflow } from './harness';
import { daysAgo, report } from './funnelReportWorkflow';

const real = (file: string) =>
	JSON.parse(readFileSync(path.join(__dirname, '../fixtures/real', file), 'utf8')) as Record<
		string,
		any
	>;

// A genuine Shopify order (REST, Shopify's docs example) tagged by its landing page, as a shop's orders arrive.
const { order } = real('shopify/rest-order-cancelled.json');
const leads = [
	{ id: 'a', utm_campaign: 'Spring Sale', likes: 2, lastActivityAt: daysAgo(3) },
	{ id: 'b', utm_campaign: 'spring sale ', events: [{ type: 'lead_form', at: daysAgo(1) }] },
	{
		id: 'c',
		utm_campaign: 'Newsletter',
		orders_count: 2,
		total_spent: '80.00',
		last_order_date: daysAgo(10),
	},
	{ ...order, landing_site: '/?utm_source=ig&utm_medium=paid_social&utm_campaign=Spring+Sale' },
	{ id: 'e', likes: 1, lastActivityAt: daysAgo(2) },
];

describe('Funnel Report → Break Down By in the n8n engine', () => {
	it('adds byChannel, a summary line and the channel chart (SVG, and PNG when asked)', async () => {
		const run = await runWorkflow(report({ breakDownBy: 'campaign', includePng: true }), {
			pinData: { Trigger: asItems(leads) },
		});
		expect(run.error).toBeUndefined();
		const [out] = run.outputs('Funnel Report')[0];
		const r = out.json.report as Record<string, any>;
		expect(r.total).toBe(5);
		const b = r.byChannel;
		expect(b).toMatchObject({ dimension: 'campaign', rankedBy: 'leads', topN: 8, total: 5 });
		expect(
			b.channels.map((c: any) => [c.label, c.count, c.stages, c.customers, c.revenue]),
		).toEqual([
			['Spring Sale', 3, { SEE: 2, THINK: 0, DO: 1, CARE: 0 }, 0, null],
			['Newsletter', 1, { SEE: 0, THINK: 0, DO: 0, CARE: 1 }, 1, 80],
		]);
		expect(b.unknown).toMatchObject({ label: 'Unknown', count: 1, stages: { SEE: 1 } });
		expect(b.other).toMatchObject({ count: 0, values: 0 });
		expect(
			b.channels.reduce((n: number, c: any) => n + c.count, b.other.count + b.unknown.count),
		).toBe(r.total);
		expect(out.json.summary).toMatch(
			/\nMost customers \(CARE\) came from campaign "Newsletter": 1 of 1 \(100% of its leads\)\.$/,
		);
		expect(Object.keys(out.binary!)).toEqual([
			'chart',
			'chartByChannel',
			'chartByChannelPng',
			'chartPng',
		]);
		expect(out.binary!.chartByChannel).toMatchObject({
			mimeType: 'image/svg+xml',
			fileName: 'funnel-by-channel.svg',
		});
		const svg = Buffer.from(out.binary!.chartByChannel.data, 'base64').toString('utf8');
		expect(XMLValidator.validate(svg)).toBe(true);
		for (const t of ['>Spring Sale<', '>Newsletter<', '>Unknown<', '>2 SEE<', '>1 DO<', '>100%<'])
			expect(svg).toContain(t);
		expect(out.binary!.chartByChannelPng.mimeType).toBe('image/png');
		// As an AI Agent tool the answer carries the breakdown too.
		const answer = reportAnswer(out as INodeExecutionData) as Record<string, any>;
		expect(answer.report.byChannel.channels[0].label).toBe('Spring Sale');
	});

	it('by source: the Shopify order’s UTM source, HubSpot’s Original Source, the rest unknown', async () => {
		const hubspot = real('hubspot/v1-contacts-n8n-node.json');
		const run = await runWorkflow(report({ breakDownBy: 'source', topChannels: 2 }), {
			pinData: { Trigger: asItems([...leads, hubspot]) },
		});
		expect(run.error).toBeUndefined();
		const b = (run.json('Funnel Report')[0].report as Record<string, any>).byChannel;
		expect(b.channels.map((c: any) => [c.label, c.count])).toEqual([
			['ig', 1],
			['Offline sources', 1],
		]);
		expect(b.unknown.count).toBe(4);
		expect(run.outputs('Funnel Report')[0][0].binary!.chartByChannelPng).toBeUndefined();
	});

	it('without Break Down By the report and its binaries are as before', async () => {
		const run = await runWorkflow(report({}), { pinData: { Trigger: asItems(leads) } });
		const [out] = run.outputs('Funnel Report')[0];
		expect((out.json.report as Record<string, unknown>).byChannel).toBeUndefined();
		expect(out.json.summary).not.toContain('\n');
		expect(Object.keys(out.binary!)).toEqual(['chart']);
	});

	it('Field I Map: groups by the mapped expression per item; a bad value names the item and the field', async () => {
		const mapped = report({ breakDownBy: 'field', channelField: '={{ $json.partner }}' });
		const run = await runWorkflow(mapped, {
			pinData: {
				Trigger: asItems([
					{ id: 'p1', partner: 'Lena Grün', likes: 1 },
					{ id: 'p2', partner: 'lena grün', orders_count: 1 },
					{ id: 'p3', likes: 1 },
				]),
			},
		});
		expect(run.error).toBeUndefined();
		const b = (run.json('Funnel Report')[0].report as Record<string, any>).byChannel;
		expect(b.channels.map((c: any) => [c.label, c.count, c.customers])).toEqual([
			['Lena Grün', 2, 1],
		]);
		expect(b.unknown.count).toBe(1);
		const bad = [
			{ id: 'ok', partner: 'A', likes: 1 },
			{ id: 'bad', partner: { name: 'A' }, likes: 1 },
		];
		const failing = await runWorkflow(mapped, { pinData: { Trigger: asItems(bad) } });
		expect(failing.error?.message).toBe(
			'id bad: Field "Channel Field" must be text, got an object',
		);
		const tolerant = await runWorkflow(
			report(
				{ breakDownBy: 'field', channelField: '={{ $json.partner }}' },
				{ continueOnFail: true },
			),
			{ pinData: { Trigger: asItems(bad) } },
		);
		const r = tolerant.json('Funnel Report')[0].report as Record<string, any>;
		// Left out of both counts alike, and named in the errors.
		expect([r.total, r.byChannel.total, r.byChannel.channels[0].count]).toEqual([1, 1, 1]);
		expect(r.errors).toEqual([
			{ item: 1, message: 'id bad: Field "Channel Field" must be text, got an object' },
		]);
	});

	it('a Top Channels outside 1 to 50 fails the node with its fix', async () => {
		const run = await runWorkflow(report({ breakDownBy: 'medium', topChannels: 0 }), {
			pinData: { Trigger: asItems(leads) },
		});
		expect(run.error?.message).toBe(
			'Field "Top Channels" must be a whole number from 1 to 50, got 0',
		);
		expect((run.error as { description?: string }).description).toBe(
			'Enter a whole number from 1 to 50.',
		);
	});
});
