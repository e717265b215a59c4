/**
 * Every number and switch of the follow-up rules and guards, with the product spec's defaults,
 * validated once per execution (zod) with a message that names the option.
 */
import { z } from 'zod';
import { DEFAULT_RFM, type RfmThresholds } from './rfm';

export const ACTIONS = ['reviewRequest', 'vipInvite', 'ambassadorInvite', 'upsell', 'winBack'] as const;
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
export const OUTPUT_ORDER = ['reviewRequest', 'upsell', 'vipInvite', 'ambassadorInvite', 'winBack', 'notNow'] as const;

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
	enabled: { reviewRequest: true, vipInvite: true, ambassadorInvite: true, upsell: true, winBack: true },
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

const days = (label: string) => z.number({ invalid_type_error: `${label} must be a number of days` }).min(0, `${label} must be 0 days or more`);
const count = (label: string) => z.number({ invalid_type_error: `${label} must be a number` }).int(`${label} must be a whole number`).min(0, `${label} must be 0 or more`);
const hour = (label: string) => z.number({ invalid_type_error: `${label} must be an hour` }).int(`${label} must be a whole hour`).min(0, `${label} must be 0 to 24`).max(24, `${label} must be 0 to 24`);

const schema = z
	.object({
		reviewAfterDeliveryDays: days('Review Request: Days After Delivery'),
		reviewAfterFulfilmentDays: days('Review Request: Days After Fulfilment'),
		reviewAfterOrderDays: days('Review Request: Days After Order'),
		reviewReminderDays: days('Review Reminder After (Days)'),
		reviewProductRepeatDays: days('Ask per Product Once in (Days)'),
		maxOverdueDays: days('Skip Follow-Ups Overdue by More Than (Days)'),
		upsellAfterDeliveryDays: days('Upsell: Days After Delivery'),
		ladderFactor: z.number().min(1, 'Price Ladder Factor must be 1 or more'),
		vipMinSpend: z.number().min(0, 'VIP: Minimum Spend must be 0 or more'),
		vipMinOrders: count('VIP: Minimum Orders'),
		vipWindowDays: days('VIP: Window (Days)').positive('VIP: Window (Days) must be more than 0'),
		vipRepeatDays: days('VIP: Invite Once in (Days)'),
		ambassadorMinOrders: count('Ambassador: Minimum Orders'),
		ambassadorMinRating: z.number().min(0, 'Ambassador: Minimum Rating must be 0 to 5').max(5, 'Ambassador: Minimum Rating must be 0 to 5'),
		ambassadorRepeatDays: days('Ambassador: Invite Once in (Days)'),
		winBackAfterDays: days('Win-Back: After (Days Without Order)'),
		winBackBeforeDays: days('Win-Back: Until (Days Without Order)'),
		useExistingCustomerException: z.boolean(),
		minDaysApart: days('Minimum Days Between Follow-Ups'),
		maxPer30Days: count('Maximum Follow-Ups per 30 Days').min(1, 'Maximum Follow-Ups per 30 Days must be at least 1'),
		sendWindowStartHour: hour('Send Window Start'),
		sendWindowEndHour: hour('Send Window End'),
		outsideWindow: z.enum(['hold', 'output']),
		reservationHours: z.number().positive('Reservation Expires After (Hours) must be more than 0'),
		unconfirmed: z.enum(['planAgain', 'hold'], { message: 'Unconfirmed After Expiry must be Plan Again or Hold for Review' }),
	})
	.partial()
	.refine((s) => (s.sendWindowStartHour ?? 9) < (s.sendWindowEndHour ?? 20), { message: 'Send Window Start must be before Send Window End' })
	.refine((s) => (s.winBackAfterDays ?? 90) < (s.winBackBeforeDays ?? 365), { message: 'Win-Back: After must be fewer days than Win-Back: Until' });

export type FollowUpSettingsOverrides = z.input<typeof schema> & { enabled?: Partial<Record<FollowUpAction, boolean>> };

/** The defaults with the user's options applied; throws an Error naming the first wrong option. */
export function resolveFollowUpSettings(overrides: FollowUpSettingsOverrides = {}): FollowUpSettings {
	const { enabled, ...rest } = overrides;
	const clean = Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined && (v as unknown) !== ''));
	const result = schema.safeParse(clean);
	if (!result.success) throw new Error(result.error.issues[0].message);
	return { ...DEFAULT_FOLLOW_UP_SETTINGS, ...result.data, enabled: { ...DEFAULT_FOLLOW_UP_SETTINGS.enabled, ...(enabled ?? {}) } };
}
