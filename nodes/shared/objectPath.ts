/** Reads nested values by dotted path ("properties.hs_email_open") without any per-call parsing. */
export type CompiledPath = readonly string[];

export function compilePath(path: string): CompiledPath {
	return path.split('.');
}

export function readPath(source: unknown, path: CompiledPath): unknown {
	let current: unknown = source;
	for (let i = 0; i < path.length; i++) {
		if (current === null || typeof current !== 'object') return undefined;
		const key = path[i];
		// Own properties only: an input can never reach Object.prototype through a path.
		if (!Object.prototype.hasOwnProperty.call(current, key)) return undefined;
		current = (current as Record<string, unknown>)[key];
	}
	return current;
}

/** An own property of an object, never one inherited from Object.prototype ("constructor", "__proto__"). */
export function own(source: object, key: string): unknown {
	return Object.prototype.hasOwnProperty.call(source, key)
		? (source as Record<string, unknown>)[key]
		: undefined;
}

/** The first of several paths that holds a non-empty value, with the path it came from. */
export function readFirst(
	source: unknown,
	paths: readonly CompiledPath[],
): { value: unknown; path: string } | undefined {
	const index = firstFilledPath(source, paths);
	return index < 0
		? undefined
		: { value: readPath(source, paths[index]), path: paths[index].join('.') };
}

/** Index of the first path that holds a non-empty value, or -1. Allocates nothing: for per-item hot loops. */
export function firstFilledPath(source: unknown, paths: readonly CompiledPath[]): number {
	for (let i = 0; i < paths.length; i++) {
		const value = readPath(source, paths[i]);
		if (value !== undefined && value !== null && value !== '') return i;
	}
	return -1;
}

/** No field mapped: one shared, frozen object for every node, so the common case allocates nothing per item. */
export const NO_FIELD_MAPPED: Readonly<Record<string, unknown>> = Object.freeze({});
