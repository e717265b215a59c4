/**
 * Care Follow-Up benchmark: 100,000 customers (300,000 order items) planned through the node in
 * n8n's engine against a ledger of 1,000,000 entries in the workflow's static data. Prints the
 * node's time, the whole run's time, the ratio to n8n's No Operation node passing the same items,
 * and the stored bytes per ledger entry; then the same with the Postgres ledger store holding the
 * same entries in a real PostgreSQL. A benchmark, not a test.
 */
import { connectionFor, postgresCredentialFor } from '../test/unit/testPostgres';
import { DAY_MS } from '../nodes/shared/dates';
import path from 'path';
import { pathToFileURL } from 'url';
import { Client } from 'pg';
import {
	FollowUpLedger,
	LEDGER_KEY,
	customerHash,
	firstDeathMinute,
	followUpHash,
	type LedgerEntry,
	type StoredLedger,
} from '../nodes/CareFollowUp/ledger/followUpLedger';
import { PostgresState } from '../nodes/shared/postgresState';
import { ObservableObject } from 'n8n-workflow';
import { PerformanceObserver, type PerformanceEntry } from 'perf_hooks';
import {
	asItems,
	runWorkflow,
	singleNodeWorkflow,
	type WorkflowJson,
} from '../test/engine/harness';

