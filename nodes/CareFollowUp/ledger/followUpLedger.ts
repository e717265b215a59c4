/**
 * The exactly-once ledger of follow-ups, kept in the workflow's static data.
 *
 * Two phases: Plan reserves a follow-up (the reservation expires, default after 24 hours);
 * Confirm Sent, placed after the email node, commits it. A reserved or committed follow-up is
 * never planned again; an expired reservation is planned again, so nothing is lost. Committed
 * entries are dropped after 400 days, which is longer than every "once per …" rule.
 *
 * Storage, compact so a shop's ledger stays small in n8n's database. Each customer is a 64-bit
 * hash of its identity (12 characters) followed by its entries, fixed-width and joined by ",":
 *   <6-char follow-up hash><state><minute in base 36>
 * state: "+" committed mail, "*" committed marker (e.g. "this product was asked about"),
 *        "~" reserved mail, "^" reserved marker; "!" and "?" the same reserved under Hold for
 *        Review, which do not expire: once their time has passed, the mail's sent state is
 *        unknown and the follow-up waits until Confirm Sent commits or releases it. The time is
 *        the commit minute, or for a reservation the minute it expires. Mails count towards the
 *        frequency caps; markers do not.
 * Customers are kept in at most 16,384 shards (by the first two characters of their hash and two
 * bits of the third), each one string of customers joined by "|". n8n wraps static data in a
 * proxy that every key read, write and listing goes through; shards keep that to at most 16,384
 * keys however many customers a shop has (version 1 stored one key per customer and is
 * upgraded on open).
 * Pure: no n8n import.
 */

export const LEDGER_KEY = 'socialFunnelCareLedger';
export const COMMITTED_KEEP_DAYS = 400;
const MINUTE_MS = 60_000;
const FID_LENGTH = 6;

export type EntryState =
	| 'committedMail'
	| 'committedMarker'
	| 'reservedMail'
	| 'reservedMarker'
	| 'heldMail'
	| 'heldMarker';
const STATE_CHAR: Record<EntryState, string> = {
	committedMail: '+',
	committedMarker: '*',
	reservedMail: '~',
	reservedMarker: '^',
	heldMail: '!',
	heldMarker: '?',
};
const CHAR_STATE: Record<string, EntryState> = {
	'+': 'committedMail',
	'*': 'committedMarker',
	'~': 'reservedMail',
	'^': 'reservedMarker',
	'!': 'heldMail',
	'?': 'heldMarker',
};

export interface LedgerEntry {
	fid: string;
	state: EntryState;
	/** Commit time, or the expiry of a reservation (epoch ms, minute precision). */
	atMs: number;
}

export interface StoredLedger {
	v: 2;
	/** Shard key (see SHARD_KEYS) → "<customer hash><entries>|<customer hash><entries>…". */
	s: Record<string, string>;
	/** Minute of the last full sweep of expired entries. */
	p?: number;
}

