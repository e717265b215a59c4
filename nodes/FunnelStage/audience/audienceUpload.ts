/**
 * One audience upload being built, for one run: each person in the audience with consent is
 * normalised and hashed per platform; the rows are cut into batches of at most the platform's limit
 * (Meta: 10,000 rows per `POST /<audience_id>/users`; Google: 10,000 audience members per
 * `audienceMembers:ingest`), and a CSV in Meta's customer-list columns is made for a manual upload.
 * Everything a run builds lives in this object and is gone when the run ends.
 */
import { adConsentOf } from './adConsent';
import {
	GOOGLE_MAX_MEMBERS,
	googleMemberOf,
	googleUserIdentifiers,
	type GoogleIdentifiers,
} from './googleIdentifiers';
import type { PersonIdentity } from './identityFields';
import {
	META_KEYS,
	META_MAX_ROWS,
	metaRowMatches,
	metaRowOf,
	metaValue,
	type MetaKey,
} from './metaIdentifiers';
import type { IdentifierProblem } from './sha256';

export type Platform = 'meta' | 'google';

/** Why a person is not uploaded: the key the summary counts them under. */
export type SkipReason =
	| 'not in this audience'
	| 'no consent field'
	| 'consent refused'
	| 'consent pending'
	| 'no usable identifier'
	| 'input error';

export type PersonOutcome =
	| { included: true; problems: IdentifierProblem[] }
	| { included: false; reason: SkipReason; detail?: string; problems: IdentifierProblem[] };

interface MetaRowEntry {
	item: number;
	/** Hashed values in META_KEYS order ('' where the person has none). */
	values: string[];
	normalised: Partial<Record<MetaKey, string>>;
}

interface GoogleEntry {
	item: number;
	normalised: GoogleIdentifiers;
}

export interface UploadBatch {
	platform: Platform;
	/** 1-based, per platform. */
	batch: number;
	batches: number;
	/** The input items in this batch, in order. */
	items: number[];
	/** Meta: `{ payload: { schema, data }, session }`; Google: `{ audienceMembers, encoding }`. */
	request: Record<string, unknown>;
	/** Normalised plaintext per row: only filled when the user switched raw identifiers on. */
	normalised?: unknown[];
}

export interface AudienceSummary {
	audience: string;
	platforms: Platform[];
	leads: number;
	included: number;
	skipped: number;
	skippedByReason: Partial<Record<SkipReason, number>>;
	/** Identifiers left out of an included or skipped person's row, counted per field and problem. */
	identifierProblems: Record<string, number>;
	rows: Partial<Record<Platform, number>>;
	batches: Partial<Record<Platform, number>>;
}

/** Meta's customer-list file column headers, per key (Meta Business Help "customer list" formatting). */
export const META_CSV_COLUMNS: Readonly<Partial<Record<MetaKey, string>>> = Object.freeze({
	EMAIL: 'email',
	PHONE: 'phone',
	FN: 'fn',
	LN: 'ln',
	CT: 'ct',
	ST: 'st',
	ZIP: 'zip',
	COUNTRY: 'country',
});

