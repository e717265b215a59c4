/**
 * Every number and switch of the follow-up rules and guards, with the product spec's defaults,
 * validated once per execution (zod) with a message that names the option.
 */
import { z } from 'zod';
import { DEFAULT_RFM, type RfmThresholds } from './rfm';

export const ACTIONS = [
	'reviewRequest',
	'vipInvite',
	'ambassadorInvite',
	'upsell',
	'winBack',
] as const;
/** In priority order: review > VIP > ambassador > upsell > win-back. */
export type FollowUpAction = (typeof ACTIONS)[number];

export const ACTION_LABELS: Record<FollowUpAction, string> = {
	reviewRequest: 'review request',
	vipInvite: 'VIP invite',
	ambassadorInvite: 'ambassador invite',
	upsell: 'upsell offer',
	winBack: 'win-back',
};

/** The node's outputs, in order: one per action, then Not Now. */
export const OUTPUT_ORDER = [
	'reviewRequest',
	'upsell',
	'vipInvite',
	'ambassadorInvite',
	'winBack',
	'notNow',
] as const;

export interface FollowUpSettings {
	enabled: Record<FollowUpAction, boolean>;
	reviewAfterDeliveryDays: number;
	reviewAfterFulfilmentDays: number;
	reviewAfterOrderDays: number;
	/** 0 = no reminder. */
	reviewReminderDays: number;
	reviewProductRepeatDays: number;
	/** A follow-up whose due date is older than this is not sent any more (e.g. old orders on the first run). */
	maxOverdueDays: number;
	upsellAfterDeliveryDays: number;
	ladderFactor: number;
	vipMinSpend: number;
	vipMinOrders: number;
	vipWindowDays: number;
	vipRepeatDays: number;
	ambassadorMinOrders: number;
	ambassadorMinRating: number;
	ambassadorRepeatDays: number;
	winBackAfterDays: number;
	winBackBeforeDays: number;
	useExistingCustomerException: boolean;
	minDaysApart: number;
	maxPer30Days: number;
	sendWindowStartHour: number;
	sendWindowEndHour: number;
	outsideWindow: 'hold' | 'output';
	reservationHours: number;
	/**
	 * A reservation that expired without Confirm Sent (n8n died after the mail server took the
	 * mail, or before it): planned again (at least once), or held with its sent state unknown
	 * until Confirm Sent records or releases it (at most once).
	 */
	unconfirmed: 'planAgain' | 'hold';
	rfm: RfmThresholds;
}

export const DEFAULT_FOLLOW_UP_SETTINGS: FollowUpSettings = {
	enabled: {
		reviewRequest: true,
		vipInvite: true,
		ambassadorInvite: true,
		upsell: true,
		winBack: true,
	},
	reviewAfterDeliveryDays: 3,
	reviewAfterFulfilmentDays: 7,
	reviewAfterOrderDays: 14,
	reviewReminderDays: 7,
	reviewProductRepeatDays: 365,
	maxOverdueDays: 60,
	upsellAfterDeliveryDays: 14,
	ladderFactor: 3,
	vipMinSpend: 500,
	vipMinOrders: 3,
	vipWindowDays: 365,
	vipRepeatDays: 365,
	ambassadorMinOrders: 2,
	ambassadorMinRating: 4,
	ambassadorRepeatDays: 365,
	winBackAfterDays: 90,
	winBackBeforeDays: 365,
	useExistingCustomerException: false,
	minDaysApart: 3,
	maxPer30Days: 5,
	sendWindowStartHour: 9,
	sendWindowEndHour: 20,
	outsideWindow: 'hold',
	reservationHours: 24,
	unconfirmed: 'planAgain',
	rfm: DEFAULT_RFM,
};

type NumberSetting = {
	[K in keyof FollowUpSettings]: FollowUpSettings[K] extends number ? K : never;
}[keyof FollowUpSettings];

