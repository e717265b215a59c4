/**
 * The exactly-once ledger of follow-ups, kept in the workflow's static data.
 *
 * Two phases: Plan reserves a follow-up (the reservation expires, default after 24 hours);
 * Confirm Sent, placed after the email node, commits it. A reserved or committed follow-up is
 * never planned again; an expired reservation is planned again, so nothing is lost. Committed
 * entries are dropped after 400 days, which is longer than every "once per …" rule.
 *
 * Storage, compact so a shop's ledger stays small in n8n's database: one string per customer,
 * keyed by a 64-bit hash of the customer, holding fixed-width entries
 *   <6-char follow-up hash><state><minute in base 36>  joined by ","
 * state: "+" committed mail, "*" committed marker (e.g. "this product was asked about"),
 *        "~" reserved mail, "^" reserved marker; the time is the commit minute, or for a
 *        reservation the minute it expires. Mails count towards the frequency caps; markers do not.
 * Pure: no n8n import.
 */

export const LEDGER_KEY = 'socialFunnelCareLedger';
export const COMMITTED_KEEP_DAYS = 400;
const MINUTE_MS = 60_000;
const FID_LENGTH = 6;

export type EntryState = 'committedMail' | 'committedMarker' | 'reservedMail' | 'reservedMarker';
const STATE_CHAR: Record<EntryState, string> = { committedMail: '+', committedMarker: '*', reservedMail: '~', reservedMarker: '^' };
const CHAR_STATE: Record<string, EntryState> = { '+': 'committedMail', '*': 'committedMarker', '~': 'reservedMail', '^': 'reservedMarker' };

export interface LedgerEntry {
	fid: string;
	state: EntryState;
	/** Commit time, or the expiry of a reservation (epoch ms, minute precision). */
	atMs: number;
}

export interface StoredLedger {
	v: 1;
	/** Customer hash → entries. */
	c: Record<string, string>;
	/** Minute of the last full sweep of expired entries. */
	p?: number;
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

function hash32(text: string, seed: number): number {
	let h = seed ^ text.length;
	for (let i = 0; i < text.length; i++) {
		h = Math.imul(h ^ text.charCodeAt(i), 0x5bd1e995);
		h ^= h >>> 15;
	}
	h = Math.imul(h ^ (h >>> 13), 0x85ebca6b);
	h = Math.imul(h ^ (h >>> 16), 0xc2b2ae35);
	return (h ^ (h >>> 16)) >>> 0;
}

const B64_CODES = Array.from(B64, (c) => c.charCodeAt(0));

const sixth = (n: number, k: number) => B64_CODES[Math.floor(n / 64 ** k) % 64];

/** Six URL-safe characters for the low 36 bits of `n`, built as one string (planning hashes many keys). */
function b64six(n: number): string {
	return String.fromCharCode(sixth(n, 0), sixth(n, 1), sixth(n, 2), sixth(n, 3), sixth(n, 4), sixth(n, 5));
}

/** 64-bit hash of a customer identity, as 12 URL-safe characters. */
export function customerHash(customerKey: string): string {
	return b64six(hash32(customerKey, 0x9747b28c)) + b64six(hash32(customerKey, 0x1b873593));
}

/** 36-bit hash of a follow-up key within one customer ("review:order:1001"), as 6 characters. */
export function followUpHash(followUpKey: string): string {
	const a = hash32(followUpKey, 0x2f6b3c1d);
	const b = hash32(followUpKey, 0x7ad4e5f1) & 15;
	return b64six(a + b * 2 ** 32);
}

export function parseEntries(text: string | undefined): LedgerEntry[] {
	if (!text) return [];
	const out: LedgerEntry[] = [];
	for (const part of text.split(',')) {
		const state = CHAR_STATE[part[FID_LENGTH]];
		const minute = parseInt(part.slice(FID_LENGTH + 1), 36);
		if (state && Number.isFinite(minute)) out.push({ fid: part.slice(0, FID_LENGTH), state, atMs: minute * MINUTE_MS });
	}
	return out;
}

export function formatEntries(entries: readonly LedgerEntry[]): string {
	return entries.map((e) => `${e.fid}${STATE_CHAR[e.state]}${Math.round(e.atMs / MINUTE_MS).toString(36)}`).join(',');
}

const isReserved = (e: LedgerEntry) => e.state === 'reservedMail' || e.state === 'reservedMarker';

/** Entries still in force at `nowMs`: reservations not yet expired, commits younger than 400 days. */
export function liveEntries(entries: readonly LedgerEntry[], nowMs: number): LedgerEntry[] {
	const oldest = nowMs - COMMITTED_KEEP_DAYS * 86_400_000;
	return entries.filter((e) => (isReserved(e) ? e.atMs > nowMs : e.atMs >= oldest));
}

/** Reads one entry of a bucket at `start` (the position of its fid), or undefined if it is dead at `nowMs`. */
function entryAt(text: string, start: number, nowMs: number): LedgerEntry | undefined {
	let end = text.indexOf(',', start);
	if (end < 0) end = text.length;
	const state = CHAR_STATE[text[start + FID_LENGTH]];
	const atMs = parseInt(text.slice(start + FID_LENGTH + 1, end), 36) * MINUTE_MS;
	if (!state || !Number.isFinite(atMs)) return undefined;
	const e: LedgerEntry = { fid: text.slice(start, start + FID_LENGTH), state, atMs };
	const live = isReserved(e) ? atMs > nowMs : atMs >= nowMs - COMMITTED_KEEP_DAYS * 86_400_000;
	return live ? e : undefined;
}

/**
 * What the planner needs to know about one customer's history. Looks entries up in the stored
 * text without parsing all of it: planning reads a few entries of each of many customers.
 */
export class CustomerHistory {
	constructor(
		readonly customerHash: string,
		private readonly text: string,
		private readonly nowMs: number,
	) {}

