/**
 * The Funnel Report: all leads aggregated into one report with count and share per stage,
 * stage-to-stage conversion, the seed's KPIs per stage where the data carries them, the
 * customer-status breakdown inside CARE, and deltas against a previous report.
 * Streaming: leads are added one at a time and not kept, so a report over millions of items
 * needs only the memory of the totals. Pure: no n8n import.
 */
import { readCount } from '../../shared/coerce';
import { DAY_MS, round } from '../../shared/dates';
import { compilePath, firstFilledPath, readPath, type CompiledPath } from '../../shared/objectPath';
import type { LeadEvidence } from '../input/lead';
import { STAGE_RANK, STAGES, type SignalType, type Stage } from '../input/signals';
import type { CustomerStatus } from '../rules/playbook';

/** KPI fields read from the items as they come, by these names. */
const KPI_FIELDS = {
	reach: ['reach', 'reach_count', 'reachCount'],
	impressions: ['impressions', 'impression_count', 'impressionCount'],
	followers: ['followers', 'followers_count', 'followerCount'],
	likes: ['likes', 'like_count', 'likeCount'],
	clicks: ['linkClicks', 'link_clicks', 'clicks', 'click_count'],
	reviews: ['reviews', 'reviews_count', 'review_count', 'reviewCount'],
	referrals: ['referrals', 'referrals_count', 'referral_count', 'referralCount'],
} as const;
type KpiField = keyof typeof KPI_FIELDS;
const KPI_PATHS: Record<KpiField, CompiledPath[]> = Object.fromEntries(
	Object.entries(KPI_FIELDS).map(([k, names]) => [k, names.map(compilePath)]),
) as Record<KpiField, CompiledPath[]>;
const KPI_NAMES = Object.keys(KPI_FIELDS) as KpiField[];

const LEAD_SIGNALS: ReadonlySet<SignalType> = new Set<SignalType>(['lead_form', 'opt_in']);
const ENGAGEMENT_SIGNALS: ReadonlySet<SignalType> = new Set<SignalType>([
	'like',
	'comment',
	'share',
	'save',
	'dm',
	'question',
	'link_click',
	'page_view',
	'product_view',
	'follow',
]);
const INTERACTION_DAYS = 30;

export const CONVERSION_DEFINITION =
	'Conversion from a stage to the next = leads at the next stage or beyond ÷ leads at this stage or beyond (THINK ÷ SEE-and-above, DO ÷ THINK-and-above, CARE ÷ DO-and-above).';

export interface StageKpis {
	reach?: number;
	impressions?: number;
	followers?: number;
	likes?: number;
	clicks?: number;
	/** Clicks ÷ impressions of the leads at this stage, in percent. */
	clickThroughRate?: number | null;
	/** Conversion to the next stage, in percent (see the definition). */
	conversion?: number | null;
	leads?: number;
	revenue?: number;
	reviews?: number;
	referrals?: number;
	/** Customers with 2 or more orders ÷ customers, in percent. */
	repurchaseRate?: number | null;
	/** Customers with an engagement signal in the last 30 days ÷ customers, in percent. */
	interactionRate?: number | null;
}

export interface StageReport {
	stage: Stage;
	count: number;
	/** Percent of all leads. */
	share: number;
	kpis: StageKpis;
}

export interface ConversionStep {
	from: Stage;
	to: Stage;
	/** Percent; null when no lead reached `from`. */
	rate: number | null;
	reached: number;
	base: number;
}

export interface FunnelReportData {
	title: string;
	period: string;
	generatedAt: string;
	total: number;
	classifiedOnTheWay: number;
	stages: StageReport[];
	conversion: ConversionStep[];
	conversionDefinition: string;
	careStatus: Record<CustomerStatus, number>;
	errors: { item: number; message: string }[];
	comparison?: ReportComparison;
	summary: string;
}

export interface ReportComparison {
	previousPeriod: string;
	total: number;
	stages: {
		stage: Stage;
		count: number;
		share: number;
		kpis: Partial<Record<keyof StageKpis, number>>;
	}[];
	conversion: { from: Stage; to: Stage; rate: number | null }[];
}

interface StageTotals {
	count: number;
	kpi: Record<KpiField, number>;
	kpiSeen: Record<KpiField, boolean>;
	leads: number;
	revenue: number;
	revenueSeen: boolean;
	repeatBuyers: number;
	interacting: number;
}

const newTotals = (): StageTotals => ({
	count: 0,
	kpi: Object.fromEntries(KPI_NAMES.map((k) => [k, 0])) as Record<KpiField, number>,
	kpiSeen: Object.fromEntries(KPI_NAMES.map((k) => [k, false])) as Record<KpiField, boolean>,
	leads: 0,
	revenue: 0,
	revenueSeen: false,
	repeatBuyers: 0,
	interacting: 0,
});