/** The first layout: customer hash → entries, one key per customer. Read and upgraded to version 2. */
interface StoredLedgerV1 {
	v: 1;
	c: Record<string, string>;
	p?: number;
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

function finish32(h: number): number {
	h = Math.imul(h ^ (h >>> 13), 0x85ebca6b);
	h = Math.imul(h ^ (h >>> 16), 0xc2b2ae35);
	return (h ^ (h >>> 16)) >>> 0;
}

const B64_CODES = Array.from(B64, (c) => c.charCodeAt(0));

/**
 * Six URL-safe characters for 36 bits: the 32 bits of `low` and the low 4 bits of `high`, six
 * bits per character from the lowest. Built with shifts as one string: planning hashes many keys.
 */
function b64six(low: number, high: number): string {
	return String.fromCharCode(
		B64_CODES[low & 63],
		B64_CODES[(low >>> 6) & 63],
		B64_CODES[(low >>> 12) & 63],
		B64_CODES[(low >>> 18) & 63],
		B64_CODES[(low >>> 24) & 63],
		B64_CODES[(low >>> 30) | ((high & 15) << 2)],
	);
}

/** The two hashes `hashTwice` computed last (read them before the next call; no pair is allocated per key). */
const hashed = new Uint32Array(2);

/** One step of the hash (a murmur-style mix of one character). The stored hashes must never change: a test pins them. */
function mix(h: number, c: number): number {
	h = Math.imul(h ^ c, 0x5bd1e995);
	return h ^ (h >>> 15);
}

/** Character `i` of `text + tail`, read from the two parts without joining them. */
const charOf = (text: string, tail: string, i: number) =>
	i < text.length ? text.charCodeAt(i) : tail.charCodeAt(i - text.length);

/** Two 32-bit hashes of `text + tail` with two seeds, in one pass, into `hashed`. */
function hashTwice(text: string, seedA: number, seedB: number, tail = ''): void {
	const length = text.length + tail.length;
	let a = seedA ^ length;
	let b = seedB ^ length;
	for (let i = 0; i < length; i++) {
		const c = charOf(text, tail, i);
		a = mix(a, c);
		b = mix(b, c);
	}
	hashed[0] = finish32(a);
	hashed[1] = finish32(b);
}

/** One of hashTwice's two hashes (the same value), for a look-up that needs the second only when the first matches. */
function hashOnce(text: string, seed: number, tail: string): number {
	const length = text.length + tail.length;
	let a = seed ^ length;
	for (let i = 0; i < length; i++) a = mix(a, charOf(text, tail, i));
	return finish32(a);
}

/** 64-bit hash of a customer identity, as 12 URL-safe characters (32 bits of each seed in six characters). */
export function customerHash(customerKey: string): string {
	hashTwice(customerKey, 0x9747b28c, 0x1b873593);
	return b64six(hashed[0], 0) + b64six(hashed[1], 0);
}

/** The two seeds of follow-up hashes (see followUpHash). */
const FOLLOW_UP_SEEDS = [0x2f6b3c1d, 0x7ad4e5f1] as const;

/**
 * 36-bit hash of a follow-up key within one customer ("review:1001"), as 6 characters: 32 bits
 * of one seed, 4 of the other. The key is `followUpKey + subject`: a rule that looks up many keys
 * ("review:" and each order id) passes the two apart, and no key text is built for the look-up.
 */
export function followUpHash(followUpKey: string, subject = ''): string {
	hashTwice(followUpKey, FOLLOW_UP_SEEDS[0], FOLLOW_UP_SEEDS[1], subject);
	return b64six(hashed[0], hashed[1]);
}

/**
 * The 36 bits of the entry's follow-up hash at `at` (the inverse of b64six) into `into`: the low
 * 32 bits and the high 4, or -1 and -1 if they are not six of ours before `end`.
 */
function pushHashValue(text: string, at: number, end: number, into: number[]): void {
	if (end - at < FID_LENGTH) {
		into.push(-1, -1);
		return;
	}
	let low = 0;
	for (let k = 0; k < FID_LENGTH; k++) {
		const v = B64_VALUE[text.charCodeAt(at + k)] ?? -1;
		if (v < 0) {
			into.push(-1, -1);
			return;
		}
		if (k < FID_LENGTH - 1) low |= v << (6 * k);
		else into.push((low | ((v & 3) << 30)) >>> 0, v >> 2);
	}
}

export function parseEntries(text: string | undefined): LedgerEntry[] {
	if (!text) return [];
	const out: LedgerEntry[] = [];
	for (const part of text.split(',')) {
		const state = CHAR_STATE[part[FID_LENGTH]];
		const minute = parseInt(part.slice(FID_LENGTH + 1), 36);
		if (state && Number.isFinite(minute))
			out.push({ fid: part.slice(0, FID_LENGTH), state, atMs: minute * MINUTE_MS });
	}
	return out;
}

export function formatEntries(entries: readonly LedgerEntry[]): string {
	return entries
		.map((e) => `${e.fid}${STATE_CHAR[e.state]}${Math.round(e.atMs / MINUTE_MS).toString(36)}`)
		.join(',');
}

/** Reserved and not confirmed yet (either kind of reservation). */
const isReserved = (e: LedgerEntry) =>
	e.state === 'reservedMail' ||
	e.state === 'reservedMarker' ||
	e.state === 'heldMail' ||
	e.state === 'heldMarker';
/** A reservation that dies when it expires (Plan Again After Expiry); every other entry lives 400 days from its time. */
const expires = (e: LedgerEntry) => e.state === 'reservedMail' || e.state === 'reservedMarker';

/** A mail reserved under Hold for Review whose reservation has passed without Confirm Sent: sent or not, nobody knows. */
export const isUnconfirmed = (e: LedgerEntry, nowMs: number) =>
	e.state === 'heldMail' && e.atMs <= nowMs;
/** A mail reserved and still waiting for Confirm Sent within its reservation. */
export const isAwaitingConfirmation = (e: LedgerEntry, nowMs: number) =>
	e.state === 'reservedMail' || (e.state === 'heldMail' && e.atMs > nowMs);

/** Of two live entries of one follow-up: a reservation holds it more than a commit, and a later time more than an earlier. */
const stronger = (a: LedgerEntry, b: LedgerEntry) =>
	isReserved(a) !== isReserved(b) ? isReserved(a) : a.atMs > b.atMs;

/** Entries still in force at `nowMs`: reservations not yet expired, commits younger than 400 days. */
export function liveEntries(entries: readonly LedgerEntry[], nowMs: number): LedgerEntry[] {
	const oldest = nowMs - COMMITTED_KEEP_DAYS * 86_400_000;
	return entries.filter((e) => (expires(e) ? e.atMs > nowMs : e.atMs >= oldest));
}

/** Reads one entry of a bucket at `start` (the position of its fid), or undefined if it is dead at `nowMs`. */
function entryAt(text: string, start: number, nowMs: number): LedgerEntry | undefined {
	let end = text.indexOf(',', start);
	if (end < 0) end = text.length;
	const state = CHAR_STATE[text[start + FID_LENGTH]];
	const atMs = parseInt(text.slice(start + FID_LENGTH + 1, end), 36) * MINUTE_MS;
	if (!state || !Number.isFinite(atMs)) return undefined;
	const e: LedgerEntry = { fid: text.slice(start, start + FID_LENGTH), state, atMs };
	const live = expires(e) ? atMs > nowMs : atMs >= nowMs - COMMITTED_KEEP_DAYS * 86_400_000;
	return live ? e : undefined;
}

/**
 * What the planner needs to know about one customer's history. Looks entries up in the stored
 * text without parsing all of it: planning reads a few entries of each of many customers.
 * The text may join the entries of several identities of one person (their customer id and their
 * email); a follow-up found under more than one counts by its strongest entry.
 */
export class CustomerHistory {
	constructor(
		/** Where this run writes: the hash of the customer's key. */
		readonly customerHash: string,
		private readonly text: string,
		private readonly nowMs: number,
		/** The entries kept under `customerHash` alone, which a reservation rewrites. */
		readonly ownText = text,
		/** The hashes of every identity whose entries `text` joins (`customerHash` first): a store that shares the ledger between runs checks none of them changed. */
		readonly readHashes: readonly string[] = [customerHash],
	) {}