	entry(followUpKey: string): LedgerEntry | undefined {
		if (!this.text) return undefined;
		const fid = followUpHash(followUpKey);
		for (let i = this.text.indexOf(fid); i >= 0; i = this.text.indexOf(fid, i + 1)) {
			// A match must start an entry (the text is "<fid><state><time>,<fid>…").
			if (i === 0 || this.text.charCodeAt(i - 1) === 44 /* , */) return entryAt(this.text, i, this.nowMs);
		}
		return undefined;
	}

	/** Commit (or reservation) of a follow-up within the last `days`; reservations always count. */
	heldWithin(followUpKey: string, days: number, nowMs: number): LedgerEntry | undefined {
		const e = this.entry(followUpKey);
		if (!e) return undefined;
		if (isReserved(e)) return e;
		return e.atMs > nowMs - days * 86_400_000 ? e : undefined;
	}

	get entries(): LedgerEntry[] {
		return liveEntries(parseEntries(this.text), this.nowMs);
	}

	/**
	 * The mails sent or reserved, for the frequency caps: the newest, and how many fall within
	 * `windowMs` before now with the oldest of those. Commits count at their time; a reservation
	 * counts as sent now (its mail may be on its way), which keeps the caps safe. Scans the stored
	 * text without building entries: this runs for every customer who is due something.
	 */
	mailSummary(nowMs: number, windowMs: number): MailSummary {
		const summary: MailSummary = { latest: undefined, inWindow: 0, oldestInWindow: undefined };
		const text = this.text;
		const oldestCommitMinute = (nowMs - COMMITTED_KEEP_DAYS * 86_400_000) / MINUTE_MS;
		for (let start = 0; start < text.length; ) {
			let end = text.indexOf(',', start);
			if (end < 0) end = text.length;
			const state = text.charCodeAt(start + FID_LENGTH);
			const minute = base36At(text, start + FID_LENGTH + 1, end);
			start = end + 1;
			if (Number.isNaN(minute)) continue; // unreadable: never counted (parseEntries skips it too)
			const reserved = state === RESERVED_MAIL;
			if (!reserved && state !== COMMITTED_MAIL) continue; // markers do not count
			if (reserved ? minute * MINUTE_MS <= nowMs : minute < oldestCommitMinute) continue; // dead entry
			const at = reserved ? nowMs : minute * MINUTE_MS;
			if (summary.latest === undefined || at > summary.latest) summary.latest = at;
			if (nowMs - at < windowMs) {
				summary.inWindow++;
				if (summary.oldestInWindow === undefined || at < summary.oldestInWindow) summary.oldestInWindow = at;
			}
		}
		return summary;
	}
}

export interface MailSummary {
	/** The newest mail (a reservation counts as now), if any. */
	latest: number | undefined;
	/** Mails within the window before now. */
	inWindow: number;
	oldestInWindow: number | undefined;
}

const COMMITTED_MAIL = 43; /* + */
const RESERVED_MAIL = 126; /* ~ */
const RESERVED_MARKER = 94; /* ^ */

/** A base-36 number in `text` from `start` to `end`, without cutting it out; NaN if it is not one. */
function base36At(text: string, start: number, end: number): number {
	if (end <= start) return NaN;
	let n = 0;
	for (let i = start; i < end; i++) {
		const c = text.charCodeAt(i);
		const digit = c >= 48 && c <= 57 ? c - 48 : c >= 97 && c <= 122 ? c - 87 : -1;
		if (digit < 0) return NaN;
		n = n * 36 + digit;
	}
	return n;
}

/** The ledger of one workflow, read from and written back to its static data. */
export class FollowUpLedger {
	private pending: { customerHash: string; updates: LedgerEntry[]; nowMs: number }[] | undefined;

