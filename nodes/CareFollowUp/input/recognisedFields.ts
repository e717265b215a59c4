/**
 * Reads fields by their recognised names from a batch of records that share a few layouts (a
 * shop export's orders all carry the same keys). `firstFilledPath` tries every recognised name
 * of every field on every record, and most of those tries miss. Here each layout (a record's
 * own keys, in order) is worked out once: which of a field's paths start with a key the layout
 * has. Reading a record then walks its keys once and tries only those paths.
 *
 * The result is the one `firstFilledPath` + `readPath` give: own properties only, the first path
 * in order whose value is not empty. Layouts list enumerable keys, which are all the keys JSON
 * and n8n items hold (a key made non-enumerable by code is not seen at the top of a record). A
 * record that cannot be read this way (not an object, an array, an inherited enumerable key, a
 * batch whose records all differ) is read path by path instead. Pure: no n8n import.
 */
import { firstFilledPath, readPath, type CompiledPath } from '../../shared/objectPath';

/** A path of a field that a layout can hold: the position of its first key, the rest of the path, and its index among the field's paths. */
interface Candidate {
	at: number;
	rest: CompiledPath | undefined;
	path: number;
}

interface Layout {
	keys: string[];
	/** The values of the last record read with this layout, by key position. */
	values: unknown[];
	/** Per field, the paths whose first key the layout has, in the field's order. */
	candidates: Candidate[][];
}

/** How many layouts are kept; a record of another layout replaces the one used least recently. */
const KEPT_LAYOUTS = 8;
/** After this many layouts were worked out in one batch, layouts must pay off (see `load`). */
const LAYOUTS_BEFORE_CHECK = 64;
const RECORDS_PER_LAYOUT = 8;

const isFilled = (value: unknown) => value !== undefined && value !== null && value !== '';
const hasOwn = (record: object, key: string) => Object.prototype.hasOwnProperty.call(record, key);

export class RecognisedFields {
	/** Of the field found last: its value. */
	value: unknown = undefined;

	private layouts: Layout[] = [];
	private record: unknown = undefined;
	private layout: Layout | undefined = undefined;
	private built = 0;
	private loaded = 0;
	private pathByPath = false;

	/** `fields[f]`: the paths of field `f`, first choice first. */
	constructor(private readonly fields: readonly (readonly CompiledPath[])[]) {}

	/**
	 * Index of the first of field `f`'s paths that holds a non-empty value in `record`, or -1;
	 * the value is in `value`. The same as `firstFilledPath(record, fields[f])`.
	 */
	find(record: unknown, f: number): number {
		const layout = this.load(record);
		if (layout === undefined) {
			const paths = this.fields[f];
			const i = firstFilledPath(record, paths);
			this.value = i < 0 ? undefined : readPath(record, paths[i]);
			return i;
		}
		const candidates = layout.candidates[f];
		for (let c = 0; c < candidates.length; c++) {
			const { at, rest, path } = candidates[c];
			const value = rest === undefined ? layout.values[at] : readPath(layout.values[at], rest);
			if (isFilled(value)) {
				this.value = value;
				return path;
			}
		}
		this.value = undefined;
		return -1;
	}

	/** Forgets every record read: no input value stays in memory once a run is over. */
	forget(): void {
		this.layouts = [];
		this.record = undefined;
		this.layout = undefined;
		this.value = undefined;
	}

	/** The layout of `record` with its values read, or undefined to read it path by path. */
	private load(record: unknown): Layout | undefined {
		if (record === this.record) return this.layout;
		this.record = record;
		this.layout = undefined;
		if (this.pathByPath || record === null || typeof record !== 'object' || Array.isArray(record))
			return undefined;
		this.loaded++;
		const layouts = this.layouts;
		for (let i = 0; i < layouts.length; i++) {
			if (!readsAs(record, layouts[i])) continue;
			const layout = layouts[i];
			if (i > 0) {
				layouts.splice(i, 1);
				layouts.unshift(layout);
			}
			return (this.layout = layout);
		}
		// Records that seldom share a layout cost more to lay out than to read path by path.
		if (++this.built > LAYOUTS_BEFORE_CHECK && this.loaded < this.built * RECORDS_PER_LAYOUT) {
			this.pathByPath = true;
			return undefined;
		}
		const layout = this.layOut(record);
		if (!readsAs(record, layout)) return undefined; // an inherited key: read path by path
		layouts.unshift(layout);
		if (layouts.length > KEPT_LAYOUTS) layouts.pop();
		return (this.layout = layout);
	}

	private layOut(record: object): Layout {
		const keys: string[] = [];
		for (const key in record) keys.push(key);
		const position = new Map(keys.map((key, at) => [key, at]));
		const candidates = this.fields.map((paths) => {
			const list: Candidate[] = [];
			paths.forEach((p, path) => {
				const at = position.get(p[0]);
				if (at !== undefined) list.push({ at, rest: p.length > 1 ? p.slice(1) : undefined, path });
			});
			return list;
		});
		return { keys, values: new Array(keys.length), candidates };
	}
}

/**
 * Whether `record` has exactly the keys of `layout`, in order, all of them its own; if so, its
 * values are read into the layout.
 */
function readsAs(record: object, layout: Layout): boolean {
	const { keys, values } = layout;
	let at = 0;
	for (const key in record) {
		if (keys[at] !== key) return false;
		values[at++] = (record as Record<string, unknown>)[key];
	}
	// An object's inherited keys come after its own: when the last is its own, so are all.
	return at === keys.length && (at === 0 || hasOwn(record, keys[at - 1]));
}
