/**
 * Follow-up messages in German and English (by customer locale, English fallback): subject,
 * plain text and HTML. Placeholders in braces; every value is HTML-escaped in the HTML body;
 * review, offer and shop links carry UTM parameters. A line whose placeholder has no value
 * (e.g. no discount code) is left out. Pure: no n8n import.
 */
import { z } from 'zod';
import { parseJsonText } from '../../shared/json';
import { escapeMarkup as escapeHtml } from '../../shared/markup';
import type { TextChunks } from './textChunks';
import type { Language } from '../input/customer';

export type MessageKind = 'reviewRequest' | 'reviewReminder' | 'upsell' | 'vipInvite' | 'ambassadorInvite' | 'winBack';
export interface MessageText {
	subject: string;
	body: string;
}

const EN: Record<MessageKind, MessageText> = {
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
};

const DE: Record<MessageKind, MessageText> = {
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
};

export const DEFAULT_MESSAGES: Record<Language, Record<MessageKind, MessageText>> = { en: EN, de: DE };

const GREETING: Record<Language, (name?: string) => string> = {
	en: (name) => (name ? `Hi ${name},` : 'Hi,'),
	de: (name) => (name ? `Hallo ${name},` : 'Hallo,'),
};

/** § 7(3) Nr. 4 UWG: in every mail under the existing-customer exception, a clear opt-out notice. */
const OPT_OUT_FOOTER: Record<Language, string> = {
	en: 'You receive this email as a customer of {shopName} because you bought from us. You can object to these emails at any time, without costs other than the basic transmission rates: {unsubscribeLink}',
	de: 'Du erhältst diese E-Mail als Kundin oder Kunde von {shopName}, weil du bei uns gekauft hast. Du kannst dieser Verwendung deiner E-Mail-Adresse jederzeit widersprechen, ohne dass andere als die Übermittlungskosten nach den Basistarifen entstehen: {unsubscribeLink}',
};
const UNSUBSCRIBE_FOOTER: Record<Language, string> = {
	en: 'You receive this email because you subscribed to news from {shopName}. Unsubscribe: {unsubscribeLink}',
	de: 'Du erhältst diese E-Mail, weil du Neuigkeiten von {shopName} abonniert hast. Abmelden: {unsubscribeLink}',
};

const LINK_PLACEHOLDERS = new Set(['reviewLink', 'offerLink', 'shopLink', 'referralLink', 'unsubscribeLink']);
/** Placeholders the node fills; a line with one of them empty is left out. Others stay as written. */
const KNOWN_PLACEHOLDERS = new Set([...LINK_PLACEHOLDERS, 'greeting', 'firstName', 'product', 'yourProduct', 'offer', 'discountCode', 'shopName']);

/**
 * {yourProduct}: the product as a phrase that is grammatical whatever its name: German has no
 * possessive that fits every gender and number ("dein Tasse" is wrong), so the name stands in
 * quotes as a name („Blaue Tasse“), and without a product it is "deine Bestellung"; English:
 * "your Blue Mug", "your order". {product} stays the bare name (or "Bestellung" / "order").
 */
export function yourProduct(language: Language, productText: string | undefined): string {
	if (language === 'de') return productText === undefined ? 'deine Bestellung' : `„${productText}“`;
	return `your ${productText ?? 'order'}`;
}

const textSchema = z.object({ subject: z.string().min(1, 'subject must not be empty'), body: z.string().min(1, 'body must not be empty') }).partial();
const kindsSchema = z
	.object({
		reviewRequest: textSchema,
		reviewReminder: textSchema,
		upsell: textSchema,
		vipInvite: textSchema,
		ambassadorInvite: textSchema,
		winBack: textSchema,
	})
	.partial()
	.strict();
const overridesSchema = z.object({ en: kindsSchema, de: kindsSchema }).partial().strict();
export type MessageOverrides = z.infer<typeof overridesSchema>;

/** Checks the user's text overrides; throws an Error naming the wrong part. */
export function parseMessageOverrides(input: unknown): MessageOverrides {
	if (input === undefined || input === null || input === '') return {};
	let value: unknown = input;
	if (typeof input === 'string') {
		const parsed = parseJsonText(input);
		if (!parsed.ok) throw new Error(`Message Texts (JSON) is not valid JSON: ${parsed.problem}`);
		value = parsed.value;
	}
	const result = overridesSchema.safeParse(value);
	if (!result.success) {
		const issue = result.error.issues[0];
		throw new Error(`Message Texts (JSON) at ${issue.path.join('.') || 'the top'}: ${issue.message}. Use {"de": {"reviewRequest": {"subject": "…", "body": "…"}}}.`);
	}
	return result.data;
}

