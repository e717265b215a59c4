/**
 * Renders a follow-up message in the customer's language (German or English, English by
 * default): subject, plain text and HTML. Placeholders in braces; every value is HTML-escaped in
 * the HTML body, and a link becomes an anchor. A line whose placeholder has no value (e.g. no
 * discount code) is left out. The texts themselves: english.ts and german.ts. Pure: no n8n import.
 */
import { escapeMarkup as escapeHtml } from '../../shared/markup';
import type { Language } from '../input/customer';
import { ENGLISH } from './english';
import { GERMAN } from './german';
import {
	MESSAGE_KINDS,
	type LanguagePack,
	type MessageKind,
	type MessageText,
} from './languagePack';
import type { MessageOverrides } from './overrides';
import { TextChunks } from './textChunks';

export type { MessageKind, MessageText } from './languagePack';
export { escapeHtml };

export const LANGUAGES: Record<Language, LanguagePack> = { en: ENGLISH, de: GERMAN };
export const DEFAULT_MESSAGES: Record<Language, Record<MessageKind, MessageText>> = {
	en: ENGLISH.messages,
	de: GERMAN.messages,
};

/** {yourProduct} in the language: "your Blue Mug" / „Blaue Tasse“, or "your order" / "deine Bestellung". */
export const yourProduct = (language: Language, productName: string | undefined) =>
	LANGUAGES[language].yourProduct(productName);

export interface RenderedMessage {
	language: Language;
	subject: string;
	text: string;
	html: string;
}

const LINK_PLACEHOLDERS = new Set([
	'reviewLink',
	'offerLink',
	'shopLink',
	'referralLink',
	'unsubscribeLink',
]);
/** Placeholders the node fills; a line with one of them empty is left out. Others stay as written. */
const KNOWN_PLACEHOLDERS = new Set([
	...LINK_PLACEHOLDERS,
	'greeting',
	'firstName',
	'product',
	'yourProduct',
	'offer',
	'discountCode',
	'shopName',
]);
const PLACEHOLDER = /\{(\w+)\}/g;

const HTML_BODY =
	'</title></head><body style="font-family:Arial,Helvetica,sans-serif;font-size:15px;line-height:1.5;color:#1f2933">';

/**
 * A line split once into text and our placeholders. A value piece remembers the last value it
 * rendered as HTML: most values repeat from one message to the next (the shop name, its link).
 * The memory belongs to one renderer, so it ends with the run.
 */
interface ValuePiece {
	key: string;
	link: boolean;
	lastValue?: string;
	lastHtml?: string;
}
type Piece = string | ValuePiece;
interface Line {
	pieces: Piece[];
	keys: string[];
}
interface Template {
	subject: Line;
	lines: Line[];
	/** Our placeholders in the body, in the order of a layout's bits. */
	keys: string[];
	/** Per set of placeholders with a value: the lines that stay, as text and HTML pieces (text merged). */
	layouts: Map<number, { text: Piece[]; html: Piece[] }>;
}

function compileLine(line: string): Line {
	const pieces: Piece[] = [];
	const keys: string[] = [];
	let last = 0;
	for (const m of line.matchAll(PLACEHOLDER)) {
		if (m.index! > last) pieces.push(line.slice(last, m.index));
		if (KNOWN_PLACEHOLDERS.has(m[1])) {
			pieces.push({ key: m[1], link: LINK_PLACEHOLDERS.has(m[1]) });
			keys.push(m[1]);
		} else pieces.push(m[0]); // not ours: stays as written
		last = m.index! + m[0].length;
	}
	if (last < line.length) pieces.push(line.slice(last));
	return { pieces, keys };
}

/** Appends pieces, merging neighbouring text, so that filling a layout in joins few strings. */
function append(into: Piece[], pieces: readonly Piece[]): void {
	for (const p of pieces) {
		const last = into.length - 1;
		if (typeof p === 'string' && last >= 0 && typeof into[last] === 'string')
			into[last] = (into[last] as string) + p;
		else into.push(p);
	}
}

/** The lines that stay when only the placeholders in `present` have a value: paragraphs between empty lines. */
function layoutOf(template: Template, present: number): { text: Piece[]; html: Piece[] } {
	const has = (key: string) =>
		key === 'greeting' || (present & (1 << template.keys.indexOf(key))) !== 0;
	const paragraphs: Line[][] = [[]];
	for (const line of template.lines) {
		if (line.pieces.length === 0) {
			if (paragraphs[paragraphs.length - 1].length) paragraphs.push([]);
		} else if (line.keys.every(has)) paragraphs[paragraphs.length - 1].push(line);
	}
	const text: Piece[] = [];
	const html: Piece[] = [];
	for (const paragraph of paragraphs.filter((p) => p.length)) {
		if (text.length) append(text, ['\n\n']);
		append(html, ['<p>']);
		paragraph.forEach((line, i) => {
			if (i) {
				append(text, ['\n']);
				append(html, ['<br>']);
			}
			append(text, line.pieces);
			// The HTML layout gets pieces of its own: each remembers the last value it rendered.
			append(
				html,
				line.pieces.map((p) =>
					typeof p === 'string' ? escapeHtml(p) : { key: p.key, link: p.link },
				),
			);
		});
		append(html, ['</p>']);
	}
	return { text, html };
}

