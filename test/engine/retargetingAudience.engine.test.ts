import { createHash } from 'crypto';
import { asItems, runWorkflow, singleNodeWorkflow } from './harness';

const NOW = '2026-03-15T12:00:00.000Z';
const daysAgo = (d: number) => new Date(Date.parse(NOW) - d * 86_400_000).toISOString();
const sha = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');
const NODE = 'Build Audience';

function audienceNode(
	parameters: Record<string, unknown> = {},
	extra: { continueOnFail?: boolean; onError?: string } = {},
) {
	return singleNodeWorkflow({
		type: 'n8n-nodes-social-funnel.funnelStage',
		name: NODE,
		parameters: {
			operation: 'audience',
			options: { referenceTime: NOW },
			...parameters,
		},
		...extra,
	});
}

const leads = [
	// 0 THINK, consent: in
	{
		name: 'Lea',
		email: ' Lea.Berg@Example.COM ',
		phone: '+49 (0)170 1234567',
		first_name: 'Léa',
		events: [{ type: 'product_view', at: daysAgo(2) }],
		adConsent: 'granted',
	},
	// 1 DO, no consent field: skipped, counted
	{ name: 'Sara', email: 'sara@example.com', events: [{ type: 'add_to_cart', at: daysAgo(1) }] },
	// 2 DO, consent refused
	{
		name: 'Ben',
		email: 'ben@example.com',
		events: [{ type: 'lead_form', at: daysAgo(1) }],
		consent: { adUserData: 'CONSENT_DENIED', adPersonalization: 'CONSENT_DENIED' },
	},
	// 3 SEE: not in the remarketing audience
	{ name: 'Mia', email: 'mia@example.com', likes: 2, lastActivityAt: daysAgo(3), adConsent: true },
	// 4 CARE: not in it either
	{
		name: 'Nora',
		email: 'nora@example.com',
		orders_count: 3,
		last_order_date: daysAgo(20),
		adConsent: true,
	},
	// 5 classified upstream as DO: not classified again (it has no evidence of its own)
	{
		name: 'Tom',
		email: 'tom@example.com',
		phone: '030 1234567',
		funnel: { stage: 'DO', transition: 'up' },
		adConsent: 'yes',
	},
];