export { escapeMarkup as escapeHtml } from '../../shared/markup';

const PLAIN_LINK = /^https?:\/\/[^\s/?#]+\/[^\s?#]*(?:\?[^\s#]*)?$/i;

/** Adds utm_source / utm_medium / utm_campaign unless the link already has them. */
export function withUtm(link: string, utm: { source: string; medium: string; campaign: string }): string {
	// The common case (a plain link with a path, no fragment, no UTM yet) without parsing a URL.
	if (PLAIN_LINK.test(link) && !link.includes('utm_')) {
		const sep = !link.includes('?') ? '?' : link.endsWith('?') || link.endsWith('&') ? '' : '&';
		// Joined into one flat text: the link rides on the planned item, and a chain of pieces costs the garbage collector more.
		return [link, sep, utmQuery(utm)].join('');
	}
	const key = `${link}\n${utm.source}\n${utm.medium}\n${utm.campaign}`;
	let tagged = taggedLinks.get(key);
	if (tagged === undefined) {
		if (taggedLinks.size >= 1024) taggedLinks.clear();
		tagged = tagWithUrl(link, utm);
		taggedLinks.set(key, tagged);
	}
	return tagged;
}

/** The last UTM queries built: a batch tags every link with one of a few (one campaign per follow-up). */
const utmQueries: { source: string; medium: string; campaign: string; query: string }[] = [];

/** "utm_source=…&utm_medium=…&utm_campaign=…", each value URL-encoded. */
function utmQuery(utm: { source: string; medium: string; campaign: string }): string {
	for (const q of utmQueries) if (q.campaign === utm.campaign && q.source === utm.source && q.medium === utm.medium) return q.query;
	const query = `utm_source=${encodeURIComponent(utm.source)}&utm_medium=${encodeURIComponent(utm.medium)}&utm_campaign=${encodeURIComponent(utm.campaign)}`;
	utmQueries.unshift({ ...utm, query });
	if (utmQueries.length > 8) utmQueries.pop();
	return query;
}

/** Links parsed as URLs, remembered: these are mostly the same few links (the shop's home page) for every customer. */
const taggedLinks = new Map<string, string>();

function tagWithUrl(link: string, utm: { source: string; medium: string; campaign: string }): string {
	let url: URL;
	try {
		url = new URL(link);
	} catch {
		return link;
	}
	if (!url.searchParams.has('utm_source')) url.searchParams.set('utm_source', utm.source);
	if (!url.searchParams.has('utm_medium')) url.searchParams.set('utm_medium', utm.medium);
	if (!url.searchParams.has('utm_campaign')) url.searchParams.set('utm_campaign', utm.campaign);
	return url.toString();
}

/** Link patterns split once into text and {placeholders}: every customer's links are filled from them. */
const linkPatterns = new Map<string, string[]>();

/** Fills {orderId}, {sku}, {email}, {customerId} in a link pattern, URL-encoding each value. */
export function fillLink(pattern: string, values: Record<string, string | undefined>): string {
	if (!pattern.includes('{')) return pattern; // a fixed link (the shop, the referral page)
	let parts = linkPatterns.get(pattern);
	if (!parts) {
		// Odd positions hold placeholder names: "a{b}c" → ["a", "b", "c"].
		parts = pattern.split(/\{(\w+)\}/);
		if (linkPatterns.size >= 256) linkPatterns.clear();
		linkPatterns.set(pattern, parts);
	}
	const out = new Array<string>(parts.length);
	for (let i = 0; i < parts.length; i++) {
		// Own keys only: a pattern's {constructor} stays as written instead of naming Object's.
		out[i] = i % 2 === 0 ? parts[i] : Object.prototype.hasOwnProperty.call(values, parts[i]) ? encodeURIComponent(values[parts[i]] ?? '') : `{${parts[i]}}`;
	}
	return out.join('');
}

export interface RenderedMessage {
	language: Language;
	subject: string;
	text: string;
	html: string;
}

const PLACEHOLDER = /\{(\w+)\}/g;

/**
 * A template split once into text and placeholders, so rendering many messages does no parsing.
 * A value piece names its placeholder; in HTML it is escaped, and a link becomes an anchor.
 */
type Piece = string | ValuePiece;
interface ValuePiece {
	key: string;
	link: boolean;
	/** The last value this piece rendered in HTML and how: most values repeat from one message to the next (the shop name, the shop link). */
	lastValue?: string;
	lastHtml?: string;
}
interface CompiledLine {
	parts: Piece[];
	keys: string[];
}
interface CompiledMessage {
	subject: CompiledLine;
	/** Lines of the body; an empty line separates paragraphs. */
	lines: CompiledLine[];
	/** The node's placeholders in the message (in the order of `layouts`' bits). */
	keys: string[];
	/** Layouts by which of `keys` have a value: which lines stay, with neighbouring text pieces merged. */
	layouts: Map<number, Layout>;
}
/** The fixed shape of a message once it is known which values are empty: only values are left to fill in. */
interface Layout {
	text: Piece[];
	html: Piece[];
}

function compileLine(line: string): CompiledLine {
	const parts: Piece[] = [];
	const keys: string[] = [];
	let last = 0;
	for (const m of line.matchAll(PLACEHOLDER)) {
		const text = line.slice(last, m.index);
		if (text) parts.push(text);
		if (KNOWN_PLACEHOLDERS.has(m[1])) {
			parts.push({ key: m[1], link: LINK_PLACEHOLDERS.has(m[1]) });
			keys.push(m[1]);
		} else parts.push(m[0]); // not ours: stays as written
		last = m.index! + m[0].length;
	}
	const rest = line.slice(last);
	if (rest) parts.push(rest);
	return { parts, keys };
}

const KINDS: readonly MessageKind[] = ['reviewRequest', 'reviewReminder', 'upsell', 'vipInvite', 'ambassadorInvite', 'winBack'];
/** Compiled messages by kind, language and footer (see `compiled`), for the built-in texts and for each set of the user's texts. */
const compiledDefaults: (CompiledMessage | undefined)[] = [];
const compiledCustom = new WeakMap<MessageOverrides, (CompiledMessage | undefined)[]>();

function compiled(kind: MessageKind, language: Language, footer: 'optOut' | 'unsubscribe', overrides: MessageOverrides): CompiledMessage {
	const custom = overrides[language]?.[kind];
	let cache = compiledDefaults;
	if (custom) {
		cache = compiledCustom.get(overrides) ?? [];
		compiledCustom.set(overrides, cache);
	}
	const id = KINDS.indexOf(kind) * 4 + (language === 'de' ? 2 : 0) + (footer === 'optOut' ? 1 : 0);
	let message = cache[id];
	if (!message) {
		const base = DEFAULT_MESSAGES[language][kind];
		const footerText = (footer === 'optOut' ? OPT_OUT_FOOTER : UNSUBSCRIBE_FOOTER)[language];
		const body = `${custom?.body ?? base.body}\n\n--\n${footerText}`;
		const subject = compileLine(custom?.subject ?? base.subject);
		const lines = body.split('\n').map(compileLine);
		const keys = [...new Set(lines.flatMap((l) => l.keys))];
		message = { subject, lines, keys, layouts: new Map() };
		cache[id] = message;
	}
	return message;
}

/**
 * Appends pieces, merging neighbouring text so that filling in a layout joins few strings. Merged
 * by join, not `+=`: a layout's text is copied into every message, and a flat string copies at
 * once where a chain of concatenations is walked piece by piece each time.
 */
function append(into: Piece[], pieces: readonly Piece[]): void {
	for (const p of pieces) {
		const last = into.length - 1;
		if (typeof p === 'string' && last >= 0 && typeof into[last] === 'string') into[last] = [into[last] as string, p].join('');
		else into.push(p);
	}
}

function layoutOf(message: CompiledMessage, present: number): Layout {
	let layout = message.layouts.get(present);
	if (layout) return layout;
	const has = (key: string) => (present & (1 << message.keys.indexOf(key))) !== 0;
	const text: Piece[] = [];
	const html: Piece[] = [];
	let lastTextBlank = true; // no blank line at the start
	let inParagraph = false;
	for (const line of message.lines) {
		if (!line.keys.every(has)) continue; // a line whose value is missing is left out
		if (line.parts.length === 0) {
			if (inParagraph) append(html, ['</p>']);
			inParagraph = false;
			if (!lastTextBlank) append(text, ['\n']);
			lastTextBlank = true;
			continue;
		}
		if (text.length) append(text, ['\n']);
		append(text, line.parts);
		lastTextBlank = false;
		append(html, [inParagraph ? '<br>' : '<p>']);
		append(
			html,
			line.parts.map((p) => (typeof p === 'string' ? escapeHtml(p) : p)),
		);
		inParagraph = true;
	}
	if (inParagraph) append(html, ['</p>']);
	layout = { text, html };
	message.layouts.set(present, layout);
	return layout;
}

// Pieces are joined, not concatenated one by one: `+=` builds a rope of many small strings, and a
// batch keeps thousands of messages alive, which the garbage collector would copy piece by piece.
// The greeting comes apart from `values`: adding it to the caller's object would cost a new property per message.
function fillText(pieces: readonly Piece[], values: Record<string, string | undefined>, greeting: string): string {
	const out = new Array<string>(pieces.length);
	for (let i = 0; i < pieces.length; i++) {
		const p = pieces[i];
		out[i] = typeof p === 'string' ? p : p.key === 'greeting' ? greeting : (values[p.key] ?? '');
	}
	return out.join('');
}

/** The value pieces that remember a value (a customer's name or link), so that `forgetRenderedValues` can clear them. */
const remembering: ValuePiece[] = [];

/**
 * Clears what the value pieces remember of the last message, so no customer data stays in
 * memory between executions. The node calls it when a plan ends. Returns how many pieces it cleared.
 */
export function forgetRenderedValues(): number {
	const cleared = remembering.length;
	for (const p of remembering) {
		p.lastValue = undefined;
		p.lastHtml = undefined;
	}
	remembering.length = 0;
	return cleared;
}

/** Appends the HTML of the pieces to `out`: values escaped, links as anchors. */
function fillHtml(pieces: readonly Piece[], values: Record<string, string | undefined>, greeting: string, out: string[]): void {
	for (const p of pieces) {
		if (typeof p === 'string') {
			out.push(p);
			continue;
		}
		const value = p.key === 'greeting' ? greeting : (values[p.key] ?? '');
		if (value !== p.lastValue) {
			if (p.lastValue === undefined) remembering.push(p);
			const escaped = escapeHtml(value);
			p.lastHtml = p.link && escaped ? `<a href="${escaped}">${escaped}</a>` : escaped;
			p.lastValue = value;
		}
		out.push(p.lastHtml!);
	}
}

/** Whitespace that a subject line must not keep: runs of it, or anything other than a plain space. */
const LOOSE_SPACE = /\s\s|[^\S ]/;

const HTML_HEAD: Record<Language, string> = {
	en: '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>',
	de: '<!DOCTYPE html><html lang="de"><head><meta charset="utf-8"><title>',
};
const HTML_BODY =
	'</title></head><body style="font-family:Arial,Helvetica,sans-serif;font-size:15px;line-height:1.5;color:#1f2933">';

/**
 * Renders one message. `values` are raw (unescaped) values; the greeting is made from the first name;
 * links must already carry UTM.
 * `footer`: the § 7(3) UWG opt-out notice, or the unsubscribe line for consent-based mail.
 * `chunks`: for a batch, where the text and HTML bodies are kept; they are set on the message
 * when its chunk is sealed (see TextChunks). Without it they are set at once.
 */
export function renderMessage(
	kind: MessageKind,
	language: Language,
	values: Record<string, string | undefined>,
	footer: 'optOut' | 'unsubscribe',
	overrides: MessageOverrides = {},
	chunks?: TextChunks,
): RenderedMessage {
	const message = compiled(kind, language, footer, overrides);
	// A caller that gives only {product} still gets a grammatical {yourProduct}.
	if (values.yourProduct === undefined) values = { ...values, yourProduct: yourProduct(language, values.product) };
	const greeting = GREETING[language](values.firstName);
	let present = 0;
	for (let i = 0; i < message.keys.length; i++) if (message.keys[i] === 'greeting' || values[message.keys[i]]) present |= 1 << i;
	const layout = layoutOf(message, present);
	let subject = fillText(message.subject.parts, values, greeting);
	if (LOOSE_SPACE.test(subject)) subject = subject.replace(/\s+/g, ' ');
	subject = subject.trim();
	const text = fillText(layout.text, values, greeting).trim();
	const html = [HTML_HEAD[language], escapeHtml(subject), HTML_BODY];
	fillHtml(layout.html, values, greeting, html);
	html.push('</body></html>');
	if (!chunks) return { language, subject, text, html: html.join('') };
	const rendered = { language, subject, text: '', html: '' };
	chunks.add(rendered, 'text', [text]);
	chunks.add(rendered, 'html', html);
	return rendered;
}