/** A CSV field per RFC 4180: quoted when it holds a comma, quote, CR or LF; quotes doubled. */
export function csvField(value: string): string {
	return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export class AudienceUpload {
	private readonly meta: MetaRowEntry[] = [];
	private readonly google: GoogleEntry[] = [];
	private readonly skippedByReason: Partial<Record<SkipReason, number>> = {};
	private readonly identifierProblems: Record<string, number> = {};
	private leads = 0;
	private included = 0;

	constructor(
		private readonly options: {
			audience: string;
			platforms: readonly Platform[];
			batchSize: number;
			/** Meta's upload session id: one per run, shared by its batches. */
			sessionId: number;
		},
	) {
		if (!Number.isInteger(options.batchSize) || options.batchSize < 1)
			throw new Error('Batch Size must be a whole number of at least 1');
	}

	/** A person outside the audience, or whose item failed: counted, never uploaded. */
	skip(reason: SkipReason): void {
		this.leads++;
		this.skippedByReason[reason] = (this.skippedByReason[reason] ?? 0) + 1;
	}

	/** A person in the audience: uploaded only with consent and at least one usable identifier. */
	add(item: number, person: PersonIdentity): PersonOutcome {
		const consent = adConsentOf(person.adConsent);
		if (!consent.given) {
			this.skip(consent.reason);
			return { included: false, reason: consent.reason, problems: [] };
		}
		const problems: IdentifierProblem[] = [];
		let usable = false;
		let metaRow: MetaRowEntry | undefined;
		let googleEntry: GoogleEntry | undefined;
		if (this.options.platforms.includes('meta')) {
			const row = metaRowOf(person);
			problems.push(...row.problems);
			if (metaRowMatches(row.normalised)) {
				usable = true;
				metaRow = {
					item,
					values: META_KEYS.map((k) =>
						row.normalised[k] === undefined ? '' : metaValue(k, row.normalised[k]!),
					),
					normalised: row.normalised,
				};
			}
		}
		if (this.options.platforms.includes('google')) {
			const member = googleMemberOf(person);
			for (const p of member.problems)
				if (!problems.some((q) => q.field === p.field && q.problem === p.problem)) problems.push(p);
			const ids = member.normalised;
			if (ids.emailAddress || ids.phoneNumber || ids.address) {
				usable = true;
				googleEntry = { item, normalised: ids };
			}
		}
		for (const p of problems) {
			const key = `${p.field}: ${p.problem}`;
			this.identifierProblems[key] = (this.identifierProblems[key] ?? 0) + 1;
		}
		if (!usable) {
			this.skip('no usable identifier');
			return { included: false, reason: 'no usable identifier', problems };
		}
		this.leads++;
		this.included++;
		if (metaRow) this.meta.push(metaRow);
		if (googleEntry) this.google.push(googleEntry);
		return { included: true, problems };
	}

	/** The upload batches, Meta's first; `withNormalised` adds the plaintext rows (raw identifiers switched on). */
	batches(withNormalised: boolean): UploadBatch[] {
		return [...this.metaBatches(withNormalised), ...this.googleBatches(withNormalised)];
	}

	private metaBatches(withNormalised: boolean): UploadBatch[] {
		const size = Math.min(this.options.batchSize, META_MAX_ROWS);
		const count = Math.ceil(this.meta.length / size);
		const out: UploadBatch[] = [];
		for (let b = 0; b < count; b++) {
			const rows = this.meta.slice(b * size, (b + 1) * size);
			// The schema holds the keys someone in this batch has, in Meta's order; the others are left out.
			const used = META_KEYS.map((_, k) => rows.some((r) => r.values[k] !== '')).map((u, k) =>
				u ? k : -1,
			);
			const keys = used.filter((k) => k >= 0);
			out.push({
				platform: 'meta',
				batch: b + 1,
				batches: count,
				items: rows.map((r) => r.item),
				request: {
					payload: {
						schema: keys.map((k) => META_KEYS[k]),
						data: rows.map((r) => keys.map((k) => r.values[k])),
					},
					session: {
						session_id: this.options.sessionId,
						batch_seq: b + 1,
						last_batch_flag: b === count - 1,
						estimated_num_total: this.meta.length,
					},
				},
				...(withNormalised ? { normalised: rows.map((r) => r.normalised) } : {}),
			});
		}
		return out;
	}

	private googleBatches(withNormalised: boolean): UploadBatch[] {
		const size = Math.min(this.options.batchSize, GOOGLE_MAX_MEMBERS);
		const count = Math.ceil(this.google.length / size);
		const out: UploadBatch[] = [];
		for (let b = 0; b < count; b++) {
			const members = this.google.slice(b * size, (b + 1) * size);
			out.push({
				platform: 'google',
				batch: b + 1,
				batches: count,
				items: members.map((m) => m.item),
				request: {
					audienceMembers: members.map((m) => ({
						userData: { userIdentifiers: googleUserIdentifiers(m.normalised) },
						// Only people who consented are here; Google's Consent object says so per member.
						consent: { adUserData: 'CONSENT_GRANTED', adPersonalization: 'CONSENT_GRANTED' },
					})),
					encoding: 'HEX',
				},
				...(withNormalised ? { normalised: members.map((m) => m.normalised) } : {}),
			});
		}
		return out;
	}

	/**
	 * The audience as a CSV file in Meta's customer-list columns, for a manual upload in Ads Manager:
	 * hashed values, or (raw identifiers switched on) the normalised plaintext, which Ads Manager
	 * hashes in the browser. Only the columns someone has.
	 */
	csv(plaintext: boolean): string {
		const keys = (Object.keys(META_CSV_COLUMNS) as MetaKey[]).filter((key) => {
			const k = META_KEYS.indexOf(key);
			return this.meta.some((r) => r.values[k] !== '');
		});
		const lines = [keys.map((k) => META_CSV_COLUMNS[k]!).join(',')];
		for (const row of this.meta) {
			lines.push(
				keys
					.map((k) =>
						csvField(plaintext ? row.normalised[k] ?? '' : row.values[META_KEYS.indexOf(k)]),
					)
					.join(','),
			);
		}
		return lines.join('\r\n') + '\r\n';
	}

	/** Whether anyone is in the Meta rows (the CSV has no one to list otherwise). */
	get metaRows(): number {
		return this.meta.length;
	}

	summary(): AudienceSummary {
		const size = (max: number) => Math.min(this.options.batchSize, max);
		const rows: AudienceSummary['rows'] = {};
		const batches: AudienceSummary['batches'] = {};
		if (this.options.platforms.includes('meta')) {
			rows.meta = this.meta.length;
			batches.meta = Math.ceil(this.meta.length / size(META_MAX_ROWS));
		}
		if (this.options.platforms.includes('google')) {
			rows.google = this.google.length;
			batches.google = Math.ceil(this.google.length / size(GOOGLE_MAX_MEMBERS));
		}
		return {
			audience: this.options.audience,
			platforms: [...this.options.platforms],
			leads: this.leads,
			included: this.included,
			skipped: this.leads - this.included,
			skippedByReason: { ...this.skippedByReason },
			identifierProblems: { ...this.identifierProblems },
			rows,
			batches,
		};
	}
}
