/**
 * The funnel chart as PNG, painted from the same layout as the SVG with a 5×7 pixel font and
 * encoded with Node's own zlib: no browser, no native module, so it works wherever n8n runs.
 * Pure: no n8n import.
 */
import { deflateSync } from 'node:zlib';
import type { FunnelReportData } from './funnelReport';
import { chartLayout, type Shape } from './funnelChart';
import { GLYPH_HEIGHT, GLYPH_WIDTH, GLYPHS } from './pixelFont';

const MISSING = [31, 17, 17, 17, 17, 17, 31];

class Canvas {
	readonly pixels: Uint8Array;

	constructor(
		readonly width: number,
		readonly height: number,
	) {
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

/** Pixel scale of the 5×7 font for an SVG font size (22 → 3, 16 → 2, 13 → 1). */
const scaleFor = (size: number) => Math.max(1, Math.floor(size / 7));

export function textWidth(text: string, size: number): number {
	const scale = scaleFor(size);
	return [...text].length * (GLYPH_WIDTH + 1) * scale - scale;
}

function paintText(c: Canvas, s: Extract<Shape, { kind: 'text' }>): void {
	const scale = scaleFor(s.size);
	const rgb = hex(s.fill);
	let x = s.anchor === 'middle' ? Math.round(s.x - textWidth(s.text, s.size) / 2) : s.x;
	const top = s.y - GLYPH_HEIGHT * scale;
	for (const ch of s.text) {
		const rows = GLYPHS.get(ch) ?? MISSING;
		for (let r = 0; r < GLYPH_HEIGHT; r++) {
			for (let col = 0; col < GLYPH_WIDTH; col++) {
				if (!(rows[r] & (1 << (GLYPH_WIDTH - 1 - col)))) continue;
				c.fill(x + col * scale, top + r * scale, scale + (s.bold ? 1 : 0), scale, rgb);
			}
		}
		x += (GLYPH_WIDTH + 1) * scale + (s.bold ? 1 : 0);
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
		Buffer.from(rgb.buffer, rgb.byteOffset + y * width * 3, width * 3).copy(raw, y * (width * 3 + 1) + 1);
	}
	const ihdr = Buffer.alloc(13);
	ihdr.writeUInt32BE(width, 0);
	ihdr.writeUInt32BE(height, 4);
	ihdr[8] = 8; // bit depth
	ihdr[9] = 2; // colour type: RGB
	return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', new Uint8Array(0))]);
}

export function renderFunnelPng(report: FunnelReportData, language: 'en' | 'de' = 'en'): Buffer {
	const layout = chartLayout(report, language);
	const canvas = new Canvas(layout.width, layout.height);
	for (const s of layout.shapes) {
		if (s.kind === 'rect') canvas.fill(s.x, s.y, s.width, s.height, hex(s.fill));
		else paintText(canvas, s);
	}
	return encodePng(layout.width, layout.height, canvas.pixels);
}
