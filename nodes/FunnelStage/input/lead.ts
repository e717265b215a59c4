/** A lead's behaviour after it has been read from an item: what the stage rule works on. */
import type { SignalType, Stage } from './signals';

export interface DatedSignal {
	type: SignalType;
	/** When it happened (epoch ms); for counters without a date, the date they were counted at. */
	atMs: number;
	count: number;
	source: 'event' | 'counter';
}

export interface LeadEvidence {
	signals: DatedSignal[];
	orders?: number;
	lastOrderAtMs?: number;
	firstOrderAtMs?: number;
	totalSpent?: number;
	/** Set when the lead has counters without a date of their own: the date they were counted at. */
	counterDating?: 'lastActivity' | 'assumedToday';
	trackingConsent?: boolean;
	previousStage?: Stage;
	previousHighestStage?: Stage;
	/** Event types outside the vocabulary that were ignored (option "Unknown Event Types: Ignore"). */
	ignoredEventTypes?: string[];
	/** Known standard event types that carry no funnel signal (user_engagement, Received Email …), skipped. */
	skippedEventTypes?: string[];
	/** When the lead was last active, if the record says so. */
	lastActivityAtMs?: number;
	/** A CRM or shop lifecycle value (HubSpot's lifecyclestage, WooCommerce's is_paying_customer) and the stage it stands for. */
	lifecycle?: { value: string; field: string; stage: Stage };
}
