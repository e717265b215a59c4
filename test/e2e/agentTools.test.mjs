// End-to-end, issue 24: the three nodes as tools of n8n's AI Agent (v3.1) in a real n8n 2.x with
// the packed package installed, the OpenAI Chat Model pointed at a fake OpenAI server on loopback
// (a model lies outside this machine), and Fetch and Score against the fake Instagram API. One
// execution: Manual Trigger → AI Agent. The fake model reads the tool schemas n8n sends, calls every
// tool with arguments of those schemas (a SEE and a DO lead, a lead with a bad value, a report, a
// customer with consent and one without, a rejected and a fetched influencer), then confirms the
// planned follow-up with the ref the plan answered, then answers. The fake server records what
// n8n sent the model: the tools (names, descriptions, JSON schemas) and each tool's answer; they
// are printed and saved to .cache/agent-tools/schemas.json for a person to read.
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { cacheDir, projectRoot } from '../../scripts/n8n-lines.mjs';
import { installPackage, N8nInstance } from '../../scripts/n8n-instance.mjs';
import fakeOpenAi from '../fake-api/fakeOpenAi.cjs';
import fakeSocialApi from '../fake-api/socialApiServer.cjs';

const LINE = '2.x';
const lines = (process.env.E2E_LINES ?? '2.x,1.x').split(',').filter(Boolean);
const WORKFLOW_ID = 'sfAgentTools';
const CREDENTIAL = { id: 'sfFakeOpenAi', name: 'OpenAI (fake, loopback)' };
const INSTAGRAM = { id: 'sfFakeInstagramAgent', name: 'Instagram (fake API)' };

/** Each node and operation as a tool of the agent: node name → [type, parameters, credentials]. */
const TOOLS = {
	'Funnel Stage': ['n8n-nodes-social-funnel.funnelStageTool', { operation: 'classify' }],
	'Funnel Report': ['n8n-nodes-social-funnel.funnelStageTool', { operation: 'report' }],
	// Sent outside the send window too (the run's hour is not ours to choose): the item says when.
	'Care Follow-Up': [
		'n8n-nodes-social-funnel.careFollowUpTool',
		{ operation: 'plan', options: { outsideWindow: 'output' } },
	],
	'Confirm Sent': ['n8n-nodes-social-funnel.careFollowUpTool', { operation: 'confirm' }],
	'Influencer Score': ['n8n-nodes-social-funnel.influencerScoreTool', { operation: 'score' }],
	'Influencer Fetch': [
		'n8n-nodes-social-funnel.influencerScoreTool',
		{ operation: 'fetchAndScore', platform: 'instagram', keywords: 'vegan, recipes, plant-based' },
		{ instagramGraphApi: INSTAGRAM },
	],
};
/** The tool name n8n gives a node (nodeNameToToolName in n8n-workflow). */
const toolName = (nodeName) => nodeName.replace(/[^a-zA-Z0-9_-]+/g, '_');

const daysAgo = (days) => new Date(Date.now() - days * 86_400_000).toISOString();