/** A KPI value: a count of 0 or more (numbers as text allowed; a list counts its entries). Throws an InputFieldError naming the field otherwise. */
function numberAt(json: unknown, paths: readonly CompiledPath[]): number | undefined {
	const i = firstFilledPath(json, paths);
	if (i < 0) return undefined;
	const v = readPath(json, paths[i]);
	return Array.isArray(v) ? v.length : readCount(v, paths[i].join('.'));
}

/** Conversion between stages as `CONVERSION_DEFINITION` says, from the count of leads per stage. */
export function conversionSteps(countAt: (stage: Stage) => number): ConversionStep[] {
	const atOrAbove = (stage: Stage) =>
		STAGES.reduce((sum, s) => (STAGE_RANK[s] >= STAGE_RANK[stage] ? sum + countAt(s) : sum), 0);
	return STAGES.slice(1).map((to, i) => {
		const from = STAGES[i];
		const base = atOrAbove(from);
		const reached = atOrAbove(to);
		return { from, to, rate: base > 0 ? round((100 * reached) / base, 1) : null, reached, base };
	});
}

/** Adds leads one by one; `finish()` gives the report. */
export class FunnelReportBuilder {
	private readonly totals: Record<Stage, StageTotals> = {
		SEE: newTotals(),
		THINK: newTotals(),
		DO: newTotals(),
		CARE: newTotals(),
	};
	private readonly careStatus: Record<CustomerStatus, number> = {
		new: 0,
		active: 0,
		loyal: 0,
		'at risk': 0,
		lapsed: 0,
	};
	private classified = 0;
	private readonly errors: { item: number; message: string }[] = [];

	constructor(private readonly nowMs: number) {}

	/**
	 * One lead: its stage (and customer status), the evidence read from it, and its raw fields for KPIs.
	 * A KPI field that is not a count of 0 or more throws before anything is added, so a bad item is left out whole.
	 */
	add(
		stage: Stage,
		customerStatus: CustomerStatus | null | undefined,
		evidence: LeadEvidence,
		json: unknown,
		classifiedHere: boolean,
	): void {
		const kpis = KPI_NAMES.map((k) => numberAt(json, KPI_PATHS[k]));
		const t = this.totals[stage];
		t.count++;
		if (classifiedHere) this.classified++;
		KPI_NAMES.forEach((k, i) => {
			const n = kpis[i];
			if (n !== undefined) {
				t.kpi[k] += n;
				t.kpiSeen[k] = true;
			}
		});
		let lead = false;
		let interacting = false;
		for (const s of evidence.signals) {
			if (LEAD_SIGNALS.has(s.type) && s.count > 0) lead = true;
			if (
				ENGAGEMENT_SIGNALS.has(s.type) &&
				s.count > 0 &&
				this.nowMs - s.atMs <= INTERACTION_DAYS * DAY_MS
			)
				interacting = true;
		}
		if (lead) t.leads++;
		if (interacting) t.interacting++;
		if (evidence.totalSpent !== undefined) {
			t.revenue += evidence.totalSpent;
			t.revenueSeen = true;
		}
		if ((evidence.orders ?? 0) >= 2) t.repeatBuyers++;
		if (stage === 'CARE' && customerStatus && customerStatus in this.careStatus)
			this.careStatus[customerStatus]++;
	}

	/** An item that could not be read (Continue On Fail): counted, named, and kept out of the stages. */
	addError(item: number, message: string): void {
		if (this.errors.length < 100) this.errors.push({ item, message });
		else if (this.errors.length === 100)
			this.errors.push({ item, message: 'more errors left out' });
	}

