import { StageTimesBuilder, stageTimesLine } from '../../nodes/FunnelStage/report/stageTimes';

const day = (d: number) =>
	new Date(Date.parse('2026-03-01T00:00:00Z') + d * 86_400_000).toISOString();

describe('StageTimesBuilder', () => {
	it('gives the median days per step over the leads seen at both stages', () => {
		const t = new StageTimesBuilder();
		t.add({ SEE: day(0), THINK: day(2), DO: day(3) });
		t.add({ SEE: day(0), THINK: day(4) });
		t.add({ SEE: day(1), THINK: day(10), DO: day(11), CARE: day(20) });
		t.add({ DO: day(5), CARE: day(6) }); // first seen at DO: counts from there
		t.add({ THINK: day(3) });
		const r = t.finish()!;
		expect(r.leadsWithMemory).toBe(5);
		expect(r.steps).toEqual([
			{ from: 'SEE', to: 'THINK', medianDays: 4, leads: 3 }, // 2, 4, 9
			{ from: 'THINK', to: 'DO', medianDays: 1, leads: 2 }, // 1, 1
			{ from: 'DO', to: 'CARE', medianDays: 5, leads: 2 }, // 9, 1 → 5
		]);
		expect(stageTimesLine(r, 'en')).toBe(
			'Median days between stages: SEE→THINK 4 (3), THINK→DO 1 (2), DO→CARE 5 (2).',
		);
	});

	it('skips results without memory, damaged dates and a later stage dated before an earlier one', () => {
		const t = new StageTimesBuilder();
		expect(t.finish()).toBeUndefined();
		t.add(undefined);
		t.add('2026-03-01');
		t.add([day(1)]);
		expect(t.finish()).toBeUndefined();
		t.add({ SEE: day(5), THINK: day(1) });
		t.add({ SEE: 'not a date', THINK: day(1) });
		const r = t.finish()!;
		expect(r.leadsWithMemory).toBe(2);
		expect(r.steps.every((s) => s.medianDays === null && s.leads === 0)).toBe(true);
		expect(stageTimesLine(r, 'de')).toBe(
			'Median Tage zwischen den Stufen: noch kein Lead hat eine Stufe gewechselt.',
		);
	});
});
