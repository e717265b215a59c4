/** Escaping text for HTML and XML (mail bodies, SVG charts). Pure: no n8n import. */
const SPECIAL = /[&<>"']/;
const SPECIAL_ALL = /[&<>"']/g;
const ENTITY: Record<string, string> = {
	'&': '&amp;',
	'<': '&lt;',
	'>': '&gt;',
	'"': '&quot;',
	"'": '&#39;',
};

/** The text with & < > " ' as entities; valid in HTML and XML text and attribute values. */
export function escapeMarkup(text: string): string {
	return SPECIAL.test(text) ? text.replace(SPECIAL_ALL, (c) => ENTITY[c]) : text;
}
