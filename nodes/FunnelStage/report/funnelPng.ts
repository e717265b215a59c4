/**
 * The funnel chart as PNG, painted from the same layout as the SVG, its text drawn from the Inter
 * font with anti-aliasing (`chartText.ts`), and encoded with Node's own zlib: no browser, no native
 * module, so it works wherever n8n runs. Pure: no n8n import.
 */
import { deflateSync } from 'node:zlib';
import type { FunnelReportData } from './funnelReport';
import { chartLayout, type ChartLayout, type Shape } from './funnelChart';
import { coverage, measureText, textOutlines } from './chartText';

class Canvas {
	readonly pixels: Uint8Array;

	constructor(readonly width: number, readonly height: number) {
		this.pixels = new Uint8Array(width * height * 3).fill(255);
	}

	fill(x0: number, y0: number, w: number, h: number, rgb: [number, number, number]): void {
		const x1 = Math.min(this.width, Math.round(x0 + w));
		const y1 = Math.min(this.height, Math.round(y0 + h));
		for (let y = Math.max(0, Math.round(y0)); y < y1; y++) {
			for (let x = Math.max(0, Math.round(x0)); x < x1; x++) {
				const i = (y * this.width + x) * 3;
				this.pixels[i] = rgb[0];
				this.pixels[i + 1] = rgb[1];
				this.pixels[i + 2] = rgb[2];
			}
		}
	}
}

function hex(colour: string): [number, number, number] {
	const n = parseInt(colour.slice(1), 16);
	return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

/** Paints a text shape: each pixel mixes the ink into what is under it by how much of it the glyphs cover. */
function paintText(c: Canvas, s: Extract<Shape, { kind: 'text' }>): void {
	const x = s.anchor === 'middle' ? s.x - measureText(s.text, s.size, s.bold) / 2 : s.x;
	const polygons = textOutlines(s.text, x, s.y, s.size, s.bold, c.width);
	// The box the glyphs cover (a loop, not Math.min(...points): a long title has too many points to spread).
	let [minX, minY, maxX, maxY] = [Infinity, Infinity, -Infinity, -Infinity];
	for (const polygon of polygons) {
		for (const [px, py] of polygon) {
			minX = Math.min(minX, px);
			minY = Math.min(minY, py);
			maxX = Math.max(maxX, px);
			maxY = Math.max(maxY, py);
		}
	}
	if (minX === Infinity) return;
	const left = Math.max(0, Math.floor(minX) - 1);
	const top = Math.max(0, Math.floor(minY) - 1);
	const right = Math.min(c.width, Math.ceil(maxX) + 2);
	const bottom = Math.min(c.height, Math.ceil(maxY) + 2);
	if (right <= left || bottom <= top) return;
	const cover = coverage(polygons, left, top, right - left, bottom - top);
	const ink = hex(s.fill);
	for (let y = top; y < bottom; y++) {
		for (let x0 = left; x0 < right; x0++) {
			const a = cover[(y - top) * (right - left) + (x0 - left)];
			if (a === 0) continue;
			const i = (y * c.width + x0) * 3;
			for (let k = 0; k < 3; k++)
				c.pixels[i + k] = Math.round(c.pixels[i + k] * (1 - a) + ink[k] * a);
		}
	}
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
	let c = n;
	for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
	return c >>> 0;
});

export function crc32(bytes: Uint8Array): number {
	let c = 0xffffffff;
	for (let i = 0; i < bytes.length; i++) c = CRC_TABLE[(c ^ bytes[i]) & 255] ^ (c >>> 8);
	return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Buffer {
	const head = Buffer.alloc(8);
	head.writeUInt32BE(data.length, 0);
	head.write(type, 4, 'latin1');
	const crc = Buffer.alloc(4);
	crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
	return Buffer.concat([head, data, crc]);
}

/** Encodes 8-bit RGB pixels as a PNG (no filter, deflate). */
export function encodePng(width: number, height: number, rgb: Uint8Array): Buffer {
	const raw = Buffer.alloc((width * 3 + 1) * height);
	for (let y = 0; y < height; y++) {
		raw[y * (width * 3 + 1)] = 0;
		Buffer.from(rgb.buffer, rgb.byteOffset + y * width * 3, width * 3).copy(
			raw,
			y * (width * 3 + 1) + 1,
		);
	}
	const ihdr = Buffer.alloc(13);
	ihdr.writeUInt32BE(width, 0);
	ihdr.writeUInt32BE(height, 4);
	ihdr[8] = 8; // bit depth
	ihdr[9] = 2; // colour type: RGB
	return Buffer.concat([
		Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]),
		chunk('IHDR', ihdr),
		chunk('IDAT', deflateSync(raw)),
		chunk('IEND', new Uint8Array(0)),
	]);
}

/**
 * Pixels per layout unit: the PNG is painted at twice the layout's size, so it stays sharp when a
 * viewer scales it down to fit (n8n's output panel) and on high-density screens.
 */
export const PNG_SCALE = 2;

export function renderFunnelPng(report: FunnelReportData, language: 'en' | 'de' = 'en'): Buffer {
	return layoutPng(chartLayout(report, language));
}

/** A chart's shapes painted as PNG; the channel chart is painted the same way. */
export function layoutPng(layout: ChartLayout): Buffer {
	const k = PNG_SCALE;
	const canvas = new Canvas(layout.width * k, layout.height * k);
	for (const s of layout.shapes) {
		if (s.kind === 'rect') canvas.fill(s.x * k, s.y * k, s.width * k, s.height * k, hex(s.fill));
		else paintText(canvas, { ...s, x: s.x * k, y: s.y * k, size: s.size * k });
	}
	return encodePng(canvas.width, canvas.height, canvas.pixels);
}