/** The model's first round of calls: id → [node name, arguments], arguments as the schemas name them. */
const CALLS = {
	call_see_lead: [
		'Funnel Stage',
		{ email: 'mia@example.com', name: 'Mia', events: [{ type: 'follow', at: daysAgo(1) }] },
	],
	call_do_lead: [
		'Funnel Stage',
		{
			email: 'sara@example.com',
			events: [{ type: 'add_to_cart', at: daysAgo(1) }],
			productViews: 3,
		},
	],
	call_bad_lead: ['Funnel Stage', { email: 'bad@example.com', likes: -5 }],
	call_report: [
		'Funnel Report',
		{
			leads: [
				{ email: 'a@example.com', events: [{ type: 'add_to_cart', at: daysAgo(2) }] },
				{ email: 'b@example.com', likes: 2 },
				{ email: 'c@example.com', orders: 2, lastOrderAt: daysAgo(20) },
			],
		},
	],
	call_care_review: [
		'Care Follow-Up',
		{
			email: 'paul@example.com',
			firstName: 'Paul',
			locale: 'de-DE',
			marketingConsent: true,
			customerId: 'c-77',
			orders: [
				{
					id: '1001',
					orderedAt: daysAgo(9),
					deliveredAt: daysAgo(5),
					status: 'paid',
					total: 49.9,
					currency: 'EUR',
					lineItems: [{ sku: 'MUG-1', name: 'Blaue Tasse', price: 24.95, quantity: 2 }],
				},
			],
		},
	],
	call_care_no_consent: [
		'Care Follow-Up',
		{
			email: 'lena@example.com',
			firstName: 'Lena',
			customerId: 'c-78',
			orders: [
				{ id: '1002', orderedAt: daysAgo(9), deliveredAt: daysAgo(5), status: 'paid', total: 20 },
			],
		},
	],
	call_influencer_rejected: [
		'Influencer Score',
		{
			handle: 'ghost.account',
			platform: 'instagram',
			followers: 0,
			posts: [{ likes: 0, comments: 0, date: daysAgo(3) }],
		},
	],
	call_influencer_fetched: ['Influencer Fetch', { handle: 'vegan.kitchen.berlin' }],
};

function agentWorkflow() {
	const node = (name, type, typeVersion, position, parameters, extra = {}) => ({
		id: name.replace(/\W/g, ''),
		name,
		type,
		typeVersion,
		position,
		parameters,
		...extra,
	});
	const toolNodes = Object.entries(TOOLS).map(([name, [type, parameters, credentials]], i) =>
		node(name, type, 1, [300 + 200 * i, 240], parameters, credentials ? { credentials } : {}),
	);
	return {
		id: WORKFLOW_ID,
		name: 'Agent tools (test)',
		nodes: [
			node('Start', 'n8n-nodes-base.manualTrigger', 1, [0, 0], {}),
			node('AI Agent', '@n8n/n8n-nodes-langchain.agent', 3.1, [300, 0], {
				promptType: 'define',
				text: 'Classify the leads, report the funnel, score the influencers and plan the customers’ follow-ups.',
				options: {},
			}),
			// Version 1.3 calls the Responses API unless it is switched off; the fake answers both.
			node(
				'OpenAI Chat Model',
				'@n8n/n8n-nodes-langchain.lmChatOpenAi',
				1.3,
				[100, 240],
				{
					model: { __rl: true, mode: 'id', value: 'gpt-4o-mini' },
					responsesApiEnabled: false,
					options: {},
				},
				{
					credentials: { openAiApi: CREDENTIAL },
				},
			),
			...toolNodes,
		],
		connections: {
			Start: { main: [[{ node: 'AI Agent', type: 'main', index: 0 }]] },
			'OpenAI Chat Model': {
				ai_languageModel: [[{ node: 'AI Agent', type: 'ai_languageModel', index: 0 }]],
			},
			...Object.fromEntries(
				Object.keys(TOOLS).map((name) => [
					name,
					{ ai_tool: [[{ node: 'AI Agent', type: 'ai_tool', index: 0 }]] },
				]),
			),
		},
		settings: { executionOrder: 'v1' },
		active: false,
		pinData: {},
	};
}

/**
 * The Agent Lead Assistant template as a user has it once the model is set: its model activated with
 * a credential (here the fake's). `n8n execute` cannot type into a chat, so the chat trigger stands
 * in as a manual trigger and the chat message as the agent's prompt.
 */
function assistantTemplateWithModel(question) {
	const wf = JSON.parse(
		readFileSync(path.join(projectRoot, 'workflows', 'agent-lead-assistant.json'), 'utf8'),
	);
	wf.id = 'sfAgentLeadAssistantTest';
	for (const node of wf.nodes) {
		if (node.type === '@n8n/n8n-nodes-langchain.chatTrigger')
			Object.assign(node, { type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, parameters: {} });
		if (node.type === '@n8n/n8n-nodes-langchain.agent')
			Object.assign(node.parameters, { promptType: 'define', text: question });
		if (node.type === '@n8n/n8n-nodes-langchain.lmChatOpenAi')
			Object.assign(node, { disabled: false, credentials: { openAiApi: CREDENTIAL } });
	}
	return wf;
}

