/** nodes/shared/toolMode.ts: the tool inputs a model sees, and how its arguments are read. */
import type { IExecuteFunctions } from 'n8n-workflow';
import { buildAudience } from '../../nodes/FunnelStage/actions/audience/execute';
import {
	answerAsTool,
	runOperation,
	toolArguments,
	toolInputProperties,
	type ToolInput,
} from '../../nodes/shared/toolMode';

const INPUTS: ToolInput[] = [
	{ key: 'email', type: 'string', description: 'The lead’s email, it’s "quoted"' },
	{ key: 'followers', type: 'number', description: 'Followers' },
	{ key: 'consent', type: 'boolean', description: 'Consent' },
	{ key: 'events', type: 'json', description: 'Events as [{"type": "like"}]' },
];

/** A node context whose tool parameters hold the given values, as n8n resolves $fromAI. */
const withArguments = (values: Record<string, unknown>) =>
	({
		getNodeParameter: (name: string) =>
			values[name.replace(/^toolInput(.)/, (_, c: string) => c.toLowerCase())],
	} as unknown as IExecuteFunctions);

describe('tool inputs', () => {
	it('are parameters of the tool variant only, each defaulting to a $fromAI call n8n can parse', () => {
		const [email, followers, consent, events] = toolInputProperties('classify', INPUTS);
		expect(email).toMatchObject({
			name: 'toolInputEmail',
			displayOptions: { show: { '@tool': [true], operation: ['classify'] } },
		});
		expect(email.default).toBe(
			`={{ $fromAI('email', 'The lead’s email, it’s "quoted"', 'string', '') }}`,
		);
		expect(followers.default).toBe(`={{ $fromAI('followers', 'Followers', 'number', -1) }}`);
		expect(consent.default).toBe(`={{ $fromAI('consent', 'Consent', 'boolean', false) }}`);
		expect(events.default).toBe(
			`={{ $fromAI('events', 'Events as [{"type": "like"}] Give it as JSON text.', 'string', '') }}`,
		);
		expect(
			toolInputProperties('x', [{ key: 'q', type: 'string', description: "it's" }])[0].default,
		).toContain("'it\\'s'");
	});

	it('refuse a description that would end the expression early', () => {
		expect(() =>
			toolInputProperties('x', [{ key: 'a', type: 'json', description: 'like {"a": {"b": 1}}' }]),
		).toThrow(/must not contain "}}"/);
	});

	it('leave out what the model omitted, and keep a 0 or false it stated', () => {
		expect(
			toolArguments(
				withArguments({ email: '', followers: -1, consent: false, events: [] }),
				INPUTS,
				0,
			),
		).toEqual({});
		expect(
			toolArguments(
				withArguments({ email: 'a@example.com', followers: 0, events: '[{"type": "like"}]' }),
				INPUTS,
				0,
			),
		).toEqual({
			email: 'a@example.com',
			followers: 0,
			events: [{ type: 'like' }],
		});
	});
});

describe('answers as a tool', () => {
	it('puts every output on the first, compacted, and an error item with its fix', async () => {
		const outputs = await answerAsTool(
			async () => [
				[{ json: { stage: 'SEE' } }],
				[],
				[{ json: { stage: 'DO' } }, { json: { error: 'bad', errorFix: 'How to fix: do this.' } }],
			],
			(item) => ({ s: item.json.stage }),
		);
		expect(outputs).toHaveLength(1);
		expect(outputs[0].map((i) => i.json)).toEqual([
			{ s: 'SEE' },
			{ s: 'DO' },
			{ error: 'bad', howToFix: 'do this.' },
		]);
	});

	it('answers a thrown error with its message and fix instead of failing', async () => {
		const outputs = await answerAsTool(
			async () => {
				throw Object.assign(new Error('Field "likes" must not be negative'), {
					description: 'How to fix: map 0 or more.',
				});
			},
			() => ({}),
		);
		expect(outputs).toEqual([
			[{ json: { error: 'Field "likes" must not be negative', howToFix: 'map 0 or more.' } }],
		]);
	});
});

describe('runOperation', () => {
	const node = (type: string) => ({
		name: 'Funnel Stage',
		type,
		typeVersion: 1,
		position: [0, 0] as [number, number],
		parameters: {},
	});
	const ctxOf = (type: string) =>
		({
			getNode: () => node(type),
			getNodeParameter: (_name: string, _i: number, fallback: unknown) => fallback,
		} as unknown as IExecuteFunctions);

	it('in a workflow runs the operation as it is', async () => {
		const outputs = [[{ json: { funnel: { stage: 'DO' } } }], []];
		const ran = await runOperation(
			ctxOf('n8n-nodes-social-funnel.funnelStage'),
			'funnel',
			async () => outputs,
			() => () => ({ never: true }),
		);
		expect(ran).toBe(outputs);
	});

	it('as a tool, Build Retargeting Audience answers that it runs in a workflow, and uploads nothing', async () => {
		const ctx = ctxOf('n8n-nodes-social-funnel.funnelStageTool');
		const outputs = await runOperation(
			ctx,
			'funnel',
			async () => await buildAudience(ctx),
			() => () => ({}),
		);
		expect(outputs).toEqual([
			[
				{
					json: {
						error:
							'Build Retargeting Audience runs as a node in a workflow, not as a tool of an AI Agent',
						howToFix: expect.stringMatching(/^Use Classify Leads or Funnel Report as the tool/),
					},
				},
			],
		]);
	});
});
