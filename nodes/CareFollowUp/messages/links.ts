/** The links in a follow-up: filled per customer, checked, tagged with UTM. Pure: no n8n import. */

/** Only web links (and mailto: for unsubscribing) reach a message: never javascript: or data: URLs. */
export const isWebLink = (link: string | undefined) =>
	link !== undefined && /^(?:https?:\/\/|mailto:)[^\s<>"]+$/i.test(link);

export interface Utm {
	source: string;
	medium: string;
	campaign: string;
}

/** A link with a path, no fragment and no UTM yet: tagged without parsing a URL. */
const PLAIN_LINK = /^https?:\/\/[^\s/?#]+\/[^\s?#]*(?:\?[^\s#]*)?$/i;

/** Adds utm_source / utm_medium / utm_campaign unless the link already has them. */
export function withUtm(link: string, utm: Utm): string {
	if (PLAIN_LINK.test(link) && !link.includes('utm_')) {
		const sep = !link.includes('?') ? '?' : link.endsWith('?') || link.endsWith('&') ? '' : '&';
		return `${link}${sep}utm_source=${encodeURIComponent(
			utm.source,
		)}&utm_medium=${encodeURIComponent(utm.medium)}&utm_campaign=${encodeURIComponent(
			utm.campaign,
		)}`;
	}
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

/** Fills {orderId}, {sku}, {email}, {customerId} in a link pattern, URL-encoding each value. */
export function fillLink(pattern: string, values: Record<string, string | undefined>): string {
	if (!pattern.includes('{')) return pattern; // a fixed link (the shop, the referral page)
	// Odd positions hold placeholder names: "a{b}c" → ["a", "b", "c"]. Own keys only: a pattern's
	// {constructor} stays as written instead of naming Object's.
	return pattern
		.split(/\{(\w+)\}/)
		.map((part, i) =>
			i % 2 === 0
				? part
				: Object.prototype.hasOwnProperty.call(values, part)
				? encodeURIComponent(values[part] ?? '')
				: `{${part}}`,
		)
		.join('');
}

/**
 * Makes the links of one run: each filled for the customer, checked, and tagged with UTM. A link
 * without placeholders (the shop, a fixed referral page) is the same for every customer, so it is
 * made once per campaign and shared: a batch then holds one copy instead of one per message.
 */
export class LinkMaker {
	private readonly fixed = new Map<string, string | null>();

	/** The link, or undefined when it is not a web link. `utm` undefined: no UTM (the unsubscribe link). */
	make(pattern: string, values: Record<string, string | undefined>, utm?: Utm): string | undefined {
		if (pattern.includes('{')) return this.tagged(fillLink(pattern, values), utm);
		const key = `${utm?.campaign ?? ''}\n${pattern}`;
		let link = this.fixed.get(key);
		if (link === undefined) this.fixed.set(key, (link = this.tagged(pattern, utm) ?? null));
		return link ?? undefined;
	}

	private tagged(link: string, utm: Utm | undefined): string | undefined {
		if (!isWebLink(link)) return undefined;
		return utm ? withUtm(link, utm) : link;
	}
}
