import {
	decodeStageRecord,
	encodeStageRecord,
	MOVES_KEPT,
	rememberStage,
	stageMemoryView,
} from '../../nodes/FunnelStage/memory/stageMemory';

const T0 = Date.parse('2026-03-02T09:00:00.000Z');
const DAY = 86_400_000;

describe('rememberStage', () => {
	it('starts a new lead now, at its stage, with one move from nowhere', () => {
		const r = rememberStage(undefined, 'THINK', 'THINK', T0 + 30_000);
		expect(r).toEqual({
			stage: 'THINK',
			highestStage: 'THINK',
			sinceMs: T0, // kept to the minute, as stored
			reachedAtMs: { THINK: T0 },
			moves: [{ from: null, to: 'THINK', atMs: T0 }],
		});
	});

	it('keeps "since" while the stage stays, and moves it on a change; the first reach of a stage is kept', () => {
		const a = rememberStage(undefined, 'THINK', 'THINK', T0);
		const same = rememberStage(a, 'THINK', 'THINK', T0 + DAY);
		expect(same.sinceMs).toBe(T0);
		expect(same.moves).toHaveLength(1);
		const up = rememberStage(same, 'DO', 'DO', T0 + 2 * DAY);
		const down = rememberStage(up, 'THINK', 'DO', T0 + 3 * DAY);
		expect(down).toMatchObject({ stage: 'THINK', highestStage: 'DO', sinceMs: T0 + 3 * DAY });
		expect(down.reachedAtMs).toEqual({ THINK: T0, DO: T0 + 2 * DAY });
		expect(down.moves.map((m) => `${m.from}>${m.to}`)).toEqual([
			'null>THINK',
			'THINK>DO',
			'DO>THINK',
		]);
	});

	it(`keeps the newest ${MOVES_KEPT} moves`, () => {
		let r = rememberStage(undefined, 'SEE', 'SEE', T0);
		for (let d = 1; d <= 8; d++)
			r = rememberStage(r, d % 2 ? 'THINK' : 'SEE', 'THINK', T0 + d * DAY);
		expect(r.moves).toHaveLength(MOVES_KEPT);
		expect(r.moves[MOVES_KEPT - 1].atMs).toBe(T0 + 8 * DAY);
	});
});

describe('the stored line', () => {
	it('round-trips a record and stays short', () => {
		let r = rememberStage(undefined, 'SEE', 'SEE', T0);
		r = rememberStage(r, 'THINK', 'THINK', T0 + DAY);
		r = rememberStage(r, 'CARE', 'CARE', T0 + 9 * DAY);
		const line = encodeStageRecord(r);
		expect(decodeStageRecord(line)).toEqual(r);
		expect(line.length).toBeLessThan(60);
	});

	it.each(['', 'x', '2|TT|a|...|', '1|XT|a|...|', '1|TT|a|..|', '1|TT|!|...|'])(
		'reads %p as no memory (the lead is new again), never throws',
		(line) => expect(decodeStageRecord(line)).toBeUndefined(),
	);

	it('skips a damaged move and keeps the rest', () => {
		const r = decodeStageRecord('1|TT|1a|.1a..|-T@1a;ZZ@1b');
		expect(r?.moves).toEqual([{ from: null, to: 'THINK', atMs: parseInt('1a', 36) * 60_000 }]);
	});
});

describe('stageMemoryView', () => {
	it('gives since when, whole and part days in the stage, and ISO dates', () => {
		const r = rememberStage(undefined, 'DO', 'DO', T0);
		expect(stageMemoryView(r, T0 + 1.5 * DAY)).toEqual({
			stageSince: '2026-03-02T09:00:00.000Z',
			daysInStage: 1.5,
			reachedAt: { DO: '2026-03-02T09:00:00.000Z' },
			recentMoves: [{ from: null, to: 'DO', at: '2026-03-02T09:00:00.000Z' }],
		});
	});
});