	/** Customer hash → entries; read once, since in n8n static data sits behind a proxy that every read goes through. */
	private readonly buckets: Record<string, string>;

	private constructor(private readonly stored: StoredLedger) {
		this.buckets = stored.c;
	}

	/** Holds reservations back until `flush()`: a run that fails half-way then reserves nothing. */
	deferWrites(): void {
		this.pending = [];
	}

	/** Writes the held-back reservations. */
	flush(): void {
		const pending = this.pending ?? [];
		this.pending = undefined;
		for (const p of pending) this.write(p.customerHash, p.updates, p.nowMs);
	}

	/** Opens the ledger inside `staticData` (creates it on first use). */
	static open(staticData: Record<string, unknown>): FollowUpLedger {
		let stored = staticData[LEDGER_KEY] as StoredLedger | undefined;
		if (!stored || typeof stored !== 'object' || stored.v !== 1 || typeof stored.c !== 'object' || stored.c === null) {
			stored = { v: 1, c: {} };
			staticData[LEDGER_KEY] = stored;
			stored = staticData[LEDGER_KEY] as StoredLedger;
		}
		return new FollowUpLedger(stored);
	}

	/** The stored ledger without creating it (a dry run reads history but writes nothing back). */
	static peek(staticData: Record<string, unknown>): StoredLedger {
		const stored = staticData[LEDGER_KEY] as StoredLedger | undefined;
		return stored && typeof stored === 'object' && stored.v === 1 && stored.c && typeof stored.c === 'object' ? stored : { v: 1, c: {} };
	}

	/** A ledger held only in memory (dry runs and tests). */
	static inMemory(stored: StoredLedger = { v: 1, c: {} }): FollowUpLedger {
		return new FollowUpLedger(stored);
	}

	history(customerKey: string, nowMs: number): CustomerHistory {
		const h = customerHash(customerKey);
		return new CustomerHistory(h, this.buckets[h] ?? '', nowMs);
	}

	/** Writes entries for one customer (replacing entries of the same follow-up), dropping dead ones. */
	write(customerHashValue: string, updates: readonly LedgerEntry[], nowMs: number, keepEarlierCommit = false): void {
		const text = this.buckets[customerHashValue];
		if (!text) {
			this.buckets[customerHashValue] = formatEntries(updates);
			return;
		}
		if (updates.every((u) => !text.includes(u.fid))) {
			// Nothing to replace: append (dead entries go at the daily sweep).
			this.buckets[customerHashValue] = `${text},${formatEntries(updates)}`;
			return;
		}
		const current = liveEntries(parseEntries(this.buckets[customerHashValue]), nowMs);
		const byFid = new Map(current.map((e) => [e.fid, e]));
		for (const u of updates) {
			const old = byFid.get(u.fid);
			if (keepEarlierCommit && old && !isReserved(old)) continue; // already committed: keep the first send time
			byFid.set(u.fid, u);
		}
		const next = formatEntries([...byFid.values()]);
		if (next) this.buckets[customerHashValue] = next;
		else delete this.buckets[customerHashValue];
	}

	/** Reserves a follow-up: the mail entry and its markers, until `expiresAtMs`. */
	reserve(customerHashValue: string, mailKey: string, markerKeys: readonly string[], expiresAtMs: number, nowMs: number): string {
		const mail = { fid: followUpHash(mailKey), state: 'reservedMail' as const, atMs: expiresAtMs };
		const markers = markerKeys.map((k) => ({ fid: followUpHash(k), state: 'reservedMarker' as const, atMs: expiresAtMs }));
		if (this.pending) this.pending.push({ customerHash: customerHashValue, updates: [mail, ...markers], nowMs });
		else this.write(customerHashValue, [mail, ...markers], nowMs);
		return confirmationRef(customerHashValue, mail.fid, markers.map((m) => m.fid));
	}