describe('Build Retargeting Audience in the n8n engine', () => {
	it('classifies on the way, takes earlier results as they are, and uploads only consented people in the audience', async () => {
		const run = await runWorkflow(audienceNode(), { pinData: { Trigger: asItems(leads) } });
		expect(run.error).toBeUndefined();
		const [batches, skipped] = run.outputs(NODE);
		expect(batches).toHaveLength(1);
		const batch = batches[0];
		expect(batch.pairedItem).toEqual([{ item: 0 }, { item: 5 }]);
		expect(batch.json).toMatchObject({
			audience: 'remarketing',
			platform: 'meta',
			batch: 1,
			batches: 1,
			rows: 2,
		});
		const meta = batch.json.meta as any;
		expect(meta.payload.schema).toEqual(['EMAIL', 'PHONE', 'FN']);
		expect(meta.payload.data).toEqual([
			[sha('lea.berg@example.com'), sha('491701234567'), sha('léa')],
			[sha('tom@example.com'), '', ''],
		]);
		expect(meta.session).toMatchObject({
			batch_seq: 1,
			last_batch_flag: true,
			estimated_num_total: 2,
		});
		// Tom's phone has no country code and he has no country: that identifier is skipped, with why.
		expect(batch.json.skippedIdentifiers).toEqual([
			{
				item: 5,
				field: 'phone',
				problem:
					'has no country code and the person has no country (write it as +49 30 1234567, or map the country)',
			},
		]);
		expect(skipped.map((s) => [s.json.item, s.json.reason, s.json.stage])).toEqual([
			[1, 'no consent field', 'DO'],
			[2, 'consent refused', 'DO'],
			[3, 'not in this audience', 'SEE'],
			[4, 'not in this audience', 'CARE'],
		]);
		expect(skipped.map((s) => s.pairedItem)).toEqual([1, 2, 3, 4].map((item) => ({ item })));
		expect(skipped[2].json.detail).toBe('stage SEE is not in this audience');
		expect(batch.json.summary).toMatchObject({
			leads: 6,
			included: 2,
			skipped: 4,
			skippedByReason: { 'no consent field': 1, 'consent refused': 1, 'not in this audience': 2 },
			rows: { meta: 2 },
			batches: { meta: 1 },
		});
	});

	it('attaches the CSV in Meta’s customer-list columns to the first batch', async () => {
		const run = await runWorkflow(audienceNode(), { pinData: { Trigger: asItems(leads) } });
		const [[batch]] = run.outputs(NODE);
		expect(batch.binary!.audienceCsv).toMatchObject({
			mimeType: 'text/csv',
			fileName: 'remarketing-audience.csv',
		});
		const csv = Buffer.from(batch.binary!.audienceCsv.data, 'base64').toString('utf8');
		expect(csv).toBe(
			`email,phone,fn\r\n${sha('lea.berg@example.com')},${sha('491701234567')},${sha(
				'léa',
			)}\r\n${sha('tom@example.com')},,\r\n`,
		);
	});

	it('puts no raw email or phone anywhere in the output unless switched on', async () => {
		const off = await runWorkflow(audienceNode({ platform: 'both' }), {
			pinData: { Trigger: asItems(leads) },
		});
		const text = JSON.stringify(off.outputs(NODE));
		for (const raw of [
			'lea.berg',
			'Lea.Berg',
			'sara@',
			'ben@',
			'mia@',
			'nora@',
			'tom@',
			'491701234567',
			'170 1234567',
			'030 1234567',
			'léa',
			'Léa',
		])
			expect(text).not.toContain(raw);
		const on = await runWorkflow(audienceNode({ includeRawIdentifiers: true }), {
			pinData: { Trigger: asItems(leads) },
		});
		const [[batch], skipped] = on.outputs(NODE);
		expect(batch.json.normalised).toEqual([
			{ EMAIL: 'lea.berg@example.com', PHONE: '491701234567', FN: 'léa' },
			{ EMAIL: 'tom@example.com' },
		]);
		expect(skipped[0].json.email).toBe('sara@example.com');
		const csv = Buffer.from(batch.binary!.audienceCsv.data, 'base64').toString('utf8');
		expect(csv).toBe(
			'email,phone,fn\r\nlea.berg@example.com,491701234567,léa\r\ntom@example.com,,\r\n',
		);
	});

	it('builds Google batches beside Meta’s with Platform = Both', async () => {
		const run = await runWorkflow(audienceNode({ platform: 'both', includeCsv: false }), {
			pinData: { Trigger: asItems(leads) },
		});
		const [batches] = run.outputs(NODE);
		expect(batches.map((b) => b.json.platform)).toEqual(['meta', 'google']);
		expect(batches[0].binary).toBeUndefined();
		expect((batches[1].json.google as any).audienceMembers[0].userData.userIdentifiers).toEqual([
			{ emailAddress: sha('lea.berg@example.com') },
			{ phoneNumber: sha('+491701234567') },
		]);
	});

	it('the CARE exclusion list takes the customers', async () => {
		const run = await runWorkflow(audienceNode({ audience: 'exclusion' }), {
			pinData: { Trigger: asItems(leads) },
		});
		const [[batch]] = run.outputs(NODE);
		expect(batch.pairedItem).toEqual([{ item: 4 }]);
		expect((batch.json.meta as any).payload.data).toEqual([[sha('nora@example.com')]]);
	});

	it('cuts 10,001 consented leads into two Meta requests and two Google requests', async () => {
		const many = Array.from({ length: 10_001 }, (_, i) => ({
			email: `p${i}@example.com`,
			funnel: { stage: 'THINK', transition: 'new' },
			adConsent: true,
		}));
		const run = await runWorkflow(audienceNode({ platform: 'both', includeCsv: false }), {
			pinData: { Trigger: asItems(many) },
		});
		expect(run.error).toBeUndefined();
		const [batches, skipped] = run.outputs(NODE);
		expect(skipped).toEqual([]);
		expect(batches.map((b) => [b.json.platform, b.json.batch, b.json.rows])).toEqual([
			['meta', 1, 10000],
			['meta', 2, 1],
			['google', 1, 10000],
			['google', 2, 1],
		]);
		expect((batches[1].json.meta as any).session).toMatchObject({
			batch_seq: 2,
			last_batch_flag: true,
		});
	});

	it('an error names the item and the field; with Continue On Fail the item leaves on Not Uploaded without its raw email', async () => {
		const bad = [{ name: 'Ida', email: 'ida@example.com', likes: -5, adConsent: true }];
		const failed = await runWorkflow(audienceNode(), { pinData: { Trigger: asItems(bad) } });
		// The field and the fix, never who the item is (the raw email).
		expect(failed.error?.message).toBe('Field "likes" must not be negative, got -5');
		expect(JSON.stringify(failed.error)).not.toContain('ida@example.com');
		const badConsent = [
			{ email: 'x@example.com', funnel: { stage: 'THINK', transition: 'new' }, adConsent: 'maybe' },
		];
		const consentError = await runWorkflow(audienceNode(), {
			pinData: { Trigger: asItems(badConsent) },
		});
		expect(consentError.error?.message).toBe(
			'Field "adConsent" is not a consent value, got "maybe"',
		);
		const run = await runWorkflow(audienceNode({}, { continueOnFail: true }), {
			pinData: { Trigger: asItems(bad) },
		});
		const [batches, [item]] = run.outputs(NODE);
		expect(batches).toEqual([]);
		expect(item.json).toEqual({
			audience: 'remarketing',
			included: false,
			reason: 'input error',
			item: 0,
			error: 'Field "likes" must not be negative, got -5',
			errorFix: 'How to fix: map a count of 0 or more, or leave it empty.',
		});
		expect(item.pairedItem).toEqual({ item: 0 });
		// With "Continue (using error output)" too, the item stays on Not Uploaded: n8n would add the
		// input's fields (the raw email) to an item on its error output.
		const viaErrorOutput = await runWorkflow(audienceNode({}, { onError: 'continueErrorOutput' }), {
			pinData: { Trigger: asItems(bad) },
		});
		expect(viaErrorOutput.error).toBeUndefined();
		const outputs = viaErrorOutput.outputs(NODE);
		expect(outputs[1].map((i) => i.json.reason)).toEqual(['input error']);
		expect(JSON.stringify(outputs)).not.toContain('ida@example.com');
	});

	it('refuses a batch size above the platforms’ limit before any item', async () => {
		const run = await runWorkflow(audienceNode({ batchSize: 20000 }), {
			pinData: { Trigger: asItems(leads) },
		});
		expect(run.error?.message).toBe(
			'Batch Size must be a whole number from 1 to 10,000, got 20000',
		);
	});
});
