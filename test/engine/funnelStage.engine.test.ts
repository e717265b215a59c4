import { asItems, runWorkflow, singleNodeWorkflow } from './harness';

const NOW = '2026-03-15T12:00:00.000Z';
const daysAgo = (d: number) => new Date(Date.parse(NOW) - d * 86_400_000).toISOString();

function workflow(
	parameters: Record<string, unknown> = {},
	extra: { continueOnFail?: boolean; onError?: string } = {},
) {
	return singleNodeWorkflow({
		type: 'n8n-nodes-social-funnel.funnelStage',
		name: 'Funnel Stage',
		parameters: { operation: 'classify', options: { referenceTime: NOW }, ...parameters },
		...extra,
	});
}

const leads = [
	{ id: 'see', email: 'see@example.com', likes: 2, lastActivityAt: daysAgo(3) },
	{ id: 'think', email: 'think@example.com', events: [{ type: 'product_view', at: daysAgo(2) }] },
	{ id: 'do', email: 'do@example.com', events: [{ type: 'Added to Cart', at: daysAgo(1) }] },
	{ id: 'care', email: 'care@example.com', orders_count: '3', last_order_date: daysAgo(20) },
];

describe('Funnel Stage in the n8n engine', () => {
	it('routes each lead to the output of its stage, keeps input fields and sets pairedItem', async () => {
		const run = await runWorkflow(workflow(), { pinData: { Trigger: asItems(leads) } });
		const outputs = run.outputs('Funnel Stage');
		expect(outputs).toHaveLength(4);
		expect(outputs.map((o) => o.map((i) => i.json.id))).toEqual([
			['see'],
			['think'],
			['do'],
			['care'],
		]);
		expect(outputs.map((o) => o[0].pairedItem)).toEqual([
			{ item: 0 },
			{ item: 1 },
			{ item: 2 },
			{ item: 3 },
		]);
		const care = outputs[3][0].json as Record<string, any>;
		expect(care.email).toBe('care@example.com');
		expect(care.funnel).toMatchObject({
			stage: 'CARE',
			customerStatus: 'loyal',
			funnelPosition: 'Retention',
			transition: 'new',
		});
		expect(outputs[2][0].json.funnel).toMatchObject({
			stage: 'DO',
			aida: 'Desire → Action',
			funnelPosition: 'BOFU',
		});
	});

	it('puts every lead on one output with the stage in a custom field when routing is single', async () => {
		const run = await runWorkflow(workflow({ routing: 'single', resultField: 'segment' }), {
			pinData: { Trigger: asItems(leads) },
		});
		const outputs = run.outputs('Funnel Stage');
		expect(outputs).toHaveLength(1);
		expect(outputs[0].map((i) => (i.json.segment as { stage: string }).stage)).toEqual([
			'SEE',
			'THINK',
			'DO',
			'CARE',
		]);
	});

	it('evaluates mapped fields per item when they are expressions', async () => {
		const run = await runWorkflow(
			workflow({ routing: 'single', leadFields: { orders: '={{ $json.purchases.length }}' } }),
			{
				pinData: { Trigger: asItems([{ purchases: [1, 2] }, { purchases: [] }]) },
			},
		);
		expect(run.json('Funnel Stage').map((j) => (j.funnel as { stage: string }).stage)).toEqual([
			'CARE',
			'SEE',
		]);
	});

	it('fails with an error that names the item and the field', async () => {
		const run = await runWorkflow(workflow(), {
			pinData: { Trigger: asItems([{ orders: 1 }, { orders: -2 }]) },
		});
		expect(run.error?.message).toBe('Field "orders" must not be negative, got -2');
		// n8n's editor shows the position from the context as "[item 1]" after the message.
		expect((run.error as { context?: { itemIndex?: number } }).context?.itemIndex).toBe(1);
		expect((run.error as { description?: string }).description).toMatch(
			/How to fix: map a count of 0 or more/,
		);
	});

	it('with Continue On Fail keeps going: the bad item carries its error and the others are classified', async () => {
		const run = await runWorkflow(workflow({}, { continueOnFail: true }), {
			pinData: {
				Trigger: asItems([
					{ id: 'a', events: [{ type: 'teleport', at: NOW }] },
					{ id: 'b', orders: 1 },
				]),
			},
		});
		const outputs = run.outputs('Funnel Stage');
		const all = outputs.flat();
		expect(all).toHaveLength(2);
		const failed = outputs[0].find((i) => i.json.id === 'a')!;
		expect(failed.json.error).toMatch(
			/^id a: Field "events\[0\]\.type" is "teleport", which is not a known event type/,
		);
		expect(failed.pairedItem).toEqual({ item: 0 });
		expect(failed.json.errorFix).toMatch(/^How to fix: use one of: impression, like/);
		expect(outputs[3].map((i) => i.json.id)).toEqual(['b']);
	});

	it('with "Continue (using error output)" sends the bad item to the error output', async () => {
		const run = await runWorkflow(workflow({}, { onError: 'continueErrorOutput' }), {
			pinData: {
				Trigger: asItems([
					{ id: 'a', orders: 'many' },
					{ id: 'b', orders: 1 },
				]),
			},
		});
		const outputs = run.outputs('Funnel Stage');
		expect(outputs).toHaveLength(5);
		expect(outputs[4]).toHaveLength(1);
		expect(outputs[4][0].json.error).toBe('id a: Field "orders" must be a number, got "many"');
		expect(outputs[3].map((i) => i.json.id)).toEqual(['b']);
		expect(outputs.flat()).toHaveLength(2);
	});

	it('fails the node before any item when an option is wrong', async () => {
		const run = await runWorkflow(
			workflow({ options: { referenceTime: NOW, thinkScore: 80, doScore: 60 } }),
			{
				pinData: { Trigger: asItems([{ likes: 1 }]) },
			},
		);
		expect(run.error?.message).toMatch(
			/THINK Score Threshold must not be above DO Score Threshold/,
		);
	});
});

describe('Funnel Stage parameters', () => {
	it('evaluates an option per item when it is an expression', async () => {
		const run = await runWorkflow(
			workflow({
				routing: 'single',
				options: { referenceTime: NOW, careMinOrders: '={{ $json.strict ? 2 : 1 }}' },
			}),
			{
				pinData: {
					Trigger: asItems([
						{ orders: 1, strict: true },
						{ orders: 1, strict: false },
					]),
				},
			},
		);
		expect(run.json('Funnel Stage').map((j) => (j.funnel as { stage: string }).stage)).toEqual([
			'DO',
			'CARE',
		]);
	});

	it('shows the spec defaults of the rule as option defaults', () => {
		const { FunnelStage } = jest.requireActual('../../nodes/FunnelStage/FunnelStage.node');
		const { DEFAULT_SETTINGS, DEFAULT_WEIGHTS } = jest.requireActual(
			'../../nodes/FunnelStage/rules/settings',
		);
		const options = new FunnelStage().description.properties.find(
			(p: { name: string }) => p.name === 'options',
		).options;
		for (const o of options) {
			if (o.name === 'signalWeights') expect(JSON.parse(o.default)).toEqual(DEFAULT_WEIGHTS);
			else if (o.name !== 'referenceTime')
				expect([o.name, o.default]).toEqual([o.name, DEFAULT_SETTINGS[o.name]]);
		}
		expect(options).toHaveLength(15);
	});
});
