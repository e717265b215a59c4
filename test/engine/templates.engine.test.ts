import { readFileSync } from 'fs';
import path from 'path';
import { asItems, runWorkflow, type WorkflowJson } from './harness';

const template = (file: string) =>
	JSON.parse(
		readFileSync(path.join(__dirname, '../../workflows', file), 'utf8'),
	) as WorkflowJson & { name: string };

describe('template: social lead router', () => {
	const wf = template('social-lead-router.json');

	it('runs on its sample leads with no credential and sends each down its stage branch', async () => {
		const run = await runWorkflow(wf, { startNode: 'Run With Sample Leads' });
		expect(run.error).toBeUndefined();
		const names = (node: string) => run.json(node).map((j) => j.name);
		expect(names('SEE: Add to Retargeting Audience')).toEqual([
			'Mia (new follower)',
			'Jonas (no data yet)',
		]);
		expect(names('THINK: Send Informative Content')).toEqual([
			'Lea (browsing products)',
			'Tom (HubSpot contact)',
		]);
		expect(names('DO: Offer With Coupon')).toEqual(['Sara (cart left behind)', 'Ben (lead ad)']);
		expect(names('CARE: Hand Over to Follow-Ups')).toEqual([
			'Nora (repeat buyer)',
			'Emil (quiet customer)',
		]);
		const [nora, emil] = run.json('CARE: Hand Over to Follow-Ups') as Array<Record<string, any>>;
		expect(nora.customerStatus).toBe('loyal');
		expect(emil.funnel).toMatchObject({ customerStatus: 'at risk', transition: 'new' });
		// Every sample lead is new to the stage memory: none leaves on Unchanged.
		expect(run.runCount('Unchanged: Already Told')).toBe(0);
		const tom = run.json('THINK: Send Informative Content')[1] as Record<string, any>;
		expect(tom.funnel.notes.join(' ')).toMatch(/4× email open ignored: no tracking consent/);
		expect(tom.funnel.explanation).toBe('THINK: page view 5 days ago (fresh: within 30 days)');
		expect(run.json('SEE: Add to Retargeting Audience')[1]).toMatchObject({
			funnel: { noEvidence: true },
		});
		const sales = run.json('DO: Notify Sales')[0] as Record<string, any>;
		expect(sales.salesNotice).toMatch(
			/^Hot lead: Sara \(cart left behind\) \(sara@example\.com\), intent score \d+\. DO: add to cart 1 day ago/,
		);
	});

	it("ships New Lead disabled, so that the editor's Execute workflow button runs the sample leads (n8n picks an enabled webhook first)", () => {
		const triggers = wf.nodes.filter((n) => /Trigger$|\.webhook$/.test(n.type));
		expect(triggers.map((n) => [n.name, Boolean(n.disabled)])).toEqual([
			['Run With Sample Leads', false],
			['New Lead', true],
		]);
	});

	it('classifies a lead posted to the webhook once New Lead is enabled', async () => {
		const live = {
			...wf,
			nodes: wf.nodes.map((n) => (n.name === 'New Lead' ? { ...n, disabled: false } : n)),
		};
		const run = await runWorkflow(live, {
			startNode: 'New Lead',
			pinData: {
				'New Lead': asItems([
					{
						headers: {},
						params: {},
						query: {},
						body: { name: 'Ada', email: 'ada@example.com', orders_count: 2 },
					},
				]),
			},
		});
		expect(run.error).toBeUndefined();
		expect(run.json('CARE: Hand Over to Follow-Ups')).toEqual([
			expect.objectContaining({ name: 'Ada', action: 'care_follow_up' }),
		]);
	});

	it('uses the installed type string for our node', () => {
		expect(
			wf.nodes.filter((n) => n.type.startsWith('n8n-nodes-social-funnel.')).map((n) => n.type),
		).toEqual(['n8n-nodes-social-funnel.funnelStage']);
	});
});