/** The value of a piece; the greeting comes apart, so that no message copies the caller's values to add it. */
const valueOf = (p: ValuePiece, values: Record<string, string | undefined>, greeting: string) =>
	p.key === 'greeting' ? greeting : values[p.key] ?? '';

function fillText(
	pieces: readonly Piece[],
	values: Record<string, string | undefined>,
	greeting: string,
): string {
	const out = new Array<string>(pieces.length);
	for (let i = 0; i < pieces.length; i++) {
		const p = pieces[i];
		out[i] = typeof p === 'string' ? p : valueOf(p, values, greeting);
	}
	return out.join('');
}

function fillHtml(
	pieces: readonly Piece[],
	values: Record<string, string | undefined>,
	greeting: string,
	out: string[],
): void {
	for (const p of pieces) {
		if (typeof p === 'string') {
			out.push(p);
			continue;
		}
		const value = valueOf(p, values, greeting);
		if (value !== p.lastValue) {
			const escaped = escapeHtml(value);
			p.lastHtml = p.link && escaped ? `<a href="${escaped}">${escaped}</a>` : escaped;
			p.lastValue = value;
		}
		out.push(p.lastHtml!);
	}
}

/**
 * Renders the messages of one run. What makes a batch fast stays in here, out of the rules: each
 * template (built-in or the user's, per kind, language and footer) is split once per run, with
 * the lines that stay for each set of filled placeholders, and each value piece remembers its last
 * HTML; the bodies of a batch are kept in shared chunks (TextChunks), set on the messages when
 * `seal()` is called. Without `batch`, every message has its bodies at once. Nothing outlives the
 * renderer (A/B figures: docs/DEVELOPMENT.md).
 */
export class MessageRenderer {
	/** By kind, language and footer (see `template`). */
	private readonly templates: (Template | undefined)[] = [];
	private readonly chunks?: TextChunks;

	constructor(
		private readonly overrides: MessageOverrides = {},
		{ batch = false }: { batch?: boolean } = {},
	) {
		if (batch) this.chunks = new TextChunks();
	}

	private template(
		kind: MessageKind,
		language: Language,
		footer: 'optOut' | 'unsubscribe',
	): Template {
		const id =
			MESSAGE_KINDS.indexOf(kind) * 4 + (language === 'de' ? 2 : 0) + (footer === 'optOut' ? 1 : 0);
		let template = this.templates[id];
		if (!template) {
			const pack = LANGUAGES[language];
			const own = this.overrides[language]?.[kind];
			const body = `${own?.body ?? pack.messages[kind].body}\n\n--\n${
				footer === 'optOut' ? pack.optOutFooter : pack.unsubscribeFooter
			}`;
			const lines = body.split('\n').map(compileLine);
			template = {
				subject: compileLine(own?.subject ?? pack.messages[kind].subject),
				lines,
				keys: [...new Set(lines.flatMap((l) => l.keys))],
				layouts: new Map(),
			};
			this.templates[id] = template;
		}
		return template;
	}

	/**
	 * One message. `values` are raw (unescaped) values; the greeting is made from the first name;
	 * links must already carry UTM. `footer`: the § 7(3) UWG opt-out notice, or the unsubscribe
	 * line for mail sent with consent. In a batch, text and html are set by `seal()`.
	 */
	render(
		kind: MessageKind,
		language: Language,
		values: Record<string, string | undefined>,
		footer: 'optOut' | 'unsubscribe',
	): RenderedMessage {
		const pack = LANGUAGES[language];
		const template = this.template(kind, language, footer);
		// A caller that gives only {product} still gets a grammatical {yourProduct}.
		if (values.yourProduct === undefined)
			values = { ...values, yourProduct: pack.yourProduct(values.product) };
		const greeting = pack.greeting(values.firstName);
		let present = 0;
		for (let i = 0; i < template.keys.length; i++)
			if (template.keys[i] === 'greeting' || values[template.keys[i]]) present |= 1 << i;
		let layout = template.layouts.get(present);
		if (!layout) template.layouts.set(present, (layout = layoutOf(template, present)));
		const subject = fillText(template.subject.pieces, values, greeting).replace(/\s+/g, ' ').trim();
		const text = fillText(layout.text, values, greeting).trim();
		const html = [
			`<!DOCTYPE html><html lang="${language}"><head><meta charset="utf-8"><title>`,
			escapeHtml(subject),
			HTML_BODY,
		];
		fillHtml(layout.html, values, greeting, html);
		html.push('</body></html>');
		if (!this.chunks) return { language, subject, text, html: html.join('') };
		const rendered = { language, subject, text: '', html: '' };
		this.chunks.add(rendered, 'text', [text]);
		this.chunks.add(rendered, 'html', html);
		return rendered;
	}

	/** Sets the bodies of the batch's last messages (call once the batch is planned). */
	seal(): void {
		this.chunks?.seal();
	}
}

/** One message on its own (a run renders through one MessageRenderer). */
export function renderMessage(
	kind: MessageKind,
	language: Language,
	values: Record<string, string | undefined>,
	footer: 'optOut' | 'unsubscribe',
	overrides: MessageOverrides = {},
): RenderedMessage {
	return new MessageRenderer(overrides).render(kind, language, values, footer);
}