	finish(options: {
		title: string;
		period: string;
		previous?: unknown;
		language?: 'en' | 'de';
	}): FunnelReportData {
		const total = STAGES.reduce((sum, s) => sum + this.totals[s].count, 0);
		const pct = (a: number, b: number) => (b > 0 ? round((100 * a) / b, 1) : null);
		const conversion = conversionSteps((s) => this.totals[s].count);
		const stages = STAGES.map((stage, i): StageReport => {
			const t = this.totals[stage];
			const seen = (k: KpiField) => (t.kpiSeen[k] ? { [k]: round(t.kpi[k], 2) } : {});
			let kpis: StageKpis;
			if (stage === 'SEE')
				kpis = { ...seen('reach'), ...seen('impressions'), ...seen('followers'), ...seen('likes') };
			else if (stage === 'THINK') {
				kpis = { ...seen('reach'), ...seen('impressions'), ...seen('clicks') };
				if (t.kpiSeen.clicks && t.kpiSeen.impressions)
					kpis.clickThroughRate = pct(t.kpi.clicks, t.kpi.impressions);
				kpis.conversion = conversion[i].rate;
			} else if (stage === 'DO') {
				kpis = { conversion: conversion[i].rate, leads: t.leads };
				const care = this.totals.CARE;
				if (t.revenueSeen || care.revenueSeen) kpis.revenue = round(t.revenue + care.revenue, 2);
			} else {
				kpis = {
					...seen('reviews'),
					...seen('referrals'),
					repurchaseRate: pct(t.repeatBuyers, t.count),
					interactionRate: pct(t.interacting, t.count),
				};
			}
			return { stage, count: t.count, share: pct(t.count, total) ?? 0, kpis };
		});
		const report: FunnelReportData = {
			title: options.title,
			period: options.period,
			generatedAt: new Date(this.nowMs).toISOString(),
			total,
			classifiedOnTheWay: this.classified,
			stages,
			conversion,
			conversionDefinition: CONVERSION_DEFINITION,
			careStatus: { ...this.careStatus },
			errors: [...this.errors],
			summary: '',
		};
		const previous = asPreviousReport(options.previous);
		if (previous) report.comparison = compare(report, previous);
		report.summary = summarise(report, options.language ?? 'en');
		return report;
	}
}

/** A previous report as given (the object, or `{report: …}` as the node outputs it); undefined if it is not one. */
export function asPreviousReport(value: unknown): FunnelReportData | undefined {
	if (value === null || typeof value !== 'object') return undefined;
	const v = (value as { report?: unknown }).report ?? value;
	if (
		v === null ||
		typeof v !== 'object' ||
		!Array.isArray((v as FunnelReportData).stages) ||
		typeof (v as FunnelReportData).total !== 'number'
	)
		return undefined;
	return v as FunnelReportData;
}

function compare(now: FunnelReportData, before: FunnelReportData): ReportComparison {
	const d = (a: number | null | undefined, b: number | null | undefined) =>
		typeof a === 'number' && typeof b === 'number' ? round(a - b, 2) : null;
	return {
		previousPeriod: before.period,
		total: now.total - before.total,
		stages: now.stages.map((s) => {
			const p = before.stages.find((x) => x.stage === s.stage);
			const kpis: Partial<Record<keyof StageKpis, number>> = {};
			for (const [k, v] of Object.entries(s.kpis) as [keyof StageKpis, number | null][]) {
				const delta = d(v, p?.kpis?.[k] as number | null | undefined);
				if (delta !== null) kpis[k] = delta;
			}
			return {
				stage: s.stage,
				count: s.count - (p?.count ?? 0),
				share: d(s.share, p?.share ?? 0) ?? 0,
				kpis,
			};
		}),
		conversion: now.conversion.map((c) => ({
			from: c.from,
			to: c.to,
			rate: d(c.rate, before.conversion?.find((x) => x.from === c.from)?.rate),
		})),
	};
}

const WORDS = {
	en: { leads: 'leads', conversion: 'Conversion', care: 'CARE', vs: 'vs.', none: 'no leads' },
	de: {
		leads: 'Kontakte',
		conversion: 'Konversion',
		care: 'CARE',
		vs: 'ggü.',
		none: 'keine Kontakte',
	},
};

export function formatPercent(value: number | null, language: 'en' | 'de'): string {
	if (value === null) return '–';
	const text = Number.isInteger(value) ? String(value) : value.toFixed(1);
	return `${language === 'de' ? text.replace('.', ',') : text}%`;
}

function summarise(r: FunnelReportData, language: 'en' | 'de'): string {
	const w = WORDS[language];
	if (r.total === 0) return `${r.title} (${r.period}): ${w.none}.`;
	const stages = r.stages
		.map((s) => `${s.stage} ${s.count} (${formatPercent(s.share, language)})`)
		.join(', ');
	const conv = r.conversion
		.map((c) => `${c.from}→${c.to} ${formatPercent(c.rate, language)}`)
		.join(', ');
	const care = Object.entries(r.careStatus)
		.filter(([, n]) => n > 0)
		.map(([k, n]) => `${n} ${k}`)
		.join(', ');
	let text = `${r.title} (${r.period}): ${r.total} ${w.leads}: ${stages}. ${w.conversion}: ${conv}.`;
	if (care) text += ` ${w.care}: ${care}.`;
	if (r.comparison) {
		const delta = r.comparison.stages
			.map((s) => `${s.stage} ${s.count >= 0 ? '+' : ''}${s.count}`)
			.join(', ');
		text += ` ${w.vs} ${r.comparison.previousPeriod}: ${delta}.`;
	}
	return text;
}
