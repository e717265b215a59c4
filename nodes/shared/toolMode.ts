/**
 * The nodes as tools of n8n's AI Agent (n8n glue). n8n makes a "… Tool" variant of every node
 * with `usableAsTool`; the model sees a tool's inputs only as the `$fromAI(...)` calls in its
 * parameter values, reads only the first output, and gets a thrown error without its fix. So in
 * tool mode each operation declares typed inputs (parameters shown only in the tool variant,
 * whose default is a `$fromAI` call), answers on one output with a compact result, and answers
 * an error with its message and how to fix it.
 */
import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

/**
 * `json`: a list or object, offered to the model as JSON text. n8n's own `json` type reaches the
 * model untyped, counts as required even with a default, and an agent that checks arguments
 * (AI Agent 2.x) rejects an omitted or empty one, failing the whole execution; text has none of this.
 * The node reads JSON text and an array or object alike.
 */
export type ToolInputType = 'string' | 'number' | 'boolean' | 'json';

/** One input a model passes to a tool. */
export interface ToolInput {
	/** The argument's name in the tool's schema (letters, digits, _ and -). */
	key: string;
	type: ToolInputType;
	/** What the model should pass, in words a model can follow. */
	description: string;
}

/** Whether the node runs as the tool of an AI Agent (its type is the "…Tool" variant). */
export const isToolMode = (ctx: IExecuteFunctions) => ctx.getNode().type.endsWith('Tool');

/**
 * The value a model's omitted argument takes; the node reads it as "not given". A number's is -1,
 * which no count, amount or date can be: 0 followers or 0 orders is something the model knows.
 */
const OMITTED: Record<ToolInputType, string> = {
	string: "''",
	number: '-1',
	boolean: 'false',
	json: "''",
};
/** The type n8n's schema gives each input. */
const SCHEMA_TYPE: Record<ToolInputType, string> = {
	string: 'string',
	number: 'number',
	boolean: 'boolean',
	json: 'string',
};