	/**
	 * Per entry of the text, in threes: the low 32 and high 4 bits of its follow-up hash, and where
	 * it starts. Built at the first look-up, since a customer's rules look up several follow-ups.
	 */
	private index: number[] | undefined;

	/** The live entry of a follow-up (key `followUpKey + subject`, see followUpHash): a reservation first, else the newest commit. */
	entry(followUpKey: string, subject = ''): LedgerEntry | undefined {
		if (!this.text) return undefined;
		// The first hash alone rules out almost every entry; the second is computed only on a match.
		const low = hashOnce(followUpKey, FOLLOW_UP_SEEDS[0], subject);
		let high = -1;
		const index = (this.index ??= entryIndex(this.text));
		let best: LedgerEntry | undefined;
		for (let k = 0; k < index.length; k += 3) {
			if (index[k] !== low) continue;
			if (high < 0) high = hashOnce(followUpKey, FOLLOW_UP_SEEDS[1], subject) & 15;
			if (index[k + 1] !== high) continue;
			const e = entryAt(this.text, index[k + 2], this.nowMs);
			if (e && (!best || stronger(e, best))) best = e;
		}
		return best;
	}

	/** Commit (or reservation) of a follow-up (key `followUpKey + subject`) within the last `days`; reservations always count. */
	heldWithin(
		followUpKey: string,
		days: number,
		nowMs: number,
		subject = '',
	): LedgerEntry | undefined {
		const e = this.entry(followUpKey, subject);
		if (!e) return undefined;
		if (isReserved(e)) return e;
		return e.atMs > nowMs - days * 86_400_000 ? e : undefined;
	}

	get entries(): LedgerEntry[] {
		return liveEntries(parseEntries(this.text), this.nowMs);
	}

	/**
	 * The follow-ups of this customer whose sent state is unknown (Hold for Review: reserved, the
	 * reservation passed, never confirmed), each with the reference Confirm Sent takes to record or
	 * release it (the mail and the markers reserved with it).
	 */
	unconfirmed(): { ref: string; reservedUntil: number }[] {
		if (!this.ownText.includes('!')) return [];
		const own = parseEntries(this.ownText);
		return own
			.filter((e) => isUnconfirmed(e, this.nowMs))
			.map((mail) => ({
				ref: confirmationRef(
					this.customerHash,
					mail.fid,
					own.filter((m) => m.state === 'heldMarker' && m.atMs === mail.atMs).map((m) => m.fid),
				),
				reservedUntil: mail.atMs,
			}));
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
			const held = state === HELD_MAIL;
			if (!reserved && !held && state !== COMMITTED_MAIL) continue; // markers do not count
			if (reserved ? minute * MINUTE_MS <= nowMs : minute < oldestCommitMinute) continue; // dead entry
			// A reservation counts as sent now (its mail may be on its way); a held one whose time passed, as sent then.
			const at = reserved || (held && minute * MINUTE_MS > nowMs) ? nowMs : minute * MINUTE_MS;
			if (summary.latest === undefined || at > summary.latest) summary.latest = at;
			if (nowMs - at < windowMs) {
				summary.inWindow++;
				if (summary.oldestInWindow === undefined || at < summary.oldestInWindow)
					summary.oldestInWindow = at;
			}
		}
		return summary;
	}
}

