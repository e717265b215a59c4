/** What a language brings to the follow-up messages. Pure: no n8n import. */
export type MessageKind =
	| 'reviewRequest'
	| 'reviewReminder'
	| 'upsell'
	| 'vipInvite'
	| 'ambassadorInvite'
	| 'winBack';

export const MESSAGE_KINDS: readonly MessageKind[] = [
	'reviewRequest',
	'reviewReminder',
	'upsell',
	'vipInvite',
	'ambassadorInvite',
	'winBack',
];

export interface MessageText {
	subject: string;
	body: string;
}

export interface LanguagePack {
	/** The built-in subject and body of each follow-up, with {placeholders}. */
	messages: Record<MessageKind, MessageText>;
	/** The salutation line, with or without a first name. */
	greeting: (firstName?: string) => string;
	/**
	 * {yourProduct}: the product as a phrase that is grammatical whatever its name, and the
	 * phrase without a product. {product} stays the bare name, or `orderWord`.
	 */
	yourProduct: (productName: string | undefined) => string;
	orderWord: string;
	/** § 7(3) Nr. 4 UWG: in every mail under the existing-customer exception, a clear opt-out notice. */
	optOutFooter: string;
	/** In every mail sent with consent: why the customer gets it, and how to unsubscribe. */
	unsubscribeFooter: string;
}
