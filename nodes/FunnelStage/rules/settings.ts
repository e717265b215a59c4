/**
 * Every number of the stage rule and the intent score, with the product spec's defaults,
 * validated once per execution with a clear message per option.
 */
import { z } from 'zod';
import { SIGNALS, type SignalType } from '../input/signals';

export interface SignalWeight {
	points: number;
	halfLifeDays: number;
}

export interface FunnelSettings {
	/** Orders that make a customer CARE: 1, or 2 for Kaushik's strict reading. */
	careMinOrders: number;
	doWindowDays: number;
	thinkWindowDays: number;
	doScore: number;
	thinkScore: number;
	/** Intent points at which the score reaches 63 (1 − 1/e): score = 100 × (1 − e^(−points / this)). */
	scoreSaturationPoints: number;
	maxEventsPerTypePerDay: number;
	repurchaseWindowDays: number;
	lapsedAfterDays: number;
	loyalMinOrders: number;
	unknownEventTypes: 'error' | 'ignore';
	/** A lifecycle field (HubSpot lifecyclestage, WooCommerce is_paying_customer) raises the stage to the one it stands for. */
	useLifecycleStage: boolean;
	/** Without a tracking-consent field: treat as not given (safe default) or given. */
	missingTrackingConsent: 'notGiven' | 'given';
	weights: Readonly<Record<SignalType, SignalWeight>>;
}

export const DEFAULT_WEIGHTS: Readonly<Record<SignalType, SignalWeight>> = Object.fromEntries(
	SIGNALS.map((s) => [s.type, { points: s.points, halfLifeDays: s.halfLifeDays }]),
) as Record<SignalType, SignalWeight>;

export const DEFAULT_SETTINGS: FunnelSettings = {
	careMinOrders: 1,
	doWindowDays: 14,
	thinkWindowDays: 30,
	doScore: 60,
	thinkScore: 25,
	scoreSaturationPoints: 30,
	maxEventsPerTypePerDay: 20,
	repurchaseWindowDays: 90,
	lapsedAfterDays: 365,
	loyalMinOrders: 3,
	unknownEventTypes: 'error',
	useLifecycleStage: true,
	missingTrackingConsent: 'notGiven',
	weights: DEFAULT_WEIGHTS,
};

const days = (label: string) =>
	z
		.number({ invalid_type_error: `${label} must be a number of days` })
		.positive(`${label} must be more than 0 days`);
const score = (label: string) =>
	z
		.number({ invalid_type_error: `${label} must be a number` })
		.min(0, `${label} must be 0 to 100`)
		.max(100, `${label} must be 0 to 100`);

const weightSchema = z.object({
	points: z.number().min(0, 'points must be 0 or more'),
	halfLifeDays: days('half-life'),
});

const settingsSchema = z
	.object({
		careMinOrders: z
			.number()
			.int('CARE From Orders must be a whole number')
			.min(1, 'CARE From Orders must be at least 1'),
		doWindowDays: days('DO Window'),
		thinkWindowDays: days('THINK Window'),
		doScore: score('DO Score Threshold'),
		thinkScore: score('THINK Score Threshold'),
		scoreSaturationPoints: z.number().positive('Score Saturation Points must be more than 0'),
		maxEventsPerTypePerDay: z
			.number()
			.int()
			.min(1, 'Max Events per Type per Day must be at least 1'),
		repurchaseWindowDays: days('Repurchase Window'),
		lapsedAfterDays: days('Lapsed After'),
		loyalMinOrders: z.number().int().min(2, 'Loyal From Orders must be at least 2'),
		unknownEventTypes: z.enum(['error', 'ignore']),
		useLifecycleStage: z.boolean({
			invalid_type_error: 'Use Lifecycle Stage must be true or false',
		}),
		missingTrackingConsent: z.enum(['notGiven', 'given']),
		weights: z.record(z.string(), weightSchema),
	})
	.refine((s) => s.thinkScore <= s.doScore, {
		message: 'THINK Score Threshold must not be above DO Score Threshold',
	})
	.refine((s) => s.repurchaseWindowDays < s.lapsedAfterDays, {
		message: 'Repurchase Window must be shorter than Lapsed After',
	});

export type SettingsOverrides = Partial<Omit<FunnelSettings, 'weights'>> & {
	weights?: Partial<Record<string, Partial<SignalWeight>>>;
};

/** Merges user options over the defaults and validates them; throws an Error naming the option. */
export function resolveSettings(overrides: SettingsOverrides = {}): FunnelSettings {
	const weights: Record<string, SignalWeight> = { ...DEFAULT_WEIGHTS };
	for (const [type, w] of Object.entries(overrides.weights ?? {})) {
		if (!(type in DEFAULT_WEIGHTS)) {
			throw new Error(
				`Signal Weights: unknown signal "${type}". Known signals: ${Object.keys(
					DEFAULT_WEIGHTS,
				).join(', ')}`,
			);
		}
		weights[type] = { ...DEFAULT_WEIGHTS[type as SignalType], ...w };
	}
	const merged = { ...DEFAULT_SETTINGS, ...stripUndefined(overrides), weights };
	const parsed = settingsSchema.safeParse(merged);
	if (!parsed.success) {
		const issue = parsed.error.issues[0];
		const where = issue.path.length ? `${issue.path.join('.')}: ` : '';
		throw new Error(`Invalid option ${where}${issue.message}`);
	}
	return merged as FunnelSettings;
}

function stripUndefined<T extends object>(o: T): Partial<T> {
	const out: Partial<T> = {};
	for (const [k, v] of Object.entries(o))
		if (v !== undefined && k !== 'weights') (out as Record<string, unknown>)[k] = v;
	return out;
}
