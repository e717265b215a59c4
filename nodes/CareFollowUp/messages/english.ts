/** The English texts of the follow-up messages. Pure: no n8n import. */
import type { LanguagePack } from './languagePack';

export const ENGLISH: LanguagePack = {
	messages: {
		reviewRequest: {
			subject: 'How do you like {yourProduct}?',
			body: '{greeting}\n\nthank you for your order at {shopName}. How do you like {yourProduct}? Your review helps other customers decide, whatever your experience was.\n\nWrite a review: {reviewLink}\n\nThank you!\nYour {shopName} team',
		},
		reviewReminder: {
			subject: 'A quick reminder: how do you like {yourProduct}?',
			body: '{greeting}\n\na few days ago we asked how you like {yourProduct}. If you have a minute, we would be glad to hear your honest opinion.\n\nWrite a review: {reviewLink}\n\nThis is our only reminder.\nYour {shopName} team',
		},
		upsell: {
			subject: 'Picked for you: {offer}',
			body: '{greeting}\n\nsince you liked your last order, we think {offer} could be right for you.\n\nHave a look: {offerLink}\nWith the code {discountCode} you save on your next order.\n\nYour {shopName} team',
		},
		vipInvite: {
			subject: 'Welcome to the {shopName} VIP circle',
			body: '{greeting}\n\nthank you for being such a loyal customer. We would like to welcome you to our VIP circle: early access, VIP live events and a personal contact.\n\nJoin here: {shopLink}\nYour VIP code: {discountCode}\n\nYour {shopName} team',
		},
		ambassadorInvite: {
			subject: 'Would you like to become an ambassador for {shopName}?',
			body: '{greeting}\n\nthank you for your kind review. Would you like to recommend us to friends? As an ambassador you get a personal link and a thank-you for every friend who orders.\n\nYour link: {referralLink}\n\nYour {shopName} team',
		},
		winBack: {
			subject: 'We miss you at {shopName}',
			body: '{greeting}\n\nit has been a while since your last order. Here is what is new at {shopName}.\n\nHave a look: {shopLink}\nWith the code {discountCode} you save on your next order.\n\nYour {shopName} team',
		},
	},
	greeting: (name) => (name ? `Hi ${name},` : 'Hi,'),
	yourProduct: (product) => `your ${product ?? 'order'}`,
	orderWord: 'order',
	optOutFooter:
		'You receive this email as a customer of {shopName} because you bought from us. You can object to these emails at any time, without costs other than the basic transmission rates: {unsubscribeLink}',
	unsubscribeFooter:
		'You receive this email because you subscribed to news from {shopName}. Unsubscribe: {unsubscribeLink}',
};