/** The entries of a customer's text ("<fid><state><time>,<fid>…") as hash values and starts (see CustomerHistory.index). */
function entryIndex(text: string): number[] {
	const index: number[] = [];
	for (let start = 0; start < text.length; ) {
		let end = text.indexOf(',', start);
		if (end < 0) end = text.length;
		pushHashValue(text, start, end, index);
		index.push(start);
		start = end + 1;
	}
	return index;
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
const HELD_MAIL = 33; /* ! */

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

const HASH_LENGTH = 12;
const SEGMENT_SEPARATOR = 124; /* | */
const B64_VALUE = new Int8Array(128).fill(-1);
B64_CODES.forEach((code, value) => (B64_VALUE[code] = value));
/**
 * The 16,384 shard keys, by shard number, so a lookup builds no key string: the first two
 * characters of a customer hash and one of A–D for the low two bits of the third. Shards of a
 * large shop stay near 1 KB (a lookup searches one), and static data holds few keys to list.
 */
const SHARD_KEYS = Array.from(
	{ length: 64 * 64 * 4 },
	(_, i) => B64[i % 64] + B64[(i >> 6) % 64] + B64[i >> 12],
);

/** The shard of a customer hash (or of a shard key), or -1 if it is not one of ours. */
function shardOf(hash: string): number {
	const a = B64_VALUE[hash.charCodeAt(0)] ?? -1;
	const b = B64_VALUE[hash.charCodeAt(1)] ?? -1;
	const c = B64_VALUE[hash.charCodeAt(2)] ?? -1;
	return a < 0 || b < 0 || c < 0 ? -1 : a + b * 64 + (c & 3) * 4096;
}

/** The first five characters of a customer hash at `at` in `text`, as a 30-bit number. */
function hashPrefix(text: string, at: number): number {
	return (
		B64_VALUE[text.charCodeAt(at)] |
		(B64_VALUE[text.charCodeAt(at + 1)] << 6) |
		(B64_VALUE[text.charCodeAt(at + 2)] << 12) |
		(B64_VALUE[text.charCodeAt(at + 3)] << 18) |
		(B64_VALUE[text.charCodeAt(at + 4)] << 24)
	);
}

/**
 * Customer hashes by the low 23 bits of their prefix, one bit each (1 MiB): answers "maybe" for
 * a hash it was given, and for about 3% of the others when it holds 250,000, never "no" for one it
 * was given. A bit test instead of a hash-set look-up: planning asks for every identity of every customer.
 */
class HashFilter {
	private readonly bits = new Uint32Array(1 << 18);

	add(prefix: number): void {
		this.bits[(prefix >>> 5) & 0x3ffff] |= 1 << (prefix & 31);
	}

	mayHold(prefix: number): boolean {
		return (this.bits[(prefix >>> 5) & 0x3ffff] & (1 << (prefix & 31))) !== 0;
	}
}

const isCustomerHash = (key: string) => key.length === HASH_LENGTH && /^[A-Za-z0-9_-]+$/.test(key);

/** Where the customer `hash` starts in a shard, or -1. A match must start a customer ("…|<hash><entries>"). */
function customerAt(shard: string, hash: string): number {
	for (let i = shard.indexOf(hash); i >= 0; i = shard.indexOf(hash, i + 1)) {
		if (i === 0 || shard.charCodeAt(i - 1) === SEGMENT_SEPARATOR) return i;
	}
	return -1;
}

/** Where the customer starting at `start` ends: the next "|", or the end of the shard. */
function customerEnd(shard: string, start: number): number {
	const end = shard.indexOf('|', start);
	return end < 0 ? shard.length : end;
}

/**
 * One customer's entries after `updates` (an update replaces the entry of the same follow-up),
 * dead entries dropped when the text is rewritten; '' when nothing is left.
 */
function withUpdates(
	text: string,
	updates: readonly LedgerEntry[],
	nowMs: number,
	keepEarlierCommit: boolean,
): string {
	if (!text) return formatEntries(updates);
	// Nothing to replace: append (dead entries go at the daily sweep). Joined into one flat text,
	// as a held-back write stays in memory until the run's write-back.
	if (updates.every((u) => !text.includes(u.fid))) return [text, formatEntries(updates)].join(',');
	const byFid = new Map(liveEntries(parseEntries(text), nowMs).map((e) => [e.fid, e]));
	for (const u of updates) {
		const old = byFid.get(u.fid);
		if (keepEarlierCommit && old && !isReserved(old)) continue; // already committed: keep the first send time
		byFid.set(u.fid, u);
	}
	return formatEntries([...byFid.values()]);
}

/** A stored ledger this version cannot read: the node stops rather than start afresh (which would repeat follow-ups). */
export class LedgerUnreadableError extends Error {
	readonly fix =
		"Nothing was planned or confirmed. Install the newest version of this package. To start the ledger afresh instead, remove that key from the workflow's static data, knowing that follow-ups sent before may then be sent again.";

	constructor(message: string) {
		super(message);
		this.name = 'LedgerUnreadableError';
	}
}

type StoredShape =
	| { kind: 'current'; stored: StoredLedger }
	| { kind: 'upgraded'; stored: StoredLedger }
	| { kind: 'none' };

/** Reads what static data holds under LEDGER_KEY. Throws for a ledger this version cannot read, rather than starting afresh (which would repeat follow-ups). */
function readStored(value: unknown): StoredShape {
	if (value === undefined || value === null) return { kind: 'none' };
	const v = value as Partial<StoredLedger> & Partial<StoredLedgerV1>;
	if (typeof value === 'object' && v.v === 2 && typeof v.s === 'object' && v.s !== null)
		return { kind: 'current', stored: value as StoredLedger };
	if (typeof value === 'object' && v.v === 1 && typeof v.c === 'object' && v.c !== null)
		return { kind: 'upgraded', stored: upgradeFromV1(value as StoredLedgerV1) };
	throw new LedgerUnreadableError(
		`The follow-up ledger in this workflow's static data (${LEDGER_KEY}) is not one this version of the node can read (version ${JSON.stringify(
			(v as { v?: unknown }).v ?? null,
		)})`,
	);
}

/** Version 1 (one key per customer) into shards; every entry is kept. */
function upgradeFromV1(old: StoredLedgerV1): StoredLedger {
	const shards = new Map<number, string[]>();
	for (const hash of Object.keys(old.c)) {
		const text = old.c[hash];
		if (typeof text !== 'string' || !text || text.includes('|') || !isCustomerHash(hash)) continue; // never written by the node
		const shard = shardOf(hash);
		const list = shards.get(shard);
		if (list) list.push(hash + text);
		else shards.set(shard, [hash + text]);
	}
	const s: Record<string, string> = {};
	for (const [shard, customers] of shards) s[SHARD_KEYS[shard]] = customers.join('|');
	return typeof old.p === 'number' ? { v: 2, s, p: old.p } : { v: 2, s };
}

/** The ledger of one workflow, read from and written back to its static data. */
export class FollowUpLedger {
	/**
	 * While writes are held back: by shard, customer hash → that customer's entries after this
	 * run's writes (look-ups read it first). Kept by shard, so `flush()` rewrites each shard from its own list.
	 */
	private held: (Map<string, string> | undefined)[] | undefined;

	/** Shard key → shard text; in n8n a proxy that every read goes through, so each shard is read once into `cache`. */
	private readonly shards: Record<string, string>;

	private readonly cache: (string | undefined)[] = new Array(SHARD_KEYS.length);

	/**
	 * The customers of every shard read so far, so that a look-up of someone the ledger does not
	 * hold (most look-ups of an email beside a customer id) skips the search of the shard. May
	 * hold customers no longer there, never misses one: a shard is indexed again after every
	 * change (`indexed`).
	 */
	private readonly known = new HashFilter();

	/** The customers in `held`, so that a look-up of someone this run has not written skips the map. */
	private readonly written = new HashFilter();

	private readonly indexed = new Uint8Array(SHARD_KEYS.length);

	/** While writes are held back: per reserved customer hash, the identities its history was read under. */
	private readonly reservedReads = new Map<string, readonly string[]>();

	private constructor(private readonly stored: StoredLedger) {
		this.shards = stored.s;
	}

	/** Opens the ledger inside `staticData`: creates it on first use, upgrades an older layout. */
	static open(staticData: Record<string, unknown>): FollowUpLedger {
		const found = readStored(staticData[LEDGER_KEY]);
		if (found.kind === 'current') return new FollowUpLedger(found.stored);
		staticData[LEDGER_KEY] = found.kind === 'upgraded' ? found.stored : emptyLedger();
		return new FollowUpLedger(staticData[LEDGER_KEY] as StoredLedger);
	}

	/** The stored ledger without creating or upgrading it in place (a dry run reads history but writes nothing back). */
	static peek(staticData: Record<string, unknown>): StoredLedger {
		const found = readStored(staticData[LEDGER_KEY]);
		return found.kind === 'none' ? emptyLedger() : found.stored;
	}

	/** A ledger held only in memory (dry runs, tests and benchmarks). */
	static inMemory(stored: StoredLedger = emptyLedger()): FollowUpLedger {
		return new FollowUpLedger(stored);
	}

	/**
	 * Holds writes back until `flush()`: a run that fails half-way then reserves nothing, and each
	 * shard is rewritten once. Held-back writes are seen by later look-ups in the same run, so a
	 * customer who appears twice in one batch is not planned the same follow-up twice.
	 */
	deferWrites(): void {
		this.held = new Array(SHARD_KEYS.length);
	}

	/**
	 * The held-back writes, for a store that keeps customers elsewhere (Postgres): per customer its
	 * entries after this run's writes, and for a reservation every identity its history was read under.
	 * Writes nothing into this ledger; holding back ends.
	 */
	takeHeldWrites(): HeldWrite[] {
		const out: HeldWrite[] = [];
		this.held?.forEach((changes) => {
			for (const [hash, entries] of changes!)
				out.push({ hash, entries, readHashes: this.reservedReads.get(hash) ?? [hash] });
		});
		this.held = undefined;
		this.reservedReads.clear();
		return out;
	}

	/** Puts customers' stored entries (hash → entries) into this in-memory ledger, as read from another store: not a write of this run. */
	putStored(rows: Iterable<readonly [string, string]>): void {
		const byShard = new Map<number, Map<string, string>>();
		for (const [hash, entries] of rows) {
			const shard = shardOf(hash);
			if (shard < 0 || !isCustomerHash(hash)) continue; // never written by the node
			let changes = byShard.get(shard);
			if (!changes) byShard.set(shard, (changes = new Map()));
			changes.set(hash, entries);
		}
		byShard.forEach((changes, shard) => this.rewriteShard(shard, changes));
	}

	/** Every customer's live entries (hash → entries), for carrying this ledger into another store. */
	customers(nowMs: number): Map<string, string> {
		const out = new Map<string, string>();
		for (const key of Object.keys(this.shards)) {
			const shard = shardOf(key);
			if (shard < 0 || SHARD_KEYS[shard] !== key) continue; // not a shard key: never written by the node
			const text = this.shardText(shard);
			for (let start = 0; start < text.length; ) {
				const end = customerEnd(text, start);
				const hash = text.slice(start, start + HASH_LENGTH);
				const live = liveText(text.slice(start + HASH_LENGTH, end), nowMs);
				if (live && isCustomerHash(hash)) out.set(hash, live);
				start = end + 1;
			}
		}
		return out;
	}

	/** Adds another store's entries of one customer: a follow-up held in both keeps its stronger entry (a reservation, else the later). */
	merge(hash: string, entries: string, nowMs: number): void {
		const byFid = new Map(
			liveEntries(parseEntries(this.bucket(hash)), nowMs).map((e) => [e.fid, e]),
		);
		for (const e of liveEntries(parseEntries(entries), nowMs)) {
			const old = byFid.get(e.fid);
			if (!old || stronger(e, old)) byFid.set(e.fid, e);
		}
		this.putBucket(hash, formatEntries([...byFid.values()]));
	}

	/** One customer's stored entries ('' if none), with this run's held-back writes. */
	entriesOf(hash: string): string {
		return this.bucket(hash);
	}

	/** Writes the held-back entries, each shard once. */
	flush(): void {
		const held = this.held;
		this.held = undefined;
		held?.forEach((changes, shard) => this.rewriteShard(shard, changes!));
	}

	/**
	 * A customer's history: the entries kept under `customerKey`, where this run writes, and under
	 * the person's `otherKeys` (their email beside their customer id), which count just the same.
	 */
	history(customerKey: string, nowMs: number, otherKeys: readonly string[] = []): CustomerHistory {
		const h = customerHash(customerKey);
		const own = this.bucket(h);
		let text = own;
		const read = [h];
		for (const key of otherKeys) {
			const other = customerHash(key);
			read.push(other);
			const more = this.bucket(other);
			if (more) text = text ? `${text},${more}` : more;
		}
		return new CustomerHistory(h, text, nowMs, own, read);
	}

	/** Writes entries for one customer (replacing entries of the same follow-up), dropping dead ones. */
	write(
		customerHashValue: string,
		updates: readonly LedgerEntry[],
		nowMs: number,
		keepEarlierCommit = false,
	): void {
		this.putBucket(
			customerHashValue,
			withUpdates(this.bucket(customerHashValue), updates, nowMs, keepEarlierCommit),
		);
	}

	/**
	 * Reserves a follow-up for the customer of `history` (read from this ledger in this run, and
	 * not written since): the mail entry and its markers, until `expiresAtMs`; with `holdUnconfirmed`
	 * (Hold for Review) the reservation does not expire but leaves the sent state unknown.
	 */
	reserve(
		history: CustomerHistory,
		mailKey: string,
		markerKeys: readonly string[],
		expiresAtMs: number,
		nowMs: number,
		holdUnconfirmed = false,
	): string {
		const mail: LedgerEntry = {
			fid: followUpHash(mailKey),
			state: holdUnconfirmed ? 'heldMail' : 'reservedMail',
			atMs: expiresAtMs,
		};
		const markers: LedgerEntry[] = markerKeys.map((k) => ({
			fid: followUpHash(k),
			state: holdUnconfirmed ? 'heldMarker' : 'reservedMarker',
			atMs: expiresAtMs,
		}));
		// The customer's entries as `history` read them: searching the shard again would find the same text.
		this.putBucket(
			history.customerHash,
			withUpdates(history.ownText, [mail, ...markers], nowMs, false),
		);
		if (this.held) this.reservedReads.set(history.customerHash, history.readHashes);
		return confirmationRef(
			history.customerHash,
			mail.fid,
			markers.map((m) => m.fid),
		);
	}

	/**
	 * Commits what a reference names. Idempotent: an entry already committed keeps its first time.
	 * Works even when the reservation has expired or was swept: the mail went out, so it is recorded.
	 */
	commit(ref: ConfirmationRef, nowMs: number): 'committed' | 'alreadyCommitted' {
		const current = parseEntries(this.bucket(ref.customerHash));
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
		const current = liveEntries(parseEntries(this.bucket(ref.customerHash)), nowMs);
		const fids = new Set([ref.mailFid, ...ref.markerFids]);
		const kept = current.filter((e) => !(fids.has(e.fid) && isReserved(e)));
		if (kept.length === current.length) return 'notReserved';
		this.putBucket(ref.customerHash, formatEntries(kept));
		return 'released';
	}

	/** Drops expired reservations and commits older than 400 days, at most once a day. Returns entries dropped. */
	sweep(nowMs: number, force = false): number {
		const minute = Math.floor(nowMs / MINUTE_MS);
		if (!force && this.stored.p !== undefined && minute - this.stored.p < 24 * 60) return 0;
		const oldestCommit = Math.floor((nowMs - COMMITTED_KEEP_DAYS * 86_400_000) / MINUTE_MS);
		let dropped = 0;
		for (const key of Object.keys(this.shards)) {
			const shard = shardOf(key);
			if (shard < 0 || SHARD_KEYS[shard] !== key) continue; // not a shard key: never written by the node
			const text = this.shardText(shard);
			// Scan the text in place; only a shard that holds a dead entry is rewritten, from its first such customer on.
			const first = firstCustomerWithDeadEntry(text, minute, oldestCommit);
			if (first < 0) continue;
			const kept = first > 0 ? [text.slice(0, first - 1)] : [];
			for (let start = first; start < text.length; ) {
				const end = customerEnd(text, start);
				if (!hasDeadEntry(text, start + HASH_LENGTH, end, minute, oldestCommit))
					kept.push(text.slice(start, end));
				else {
					const all = parseEntries(text.slice(start + HASH_LENGTH, end));
					const live = liveEntries(all, nowMs);
					dropped += all.length - live.length;
					if (live.length) kept.push(text.slice(start, start + HASH_LENGTH) + formatEntries(live));
				}
				start = end + 1;
			}
			this.setShard(shard, kept.join('|'));
		}
		this.stored.p = minute;
		return dropped;
	}

	stats(): { customers: number; entries: number; bytes: number } {
		let customers = 0;
		let entries = 0;
		for (const key of Object.keys(this.shards)) {
			const text = this.shards[key];
			for (let i = 0; i < text.length; i++) {
				const c = text.charCodeAt(i);
				if (c === SEGMENT_SEPARATOR) customers++;
				else if (c === 44 /* , */) entries++;
			}
			customers++;
		}
		return {
			customers,
			entries: entries + customers,
			bytes: Buffer.byteLength(JSON.stringify(this.stored)),
		};
	}

	private shardText(shard: number): string {
		let text = this.cache[shard];
		if (text === undefined) {
			text = this.shards[SHARD_KEYS[shard]];
			if (typeof text !== 'string') text = '';
			this.cache[shard] = text;
		}
		return text;
	}

	private setShard(shard: number, text: string): void {
		this.cache[shard] = text;
		this.indexed[shard] = 0;
		if (text) this.shards[SHARD_KEYS[shard]] = text;
		else delete this.shards[SHARD_KEYS[shard]];
	}

	/** One customer's entries (with this run's held-back writes), '' if the ledger holds none. */
	private bucket(hash: string): string {
		const shard = shardOf(hash);
		if (shard < 0) return '';
		const prefix = hashPrefix(hash, 0);
		if (this.held && this.written.mayHold(prefix)) {
			const held = this.held[shard]?.get(hash);
			if (held !== undefined) return held;
		}
		const text = this.shardText(shard);
		if (!this.indexed[shard]) {
			for (let at = 0; at < text.length; at = customerEnd(text, at) + 1)
				this.known.add(hashPrefix(text, at));
			this.indexed[shard] = 1;
		}
		if (!this.known.mayHold(prefix)) return '';
		const start = customerAt(text, hash);
		return start < 0 ? '' : text.slice(start + HASH_LENGTH, customerEnd(text, start));
	}

	/** Replaces one customer's entries ('' removes the customer), or holds that back until `flush()`. */
	private putBucket(hash: string, entries: string): void {
		if (this.held) {
			const shard = shardOf(hash);
			if (shard < 0) return; // not a hash of ours: nothing to keep it under
			(this.held[shard] ??= new Map()).set(hash, entries);
			this.written.add(hashPrefix(hash, 0));
		} else this.rewriteShard(shardOf(hash), new Map([[hash, entries]]));
	}

	/**
	 * Rewrites one shard with the customers in `changes` given these entries ('' removes the
	 * customer). Only the changed customers are looked up; the runs of customers between them are kept as they are.
	 */
	private rewriteShard(shard: number, changes: ReadonlyMap<string, string>): void {
		if (shard < 0) return;
		const text = this.shardText(shard);
		const found: { start: number; end: number; hash: string; entries: string }[] = [];
		const added: string[] = [];
		for (const [hash, entries] of changes) {
			const start = customerAt(text, hash);
			if (start >= 0) found.push({ start, end: customerEnd(text, start), hash, entries });
			else if (entries) added.push(hash + entries);
		}
		found.sort((x, y) => x.start - y.start);
		// Pieces are whole customers or runs of them, joined by "|".
		const pieces: string[] = [];
		let at = 0;
		for (const f of found) {
			if (f.start > at) pieces.push(text.slice(at, f.start - 1));
			if (f.entries) pieces.push(f.hash + f.entries);
			at = f.end + 1;
		}
		if (at < text.length) pieces.push(text.slice(at));
		for (const customer of added) pieces.push(customer);
		this.setShard(shard, pieces.join('|'));
	}
}

function emptyLedger(): StoredLedger {
	return { v: 2, s: {} };
}

/** Where the first customer of a shard that holds a dead entry starts, or -1. */
function firstCustomerWithDeadEntry(
	shard: string,
	nowMinute: number,
	oldestCommitMinute: number,
): number {
	for (let start = 0; start < shard.length; ) {
		const end = customerEnd(shard, start);
		if (hasDeadEntry(shard, start + HASH_LENGTH, end, nowMinute, oldestCommitMinute)) return start;
		start = end + 1;
	}
	return -1;
}

/** Whether one customer's entries, from `from` to `to` in `text`, hold one that is dead. */
function hasDeadEntry(
	text: string,
	from: number,
	to: number,
	nowMinute: number,
	oldestCommitMinute: number,
): boolean {
	for (let start = from; start < to; ) {
		let end = text.indexOf(',', start);
		if (end < 0 || end > to) end = to;
		if (isDead(text, start, end, nowMinute, oldestCommitMinute)) return true;
		start = end + 1;
	}
	return false;
}

function isDead(
	text: string,
	start: number,
	end: number,
	nowMinute: number,
	oldestCommitMinute: number,
): boolean {
	const state = text.charCodeAt(start + FID_LENGTH);
	const minute = base36At(text, start + FID_LENGTH + 1, end);
	const expiring = state === RESERVED_MAIL || state === RESERVED_MARKER;
	return expiring ? minute <= nowMinute : minute < oldestCommitMinute;
}

/** A customer's entries after this run's writes (see FollowUpLedger.takeHeldWrites). */
export interface HeldWrite {
	hash: string;
	entries: string;
	/** The identities (hashes) the customer's history was read under, `hash` among them. */
	readHashes: readonly string[];
}

/**
 * The first minute at which an entry of a customer's text dies (a reservation expires, a commit
 * turns 400 days old), or undefined when it holds none: a store sweeps that customer from then on.
 */
export function firstDeathMinute(text: string): number | undefined {
	let first: number | undefined;
	for (const e of parseEntries(text)) {
		const minute = Math.round(e.atMs / MINUTE_MS);
		const dies = expires(e) ? minute : minute + (COMMITTED_KEEP_DAYS * 86_400_000) / MINUTE_MS;
		if (first === undefined || dies < first) first = dies;
	}
	return first;
}

/** A customer's entries without the dead ones (for a store's sweep); '' when none is left. */
export function liveText(text: string, nowMs: number): string {
	return formatEntries(liveEntries(parseEntries(text), nowMs));
}

export interface ConfirmationRef {
	customerHash: string;
	mailFid: string;
	markerFids: string[];
}

const REF_PREFIX = 'sfcare1';

/** The text Confirm Sent receives: "sfcare1.<customer hash>.<mail hash><marker hashes…>". */
export function confirmationRef(
	customerHashValue: string,
	mailFid: string,
	markerFids: readonly string[],
): string {
	// Joined, not concatenated: the reference rides on every planned item, and one flat text costs the garbage collector less than a chain of pieces.
	return [
		REF_PREFIX,
		customerHashValue,
		markerFids.length ? mailFid + markerFids.join('') : mailFid,
	].join('.');
}

const REF_PATTERN = /^sfcare1\.([A-Za-z0-9_-]{12})\.((?:[A-Za-z0-9_-]{6})+)$/;

export function parseConfirmationRef(text: string): ConfirmationRef | undefined {
	const m = REF_PATTERN.exec(text.trim());
	if (!m) return undefined;
	const fids = m[2].match(/.{6}/g)!;
	return { customerHash: m[1], mailFid: fids[0], markerFids: fids.slice(1) };
}
