/**
 * Engagement-rate benchmarks by platform and follower band, versioned with their date and source.
 * Pure data and a lookup: no n8n import. Update a table by adding a new version here, not by
 * editing figures in place, so a marketer can tell which table scored a profile.
 *
 * Rates are percentages. Instagram: engagement by followers, (likes + comments) / followers.
 * TikTok: engagement by views. A band's "average" is a range; "low" and "high" are the edges
 * below and above which a rate counts as low or high for that band.
 */

import { round } from '../../shared/dates';

export const BENCHMARK_VERSION = '2025-11';

export type BenchmarkBasis = 'followers' | 'views';

export interface BenchmarkBand {
	/** Followers from (inclusive) and to (exclusive); `to` null means "and above". */
	from: number;
	to: number | null;
	label: string;
	/** Below this the rate is low for the band (undefined where the source gives no edge). */
	low?: number;
	averageFrom: number;
	averageTo: number;
	/** Above this the rate is high for the band (undefined where the source gives no edge). */
	high?: number;
	/** True where the band is not a published figure but our estimate (see `note`). */
	estimate: boolean;
}

export interface BenchmarkTable {
	platform: string;
	basis: BenchmarkBasis;
	version: string;
	source: string;
	note?: string;
	bands: readonly BenchmarkBand[];
}

const band = (
	from: number,
	to: number | null,
	label: string,
	low: number | undefined,
	averageFrom: number,
	averageTo: number,
	high: number | undefined,
	estimate = false,
): BenchmarkBand => ({ from, to, label, low, averageFrom, averageTo, high, estimate });

/** Modash, Instagram engagement rate by followers, November 2025 (product spec, Node 3). */
const INSTAGRAM: BenchmarkTable = {
	platform: 'instagram',
	basis: 'followers',
	version: BENCHMARK_VERSION,
	source: 'Modash, Instagram engagement rate by followers, November 2025',
	note: 'Profiles under 1k followers are compared with the 1k–5k band.',
	bands: [
		band(0, 5_000, '1k–5k', 1.72, 3.38, 4.42, 7.97),
		band(5_000, 10_000, '5k–10k', 0.62, 1.25, 1.62, 3.54),
		band(10_000, 50_000, '10k–50k', 0.39, 0.84, 1.11, 2.61),
		band(50_000, 100_000, '50k–100k', 0.32, 0.75, 1.01, 2.47),
		band(100_000, 500_000, '100k–500k', 0.41, 0.87, 1.14, 2.63),
		band(500_000, 1_000_000, '500k–1M', 0.46, 0.88, 1.13, 2.46),
		band(1_000_000, null, '> 1M', 0.57, 1.02, 1.27, 2.6),
	],
};

/**
 * Modash, TikTok engagement rate by views, November 2025: the published averages are 12.06–14.04%
 * at 1k–5k followers falling to 6.20–6.84% above 1M. The bands between are our estimate,
 * interpolated on the logarithm of followers; the source gives no low or high edges.
 */
const TIKTOK_FIRST = { averageFrom: 12.06, averageTo: 14.04 };
const TIKTOK_LAST = { averageFrom: 6.2, averageTo: 6.84 };
const TIKTOK_EDGES: ReadonlyArray<[number, number | null, string]> = [
	[0, 5_000, '1k–5k'],
	[5_000, 10_000, '5k–10k'],
	[10_000, 50_000, '10k–50k'],
	[50_000, 100_000, '50k–100k'],
	[100_000, 500_000, '100k–500k'],
	[500_000, 1_000_000, '500k–1M'],
	[1_000_000, null, '> 1M'],
];
const TIKTOK: BenchmarkTable = {
	platform: 'tiktok',
	basis: 'views',
	version: BENCHMARK_VERSION,
	source: 'Modash, TikTok engagement rate by views, November 2025 (1k–5k and > 1M bands)',
	note: 'Bands from 5k to 1M are estimates interpolated between the two published bands.',
	bands: TIKTOK_EDGES.map(([from, to, label], index) => {
		const share = index / (TIKTOK_EDGES.length - 1);
		const mix = (a: number, b: number) => round(a + (b - a) * share, 2);
		const estimate = index !== 0 && index !== TIKTOK_EDGES.length - 1;
		return band(
			from,
			to,
			label,
			undefined,
			mix(TIKTOK_FIRST.averageFrom, TIKTOK_LAST.averageFrom),
			mix(TIKTOK_FIRST.averageTo, TIKTOK_LAST.averageTo),
			undefined,
			estimate,
		);
	}),
};

/** YouTube: no published table in the spec. A rule-of-thumb estimate by views, marked as such. */
const YOUTUBE: BenchmarkTable = {
	platform: 'youtube',
	basis: 'views',
	version: BENCHMARK_VERSION,
	source: 'Estimate: no sourced YouTube benchmark; a rule of thumb of 2–5% engagement by views',
	note: 'Treat the position as a rough guide only.',
	bands: [band(0, null, 'all sizes', 0.5, 2, 5, 10, true)],
};

export const BENCHMARKS: Readonly<Record<string, BenchmarkTable>> = Object.freeze({
	instagram: INSTAGRAM,
	tiktok: TIKTOK,
	youtube: YOUTUBE,
});

export type BenchmarkPosition =
	| 'far below'
	| 'below average'
	| 'average'
	| 'above average'
	| 'high'
	| 'suspiciously high';

export interface BenchmarkComparison {
	platform: string;
	basis: BenchmarkBasis;
	band: string;
	low: number | null;
	averageFrom: number;
	averageTo: number;
	high: number | null;
	position: BenchmarkPosition;
	/** Rate divided by the middle of the band's average range: 1 is exactly average. */
	ratioToAverage: number;
	estimate: boolean;
	source: string;
	version: string;
}

export function benchmarkBand(
	platform: string,
	followers: number,
): { table: BenchmarkTable; band: BenchmarkBand } | undefined {
	const table = Object.prototype.hasOwnProperty.call(BENCHMARKS, platform)
		? BENCHMARKS[platform]
		: undefined;
	if (!table) return undefined;
	const found =
		table.bands.find((b) => followers >= b.from && (b.to === null || followers < b.to)) ??
		table.bands[0];
	return { table, band: found };
}

/** Where a rate (in %) sits against the platform's band for this follower count; undefined without a table. */
export function compareWithBenchmark(
	platform: string,
	followers: number,
	rate: number,
): BenchmarkComparison | undefined {
	const match = benchmarkBand(platform, followers);
	if (!match) return undefined;
	const { table, band: b } = match;
	let position: BenchmarkPosition;
	if (b.high !== undefined && rate > 2 * b.high) position = 'suspiciously high';
	else if (b.high !== undefined && rate > b.high) position = 'high';
	else if (rate > b.averageTo) position = 'above average';
	else if (rate >= b.averageFrom) position = 'average';
	else if (b.low !== undefined && rate < b.low) position = 'far below';
	else position = 'below average';
	return {
		platform: table.platform,
		basis: table.basis,
		band: b.label,
		low: b.low ?? null,
		averageFrom: b.averageFrom,
		averageTo: b.averageTo,
		high: b.high ?? null,
		position,
		ratioToAverage: round(rate / ((b.averageFrom + b.averageTo) / 2), 2),
		estimate: b.estimate,
		source: table.source,
		version: table.version,
	};
}
