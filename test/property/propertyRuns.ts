/**
 * How much the property tests generate. `npm test` (and so CI) runs 10,000 generated items per
 * node with a fixed seed, so a failure is reproducible; PROPERTY_ITEMS raises the count for a
 * longer soak and PROPERTY_SEED tries other data, e.g.
 *   PROPERTY_ITEMS=100000 PROPERTY_SEED=7 npx jest test/property
 */
import fc, { type Parameters as FcParameters } from 'fast-check';
import type { INodeExecutionData } from 'n8n-workflow';
import { itemIdentity } from '../../nodes/shared/inputErrors';

export const ITEMS_PER_NODE = Number(process.env.PROPERTY_ITEMS ?? 10_000);
export const SEED = Number(process.env.PROPERTY_SEED ?? 20261124);
/** Items per workflow run: each property run executes one batch through n8n's engine. */
export const BATCH = 25;
export const BATCH_RUNS = Math.ceil(ITEMS_PER_NODE / BATCH);
/** Timeout for a property test, scaled with the count. */
export const TIMEOUT_MS = 120_000 * Math.max(1, ITEMS_PER_NODE / 10_000);

/** Mostly realistic values, now and then (1 in `oneIn`) a hostile one. */
export function mostly<T>(
	realistic: fc.Arbitrary<T>,
	hostile: fc.Arbitrary<unknown>,
	oneIn = 16,
): fc.Arbitrary<unknown> {
	return fc.oneof(
		{ arbitrary: realistic as fc.Arbitrary<unknown>, weight: oneIn - 1 },
		{ arbitrary: hostile, weight: 1 },
	);
}

export function fcParameters<T>(numRuns: number): FcParameters<T> {
	return { seed: SEED, numRuns, endOnFailure: true };
}

/** Every number in a value is finite; returns the path of the first that is not. */
export function firstNonFinite(
	value: unknown,
	path = '$',
	seen = new Set<unknown>(),
): string | undefined {
	if (typeof value === 'number') return Number.isFinite(value) ? undefined : `${path} = ${value}`;
	if (value === null || typeof value !== 'object' || seen.has(value)) return undefined;
	seen.add(value);
	for (const [k, v] of Object.entries(value)) {
		const found = firstNonFinite(v, `${path}.${k}`, seen);
		if (found) return found;
	}
	return undefined;
}

/**
 * Checks that every input item 0…count-1 leaves exactly once over all outputs, by pairedItem;
 * returns a description of the first problem.
 */
export function pairingProblem(outputs: INodeExecutionData[][], count: number): string | undefined {
	const seen = new Array<number>(count).fill(0);
	for (const [o, items] of outputs.entries()) {
		for (const item of items) {
			const paired = item.pairedItem;
			const list = Array.isArray(paired) ? paired : paired === undefined ? [] : [paired];
			if (!list.length) return `an item on output ${o} has no pairedItem`;
			for (const p of list) {
				const index = typeof p === 'number' ? p : p.item;
				if (!(index >= 0 && index < count))
					return `pairedItem ${index} on output ${o} is not an input item`;
				seen[index]++;
			}
		}
	}
	const wrong = seen.findIndex((n) => n !== 1);
	return wrong < 0 ? undefined : `input item ${wrong} left ${seen[wrong]} times`;
}

/**
 * A Continue-On-Fail error item names who the input was (its name, email, handle or id, when it has
 * one) once at the start, and then the field; its position is its pairedItem, which n8n shows.
 */
export function expectNamedError(item: INodeExecutionData, inputs: readonly unknown[]): void {
	const index = (item.pairedItem as { item: number }).item;
	const message = String(item.json.error);
	const who = itemIdentity(inputs[index]);
	if (who !== undefined && !message.startsWith(`${who}: `))
		throw new Error(`error of item ${index} does not start with "${who}: ": ${message}`);
	if (!/(^|: )Field "[^"]+"/.test(message))
		throw new Error(`error of item ${index} names no field: ${message}`);
	if (/^Item \d+/.test(message))
		throw new Error(`error of item ${index} says its index, which n8n adds itself: ${message}`);
}