/** How a number option is checked: days, a whole count, an hour of the day, or one of the few with their own range. */
type NumberKind = 'days' | 'count' | 'hour' | 'hours' | 'amount' | 'factor' | 'stars';

/** A number option: its label and help in the editor, and the rule its value must meet. The default: DEFAULT_FOLLOW_UP_SETTINGS. */
export interface NumberOption {
	name: NumberSetting;
	label: string;
	kind: NumberKind;
	help: string;
	/** The smallest value when it is more than the kind's (a count of at least 1, a window of more than 0 days). */
	atLeast?: number;
}

/** The one source of every number option: the node's Options list and the validation messages are made from it. */
export const NUMBER_OPTIONS: readonly NumberOption[] = [
	{
		name: 'ambassadorRepeatDays',
		label: 'Ambassador: Invite Once in (Days)',
		kind: 'days',
		help: 'At most one ambassador invite in this many days',
	},
	{
		name: 'ambassadorMinOrders',
		label: 'Ambassador: Minimum Orders',
		kind: 'count',
		help: 'Orders needed for an ambassador invite',
	},
	{
		name: 'ambassadorMinRating',
		label: 'Ambassador: Minimum Rating',
		kind: 'stars',
		help: 'Stars of a review needed for an ambassador invite',
	},
	{
		name: 'maxPer30Days',
		label: 'Maximum Follow-Ups per 30 Days',
		kind: 'count',
		help: 'Per customer (Yotpo’s cap)',
		atLeast: 1,
	},
	{
		name: 'minDaysApart',
		label: 'Minimum Days Between Follow-Ups',
		kind: 'days',
		help: 'Per customer (Yotpo’s cap)',
	},
	{
		name: 'ladderFactor',
		label: 'Price Ladder Factor',
		kind: 'factor',
		help: 'Upsell offers cost at most this many times the customer’s highest order value',
	},
	{
		name: 'reservationHours',
		label: 'Reservation Expires After (Hours)',
		kind: 'hours',
		help: 'A planned follow-up that is never confirmed is planned again after this (see Unconfirmed After Expiry)',
	},
	{
		name: 'reviewReminderDays',
		label: 'Review Reminder After (Days)',
		kind: 'days',
		help: 'One reminder if still not reviewed; 0 for none',
	},
	{
		name: 'reviewAfterDeliveryDays',
		label: 'Review Request: Days After Delivery',
		kind: 'days',
		help: 'BetterReviews’ recommendation',
	},
	{
		name: 'reviewAfterFulfilmentDays',
		label: 'Review Request: Days After Fulfilment',
		kind: 'days',
		help: 'When there is no delivery date',
	},
	{
		name: 'reviewAfterOrderDays',
		label: 'Review Request: Days After Order',
		kind: 'days',
		help: 'When there is neither a delivery nor a fulfilment date',
	},
	{
		name: 'reviewProductRepeatDays',
		label: 'Review Request: Once per Product in (Days)',
		kind: 'days',
		help: 'Yotpo: one request per product per customer per 12 months',
	},
	{
		name: 'sendWindowEndHour',
		label: 'Send Window End (Hour)',
		kind: 'hour',
		help: 'Local hour in the customer’s time zone',
	},
	{
		name: 'sendWindowStartHour',
		label: 'Send Window Start (Hour)',
		kind: 'hour',
		help: 'Local hour in the customer’s time zone',
	},
	{
		name: 'maxOverdueDays',
		label: 'Skip Follow-Ups Overdue by More Than (Days)',
		kind: 'days',
		help: 'So the first run does not ask about old orders',
	},
	{
		name: 'upsellAfterDeliveryDays',
		label: 'Upsell: Days After Delivery',
		kind: 'days',
		help: 'When the upsell offer is due',
	},
	{
		name: 'vipRepeatDays',
		label: 'VIP: Invite Once in (Days)',
		kind: 'days',
		help: 'At most one VIP invite in this many days',
	},
	{
		name: 'vipMinOrders',
		label: 'VIP: Minimum Orders',
		kind: 'count',
		help: 'Orders in the window that make a VIP',
	},
	{
		name: 'vipMinSpend',
		label: 'VIP: Minimum Spend',
		kind: 'amount',
		help: 'Spend in the window that makes a VIP',
	},
	{
		name: 'vipWindowDays',
		label: 'VIP: Window (Days)',
		kind: 'days',
		help: 'Rolling window for spend and orders (as in LoyaltyLion)',
		atLeast: 1,
	},
	{
		name: 'winBackAfterDays',
		label: 'Win-Back: After (Days Without Order)',
		kind: 'days',
		help: 'The repurchase cycle',
	},
	{
		name: 'winBackBeforeDays',
		label: 'Win-Back: Until (Days Without Order)',
		kind: 'days',
		help: 'After this, no win-back',
	},
];