describe('template: influencer shortlist', () => {
	const wf = template('influencer-shortlist.json');

	it('runs on its sample profiles with no credential and ranks the best three', async () => {
		const run = await runWorkflow(wf, { startNode: 'Run With Sample Profiles' });
		expect(run.error).toBeUndefined();
		expect(run.json('Ranked Shortlist').map((j) => [j.rank, j.name, j.decision])).toEqual([
			[1, 'Nina isst pflanzlich', 'shortlist'],
			[2, 'Lena Grün', 'shortlist'],
			[3, 'Plant Power Paul', 'shortlist'],
		]);
		const rest = Object.fromEntries(
			run.json('Not in Top 3').map((j) => [j.name, j as Record<string, any>]),
		);
		expect(Object.keys(rest)).toEqual([
			'Veggie Tok',
			'Old Recipes',
			'Glow Up Daily',
			'Casino King',
			'Big Star',
		]);
		expect(rest['Casino King']).toMatchObject({ decision: 'reject' });
		expect(rest['Casino King'].why).toMatch(/^Brand safety: "casino" in bio/);
		expect(rest['Glow Up Daily'].why).toMatch(/more than twice the 5k–10k band's high edge/);
		expect(rest['Old Recipes'].why).toMatch(/^Inactive: last post 2\d\d days ago/);
		expect(rest['Veggie Tok'].why).toMatch(
			/by views is average for 100k–500k on tiktok \(average [\d.]+–[\d.]+%, estimated band\)/,
		);
	});

	it('explains how to switch to Instagram or YouTube fetching in a sticky note', () => {
		const notes = wf.nodes
			.filter((n) => n.type === 'n8n-nodes-base.stickyNote')
			.map((n) => String(n.parameters.content));
		expect(notes.join('\n')).toMatch(/Fetch and Score/);
		expect(notes.join('\n')).toMatch(/Instagram Graph API/);
		expect(notes.join('\n')).toMatch(/YouTube Data API/);
	});
});

describe('template: weekly retargeting audiences', () => {
	const wf = template('retargeting-audiences.json');

	it('runs on its sample leads with no credential: remarketing and exclusion batches, hashed, with a CSV', async () => {
		const run = await runWorkflow(wf, { startNode: 'Run With Sample Leads' });
		expect(run.error).toBeUndefined();
		const [remarketing, notUploaded] = run.outputs('Remarketing Audience');
		expect(remarketing).toHaveLength(1);
		expect(remarketing[0].json).toMatchObject({ platform: 'meta', rows: 3 });
		expect((remarketing[0].json.meta as any).payload.schema).toEqual([
			'EMAIL',
			'PHONE',
			'FN',
			'LN',
			'ZIP',
			'COUNTRY',
		]);
		expect(remarketing[0].binary?.audienceCsv.mimeType).toBe('text/csv');
		expect(notUploaded.map((s) => [s.json.item, s.json.reason])).toEqual([
			[3, 'no consent field'],
			[4, 'consent refused'],
			[5, 'not in this audience'],
			[6, 'not in this audience'],
			[7, 'not in this audience'],
		]);
		const [exclusion] = run.outputs('CARE Exclusion List');
		expect(exclusion.map((b) => b.pairedItem)).toEqual([[{ item: 6 }]]);
		// The disabled upload node passes the batch on untouched; nothing was sent.
		expect(run.json('CSV for Manual Upload')).toHaveLength(1);
		const text = JSON.stringify(run.outputs('Remarketing Audience'));
		for (const raw of [
			'lea@example.com',
			'sara.klein',
			'Sara.Klein',
			'(0)30 1234567',
			'0170 2223334',
		])
			expect(text).not.toContain(raw);
	});

	it('ships the Meta upload nodes disabled, with the audience id to fill in and a note on the credential', () => {
		const uploads = wf.nodes.filter((n) => n.type === 'n8n-nodes-base.facebookGraphApi');
		expect(uploads.map((n) => [n.disabled, n.parameters.node, n.parameters.edge])).toEqual([
			[true, 'YOUR_AUDIENCE_ID', 'users'],
			[true, 'YOUR_AUDIENCE_ID', 'users'],
		]);
		const note = wf.nodes.find((n) => n.name === 'Uploading to Meta');
		expect(String(note?.parameters.content)).toMatch(
			/audience id[\s\S]*Facebook Graph API\*\* credential/,
		);
	});
});
