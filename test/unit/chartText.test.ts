/** Unit tests of FunnelStage/report/chartText.ts: the chart's text drawn from the Inter font, anti-aliased, measured as painted. */
import { inflateSync } from 'zlib';
import { coverage, measureText, textOutlines } from '../../nodes/FunnelStage/report/chartText';
import { PNG_SCALE, renderFunnelPng } from '../../nodes/FunnelStage/report/funnelPng';
import { smallReport } from './reportFixtures';

describe('funnel chart (PNG, no native module)', () => {
	const r = smallReport();

	it('draws its text from a real font, anti-aliased: edge pixels mix ink and paper', () => {
		const png = renderFunnelPng(r);
		const pixels = decodeRgb(png);
		// The title "Weekly Funnel Report" (26 px bold, baseline y = 44) in ink #1F2933 on white.
		let ink = 0;
		let mixed = 0;
		for (let y = 20 * PNG_SCALE; y < 50 * PNG_SCALE; y++) {
			for (let x = 30 * PNG_SCALE; x < 330 * PNG_SCALE; x++) {
				const [red] = pixels.at(x, y);
				if (red === 0x1f) ink++;
				else if (red > 0x1f && red < 0xff) mixed++;
			}
		}
		expect(ink).toBeGreaterThan(500);
		expect(mixed).toBeGreaterThan(300);
	});

	it('paints a title of 20,000 characters, and characters the font lacks, without failing', () => {
		const png = renderFunnelPng({ ...r, title: `${'Funnel 🚀 漏斗 '.repeat(2000)}` });
		expect([...png.subarray(0, 8)]).toEqual([137, 80, 78, 71, 13, 10, 26, 10]);
	});

	it('measures text as it paints it: wider when bold or larger, umlauts and arrows included', () => {
		const see = measureText('SEE', 22, true);
		expect(see).toBeGreaterThan(35);
		expect(see).toBeLessThan(55);
		expect(measureText('SEE', 22)).toBeLessThan(see);
		expect(measureText('SEE', 44, true)).toBeCloseTo(2 * see, 5);
		expect(measureText('Bindung → Ä', 14)).toBeGreaterThan(measureText('Bindung', 14) + 14);
	});

	it('draws "→" (which Inter\'s Latin subset lacks) as an arrow pointing right: the head is at the right end', () => {
		const polygons = textOutlines('→', 0, 30, 30);
		const cover = coverage(polygons, 0, 0, 40, 40);
		const inkRows = (x: number) =>
			Array.from({ length: 40 }, (_, y) => cover[y * 40 + x]).filter((a) => a > 0.5).length;
		const columns = Array.from({ length: 40 }, (_, x) => inkRows(x));
		const inked = columns.map((n, x) => (n > 0 ? x : -1)).filter((x) => x >= 0);
		const [first, last] = [inked[0], inked[inked.length - 1]];
		expect(last - first).toBeGreaterThan(12); // wider than tall-thin: it lies on its side
		const shaft = columns[first + 1];
		const head = Math.max(...columns.slice(last - Math.floor((last - first) / 3), last + 1));
		expect(head).toBeGreaterThan(3 * shaft);
	});
});

/** The RGB pixels of an 8-bit RGB PNG with filter 0 rows, as renderFunnelPng writes it. */
function decodeRgb(png: Buffer): { width: number; at: (x: number, y: number) => number[] } {
	let at = 8;
	const idat: Buffer[] = [];
	let width = 0;
	while (at < png.length) {
		const length = png.readUInt32BE(at);
		const type = png.subarray(at + 4, at + 8).toString('latin1');
		if (type === 'IHDR') width = png.readUInt32BE(at + 8);
		if (type === 'IDAT') idat.push(png.subarray(at + 8, at + 8 + length));
		at += 12 + length;
	}
	const raw = inflateSync(Buffer.concat(idat));
	return {
		width,
		at: (x, y) => [
			...raw.subarray(y * (width * 3 + 1) + 1 + x * 3, y * (width * 3 + 1) + 4 + x * 3),
		],
	};
}
