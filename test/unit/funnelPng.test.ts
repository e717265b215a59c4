/** Unit tests of FunnelStage/report/funnelPng.ts: a valid PNG of the chart's layout, painted without a native module. */
import { inflateSync } from 'zlib';
import { chartLayout, STAGE_COLOURS } from '../../nodes/FunnelStage/report/funnelChart';
import { crc32, PNG_SCALE, renderFunnelPng } from '../../nodes/FunnelStage/report/funnelPng';
import { smallReport } from './reportFixtures';

describe('funnel chart (PNG, no native module)', () => {
	const r = smallReport();

	it('is a valid PNG of the same layout, with the stage colours where the bars are', () => {
		const png = renderFunnelPng(r);
		expect([...png.subarray(0, 8)]).toEqual([137, 80, 78, 71, 13, 10, 26, 10]);
		// Walk the chunks, checking each CRC.
		let at = 8;
		const chunks: Record<string, Buffer[]> = {};
		while (at < png.length) {
			const length = png.readUInt32BE(at);
			const type = png.subarray(at + 4, at + 8).toString('latin1');
			const data = png.subarray(at + 8, at + 8 + length);
			expect(png.readUInt32BE(at + 8 + length)).toBe(crc32(png.subarray(at + 4, at + 8 + length)));
			(chunks[type] ??= []).push(data);
			at += 12 + length;
		}
		expect(Object.keys(chunks)).toEqual(['IHDR', 'IDAT', 'IEND']);
		const width = chunks.IHDR[0].readUInt32BE(0);
		const height = chunks.IHDR[0].readUInt32BE(4);
		const layout = chartLayout(r);
		expect([width, height, chunks.IHDR[0][8], chunks.IHDR[0][9]]).toEqual([
			layout.width * PNG_SCALE,
			layout.height * PNG_SCALE,
			8,
			2,
		]);
		const raw = inflateSync(Buffer.concat(chunks.IDAT));
		expect(raw.length).toBe((width * 3 + 1) * height);
		// Positions in layout units; the PNG has PNG_SCALE pixels per unit.
		const pixel = (ux: number, uy: number, x = ux * PNG_SCALE, y = uy * PNG_SCALE) =>
			'#' +
			[...raw.subarray(y * (width * 3 + 1) + 1 + x * 3, y * (width * 3 + 1) + 4 + x * 3)]
				.map((b) => b.toString(16).padStart(2, '0'))
				.join('')
				.toUpperCase();
		// Bars are centred at x = 350; row i starts at y = 110 + 96 i.
		expect(pixel(350, 130)).toBe(STAGE_COLOURS.SEE.toUpperCase());
		expect(pixel(350, 226)).toBe(STAGE_COLOURS.THINK.toUpperCase());
		expect(pixel(350, 322)).toBe('#F0F4F8'); // DO: nobody, only the empty track
		expect(pixel(350, 418)).toBe(STAGE_COLOURS.CARE.toUpperCase());
		expect(pixel(5, 5)).toBe('#FFFFFF');
		// The stage names are painted in dark ink left of the bars.
		const ink = (x0: number, y0: number, x1: number, y1: number) => {
			[x0, y0, x1, y1] = [x0, y0, x1, y1].map((v) => v * PNG_SCALE);
			let n = 0;
			for (let y = y0; y < y1; y++)
				for (let x = x0; x < x1; x++) if (pixel(0, 0, x, y) === '#1F2933') n++;
			return n;
		};
		expect(ink(30, 110, 200, 136)).toBeGreaterThan(50);
	});
});
