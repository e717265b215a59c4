/**
 * Stage memory: what the node remembers of each lead between runs, as CRMs keep a lifecycle stage
 * on the contact. Per lead: the current stage and since when, the highest stage ever, when each
 * stage was first reached, and the last moves. One compact line of text per lead, the same in
 * every store. Pure: no n8n import.
 */
import { DAY_MS, round } from '../../shared/dates';
import { STAGE_RANK, STAGES, type Stage } from '../input/signals';

/** Moves kept per lead (the newest). */
export const MOVES_KEPT = 5;
const MINUTE_MS = 60_000;

export interface StageMove {
	/** null: the lead was first seen at `to`. */
	from: Stage | null;
	to: Stage;
	atMs: number;
}

export interface StageRecord {
	stage: Stage;
	highestStage: Stage;
	/** When the lead entered its current stage (the run that saw the move). */
	sinceMs: number;
	/** When each stage was first reached. */
	reachedAtMs: Partial<Record<Stage, number>>;
	/** The newest moves, oldest first, at most MOVES_KEPT. */
	moves: StageMove[];
}

const LETTER: Readonly<Record<Stage, string>> = { SEE: 'S', THINK: 'T', DO: 'D', CARE: 'C' };
const STAGE_OF_LETTER: Readonly<Record<string, Stage>> = {
	S: 'SEE',
	T: 'THINK',
	D: 'DO',
	C: 'CARE',
};
const minutes = (ms: number) => Math.floor(ms / MINUTE_MS).toString(36);
const fromMinutes = (text: string) => parseInt(text, 36) * MINUTE_MS;

/**
 * One line per lead: `1|<stage><highest>|<since>|<reached SEE>.<THINK>.<DO>.<CARE>|<moves>`, times
 * in minutes since 1970 in base 36, each move `<from or ->< to>@<minute>` joined by ";".
 * About 40 bytes for a lead with two moves.
 */
export function encodeStageRecord(r: StageRecord): string {
	const reached = STAGES.map((s) =>
		r.reachedAtMs[s] === undefined ? '' : minutes(r.reachedAtMs[s]!),
	).join('.');
	const moves = r.moves
		.map((m) => `${m.from ? LETTER[m.from] : '-'}${LETTER[m.to]}@${minutes(m.atMs)}`)
		.join(';');
	return `1|${LETTER[r.stage]}${LETTER[r.highestStage]}|${minutes(r.sinceMs)}|${reached}|${moves}`;
}

/** The record in `text`, or undefined for an empty or unreadable line (the lead is then new again). */
export function decodeStageRecord(text: string | undefined): StageRecord | undefined {
	if (!text) return undefined;
	const parts = text.split('|');
	if (parts.length !== 5 || parts[0] !== '1' || parts[1].length !== 2) return undefined;
	const stage = STAGE_OF_LETTER[parts[1][0]];
	const highestStage = STAGE_OF_LETTER[parts[1][1]];
	const sinceMs = fromMinutes(parts[2]);
	const reachedTexts = parts[3].split('.');
	if (!stage || !highestStage || !Number.isFinite(sinceMs) || reachedTexts.length !== 4)
		return undefined;
	const reachedAtMs: Partial<Record<Stage, number>> = {};
	STAGES.forEach((s, i) => {
		const ms = reachedTexts[i] ? fromMinutes(reachedTexts[i]) : NaN;
		if (Number.isFinite(ms)) reachedAtMs[s] = ms;
	});
	const moves: StageMove[] = [];
	for (const m of parts[4] ? parts[4].split(';') : []) {
		const to = STAGE_OF_LETTER[m[1]];
		const atMs = fromMinutes(m.slice(3));
		if (!to || m[2] !== '@' || !Number.isFinite(atMs)) continue;
		moves.push({ from: m[0] === '-' ? null : STAGE_OF_LETTER[m[0]] ?? null, to, atMs });
	}
	return { stage, highestStage, sinceMs, reachedAtMs, moves };
}

/** What the output says about the lead's memory, in the result field. */
export interface StageMemoryView {
	/** When the lead entered its current stage (ISO). */
	stageSince: string;
	daysInStage: number;
	/** When each stage was first reached (ISO), as far as the memory knows. */
	reachedAt: Partial<Record<Stage, string>>;
	/** The newest moves, oldest first. */
	recentMoves: { from: Stage | null; to: Stage; at: string }[];
}

/**
 * The lead's memory after this run saw it at `stage` (its highest stage ever `highestStage`).
 * A new lead starts its memory now; a lead at the stage it had keeps its "since"; a move is added
 * to the moves, and a stage reached for the first time gets its date.
 */
export function rememberStage(
	stored: StageRecord | undefined,
	stage: Stage,
	highestStage: Stage,
	nowMs: number,
): StageRecord {
	// Kept to the minute, as the stored line is: the run that saw a move and the next read agree.
	nowMs = Math.floor(nowMs / MINUTE_MS) * MINUTE_MS;
	if (!stored) {
		return {
			stage,
			highestStage,
			sinceMs: nowMs,
			reachedAtMs: { [stage]: nowMs },
			moves: [{ from: null, to: stage, atMs: nowMs }],
		};
	}
	const highest =
		STAGE_RANK[highestStage] > STAGE_RANK[stored.highestStage] ? highestStage : stored.highestStage;
	if (stored.stage === stage) return { ...stored, highestStage: highest };
	const reachedAtMs = { ...stored.reachedAtMs };
	if (reachedAtMs[stage] === undefined) reachedAtMs[stage] = nowMs;
	const moves = [...stored.moves, { from: stored.stage, to: stage, atMs: nowMs }].slice(
		-MOVES_KEPT,
	);
	return { stage, highestStage: highest, sinceMs: nowMs, reachedAtMs, moves };
}

const iso = (ms: number) => new Date(ms).toISOString();

export function stageMemoryView(record: StageRecord, nowMs: number): StageMemoryView {
	const reachedAt: Partial<Record<Stage, string>> = {};
	for (const s of STAGES)
		if (record.reachedAtMs[s] !== undefined) reachedAt[s] = iso(record.reachedAtMs[s]!);
	return {
		stageSince: iso(record.sinceMs),
		daysInStage: round(Math.max(0, nowMs - record.sinceMs) / DAY_MS, 1),
		reachedAt,
		recentMoves: record.moves.map((m) => ({ from: m.from, to: m.to, at: iso(m.atMs) })),
	};
}