/**
 * The arguments as a model that follows the tool's schema sends them: only names the schema has,
 * and a list given as JSON text where the schema asks for text.
 */
function inSchema(view, nodeName, args) {
	const tool = view.tools.find((t) => t.name === toolName(nodeName));
	const properties = tool?.parameters?.properties ?? {};
	const unknown = Object.keys(args).filter((key) => !(key in properties));
	if (unknown.length)
		throw new Error(
			`${nodeName}'s schema has no ${unknown.join(', ')}: ${JSON.stringify(tool?.parameters)}`,
		);
	return Object.fromEntries(
		Object.entries(args).map(([key, value]) => [
			key,
			properties[key].type === 'string' && typeof value !== 'string'
				? JSON.stringify(value)
				: value,
		]),
	);
}

/** The model's first answer: every call in CALLS, with arguments checked against the schemas n8n sent. */
function callEveryTool(view) {
	return {
		toolCalls: Object.entries(CALLS).map(([id, [nodeName, args]]) => ({
			id,
			name: toolName(nodeName),
			arguments: inSchema(view, nodeName, args),
		})),
	};
}

/** The model's second answer: confirm the planned review request with the ref its plan answered. */
function confirmThePlan(view) {
	const plan = parse(view.toolResults.find((r) => r.callId === 'call_care_review')?.content)?.[0];
	if (!plan?.ref) return { text: `No ref to confirm: ${JSON.stringify(plan)}` };
	return {
		toolCalls: [
			{
				id: 'call_confirm',
				name: toolName('Confirm Sent'),
				arguments: inSchema(view, 'Confirm Sent', { reference: plan.ref }),
			},
		],
	};
}

/** What the model was sent, from the fake server's log: the tools of the first call, and each tool result by call id. */
function recorded(api) {
	const modelCalls = api.requests.filter((r) => r.view);
	const tools = modelCalls[0]?.view.tools ?? [];
	const results = Object.fromEntries(
		modelCalls.flatMap((r) => r.view.toolResults).map((r) => [r.callId, r.content]),
	);
	return { modelCalls, tools, results };
}

const parse = (text) => {
	try {
		return JSON.parse(text);
	} catch {
		return undefined;
	}
};

/** How each tool node ran: the call's arguments, items per output, its error. */
function toolRuns(run) {
	return Object.fromEntries(
		Object.keys(TOOLS).map((name) => [
			name,
			(run.data.resultData.runData[name] ?? []).map((task) => ({
				args: task.inputOverride?.ai_tool?.[0]?.[0]?.json,
				itemsPerOutput: (task.data?.ai_tool ?? []).map((items) => items?.length ?? 0),
				error: task.error?.message,
			})),
		]),
	);
}

