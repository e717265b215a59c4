/**
 * The German texts of the follow-up messages: informal "du", gender-inclusive where a person is
 * named ("Kundinnen und Kunden", "Botschafter:in"). Pure: no n8n import.
 */
import type { LanguagePack } from './languagePack';

export const GERMAN: LanguagePack = {
	messages: {
		reviewRequest: {
			subject: 'Wie gefällt dir {yourProduct}?',
			body: '{greeting}\n\ndanke für deine Bestellung bei {shopName}. Wie gefällt dir {yourProduct}? Deine Bewertung hilft anderen Kundinnen und Kunden bei der Entscheidung, ganz gleich, wie deine Erfahrung war.\n\nJetzt bewerten: {reviewLink}\n\nVielen Dank!\nDein {shopName}-Team',
		},
		reviewReminder: {
			subject: 'Kurze Erinnerung: Wie gefällt dir {yourProduct}?',
			body: '{greeting}\n\nvor ein paar Tagen haben wir gefragt, wie dir {yourProduct} gefällt. Wenn du eine Minute hast, freuen wir uns über deine ehrliche Meinung.\n\nJetzt bewerten: {reviewLink}\n\nDas ist unsere einzige Erinnerung.\nDein {shopName}-Team',
		},
		upsell: {
			subject: 'Für dich ausgewählt: {offer}',
			body: '{greeting}\n\nweil dir deine letzte Bestellung gefallen hat, könnte „{offer}“ genau das Richtige für dich sein.\n\nJetzt ansehen: {offerLink}\nMit dem Code {discountCode} sparst du bei deiner nächsten Bestellung.\n\nDein {shopName}-Team',
		},
		vipInvite: {
			subject: 'Du bist jetzt {shopName}-VIP',
			body: '{greeting}\n\ndanke für deine Treue. Wir laden dich in unseren VIP-Kreis ein: früher Zugang, VIP-Live-Events und eine persönliche Ansprechperson.\n\nHier geht es los: {shopLink}\nDein VIP-Code: {discountCode}\n\nDein {shopName}-Team',
		},
		ambassadorInvite: {
			subject: 'Möchtest du {shopName}-Botschafter:in werden?',
			body: '{greeting}\n\ndanke für deine tolle Bewertung. Möchtest du uns Freundinnen und Freunden empfehlen? Als Botschafter:in bekommst du einen persönlichen Link und ein Dankeschön für jede Bestellung über ihn.\n\nDein Link: {referralLink}\n\nDein {shopName}-Team',
		},
		winBack: {
			subject: 'Wir vermissen dich bei {shopName}',
			body: '{greeting}\n\ndeine letzte Bestellung ist eine Weile her. Schau dir an, was es bei {shopName} Neues gibt.\n\nJetzt ansehen: {shopLink}\nMit dem Code {discountCode} sparst du bei deiner nächsten Bestellung.\n\nDein {shopName}-Team',
		},
	},
	greeting: (name) => (name ? `Hallo ${name},` : 'Hallo,'),
	// German has no possessive that fits every gender and number ("dein Tasse" is wrong), so the
	// product's name stands in quotes as a name („Blaue Tasse“); without a product: "deine Bestellung".
	yourProduct: (product) => (product === undefined ? 'deine Bestellung' : `„${product}“`),
	orderWord: 'Bestellung',
	optOutFooter:
		'Du erhältst diese E-Mail als Kundin oder Kunde von {shopName}, weil du bei uns gekauft hast. Du kannst dieser Verwendung deiner E-Mail-Adresse jederzeit widersprechen, ohne dass andere als die Übermittlungskosten nach den Basistarifen entstehen: {unsubscribeLink}',
	unsubscribeFooter:
		'Du erhältst diese E-Mail, weil du Neuigkeiten von {shopName} abonniert hast. Abmelden: {unsubscribeLink}',
};