const parameterName = (key: string) => `toolInput${key[0].toUpperCase()}${key.slice(1)}`;
const quoted = (text: string) => `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

/**
 * The parameters of an operation's tool inputs: shown only in the tool variant (`@tool`), each
 * defaulting to its `$fromAI` call, so the model sees a typed schema without any wiring.
 */
export function toolInputProperties(
	operation: string,
	inputs: readonly ToolInput[],
): INodeProperties[] {
	for (const input of inputs) {
		// "}}" would end n8n's expression early, and the tool would answer "invalid syntax".
		if (input.description.includes('}}'))
			throw new Error(`The description of tool input ${input.key} must not contain "}}"`);
	}
	return inputs.map((input) => ({
		displayName: `Tool Input: ${input.key}`,
		name: parameterName(input.key),
		type: 'string',
		default: `={{ $fromAI(${quoted(input.key)}, ${quoted(
			input.type === 'json' ? `${input.description} Give it as JSON text.` : input.description,
		)}, '${SCHEMA_TYPE[input.type]}', ${OMITTED[input.type]}) }}`,
		description: input.description,
		displayOptions: { show: { '@tool': [true], operation: [operation] } },
	}));
}

/**
 * The description of the tool a model reads, per operation; the user may rewrite it. An own
 * `toolDescription` parameter replaces n8n's automatic one, which would ignore the operation.
 */
export function toolDescriptionProperty(perOperation: Record<string, string>): INodeProperties {
	return {
		displayName: 'Tool Description',
		name: 'toolDescription',
		type: 'string',
		typeOptions: { rows: 3 },
		default: `={{ ${JSON.stringify(perOperation)}[$parameter["operation"]] }}`,
		description:
			'What the AI Agent’s model reads about this tool: what it does, what to pass, what comes back',
		displayOptions: { show: { '@tool': [true] } },
	};
}

/** The arguments the model passed for item `i`: those it left out (or left empty) are not in the result. */
export function toolArguments(
	ctx: IExecuteFunctions,
	inputs: readonly ToolInput[],
	i: number,
): IDataObject {
	const out: IDataObject = {};
	for (const input of inputs) {
		let value = ctx.getNodeParameter(parameterName(input.key), i, undefined) as unknown;
		if (input.type === 'json' && typeof value === 'string' && /^\s*[[{]/.test(value)) {
			try {
				value = JSON.parse(value);
			} catch {
				// left as text: the reader names the field and what it expected
			}
		}
		const omitted =
			value === undefined ||
			value === null ||
			value === '' ||
			(input.type === 'number' && value === -1) ||
			(input.type === 'boolean' && value === false) ||
			(Array.isArray(value) && value.length === 0);
		if (!omitted) out[input.key] = value as IDataObject[string];
	}
	return out;
}

/** An error as a model can act on it: what is wrong, and how to fix the call. */
export function toolError(error: unknown): INodeExecutionData {
	const e = error as { message?: unknown; description?: unknown };
	const fix =
		typeof e?.description === 'string' ? e.description.replace(/^How to fix:\s*/, '') : undefined;
	return {
		json: {
			error: typeof e?.message === 'string' ? e.message : String(error),
			...(fix ? { howToFix: fix } : {}),
		},
	};
}

/**
 * Runs an operation as a tool: every result on the one output a model reads, each made compact
 * by `answer`, and an error as an answer with its fix instead of an empty string.
 */
export async function answerAsTool(
	run: () => Promise<INodeExecutionData[][]>,
	answer: (item: INodeExecutionData) => IDataObject,
): Promise<INodeExecutionData[][]> {
	try {
		const outputs = await run();
		return [
			outputs.flat().map((item, index) => ({
				json:
					item.json.error !== undefined
						? toolError({ message: item.json.error, description: item.json.errorFix }).json
						: answer(item),
				pairedItem: item.pairedItem ?? { item: index },
			})),
		];
	} catch (error) {
		return [[toolError(error)]];
	}
}

/** Parameters that mean nothing to a tool (routing, binary fields, field mapping), hidden in the tool variant. */
export function hiddenInTool(
	properties: INodeProperties[],
	names: readonly string[],
): INodeProperties[] {
	return properties.map((p) =>
		names.includes(p.name)
			? {
					...p,
					displayOptions: {
						...p.displayOptions,
						hide: { ...p.displayOptions?.hide, '@tool': [true] },
					},
			  }
			: p,
	);
}

/** What a node shows only as a tool: which of its parameters it hides, its descriptions and inputs per operation. */
export interface ToolSurface {
	hide: readonly string[];
	descriptions: Record<string, string>;
	inputs: Record<string, readonly ToolInput[]>;
}

/** A node's parameters with its tool surface: the hidden ones marked, the description and the inputs added. */
export function withToolSurface(
	properties: INodeProperties[],
	surface: ToolSurface,
): INodeProperties[] {
	return [
		...hiddenInTool(properties, surface.hide),
		toolDescriptionProperty(surface.descriptions),
		...Object.entries(surface.inputs).flatMap(([operation, inputs]) =>
			toolInputProperties(operation, inputs),
		),
	];
}

/**
 * Runs a node's operation: as it is in a workflow, or as an AI Agent's tool through
 * `answerAsTool`, its results read from Put Result in Field (`fallback` when it is empty).
 */
export async function runOperation(
	ctx: IExecuteFunctions,
	fallback: string,
	run: () => Promise<INodeExecutionData[][]>,
	answer: (resultField: string) => (item: INodeExecutionData) => IDataObject,
): Promise<INodeExecutionData[][]> {
	if (!isToolMode(ctx)) return await run();
	const resultField = String(ctx.getNodeParameter('resultField', 0, fallback)).trim() || fallback;
	return await answerAsTool(run, answer(resultField));
}
