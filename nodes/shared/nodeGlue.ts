/**
 * n8n glue shared by every node: reading parameters once unless they are expressions, and
 * turning a pure module's InputFieldError into a NodeOperationError that names the item.
 */
import {
	NodeOperationError,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';
import { readDate } from './coerce';
import { forItem, InputFieldError } from './inputErrors';
import { NO_FIELD_MAPPED } from './objectPath';

function isExpression(value: unknown): boolean {
	if (typeof value === 'string') return value.startsWith('=');
	if (Array.isArray(value)) return value.some(isExpression);
	if (value !== null && typeof value === 'object') return Object.values(value).some(isExpression);
	return false;
}

function rawParameter(ctx: IExecuteFunctions, name: string): unknown {
	let current: unknown = ctx.getNode().parameters;
	for (const key of name.split('.')) {
		if (current === null || typeof current !== 'object') return undefined;
		current = (current as Record<string, unknown>)[key];
	}
	return current;
}

/**
 * A parameter as a function of the item index. A constant is read once; an expression
 * (anywhere inside the parameter) is evaluated for each item, as n8n users expect.
 */
export function parameterPerItem<T>(
	ctx: IExecuteFunctions,
	name: string,
	fallback: T,
): { perItem: boolean; get: (itemIndex: number) => T } {
	const raw = rawParameter(ctx, name);
	if (raw === undefined) return { perItem: false, get: () => fallback };
	if (isExpression(raw))
		return { perItem: true, get: (i) => ctx.getNodeParameter(name, i, fallback) as T };
	const value = ctx.getNodeParameter(name, 0, fallback) as T;
	return { perItem: false, get: () => value };
}

/**
 * The error for one bad item: "Mia <mia@example.com>: Field "orders" must not be negative, got -2",
 * with the fix. The item's position goes in the error's context, from which n8n's editor shows
 * "[item 1]" after the message; the message names who the item is, so the position is said once.
 */
export function itemError(
	ctx: IExecuteFunctions,
	error: unknown,
	itemIndex: number,
): NodeOperationError {
	if (error instanceof NodeOperationError) return error;
	const json = ctx.getInputData()[itemIndex]?.json;
	if (error instanceof InputFieldError) {
		return new NodeOperationError(ctx.getNode(), forItem(json, error.message), {
			itemIndex,
			description: `How to fix: ${error.fix}.`,
		});
	}
	const message = error instanceof Error ? error.message : String(error);
	return new NodeOperationError(ctx.getNode(), forItem(json, message), { itemIndex });
}

/**
 * The item for a failed input under Continue On Fail. On the regular output it keeps its fields and
 * gains `error` and `errorFix`; with "Continue (using error output)" it carries the error object,
 * which is how n8n's engine recognises an item for the error output.
 */
export function errorItem(
	ctx: IExecuteFunctions,
	item: INodeExecutionData,
	error: NodeOperationError,
	itemIndex: number,
): INodeExecutionData {
	const json =
		item.json !== null && typeof item.json === 'object' && !Array.isArray(item.json)
			? item.json
			: {};
	const out: INodeExecutionData = {
		json: {
			...json,
			error: error.message,
			...(error.description ? { errorFix: error.description } : {}),
		},
		pairedItem: { item: itemIndex },
	};
	if (ctx.getNode().onError === 'continueErrorOutput') out.error = error;
	return out;
}

/** A number parameter for a node description: the most common shape of an option. */
export function numberParameter(
	displayName: string,
	name: string,
	defaultValue: number,
	description: string,
): INodeProperties {
	return { displayName, name, type: 'number', default: defaultValue, description };
}

/** A node error with its fix, shown by n8n under the message. */
export function nodeError(
	ctx: IExecuteFunctions,
	message: string,
	fix: string,
): NodeOperationError {
	return new NodeOperationError(ctx.getNode(), message, { description: fix });
}

/** Put Result in Field, trimmed; an empty name fails the node with an example of a good one. */
export function resultFieldOf(ctx: IExecuteFunctions, example: string): string {
	const field = String(ctx.getNodeParameter('resultField', 0, '')).trim();
	if (!field)
		throw nodeError(
			ctx,
			'Put Result in Field must not be empty',
			`Enter a field name such as ${example}.`,
		);
	return field;
}

/** The moment an "… As Of" option names, or `undefined` when it is empty (then: now). */
export function referenceTimeOf(
	ctx: IExecuteFunctions,
	value: unknown,
	label: string,
): number | undefined {
	try {
		return readDate(value, label);
	} catch (error) {
		throw nodeError(
			ctx,
			(error as Error).message,
			`Use an ISO 8601 date such as 2026-03-01T09:00:00Z, or leave ${label} empty for now.`,
		);
	}
}

/**
 * The values mapped in a collection of field parameters (e.g. Lead Fields), per item: a mapped
 * constant is read once, an expression per item. Fields left empty are not in the result.
 */
export function mappedFieldsOf<Name extends string>(
	ctx: IExecuteFunctions,
	fields: readonly { collection: string; name: Name }[],
): (itemIndex: number) => Partial<Record<Name, unknown>> {
	const mapped = fields
		.map((f) => ({
			name: f.name,
			value: parameterPerItem<unknown>(ctx, `${f.collection}.${f.name}`, undefined),
		}))
		.filter((m) => m.value.perItem || m.value.get(0) !== undefined);
	if (!mapped.length) return () => NO_FIELD_MAPPED as Partial<Record<Name, unknown>>;
	return (i) => {
		const out: Partial<Record<Name, unknown>> = {};
		for (const m of mapped) out[m.name] = m.value.get(i);
		return out;
	};
}

/** A field the user may map by expression, as a field table describes it. */
export interface MappableField {
	displayName: string;
	name: string;
	description: string;
	/** The names recognised without mapping; the first is the placeholder's example. */
	recognised: readonly string[];
}

/** The options of a "… Fields" collection: one text parameter per field, its example the first recognised name. */
export function fieldMappingOptions(
	fields: readonly MappableField[],
	placeholder = (f: MappableField) => `={{ $json.${f.recognised[0]} }}`,
): INodeProperties[] {
	return fields.map((f) => ({
		displayName: f.displayName,
		name: f.name,
		type: 'string',
		default: '',
		placeholder: placeholder(f),
		description: f.description,
	}));
}
