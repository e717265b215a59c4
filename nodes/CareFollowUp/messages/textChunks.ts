/**
 * Long texts of a batch's output items (message bodies), kept in shared chunks of about 256 KB:
 * each text is a slice of its chunk. V8 allocates a string this large outside the young
 * generation, and a slice is a small string that points into it, so the garbage collector no
 * longer copies every message's characters while a large batch is built (a flat text of its
 * own is copied twice before it settles). Slices are ordinary strings to every reader.
 *
 * A slice keeps its whole chunk alive: a workflow that keeps a few of a batch's messages keeps
 * their chunks, at most 256 KB each, until n8n releases the execution's data.
 * Pure: no n8n import.
 */

/** Above V8's largest regular object (128 KB), so a sealed chunk is a large object. */
const CHUNK_CHARS = 1 << 18;

export class TextChunks {
	private pieces: string[] = [];
	private length = 0;
	/** Per text added since the last seal: its target, field, and where it starts and ends in the chunk. */
	private targets: Record<string, string>[] = [];
	private fields: string[] = [];
	private bounds: number[] = [];

	/** Adds a text made of `pieces` (joined), to be set on `target[field]` when its chunk is sealed, at the latest by `seal()`. */
	add<F extends string>(target: Record<F, string>, field: F, pieces: readonly string[]): void {
		const start = this.length;
		for (let i = 0; i < pieces.length; i++) {
			this.pieces.push(pieces[i]);
			this.length += pieces[i].length;
		}
		this.targets.push(target);
		this.fields.push(field);
		this.bounds.push(start, this.length);
		if (this.length >= CHUNK_CHARS) this.seal();
	}

	/** Joins the open chunk and sets every text added since the last seal on its target. */
	seal(): void {
		if (!this.targets.length) return;
		const chunk = this.pieces.join('');
		const { targets, fields, bounds } = this;
		this.pieces = [];
		this.length = 0;
		this.targets = [];
		this.fields = [];
		this.bounds = [];
		for (let i = 0; i < targets.length; i++)
			targets[i][fields[i]] = chunk.slice(bounds[2 * i], bounds[2 * i + 1]);
	}
}
