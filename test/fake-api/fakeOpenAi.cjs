// A local HTTP server on loopback that answers like the OpenAI API as n8n's OpenAI Chat Model
// node calls it: Chat Completions (plain and streamed), the Responses API (not streamed) and the
// model list. It stands in only for the model: it records every request body (the tools and
// their JSON schemas n8n offers, the tool results n8n sends back) and answers from a script.
//
// A reply is `{ text }` (a final answer), `{ toolCalls: [{ name, arguments, id? }] }` (the model
// calls tools; `arguments` is an object or JSON text) or `{ status, message }` (an API error).
// The next reply is, in this order: the next queued one (`enqueue`; an entry may be a function
// of the request's view), else `options.reply(view)`, else the default: echo the tool results
// when the request carries any, otherwise answer "ok". A view is
// `{ endpoint, model, stream, tools: [{ name, description, parameters }], toolResults:
// [{ callId, content }], userText, body }`.
'use strict';
const http = require('node:http');

/** The tools of a request, in one shape for both APIs. */
function toolsOf(body) {
	return (body.tools ?? []).map((t) => {
		const f = t.function ?? t; // Chat Completions nests the function; the Responses API does not
		return { name: f.name, description: f.description, parameters: f.parameters };
	});
}

const textOf = (content) =>
	typeof content === 'string'
		? content
		: Array.isArray(content)
		? content.map((p) => p.text ?? '').join('')
		: '';

/** The view of a request body that scripts and tests read. */
function viewOf(endpoint, body) {
	const view = {
		endpoint,
		model: body.model,
		stream: body.stream === true,
		tools: toolsOf(body),
		toolResults: [],
		userText: '',
		body,
	};
	if (endpoint === 'chat') {
		for (const m of body.messages ?? []) {
			if (m.role === 'tool')
				view.toolResults.push({ callId: m.tool_call_id, content: textOf(m.content) });
			if (m.role === 'user') view.userText = textOf(m.content);
		}
	} else {
		const input =
			typeof body.input === 'string' ? [{ role: 'user', content: body.input }] : body.input ?? [];
		for (const m of input) {
			if (m.type === 'function_call_output')
				view.toolResults.push({ callId: m.call_id, content: textOf(m.output) });
			if (m.role === 'user') view.userText = textOf(m.content);
		}
	}
	return view;
}

function defaultReply(view) {
	if (view.toolResults.length === 0) return { text: 'ok' };
	return { text: `Tool results: ${view.toolResults.map((r) => r.content).join(' | ')}` };
}

let counter = 0;
const nextId = (prefix) => `${prefix}_${Date.now().toString(36)}${(++counter).toString(36)}`;

function normaliseCalls(reply) {
	return reply.toolCalls.map((c) => ({
		id: c.id ?? nextId('call'),
		name: c.name,
		arguments: typeof c.arguments === 'string' ? c.arguments : JSON.stringify(c.arguments ?? {}),
	}));
}

const USAGE = { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 };

function chatCompletion(model, reply) {
	const calls = reply.toolCalls ? normaliseCalls(reply) : undefined;
	const message = calls
		? {
				role: 'assistant',
				content: null,
				tool_calls: calls.map((c) => ({
					id: c.id,
					type: 'function',
					function: { name: c.name, arguments: c.arguments },
				})),
		  }
		: { role: 'assistant', content: reply.text ?? '' };
	return {
		id: nextId('chatcmpl'),
		object: 'chat.completion',
		created: Math.floor(Date.now() / 1000),
		model,
		choices: [{ index: 0, message, logprobs: null, finish_reason: calls ? 'tool_calls' : 'stop' }],
		usage: USAGE,
	};
}

/** The same answer as server-sent chunks: the role, then the content or each tool call, then the finish. */
function chatChunks(model, reply, includeUsage) {
	const base = {
		id: nextId('chatcmpl'),
		object: 'chat.completion.chunk',
		created: Math.floor(Date.now() / 1000),
		model,
	};
	const chunk = (delta, finish = null) => ({
		...base,
		choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }],
	});
	const chunks = [chunk({ role: 'assistant', content: '' })];
	if (reply.toolCalls) {
		normaliseCalls(reply).forEach((c, index) =>
			chunks.push(
				chunk({
					tool_calls: [
						{
							index,
							id: c.id,
							type: 'function',
							function: { name: c.name, arguments: c.arguments },
						},
					],
				}),
			),
		);
		chunks.push(chunk({}, 'tool_calls'));
	} else {
		chunks.push(chunk({ content: reply.text ?? '' }), chunk({}, 'stop'));
	}
	if (includeUsage) chunks.push({ ...base, choices: [], usage: USAGE });
	return chunks;
}

