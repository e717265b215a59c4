/**
 * How long leads take between stages, from stage memory: per step (SEE → THINK, THINK → DO,
 * DO → CARE) the median days between the dates the memory saw a lead first reach each stage,
 * over the leads it saw reach both. Leads classified without memory carry no such dates and are
 * not counted. Pure: no n8n import.
 */
import { DAY_MS, round, toEpochMs } from '../../shared/dates';
import { STAGES, type Stage } from '../input/signals';

export interface StageStep {
	from: Stage;
	to: Stage;
	/** Median days from first reaching `from` to first reaching `to`; null when no lead did both. */
	medianDays: number | null;
	/** Leads the memory saw reach both stages. */
	leads: number;
}

export interface StageTimesReport {
	steps: StageStep[];
	/** Leads whose result carried stage memory. */
	leadsWithMemory: number;
	definition: string;
}

export const STAGE_TIMES_DEFINITION =
	'Days from the run that first saw a lead at a stage to the run that first saw it at the next, median over the leads seen at both (Remember Stages on). A lead first seen at a later stage counts from there.';

function median(values: number[]): number | null {
	if (!values.length) return null;
	const sorted = Float64Array.from(values).sort();
	const mid = sorted.length >> 1;
	return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export class StageTimesBuilder {
	private readonly days: number[][] = [[], [], []];
	private withMemory = 0;

	/** A lead's `reachedAt` from an earlier Funnel Stage result (stage → ISO date); anything else is skipped. */
	add(reachedAt: unknown): void {
		if (!reachedAt || typeof reachedAt !== 'object' || Array.isArray(reachedAt)) return;
		const dates = reachedAt as Record<string, unknown>;
		const ms = STAGES.map((s) => toEpochMs(dates[s]));
		if (ms.every((m) => m === undefined)) return;
		this.withMemory++;
		for (let i = 0; i < 3; i++) {
			const a = ms[i];
			const b = ms[i + 1];
			if (a !== undefined && b !== undefined && b >= a) this.days[i].push((b - a) / DAY_MS);
		}
	}

	/** The report, or undefined when no lead carried stage memory. */
	finish(): StageTimesReport | undefined {
		if (!this.withMemory) return undefined;
		return {
			steps: this.days.map((d, i) => {
				const m = median(d);
				return {
					from: STAGES[i],
					to: STAGES[i + 1],
					medianDays: m === null ? null : round(m, 1),
					leads: d.length,
				};
			}),
			leadsWithMemory: this.withMemory,
			definition: STAGE_TIMES_DEFINITION,
		};
	}
}

/** One line for the report's summary, e.g. "Median days between stages: SEE→THINK 3 (12), THINK→DO 1.5 (4)." (leads in brackets). */
export function stageTimesLine(times: StageTimesReport, language: 'en' | 'de'): string {
	const de = language === 'de';
	const steps = times.steps
		.filter((s) => s.medianDays !== null)
		.map(
			(s) =>
				`${s.from}→${s.to} ${de ? String(s.medianDays).replace('.', ',') : s.medianDays} (${
					s.leads
				})`,
		);
	const what = de ? 'Median Tage zwischen den Stufen' : 'Median days between stages';
	const body = steps.length
		? steps.join(', ')
		: de
		? 'noch kein Lead hat eine Stufe gewechselt'
		: 'no lead has moved a stage yet';
	return `${what}: ${body}.`;
}