const NOW = Date.parse('2026-03-16T12:00:00Z');

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Deterministic pseudo-random numbers (mulberry32), so every run plans the same data. */
function random(seed: number) {
	return () => {
		seed = (seed + 0x6d2b79f5) | 0;
		let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
		t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

export function syntheticOrders(customers: number, ordersEach: number) {
	const rnd = random(42);
	const statuses = [
		'paid',
		'paid',
		'paid',
		'paid',
		'paid',
		'paid',
		'refunded',
		'cancelled',
		'completed',
		'pending',
	];
	const orders: Record<string, unknown>[] = [];
	for (let c = 0; c < customers; c++) {
		const consent = rnd() < 0.7;
		for (let o = 0; o < ordersEach; o++) {
			const age = Math.floor(rnd() * 400);
			orders.push({
				id: `${c}-${o}`,
				created_at: new Date(NOW - age * DAY_MS).toISOString(),
				delivered_at:
					rnd() < 0.6 ? new Date(NOW - Math.max(0, age - 4) * DAY_MS).toISOString() : undefined,
				financial_status: statuses[Math.floor(rnd() * statuses.length)],
				total_price: (10 + rnd() * 190).toFixed(2),
				email: `customer${c}@example.com`,
				customer: { id: c, first_name: `Customer ${c}` },
				marketing_consent: consent,
				locale: rnd() < 0.5 ? 'de-DE' : 'en-US',
				line_items: [
					{ sku: `SKU-${Math.floor(rnd() * 50)}`, title: 'Product', price: 20, quantity: 1 },
				],
				rating: rnd() < 0.1 ? 5 : undefined,
				reviewed: rnd() < 0.2,
			});
		}
	}
	return orders;
}

/** A stored ledger with `entries` entries: the benchmark's customers' history plus customers not in the batch. */
export function syntheticLedger(entries: number, customersInBatch: number): StoredLedger {
	const rnd = random(7);
	const stored: StoredLedger = { v: 2, s: {} };
	const ledger = FollowUpLedger.inMemory(stored);
	ledger.deferWrites();
	let written = 0;
	for (let c = 0; written < entries; c++) {
		const key = c < customersInBatch ? `id:${c}` : `id:past-${c}`;
		const n = Math.min(4, entries - written);
		const updates: LedgerEntry[] = [];
		for (let k = 0; k < n; k++) {
			const fid = followUpHash(`review:${c}-${k}:${k}`);
			updates.push({
				fid,
				state: k === 0 ? 'committedMail' : 'committedMarker',
				atMs: Math.round((NOW - Math.floor(rnd() * 390) * DAY_MS) / 60_000) * 60_000,
			});
		}
		ledger.write(customerHash(key), updates, NOW);
		written += n;
	}
	ledger.flush();
	return stored;
}

const catalogue = JSON.stringify(
	Array.from({ length: 50 }, (_, i) => ({
		sku: `SKU-${i}`,
		name: `Product ${i}`,
		price: 15 + i * 9,
		complements: [`SKU-${(i + 7) % 50}`],
	})),
);

export async function benchCareFollowUp(rounds: number) {
	const CUSTOMERS = Number(process.env.BENCH_CUSTOMERS ?? 100_000);
	const LEDGER = Number(process.env.BENCH_LEDGER ?? 1_000_000);
	const orders = syntheticOrders(CUSTOMERS, 3);
	const items = asItems(orders as never);
	const stored = syntheticLedger(LEDGER, CUSTOMERS);
	const storedJson = JSON.stringify(stored);
	const before = FollowUpLedger.inMemory(stored).stats();
	const wf = singleNodeWorkflow({
		type: 'n8n-nodes-social-funnel.careFollowUp',
		name: 'Care Follow-Up',
		parameters: {
			operation: 'plan',
			inputType: 'orders',
			catalogue,
			options: { referenceTime: new Date(NOW).toISOString(), timeZone: 'Europe/Berlin' },
		},
	});
	const node: number[] = [];
	const whole: number[] = [];
	// Garbage collection during each run, as V8 reports it (the pauses of the main thread).
	const gcPauses: PerformanceEntry[] = [];
	const gcObserver = new PerformanceObserver((list) => gcPauses.push(...list.getEntries()));
	gcObserver.observe({ entryTypes: ['gc'] });
	const gc: number[] = [];
	// The floor: n8n's own No Operation node passing the same order items through the same engine, its
	// rounds alternating with the node's.
	const noOpWf = singleNodeWorkflow({
		type: 'n8n-nodes-base.noOp',
		name: 'No Operation',
		parameters: {},
	});
	const floorWhole: number[] = [];
	const floorNode: number[] = [];
	let counts: number[] = [];
	let after = before;
	let peakRss = 0;
	for (let r = 0; r < rounds; r++) {
		(globalThis as { gc?: () => void }).gc?.();
		// Every round starts from the same stored ledger, as an execution loads it from the database.
		const staticData = { global: { [LEDGER_KEY]: JSON.parse(storedJson) } };
		const start = process.hrtime.bigint();
		const from = performance.now();
		const { result: run, peak } = await withPeakRss(() =>
			runWorkflow({ ...wf, staticData }, { pinData: { Trigger: items } }),
		);
		peakRss = Math.max(peakRss, peak);
		whole.push(Number(process.hrtime.bigint() - start) / 1e6);
		const until = performance.now();
		await new Promise((resolve) => setTimeout(resolve, 50)); // the observer reports pauses a little later
		gc.push(
			gcPauses
				.filter((e) => e.startTime >= from && e.startTime < until)
				.reduce((sum, e) => sum + e.duration, 0),
		);
		if (run.error) throw run.error;
		node.push(run.run.data.resultData.runData['Care Follow-Up'][0].executionTime);
		counts = run.outputs('Care Follow-Up').map((o) => o.length);
		const ledgerAfter = (run.workflow.staticData.global as Record<string, unknown>)[
			LEDGER_KEY
		] as StoredLedger;
		after = FollowUpLedger.inMemory(ledgerAfter).stats();
		(globalThis as { gc?: () => void }).gc?.();
		const floorStart = process.hrtime.bigint();
		const noOp = await runWorkflow(noOpWf, { pinData: { Trigger: items } });
		floorWhole.push(Number(process.hrtime.bigint() - floorStart) / 1e6);
		floorNode.push(noOp.run.data.resultData.runData['No Operation'][0].executionTime);
		if (noOp.outputs('No Operation')[0].length !== items.length)
			throw new Error('The No Operation node lost items');
	}
	console.log(
		`\nCare Follow-Up benchmark: ${CUSTOMERS.toLocaleString(
			'en',
		)} customers (${orders.length.toLocaleString(
			'en',
		)} order items) against a ledger of ${before.entries.toLocaleString(
			'en',
		)} entries, median of ${rounds} rounds`,
	);
	console.log(
		`outputs [review, upsell, VIP, ambassador, win-back, not now]: ${JSON.stringify(
			counts,
		)} = ${counts.reduce((a, b) => a + b, 0).toLocaleString('en')} customers`,
	);
	console.log(
		`node alone  ${median(node).toFixed(0).padStart(6)} ms   rounds: ${node
			.map((x) => x.toFixed(0))
			.join(', ')}   (target ≤ 2000 ms: ${median(node) <= 2000 ? 'yes' : 'no'})`,
	);
	gcObserver.disconnect();
	console.log(
		`whole run   ${median(whole)
			.toFixed(0)
			.padStart(6)} ms   (engine start, 1M-entry static data load, node)`,
	);
	console.log(
		`garbage collection during the whole run ${median(gc).toFixed(0)} ms (median; rounds: ${gc
			.map((x) => x.toFixed(0))
			.join(', ')})`,
	);
	console.log(
		`n8n's No Operation node on the same ${items.length.toLocaleString(
			'en',
		)} order items: whole run ${median(floorWhole).toFixed(0)} ms, node alone ${median(
			floorNode,
		).toFixed(0)} ms (rounds: ${floorWhole
			.map((x) => x.toFixed(0))
			.join(', ')}; alternating with the node's)`,
	);
	console.log(
		`Care Follow-Up node = ${(median(whole) / median(floorWhole)).toFixed(
			1,
		)} × n8n's No Operation node on the same items (whole runs; node alone: ${(
			median(node) / Math.max(1, median(floorNode))
		).toFixed(1)} ×)`,
	);
	const perEntry = (s: typeof before) => (s.bytes / s.entries).toFixed(1);
	const work = ledgerWork(
		storedJson,
		CUSTOMERS,
		counts.slice(0, 5).reduce((a, b) => a + b, 0),
		rounds,
	);
	console.log(
		`ledger work alone, through n8n's static-data proxy: sweep ${
			work.sweep
		} ms, ${CUSTOMERS.toLocaleString('en')} look-ups ${
			work.lookups
		} ms, ${work.reserved.toLocaleString('en')} reservations ${work.reserve} ms, written back ${
			work.flush
		} ms = ${work.total} ms (medians)`,
	);
	console.log(
		`ledger: ${before.entries.toLocaleString('en')} entries in ${(before.bytes / 2 ** 20).toFixed(
			1,
		)} MiB = ${perEntry(before)} bytes per entry before; ${after.entries.toLocaleString(
			'en',
		)} entries, ${perEntry(after)} bytes per entry after planning (target ≤ 64: ${
			Number(perEntry(after)) <= 64 ? 'yes' : 'no'
		})`,
	);
	console.log(
		`peak memory (RSS) during the static-data rounds: ${(peakRss / 2 ** 20).toFixed(0)} MiB`,
	);
	// BENCH_STORES=static skips the Postgres part (for an A/B of the static-data path between two revisions).
	if (process.env.BENCH_STORES !== 'static')
		await benchCarePostgres({
			rounds,
			items,
			stored,
			counts,
			staticMedian: median(node),
			workflow: wf,
		});
}

/** The highest resident memory sampled while `work` runs (every 20 ms). */
async function withPeakRss<T>(work: () => Promise<T>): Promise<{ result: T; peak: number }> {
	let peak = process.memoryUsage.rss();
	const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 20);
	try {
		const result = await work();
		return { result, peak: Math.max(peak, process.memoryUsage.rss()) };
	} finally {
		clearInterval(timer);
	}
}

/**
 * The same plan with the Postgres ledger store, in the same process right after the static-data
 * rounds: a real PostgreSQL on loopback (scripts/services.mjs) holding the same 1,000,000 entries.
 * Every round plans against a fresh copy of them (copied outside the timing), as the static-data
 * rounds start from the stored ledger.
 */
async function benchCarePostgres(run: {
	rounds: number;
	items: ReturnType<typeof asItems>;
	stored: StoredLedger;
	counts: number[];
	staticMedian: number;
	workflow: WorkflowJson;
}) {
	const pg = await startBenchPostgres();
	const client = new Client({
		host: pg.host,
		port: pg.port,
		user: pg.user,
		password: pg.password,
		database: pg.database,
	});
	await client.connect();
	try {
		const connection = connectionFor(pg, 'bench_');
		await (await PostgresState.open(connection)).close(); // creates the tables
		const rows = [...FollowUpLedger.inMemory(run.stored).customers(NOW)];
		const entries = rows.reduce((n, [, text]) => n + text.split(',').length, 0);
		const loadStart = performance.now();
		for (let i = 0; i < rows.length; i += 10_000) {
			const part = rows.slice(i, i + 10_000);
			await client.query(
				`INSERT INTO bench_state (scope, key, value, version, dies_at) SELECT 'care:base', k, v, 1, d FROM unnest($1::text[], $2::text[], $3::bigint[]) AS u(k, v, d)`,
				[
					part.map(([k]) => k),
					part.map(([, v]) => v),
					part.map(([, v]) => String(firstDeathMinute(v))),
				],
			);
		}
		await client.query('VACUUM ANALYZE bench_state');
		const size = await client.query(
			`SELECT pg_total_relation_size('bench_state')::bigint AS total, pg_relation_size('bench_state')::bigint AS heap, pg_indexes_size('bench_state')::bigint AS idx`,
		);
		const total = Number(size.rows[0].total);
		console.log(
			`\nPostgres ledger store: ${entries.toLocaleString(
				'en',
			)} entries of ${rows.length.toLocaleString('en')} customers loaded in ${(
				(performance.now() - loadStart) /
				1000
			).toFixed(1)} s; on disk ${(total / 2 ** 20).toFixed(1)} MiB (table ${(
				Number(size.rows[0].heap) /
				2 ** 20
			).toFixed(1)} MiB, indexes ${(Number(size.rows[0].idx) / 2 ** 20).toFixed(1)} MiB) = ${(
				total / entries
			).toFixed(1)} bytes per entry`,
		);
		const node: number[] = [];
		let counts: number[] = [];
		let peak = 0;
		for (let r = 0; r < run.rounds; r++) {
			const scope = `round-${r}`;
			await client.query(
				`INSERT INTO bench_state (scope, key, value, version, dies_at) SELECT $1, key, value, version, dies_at FROM bench_state WHERE scope = 'care:base'`,
				[`care:${scope}`],
			);
			(globalThis as { gc?: () => void }).gc?.();
			const wf = structuredClone(run.workflow);
			const plan = wf.nodes.find((n) => n.name === 'Care Follow-Up')!;
			plan.parameters = {
				...plan.parameters,
				ledgerStore: 'postgres',
				ledgerName: scope,
				tablePrefix: 'bench_',
			};
			plan.credentials = { postgres: { id: 'bench', name: 'bench' } };
			const credential = postgresCredentialFor(pg);
			const measured = await withPeakRss(() =>
				runWorkflow(wf, { pinData: { Trigger: run.items }, credentials: { postgres: credential } }),
			);
			peak = Math.max(peak, measured.peak);
			if (measured.result.error) throw measured.result.error;
			node.push(measured.result.run.data.resultData.runData['Care Follow-Up'][0].executionTime);
			counts = measured.result.outputs('Care Follow-Up').map((o) => o.length);
		}
		const reserved = await client.query(
			`SELECT count(*)::int AS n FROM bench_state WHERE scope = 'care:round-0' AND (value LIKE '%~%')`,
		);
		console.log(
			`outputs [review, upsell, VIP, ambassador, win-back, not now]: ${JSON.stringify(counts)} (${
				JSON.stringify(counts) === JSON.stringify(run.counts)
					? 'the same as with static data'
					: `DIFFERENT from static data ${JSON.stringify(run.counts)}`
			}); ${reserved.rows[0].n.toLocaleString('en')} customers hold a reservation after round 1`,
		);
		const ratio = median(node) / run.staticMedian;
		console.log(
			`node alone  ${median(node).toFixed(0).padStart(6)} ms   rounds: ${node
				.map((x) => x.toFixed(0))
				.join(', ')}   = ${ratio.toFixed(2)} × the static-data store's ${run.staticMedian.toFixed(
				0,
			)} ms in this run (target ≤ 2×: ${ratio <= 2 ? 'yes' : 'no'})`,
		);
		console.log(`peak memory (RSS) during the Postgres rounds: ${(peak / 2 ** 20).toFixed(0)} MiB`);
	} finally {
		await client.end();
		await pg.stop();
	}
}

/** A real PostgreSQL on loopback for a benchmark (scripts/services.mjs). */
export async function startBenchPostgres(): Promise<BenchPostgres> {
	// The services module is ESM; this bench (not shipped) compiles to CommonJS, whose import() would become require().
	// eslint-disable-next-line @n8n/community-nodes/no-dangerous-functions
	const load = new Function('url', 'return import(url)') as (
		url: string,
	) => Promise<{ startPostgres: () => Promise<BenchPostgres> }>;
	const { startPostgres } = await load(pathToFileURL(path.resolve('scripts/services.mjs')).href);
	return startPostgres();
}

export interface BenchPostgres {
	host: string;
	port: number;
	user: string;
	password: string;
	database: string;
	stop: () => Promise<void>;
}

/** The ledger's part of a plan, timed alone: what the node does with it, on static data wrapped as n8n wraps it. */
function ledgerWork(storedJson: string, customers: number, reserved: number, rounds: number) {
	const times: Record<'sweep' | 'lookups' | 'reserve' | 'flush' | 'total', number[]> = {
		sweep: [],
		lookups: [],
		reserve: [],
		flush: [],
		total: [],
	};
	const keys = Array.from({ length: customers }, (_, c) => `id:${c}`);
	for (let r = 0; r < rounds; r++) {
		const staticData = ObservableObject.create({ [LEDGER_KEY]: JSON.parse(storedJson) }) as Record<
			string,
			unknown
		>;
		(globalThis as { gc?: () => void }).gc?.();
		const start = process.hrtime.bigint();
		let last = start;
		const lap = (name: keyof typeof times) => {
			const now = process.hrtime.bigint();
			times[name].push(Number(now - last) / 1e6);
			last = now;
		};
		const ledger = FollowUpLedger.open(staticData);
		ledger.sweep(NOW);
		lap('sweep');
		ledger.deferWrites();
		const histories = keys.map((k) => ledger.history(k, NOW));
		lap('lookups');
		for (let i = 0; i < reserved; i++)
			ledger.reserve(histories[i], `review:bench-${i}`, [`product:bench-${i}`], NOW + DAY_MS, NOW);
		lap('reserve');
		ledger.flush();
		lap('flush');
		times.total.push(Number(process.hrtime.bigint() - start) / 1e6);
	}
	const ms = (xs: number[]) => median(xs).toFixed(0);
	return {
		reserved,
		sweep: ms(times.sweep),
		lookups: ms(times.lookups),
		reserve: ms(times.reserve),
		flush: ms(times.flush),
		total: ms(times.total),
	};
}
