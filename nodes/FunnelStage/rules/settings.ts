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
	/** Both ways (the stage follows the evidence) or forward only (a lead keeps the highest stage it reached). */
	stageMoves: 'bothWays' | 'forwardOnly';
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
	stageMoves: 'bothWays',
	weights: DEFAULT_WEIGHTS,
};

type NumberSetting =
	| 'doScore'
	| 'doWindowDays'
	| 'lapsedAfterDays'
	| 'loyalMinOrders'
	| 'maxEventsPerTypePerDay'
	| 'repurchaseWindowDays'
	| 'scoreSaturationPoints'
	| 'thinkScore'
	| 'thinkWindowDays';

/** A number option: its label and help in the editor, and the rule its value must meet. The default: DEFAULT_SETTINGS. */
export interface NumberOption {
	name: NumberSetting;
	label: string;
	/** days: more than 0 days; score: 0 to 100; count: a whole number of at least `atLeast`; points: more than 0. */
	kind: 'days' | 'score' | 'count' | 'points';
	help: string;
	atLeast?: number;
}

/** The one source of every number option: the node's Options list and the validation messages are made from it. */
export const NUMBER_OPTIONS: readonly NumberOption[] = [
	{
		name: 'doScore',
		label: 'DO Score Threshold',
		kind: 'score',
		help: 'Intent score (0–100) from which a lead is DO without fresh DO evidence',
	},
	{
		name: 'doWindowDays',
		label: 'DO Window (Days)',
		kind: 'days',
		help: 'Add-to-cart, checkout started or lead form within this many days makes a lead DO',
	},
	{
		name: 'lapsedAfterDays',
		label: 'Lapsed After (Days)',
		kind: 'days',
		help: 'A customer whose last order is older than this is lapsed',
	},
	{
		name: 'loyalMinOrders',
		label: 'Loyal From Orders',
		kind: 'count',
		atLeast: 2,
		help: 'Orders from which a recent customer is loyal',
	},
	{
		name: 'maxEventsPerTypePerDay',
		label: 'Max Events per Type per Day',
		kind: 'count',
		atLeast: 1,
		help: 'At most this many signals of one type count per day (as Marketo caps activities)',
	},
	{
		name: 'repurchaseWindowDays',
		label: 'Repurchase Window (Days)',
		kind: 'days',
		help: 'A customer without an order in this many days is at risk',
	},
	{
		name: 'scoreSaturationPoints',
		label: 'Score Saturation Points',
		kind: 'points',
		help: 'Shape of the score curve: score = 100 × (1 − e^(−points / this)); at this many points the score is 63',
	},
	{
		name: 'thinkScore',
		label: 'THINK Score Threshold',
		kind: 'score',
		help: 'Intent score (0–100) from which a lead is THINK without fresh THINK evidence',
	},
	{
		name: 'thinkWindowDays',
		label: 'THINK Window (Days)',
		kind: 'days',
		help: 'Link click, product or page view, opt-in, download, DM or question within this many days makes a lead THINK',
	},
];

const days = (label: string) =>
	z
		.number({ invalid_type_error: `${label} must be a number of days` })
		.positive(`${label} must be more than 0 days`);

/** The rule of one number option, its messages naming the option as the editor shows it. */
function numberRule({ label, kind, atLeast = 0 }: NumberOption): z.ZodNumber {
	const number = z.number({ invalid_type_error: `${label} must be a number` });
	switch (kind) {
		case 'days':
			return days(label);
		case 'score':
			return number.min(0, `${label} must be 0 to 100`).max(100, `${label} must be 0 to 100`);
		case 'count':
			return number
				.int(`${label} must be a whole number`)
				.min(atLeast, `${label} must be at least ${atLeast}`);
		case 'points':
			return number.positive(`${label} must be more than 0`);
	}
}

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
		...(Object.fromEntries(NUMBER_OPTIONS.map((o) => [o.name, numberRule(o)])) as Record<
			NumberSetting,
			z.ZodNumber
		>),
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
		message: 'Repurchase Window (Days) must be shorter than Lapsed After (Days)',
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
