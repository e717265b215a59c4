/**
 * Text for the funnel chart's PNG, drawn from a real font: Inter (SIL Open Font License, from the
 * `@fontsource/inter` package) read by opentype.js, and filled with exact per-pixel coverage
 * (anti-aliased), so small labels stay legible in n8n's binary viewer and in mail clients.
 * Plain JavaScript: no browser, no native module. Pure: no n8n import.
 */
import { readFileSync } from 'node:fs';
import { parse, type Font, type Glyph, type PathCommand } from 'opentype.js';

type Weight = 'regular' | 'bold';

const FONT_FILES: Record<Weight, string> = {
	regular: '@fontsource/inter/files/inter-latin-400-normal.woff',
	bold: '@fontsource/inter/files/inter-latin-700-normal.woff',
};
const fonts = new Map<Weight, Font>();

function font(weight: Weight): Font {
	let f = fonts.get(weight);
	if (!f) {
		const bytes = readFileSync(require.resolve(FONT_FILES[weight]));
		f = parse(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
		fonts.set(weight, f);
	}
	return f;
}

/** Inter's Latin subset has "↓" but not "→": that one is drawn as "↓" turned a quarter to the left. */
const TURNED: Record<string, string> = { '→': '↓' };

interface PlacedGlyph {
	glyph: Glyph;
	x: number;
	/** Drawn turned a quarter to the left, in a box this wide. */
	turned?: number;
}

function commandBox(commands: PathCommand[]): {
	minX: number;
	maxX: number;
	minY: number;
	maxY: number;
} {
	const xs = commands.flatMap((c) => [c.x, c.x1, c.x2]).filter((v): v is number => v !== undefined);
	const ys = commands.flatMap((c) => [c.y, c.y1, c.y2]).filter((v): v is number => v !== undefined);
	return {
		minX: Math.min(...xs),
		maxX: Math.max(...xs),
		minY: Math.min(...ys),
		maxY: Math.max(...ys),
	};
}

function layout(
	text: string,
	size: number,
	weight: Weight,
): { glyphs: PlacedGlyph[]; width: number } {
	const f = font(weight);
	const scale = size / f.unitsPerEm;
	const glyphs: PlacedGlyph[] = [];
	let x = 0;
	let previous: Glyph | undefined;
	for (const ch of text) {
		let glyph = f.charToGlyph(ch);
		if (glyph.index === 0 && TURNED[ch] !== undefined) {
			glyph = f.charToGlyph(TURNED[ch]);
			const box = commandBox(glyph.getPath(0, 0, size).commands);
			const width = box.maxY - box.minY + size * 0.25;
			glyphs.push({ glyph, x, turned: width });
			x += width;
			previous = undefined;
			continue;
		}
		if (previous) x += f.getKerningValue(previous, glyph) * scale;
		glyphs.push({ glyph, x });
		x += (glyph.advanceWidth ?? 0) * scale;
		previous = glyph;
	}
	return { glyphs, width: x };
}

/** Width in pixels of a text as it is painted. */
export function measureText(text: string, size: number, bold = false): number {
	return layout(text, size, bold ? 'bold' : 'regular').width;
}

type Point = [number, number];

function flattenCurve(from: Point, c: PathCommand, add: (p: Point) => void): void {
	const to: Point = [c.x!, c.y!];
	const steps = Math.min(
		16,
		Math.max(2, Math.ceil(Math.hypot(to[0] - from[0], to[1] - from[1]) / 1.5)),
	);
	for (let i = 1; i <= steps; i++) {
		const t = i / steps;
		const u = 1 - t;
		if (c.type === 'Q') {
			add([
				u * u * from[0] + 2 * u * t * c.x1! + t * t * to[0],
				u * u * from[1] + 2 * u * t * c.y1! + t * t * to[1],
			]);
		} else {
			add([
				u * u * u * from[0] + 3 * u * u * t * c.x1! + 3 * u * t * t * c.x2! + t * t * t * to[0],
				u * u * u * from[1] + 3 * u * u * t * c.y1! + 3 * u * t * t * c.y2! + t * t * t * to[1],
			]);
		}
	}
}

/** One glyph's outline as closed polygons, curves flattened to steps of about 1.5 pixels. */
function polygonsOf(commands: PathCommand[]): Point[][] {
	const polygons: Point[][] = [];
	let polygon: Point[] = [];
	let at: Point = [0, 0];
	const add = (p: Point) => {
		polygon.push(p);
		at = p;
	};
	const close = () => {
		if (polygon.length > 2) polygons.push(polygon);
		polygon = [];
	};
	for (const c of commands) {
		if (c.type === 'M') {
			close();
			add([c.x!, c.y!]);
		} else if (c.type === 'L') add([c.x!, c.y!]);
		else if (c.type === 'Q' || c.type === 'C') flattenCurve(at, c, add);
		else close();
	}
	close();
	return polygons;
}

/** The outlines of a text as polygons in pixels, its baseline starting at (x, y); glyphs that start right of `clipRight` are left out. */
export function textOutlines(
	text: string,
	x: number,
	y: number,
	size: number,
	bold = false,
	clipRight = Infinity,
): Point[][] {
	const out: Point[][] = [];
	for (const g of layout(text, size, bold ? 'bold' : 'regular').glyphs) {
		if (x + g.x > clipRight) break;
		if (g.turned === undefined) {
			out.push(...polygonsOf(g.glyph.getPath(x + g.x, y, size).commands));
			continue;
		}
		// "↓" turned a quarter to the left about its centre becomes "→", centred in its box.
		const commands = g.glyph.getPath(0, 0, size).commands;
		const box = commandBox(commands);
		const cx = (box.minX + box.maxX) / 2;
		const cy = (box.minY + box.maxY) / 2;
		const left = x + g.x + g.turned / 2;
		for (const polygon of polygonsOf(commands))
			out.push(polygon.map(([px, py]): Point => [left + (py - cy), y + cy - (px - cx)]));
	}
	return out;
}

/**
 * Coverage (0..1) of polygons on a pixel grid, by the non-zero rule, anti-aliased by exact area:
 * every edge adds the signed area it covers to the cells it crosses, and a running sum along each
 * row turns those into coverage. Returns the coverage of the grid `width` × `height` at (left, top).
 */
export function coverage(
	polygons: Point[][],
	left: number,
	top: number,
	width: number,
	height: number,
): Float32Array {
	const stride = width + 2;
	const acc = new Float32Array(stride * height + 1);
	for (const polygon of polygons) {
		for (let i = 0; i < polygon.length; i++) {
			const a = polygon[i];
			const b = polygon[(i + 1) % polygon.length];
			addEdge(acc, stride, height, a[0] - left, a[1] - top, b[0] - left, b[1] - top);
		}
	}
	const out = new Float32Array(width * height);
	for (let y = 0; y < height; y++) {
		let sum = 0;
		for (let x = 0; x < width; x++) {
			sum += acc[y * stride + x];
			out[y * width + x] = Math.min(1, Math.abs(sum));
		}
	}
	return out;
}

function addEdge(
	acc: Float32Array,
	stride: number,
	height: number,
	ax: number,
	ay: number,
	bx: number,
	by: number,
): void {
	if (ay === by) return;
	const dir = ay < by ? 1 : -1;
	const [x0, y0, x1, y1] = ay < by ? [ax, ay, bx, by] : [bx, by, ax, ay];
	const dxdy = (x1 - x0) / (y1 - y0);
	const clampX = (v: number) => Math.min(stride - 2, Math.max(0, v));
	let x = x0 + (Math.max(0, y0) - y0) * dxdy;
	for (let row = Math.max(0, Math.floor(y0)); row < Math.min(height, Math.ceil(y1)); row++) {
		const dy = Math.min(row + 1, y1) - Math.max(row, y0);
		const xNext = x + dxdy * dy;
		const d = dy * dir;
		const start = row * stride;
		const xa = clampX(Math.min(x, xNext));
		const xb = clampX(Math.max(x, xNext));
		const first = Math.floor(xa);
		const last = Math.ceil(xb);
		if (last <= first + 1) {
			// Within one cell: the part of d right of the edge's mid point spills into the next cell.
			const mid = (xa + xb) / 2 - first;
			acc[start + first] += d * (1 - mid);
			acc[start + first + 1] += d * mid;
		} else {
			// Across cells: the area left of the edge grows linearly from the first to the last cell.
			const s = 1 / (xb - xa);
			const f0 = xa - first;
			const a0 = 0.5 * s * (1 - f0) * (1 - f0);
			const f1 = xb - last + 1;
			const aEnd = 0.5 * s * f1 * f1;
			acc[start + first] += d * a0;
			if (last === first + 2) {
				acc[start + first + 1] += d * (1 - a0 - aEnd);
			} else {
				const a1 = s * (1.5 - f0);
				acc[start + first + 1] += d * (a1 - a0);
				for (let cell = first + 2; cell < last - 1; cell++) acc[start + cell] += d * s;
				const a2 = a1 + (last - first - 3) * s;
				acc[start + last - 1] += d * (1 - a2 - aEnd);
			}
			acc[start + last] += d * aEnd;
		}
		x = xNext;
	}
}