if (lines.includes(LINE)) {
	const tarball = process.env.E2E_TARBALL;
	if (!tarball) throw new Error('E2E_TARBALL is not set: run the suite with `npm run test:e2e`');

	describe(`n8n ${LINE}: the nodes as AI Agent tools, with a fake OpenAI model`, () => {
		let n8n;
		let api;
		let social;
		let execution;
		let exchange;

		before(async () => {
			api = await fakeOpenAi.startFakeOpenAi();
			social = await fakeSocialApi.startFakeSocialApi();
			n8n = new N8nInstance(LINE, { port: 5731, brokerPort: 5732 });
			installPackage(n8n.userFolder, tarball);
			n8n.importCredentials([
				{
					...CREDENTIAL,
					type: 'openAiApi',
					data: { apiKey: api.apiKey, url: api.baseUrl, header: false },
				},
				{
					...INSTAGRAM,
					type: 'instagramGraphApi',
					data: {
						accessToken: social.token,
						accountId: social.accountId,
						apiVersion: 'v23.0',
						baseUrl: social.instagramBase,
					},
				},
			]);
			n8n.importWorkflow(agentWorkflow());
			api.enqueue(callEveryTool, confirmThePlan); // then the default reply: the tool results, echoed
			execution = await n8n.execute(WORKFLOW_ID);
			exchange = recorded(api);
			const saved = {
				n8n: n8n.n8n.version,
				endpoint: exchange.modelCalls[0]?.path,
				tools: exchange.tools,
				toolResults: exchange.results,
				toolRuns: toolRuns(execution.run),
			};
			const file = path.join(cacheDir, 'agent-tools', 'schemas.json');
			mkdirSync(path.dirname(file), { recursive: true });
			writeFileSync(file, `${JSON.stringify(saved, null, 2)}\n`);
		});

		after(async () => {
			await api?.close();
			await social?.close();
		});

		it('the workflow runs, and the agent asks the model three times over Chat Completions', () => {
			const { run, status, stderr } = execution;
			assert.equal(
				run.data.resultData.error,
				undefined,
				`execution failed: ${JSON.stringify(run.data.resultData.error)}\n${stderr.slice(-2000)}`,
			);
			assert.equal(status, 0, stderr.slice(-2000));
			assert.ok(
				api.requests.every((r) => r.authorised),
				'a request came without the API key',
			);
			assert.deepEqual(
				exchange.modelCalls.map((r) => r.path),
				['/v1/chat/completions', '/v1/chat/completions', '/v1/chat/completions'],
			);
		});

		it('each tool has a typed schema and a description of its operation', (t) => {
			for (const tool of exchange.tools) t.diagnostic(`tool ${JSON.stringify(tool)}`);
			assert.deepEqual(
				exchange.tools.map((tool) => tool.name).sort(),
				Object.keys(TOOLS).map(toolName).sort(),
			);
			const tool = (nodeName) => exchange.tools.find((x) => x.name === toolName(nodeName));
			for (const x of exchange.tools) {
				const properties = Object.entries(x.parameters?.properties ?? {});
				assert.ok(
					properties.length > 0,
					`${x.name}: no properties in ${JSON.stringify(x.parameters)}`,
				);
				// Every argument is optional (the node says what is missing), typed and described.
				assert.deepEqual(
					x.parameters.required ?? [],
					[],
					`${x.name} requires ${x.parameters.required}`,
				);
				for (const [key, schema] of properties) {
					assert.ok(schema.description?.length > 10, `${x.name}.${key} has no description`);
					assert.ok(
						['string', 'number', 'boolean'].includes(schema.type),
						`${x.name}.${key}: ${JSON.stringify(schema)}`,
					);
				}
				// Lists travel as JSON text, so that an agent that checks arguments takes one left out.
				const list = {
					Funnel_Stage: 'events',
					Funnel_Report: 'leads',
					'Care_Follow-Up': 'orders',
					Influencer_Score: 'posts',
				}[x.name];
				if (list)
					assert.match(x.parameters.properties[list].description, /JSON text/, `${x.name}.${list}`);
			}
			const types = (nodeName) =>
				Object.fromEntries(
					Object.entries(tool(nodeName).parameters.properties).map(([k, v]) => [k, v.type]),
				);
			assert.equal(types('Funnel Stage').email, 'string');
			assert.equal(types('Funnel Stage').likes, 'number');
			assert.equal(types('Funnel Stage').trackingConsent, 'boolean');
			assert.equal(types('Care Follow-Up').marketingConsent, 'boolean');
			assert.equal(types('Influencer Score').followers, 'number');
			assert.deepEqual(Object.keys(types('Confirm Sent')), ['reference']);
			assert.deepEqual(Object.keys(types('Influencer Fetch')), ['handle']);
			// Settings the user fixed (result field, links, ledger) are not the model's to choose.
			for (const x of exchange.tools)
				for (const key of ['resultField', 'unsubscribeLink', 'ledgerStore', 'operation'])
					assert.ok(!(key in x.parameters.properties), `${x.name} offers ${key}`);
			assert.match(tool('Funnel Stage').description, /^Classify one lead into the funnel stage/);
			assert.match(tool('Funnel Report').description, /^Count leads per funnel stage/);
			assert.match(
				tool('Care Follow-Up').description,
				/^Plan the next CARE follow-up for one customer/,
			);
			assert.match(
				tool('Confirm Sent').description,
				/^Confirm that a planned follow-up mail was sent.*ref that Plan Follow-Ups returned/,
			);
			assert.match(tool('Influencer Score').description, /^Score how well one influencer fits/);
			assert.match(tool('Influencer Fetch').description, /^Fetch one influencer’s public profile/);
		});

		it('every call is answered from the arguments of the schema, whatever output the result took', (t) => {
			for (const [id, content] of Object.entries(exchange.results))
				t.diagnostic(`answer ${id}: ${content.slice(0, 600)}`);
			for (const [name, runs] of Object.entries(toolRuns(execution.run)))
				t.diagnostic(`${name} ran: ${JSON.stringify(runs)}`);
			assert.deepEqual(
				Object.keys(exchange.results).sort(),
				[...Object.keys(CALLS), 'call_confirm'].sort(),
			);
			const answer = (id) => {
				const parsed = parse(exchange.results[id]);
				assert.ok(Array.isArray(parsed) && parsed.length === 1, `${id}: ${exchange.results[id]}`);
				return parsed[0];
			};
			assert.deepEqual(
				[answer('call_see_lead').lead, answer('call_see_lead').stage],
				['mia@example.com', 'SEE'],
			);
			const doLead = answer('call_do_lead');
			assert.equal(doLead.stage, 'DO', JSON.stringify(doLead));
			assert.ok(
				doLead.reasons.some((r) => r.signal === 'add_to_cart'),
				JSON.stringify(doLead.reasons),
			);
			assert.equal(doLead.toolCallId, undefined, 'the answer carries the agent’s own fields');

			const report = answer('call_report');
			assert.equal(report.report.total, 3, JSON.stringify(report));
			assert.match(JSON.stringify(report.report), /"DO"/);
			assert.match(report.chart, /outside an agent/);

			const review = answer('call_care_review');
			assert.equal(review.action, 'reviewRequest', JSON.stringify(review));
			assert.equal(review.customer, 'paul@example.com');
			assert.match(review.subject, /Blaue Tasse/);
			assert.match(review.preview, /^Hallo Paul,/);
			assert.ok(!JSON.stringify(review).includes('<html'), 'the answer carries the HTML mail');
			assert.match(review.ref, /^sfcare1\./);
			const noConsent = answer('call_care_no_consent');
			assert.equal(noConsent.action, 'notNow');
			assert.match(noConsent.reason, /no legal basis/);
			assert.equal(answer('call_confirm').status, 'committed', exchange.results.call_confirm);

			const rejected = answer('call_influencer_rejected');
			assert.equal(rejected.decision, 'reject', JSON.stringify(rejected));
			assert.ok(rejected.reasons.length > 0);
			const fetched = answer('call_influencer_fetched');
			assert.equal(fetched.handle, 'vegan.kitchen.berlin', JSON.stringify(fetched));
			assert.ok(
				['shortlist', 'consider', 'reject'].includes(fetched.decision),
				JSON.stringify(fetched),
			);
			assert.equal(typeof fetched.fitScore, 'number');
		});

		it('a bad argument is answered with the error and how to fix it', () => {
			const [bad] = parse(exchange.results.call_bad_lead) ?? [];
			assert.match(
				bad?.error ?? '',
				/^bad@example\.com: Field "Likes" must not be negative, got -5$/,
				exchange.results.call_bad_lead,
			);
			assert.match(bad.howToFix, /0 or more/, exchange.results.call_bad_lead);
			assert.ok(
				Object.values(exchange.results).every((r) => r !== '""'),
				'a tool answered with an empty string',
			);
		});

		it("the agent's final answer carries the tool results", () => {
			const answers = execution.run.data.resultData.runData['AI Agent']
				.flatMap((task) => task.data?.main?.[0] ?? [])
				.map((i) => i.json.output);
			const answer = answers.at(-1);
			assert.equal(typeof answer, 'string', JSON.stringify(answers));
			assert.ok(answer.includes(exchange.results.call_confirm), answer);
		});

		it('the Agent Lead Assistant template answers with the three tools once its model is set', async (t) => {
			n8n.importWorkflow(
				assistantTemplateWithModel(
					'Which stage is mia@example.com in? She put a mug in her cart today.',
				),
			);
			const before = api.requests.length;
			api.enqueue((view) => ({
				toolCalls: [
					{
						id: 'call_template',
						name: 'Funnel_Stage',
						arguments: inSchema(view, 'Funnel Stage', {
							email: 'mia@example.com',
							events: [{ type: 'add_to_cart', at: daysAgo(0) }],
						}),
					},
				],
			}));
			const { run, status, stderr } = await n8n.execute('sfAgentLeadAssistantTest');
			assert.equal(
				run.data.resultData.error,
				undefined,
				`execution failed: ${JSON.stringify(run.data.resultData.error)}\n${stderr.slice(-2000)}`,
			);
			assert.equal(status, 0, stderr.slice(-2000));
			const calls = api.requests.slice(before).filter((r) => r.view);
			assert.deepEqual(calls[0].view.tools.map((x) => x.name).sort(), [
				'Care_Follow-Up',
				'Funnel_Stage',
				'Influencer_Score',
			]);
			assert.match(
				calls[0].view.body.messages?.[0]?.content ?? '',
				/marketing team/,
				'the template’s system message',
			);
			const result = calls
				.flatMap((r) => r.view.toolResults)
				.find((r) => r.callId === 'call_template')?.content;
			t.diagnostic(`template answer: ${result}`);
			assert.equal(parse(result)?.[0]?.stage, 'DO', result);
			const answer = run.data.resultData.runData['AI Agent']
				.flatMap((task) => task.data?.main?.[0] ?? [])
				.at(-1)?.json.output;
			assert.ok(answer?.includes(result), answer);
		});

		it('AI Agent 2.2 (tools run inside the agent) gets the same answers from the same schemas', async (t) => {
			const wf = agentWorkflow();
			wf.id = 'sfAgentToolsV22';
			wf.nodes.find((n) => n.name === 'AI Agent').typeVersion = 2.2;
			wf.nodes.find((n) => n.name === 'AI Agent').parameters.promptType = 'define';
			n8n.importWorkflow(wf);
			const before = api.requests.length;
			const calls = [
				'call_do_lead',
				'call_care_no_consent',
				'call_influencer_rejected',
				'call_bad_lead',
			];
			api.enqueue((view) => ({
				toolCalls: calls.map((id) => {
					const [nodeName, args] = CALLS[id];
					return { id, name: toolName(nodeName), arguments: inSchema(view, nodeName, args) };
				}),
			}));
			const { run, status, stderr } = await n8n.execute('sfAgentToolsV22');
			assert.equal(
				run.data.resultData.error,
				undefined,
				`execution failed: ${JSON.stringify(run.data.resultData.error)}\n${stderr.slice(-2000)}`,
			);
			assert.equal(status, 0, stderr.slice(-2000));
			const results = Object.fromEntries(
				api.requests
					.slice(before)
					.filter((r) => r.view)
					.flatMap((r) => r.view.toolResults)
					.map((r) => [r.callId, r.content]),
			);
			for (const [id, content] of Object.entries(results))
				t.diagnostic(`2.2 answer ${id}: ${content.slice(0, 300)}`);
			const first = (id) => {
				const parsed = parse(results[id]);
				return Array.isArray(parsed) ? parsed[0] : parsed;
			};
			assert.equal(first('call_do_lead')?.stage, 'DO', results.call_do_lead);
			assert.match(
				first('call_care_no_consent')?.reason ?? '',
				/no legal basis/,
				results.call_care_no_consent,
			);
			assert.equal(
				first('call_influencer_rejected')?.decision,
				'reject',
				results.call_influencer_rejected,
			);
			assert.match(first('call_bad_lead')?.howToFix ?? '', /0 or more/, results.call_bad_lead);
		});
	});
}