function responsesAnswer(model, reply) {
	const output = reply.toolCalls
		? normaliseCalls(reply).map((c) => ({
				type: 'function_call',
				id: nextId('fc'),
				call_id: c.id,
				name: c.name,
				arguments: c.arguments,
				status: 'completed',
		  }))
		: [
				{
					type: 'message',
					id: nextId('msg'),
					status: 'completed',
					role: 'assistant',
					content: [{ type: 'output_text', text: reply.text ?? '', annotations: [] }],
				},
		  ];
	return {
		id: nextId('resp'),
		object: 'response',
		created_at: Math.floor(Date.now() / 1000),
		status: 'completed',
		model,
		output,
		usage: { input_tokens: 10, output_tokens: 5, total_tokens: 15 },
	};
}

function send(res, status, body) {
	res.writeHead(status, { 'content-type': 'application/json' });
	res.end(JSON.stringify(body));
}

/**
 * Starts the server. Options: port (default 0), apiKey (the key that counts as valid), reply
 * (a function of the view). Returns { url, baseUrl (for the credential's Base URL), apiKey,
 * requests, enqueue(...replies), reset(), close() }; `requests` holds
 * { method, path, endpoint, authorised, body, view } for every request.
 */
async function startFakeOpenAi(options = {}) {
	const apiKey = options.apiKey ?? 'sk-fake-openai-key-0123456789';
	const queue = [];
	const requests = [];
	const sockets = new Set();

	function nextReply(view) {
		const queued = queue.shift();
		if (queued !== undefined) return typeof queued === 'function' ? queued(view) : queued;
		return options.reply?.(view) ?? defaultReply(view);
	}

	const server = http.createServer((req, res) => {
		let raw = '';
		req.setEncoding('utf8');
		req.on('data', (chunk) => (raw += chunk));
		req.on('end', () => {
			const path = new URL(req.url, 'http://127.0.0.1').pathname.replace(/\/+$/, '');
			const endpoint = path.endsWith('/chat/completions')
				? 'chat'
				: path.endsWith('/responses')
				? 'responses'
				: path.endsWith('/models')
				? 'models'
				: 'other';
			let body = {};
			try {
				body = raw ? JSON.parse(raw) : {};
			} catch {
				return send(res, 400, {
					error: {
						message: 'We could not parse the JSON body of your request.',
						type: 'invalid_request_error',
					},
				});
			}
			const authorised = req.headers.authorization === `Bearer ${apiKey}`;
			const record = { method: req.method, path, endpoint, authorised, body };
			requests.push(record);
			if (!authorised)
				return send(res, 401, {
					error: {
						message: 'Incorrect API key provided.',
						type: 'invalid_request_error',
						code: 'invalid_api_key',
					},
				});
			if (endpoint === 'models') {
				return send(res, 200, {
					object: 'list',
					data: ['gpt-4o-mini', 'gpt-5-mini'].map((id) => ({
						id,
						object: 'model',
						created: 1700000000,
						owned_by: 'fake',
					})),
				});
			}
			if (endpoint === 'other' || req.method !== 'POST')
				return send(res, 404, {
					error: { message: `Unknown request to ${path}`, type: 'invalid_request_error' },
				});
			const view = viewOf(endpoint, body);
			record.view = view;
			const reply = nextReply(view);
			if (reply.status)
				return send(res, reply.status, {
					error: { message: reply.message ?? 'fault injected by the test', type: 'server_error' },
				});
			if (endpoint === 'responses') {
				if (view.stream)
					return send(res, 400, {
						error: {
							message: 'The fake answers the Responses API without streaming only',
							type: 'invalid_request_error',
						},
					});
				return send(res, 200, responsesAnswer(body.model, reply));
			}
			if (!view.stream) return send(res, 200, chatCompletion(body.model, reply));
			res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
			for (const c of chatChunks(body.model, reply, body.stream_options?.include_usage === true))
				res.write(`data: ${JSON.stringify(c)}\n\n`);
			res.end('data: [DONE]\n\n');
		});
	});
	server.on('connection', (s) => {
		sockets.add(s);
		s.on('close', () => sockets.delete(s));
	});
	await new Promise((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
	const url = `http://127.0.0.1:${server.address().port}`;
	return {
		url,
		baseUrl: `${url}/v1`,
		apiKey,
		requests,
		/** Queues replies (objects, or functions of the view) for the next model calls, in order. */
		enqueue(...replies) {
			queue.push(...replies);
		},
		reset() {
			queue.length = 0;
			requests.length = 0;
		},
		close() {
			for (const s of sockets) s.destroy();
			return new Promise((resolve) => server.close(resolve));
		},
	};
}

module.exports = { startFakeOpenAi, viewOf };

if (require.main === module) {
	startFakeOpenAi({ port: Number(process.env.PORT ?? 0) }).then((api) => {
		process.stdout.write(`Fake OpenAI API: ${api.baseUrl} (key ${api.apiKey.slice(0, 7)}…)\n`);
	});
}
