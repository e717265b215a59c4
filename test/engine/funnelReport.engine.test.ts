import { readFileSync } from 'fs';
import path from 'path';
import { XMLValidator } from 'fast-xml-parser';
import { asItems, runWorkflow, type WorkflowJson } from './harness';
import { daysAgo, report } from './funnelReportWorkflow';

const leads = [
	{ id: 'see', likes: 2, reach: 100, lastActivityAt: daysAgo(3) },
	{
		id: 'think',
		events: [{ type: 'product_view', at: daysAgo(2) }],
		impressions: 10,
		linkClicks: 1,
	},
	{ id: 'do', events: [{ type: 'lead_form', at: daysAgo(1) }] },
	{ id: 'care', orders_count: '3', total_spent: '99.50', last_order_date: daysAgo(20), reviews: 2 },
	// Classified earlier by a Funnel Stage node: its stage is taken as it is.
	{ id: 'pre', funnel: { stage: 'DO', customerStatus: null } },
];

describe('Funnel Report in the n8n engine', () => {
	it('turns every item into one report item with the chart as binary data, paired with all inputs', async () => {
		const run = await runWorkflow(report(), { pinData: { Trigger: asItems(leads) } });
		expect(run.error).toBeUndefined();
		const [out] = run.outputs('Funnel Report')[0];
		expect(run.outputs('Funnel Report')).toHaveLength(1);
		const r = out.json.report as Record<string, any>;
		expect(r.stages.map((s: any) => [s.stage, s.count])).toEqual([
			['SEE', 1],
			['THINK', 1],
			['DO', 2],
			['CARE', 1],
		]);
		expect(r.classifiedOnTheWay).toBe(4);
		expect(r.stages[3].kpis).toMatchObject({ reviews: 2, repurchaseRate: 100 });
		expect(r.stages[2].kpis).toMatchObject({ leads: 1, revenue: 99.5, conversion: 33.3 });
		expect(out.json.summary).toBe(
			'Test Funnel (Week 11): 5 leads: SEE 1 (20%), THINK 1 (20%), DO 2 (40%), CARE 1 (20%). Conversion: SEE→THINK 80%, THINK→DO 75%, DO→CARE 33.3%. CARE: 1 loyal.',
		);
		expect(out.pairedItem).toEqual([0, 1, 2, 3, 4].map((item) => ({ item })));
		expect(out.binary!.chart).toMatchObject({
			mimeType: 'image/svg+xml',
			fileName: 'funnel-report.svg',
			fileExtension: 'svg',
		});
		const svg = Buffer.from(out.binary!.chart.data, 'base64').toString('utf8');
		expect(XMLValidator.validate(svg)).toBe(true);
		expect(svg).toContain('Test Funnel');
	});

	it('adds a PNG of the chart when asked', async () => {
		const run = await runWorkflow(report({ includePng: true, binaryProperty: 'funnelChart' }), {
			pinData: { Trigger: asItems(leads) },
		});
		const [out] = run.outputs('Funnel Report')[0];
		expect(Object.keys(out.binary!)).toEqual(['funnelChart', 'funnelChartPng']);
		expect(out.binary!.funnelChartPng).toMatchObject({
			mimeType: 'image/png',
			fileName: 'funnel-report.png',
		});
		expect([...Buffer.from(out.binary!.funnelChartPng.data, 'base64').subarray(0, 4)]).toEqual([
			137, 80, 78, 71,
		]);
	});

	it('names a bad item and, under Continue On Fail, counts it as an error in the report', async () => {
		const badReach = await runWorkflow(report(), {
			pinData: { Trigger: asItems([...leads, { id: 'bad', reach: 'many' }]) },
		});
		expect(badReach.error?.message).toBe('id bad: Field "reach" must be a number, got "many"');
		const bad = [...leads, { id: 'bad', orders_count: -1 }];
		const failing = await runWorkflow(report(), { pinData: { Trigger: asItems(bad) } });
		expect(failing.error?.message).toBe(
			'id bad: Field "orders_count" must not be negative, got -1',
		);
		const tolerant = await runWorkflow(report({}, { continueOnFail: true }), {
			pinData: { Trigger: asItems(bad) },
		});
		const r = tolerant.json('Funnel Report')[0].report as Record<string, any>;
		expect(r.total).toBe(5);
		expect(r.errors).toEqual([
			{ item: 5, message: 'id bad: Field "orders_count" must not be negative, got -1' },
		]);
	});

	it('compares with a previous report and rejects something that is not one', async () => {
		const first = await runWorkflow(report(), { pinData: { Trigger: asItems(leads) } });
		const previous = JSON.stringify(first.json('Funnel Report')[0].report);
		const second = await runWorkflow(report({ previousReport: previous, period: 'Week 12' }), {
			pinData: { Trigger: asItems(leads.slice(0, 3)) },
		});
		const r = second.json('Funnel Report')[0].report as Record<string, any>;
		expect(r.comparison.stages.map((s: any) => s.count)).toEqual([0, 0, -1, -1]);
		expect(second.json('Funnel Report')[0].summary).toMatch(
			/vs\. Week 11: SEE \+0, THINK \+0, DO -1, CARE -1\.$/,
		);
		const wrong = await runWorkflow(report({ previousReport: '{"hello": 1}' }), {
			pinData: { Trigger: asItems(leads) },
		});
		expect(wrong.error?.message).toBe('Previous Report is not a Funnel Report');
	});
});

describe('template: weekly funnel report', () => {
	const wf = JSON.parse(
		readFileSync(path.join(__dirname, '../../workflows/weekly-funnel-report.json'), 'utf8'),
	) as WorkflowJson;

	it('runs on its sample contacts without a credential and previews the report', async () => {
		const run = await runWorkflow(wf, { startNode: 'Run With Sample Contacts' });
		expect(run.error).toBeUndefined();
		const [preview] = run.json('Preview (Not Sent)');
		expect(preview.stages).toBe('SEE 4, THINK 3, DO 3, CARE 2');
		expect(preview.summary).toMatch(
			/^Weekly Funnel Report \(Week \d{4}-\d{2}\): 12 leads: SEE 4 \(33\.3%\), THINK 3 \(25%\), DO 3 \(25%\), CARE 2 \(16\.7%\)\. Conversion: SEE→THINK 66\.7%, THINK→DO 62\.5%, DO→CARE 40%\. CARE: 1 loyal, 1 at risk\.\nMost customers \(CARE\) came from campaign "newsletter_march": 1 of 2 \(25% of its leads\)\.$/,
		);
		// Broken down by campaign: every sample contact counted, Emma (no UTM fields) as unknown.
		expect(preview.campaigns).toBe('newsletter_march 4, spring_reels 4, influencer_lena 3');
		const [reportItem] = run.outputs('Funnel Report')[0];
		const byChannel = (reportItem.json.report as Record<string, any>).byChannel;
		expect(byChannel.unknown.count).toBe(1);
		expect(byChannel.channels.map((c: any) => c.customers)).toEqual([1, 0, 1]);
		expect(Object.keys(reportItem.binary!)).toEqual([
			'chart',
			'chartByChannel',
			'chartByChannelPng',
			'chartPng',
		]);
		expect(reportItem.binary?.chart?.mimeType).toBe('image/svg+xml');
		expect(reportItem.binary?.chartPng?.mimeType).toBe('image/png');
		expect(reportItem.binary?.chartByChannel?.mimeType).toBe('image/svg+xml');
	});
});