/** The rule of one number option, its messages naming the option as the editor shows it. */
function numberRule({ label, kind, atLeast }: NumberOption): z.ZodNumber {
	const number = (what: string) => z.number({ invalid_type_error: `${label} must be ${what}` });
	switch (kind) {
		case 'days': {
			const days = number('a number of days').min(0, `${label} must be 0 days or more`);
			return atLeast ? days.positive(`${label} must be more than 0`) : days;
		}
		case 'count':
			return number('a number')
				.int(`${label} must be a whole number`)
				.min(
					atLeast ?? 0,
					atLeast ? `${label} must be at least ${atLeast}` : `${label} must be 0 or more`,
				);
		case 'hour':
			return number('an hour')
				.int(`${label} must be a whole hour`)
				.min(0, `${label} must be 0 to 24`)
				.max(24, `${label} must be 0 to 24`);
		case 'hours':
			return number('a number of hours').positive(`${label} must be more than 0`);
		case 'amount':
			return number('a number').min(0, `${label} must be 0 or more`);
		case 'factor':
			return number('a number').min(1, `${label} must be 1 or more`);
		case 'stars':
			return number('a number of stars')
				.min(0, `${label} must be 0 to 5`)
				.max(5, `${label} must be 0 to 5`);
	}
}

const schema = z
	.object({
		...(Object.fromEntries(NUMBER_OPTIONS.map((o) => [o.name, numberRule(o)])) as Record<
			NumberSetting,
			z.ZodNumber
		>),
		useExistingCustomerException: z.boolean(),
		outsideWindow: z.enum(['hold', 'output']),
		unconfirmed: z.enum(['planAgain', 'hold'], {
			message: 'Unconfirmed After Expiry must be Plan Again or Hold for Review',
		}),
	})
	.partial()
	.refine((s) => (s.sendWindowStartHour ?? 9) < (s.sendWindowEndHour ?? 20), {
		message: 'Send Window Start must be before Send Window End',
	})
	.refine((s) => (s.winBackAfterDays ?? 90) < (s.winBackBeforeDays ?? 365), {
		message: 'Win-Back: After must be fewer days than Win-Back: Until',
	});

export type FollowUpSettingsOverrides = z.input<typeof schema> & {
	enabled?: Partial<Record<FollowUpAction, boolean>>;
};

/** The defaults with the user's options applied; throws an Error naming the first wrong option. */
export function resolveFollowUpSettings(
	overrides: FollowUpSettingsOverrides = {},
): FollowUpSettings {
	const { enabled, ...rest } = overrides;
	const clean = Object.fromEntries(
		Object.entries(rest).filter(([, v]) => v !== undefined && (v as unknown) !== ''),
	);
	const result = schema.safeParse(clean);
	if (!result.success) throw new Error(result.error.issues[0].message);
	return {
		...DEFAULT_FOLLOW_UP_SETTINGS,
		...result.data,
		enabled: { ...DEFAULT_FOLLOW_UP_SETTINGS.enabled, ...(enabled ?? {}) },
	};
}