	/**
	 * Commits what a reference names. Idempotent: an entry already committed keeps its first time.
	 * Works even when the reservation has expired or was swept: the mail went out, so it is recorded.
	 */
	commit(ref: ConfirmationRef, nowMs: number): 'committed' | 'alreadyCommitted' {
		const current = parseEntries(this.buckets[ref.customerHash]);
		const mail = current.find((e) => e.fid === ref.mailFid);
		const already = mail !== undefined && mail.state === 'committedMail';
		const updates: LedgerEntry[] = [
			{ fid: ref.mailFid, state: 'committedMail', atMs: nowMs },
			...ref.markerFids.map((fid) => ({ fid, state: 'committedMarker' as const, atMs: nowMs })),
		];
		this.write(ref.customerHash, updates, nowMs, true);
		return already ? 'alreadyCommitted' : 'committed';
	}

	/** Releases a reservation (the mail was not sent), so the follow-up is planned again next run. */
	release(ref: ConfirmationRef, nowMs: number): 'released' | 'notReserved' {
		const current = liveEntries(parseEntries(this.buckets[ref.customerHash]), nowMs);
		const fids = new Set([ref.mailFid, ...ref.markerFids]);
		const kept = current.filter((e) => !(fids.has(e.fid) && isReserved(e)));
		if (kept.length === current.length) return 'notReserved';
		const text = formatEntries(kept);
		if (text) this.buckets[ref.customerHash] = text;
		else delete this.buckets[ref.customerHash];
		return 'released';
	}

	/** Drops expired reservations and commits older than 400 days, at most once a day. Returns entries dropped. */
	sweep(nowMs: number, force = false): number {
		const minute = Math.floor(nowMs / MINUTE_MS);
		if (!force && this.stored.p !== undefined && minute - this.stored.p < 24 * 60) return 0;
		const oldestCommit = Math.floor((nowMs - COMMITTED_KEEP_DAYS * 86_400_000) / MINUTE_MS);
		let dropped = 0;
		const buckets = this.buckets;
		for (const h of Object.keys(buckets)) {
			const text = buckets[h];
			// Scan the text in place; only a bucket that holds a dead entry is rewritten.
			if (!hasDeadEntry(text, minute, oldestCommit)) continue;
			const all = parseEntries(text);
			const live = liveEntries(all, nowMs);
			dropped += all.length - live.length;
			if (live.length) buckets[h] = formatEntries(live);
			else delete buckets[h];
		}
		this.stored.p = minute;
		return dropped;
	}

	stats(): { customers: number; entries: number; bytes: number } {
		let entries = 0;
		const keys = Object.keys(this.buckets);
		for (const h of keys) {
			const text = this.buckets[h];
			entries++;
			for (let i = text.indexOf(','); i >= 0; i = text.indexOf(',', i + 1)) entries++;
		}
		return { customers: keys.length, entries, bytes: Buffer.byteLength(JSON.stringify(this.stored)) };
	}
}

function hasDeadEntry(text: string, nowMinute: number, oldestCommitMinute: number): boolean {
	for (let start = 0; start < text.length; ) {
		let end = text.indexOf(',', start);
		if (end < 0) end = text.length;
		const state = text.charCodeAt(start + FID_LENGTH);
		const minute = base36At(text, start + FID_LENGTH + 1, end);
		const reserved = state === RESERVED_MAIL || state === RESERVED_MARKER;
		if (reserved ? minute <= nowMinute : minute < oldestCommitMinute) return true;
		start = end + 1;
	}
	return false;
}

export interface ConfirmationRef {
	customerHash: string;
	mailFid: string;
	markerFids: string[];
}

const REF_PREFIX = 'sfcare1';

/** The text Confirm Sent receives: "sfcare1.<customer hash>.<mail hash><marker hashes…>". */
export function confirmationRef(customerHashValue: string, mailFid: string, markerFids: readonly string[]): string {
	return `${REF_PREFIX}.${customerHashValue}.${mailFid}${markerFids.join('')}`;
}

const REF_PATTERN = /^sfcare1\.([A-Za-z0-9_-]{12})\.((?:[A-Za-z0-9_-]{6})+)$/;

export function parseConfirmationRef(text: string): ConfirmationRef | undefined {
	const m = REF_PATTERN.exec(text.trim());
	if (!m) return undefined;
	const fids = m[2].match(/.{6}/g)!;
	return { customerHash: m[1], mailFid: fids[0], markerFids: fids.slice(1) };
}
