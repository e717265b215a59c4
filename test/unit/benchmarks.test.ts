/** Unit tests of InfluencerScore/rules/benchmarks.ts: the versioned tables, and where a rate stands in them. */
import { BENCHMARKS, compareWithBenchmark } from '../../nodes/InfluencerScore/rules/benchmarks';

describe('benchmarks', () => {
	it('every table carries its version and source; estimates are marked', () => {
		for (const table of Object.values(BENCHMARKS)) {
			expect(table.version).toBe('2025-11');
			expect(table.source.length).toBeGreaterThan(10);
		}
		expect(BENCHMARKS.instagram.bands.every((b) => !b.estimate)).toBe(true);
		expect(BENCHMARKS.tiktok.bands.map((b) => b.estimate)).toEqual([
			false,
			true,
			true,
			true,
			true,
			true,
			false,
		]);
		expect(BENCHMARKS.tiktok.bands[0]).toMatchObject({ averageFrom: 12.06, averageTo: 14.04 });
		expect(BENCHMARKS.tiktok.bands[6]).toMatchObject({ averageFrom: 6.2, averageTo: 6.84 });
		expect(BENCHMARKS.youtube.bands[0].estimate).toBe(true);
	});

	it.each([
		[20_000, 0.3, 'far below'],
		[20_000, 0.5, 'below average'],
		[20_000, 1.0, 'average'],
		[20_000, 2.0, 'above average'],
		[20_000, 3.0, 'high'],
		[20_000, 5.3, 'suspiciously high'],
		[2_000_000, 1.1, 'average'],
		[500, 4.0, 'average'],
	])('Instagram, %p followers at %p%% is %p', (followers, rate, position) => {
		expect(compareWithBenchmark('instagram', followers, rate)?.position).toBe(position);
	});

	it('no table for other platforms', () => {
		expect(compareWithBenchmark('other', 1000, 2)).toBeUndefined();
	});
});
