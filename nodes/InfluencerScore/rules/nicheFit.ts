/**
 * Niche fit and brand safety from an influencer's bio and captions, in German and English.
 * Text is folded (case, diacritics: "Küche" and "kuche" match; ß matches ss) and hashtags are
 * split ("#VeganFood" and "#vegan_food" read as "vegan food"; a keyword also matches inside a
 * run-together hashtag such as "#veganfoodie"). Pure: no n8n import.
 */

/** Lower case, diacritics removed, ß → ss, everything that is not a letter or digit → space. */
export function foldText(text: string): string {
	return text
		.normalize('NFKD')
		.replace(/\p{M}+/gu, '')
		.replace(/ß/g, 'ss')
		.toLowerCase()
		.replace(/[^\p{L}\p{N}]+/gu, ' ')
		.trim();
}

const HASHTAG = /#([\p{L}\p{N}_]+)/gu;

/** "#VeganFood2026" → "vegan food 2026": camel case, digits and underscores split a tag into words. */
function splitHashtag(tag: string): string {
	return tag
		.replace(/([\p{Ll}\p{N}])(\p{Lu})/gu, '$1 $2')
		.replace(/(\p{L})(\p{N})/gu, '$1 $2')
		.replace(/(\p{N})(\p{L})/gu, '$1 $2')
		.replace(/_/g, ' ');
}

export interface SearchableText {
	/** Folded words with single spaces, padded with a space at both ends for whole-word search. */
	words: string;
	/** Folded hashtag bodies, run together ("veganfoodie"), for keywords inside a tag. */
	tags: string[];
}

export function searchable(text: string): SearchableText {
	const tags: string[] = [];
	const expanded = text.replace(HASHTAG, (_all, tag: string) => {
		tags.push(foldText(tag).replace(/ /g, ''));
		return ` ${splitHashtag(tag)} `;
	});
	return { words: ` ${foldText(expanded)} `, tags };
}

export function compileTerms(terms: readonly string[]): string[] {
	const folded = terms.map(foldText).filter((t) => t.length > 0);
	return [...new Set(folded)];
}

/** Whether a folded term occurs as whole words, or (4 letters or more) inside a hashtag. */
export function mentions(text: SearchableText, term: string): boolean {
	if (text.words.includes(` ${term} `)) return true;
	if (term.length < 4) return false;
	const joined = term.replace(/ /g, '');
	return text.tags.some((tag) => tag.includes(joined));
}

export interface NicheFit {
	/** 0–100, or null when the brand gave no keywords. */
	score: number | null;
	matched: string[];
	postsMatching: number;
	postsChecked: number;
}

/**
 * Niche score: 60 points for how many of the brand's keywords appear anywhere (all of them, or
 * three, whichever is fewer, gives the full 60) and 40 for the share of captions on topic.
 */
export function nicheFit(
	bioText: SearchableText,
	captionTexts: readonly SearchableText[],
	keywords: readonly string[],
): NicheFit {
	if (keywords.length === 0)
		return { score: null, matched: [], postsMatching: 0, postsChecked: captionTexts.length };
	const matched = keywords.filter(
		(k) => mentions(bioText, k) || captionTexts.some((c) => mentions(c, k)),
	);
	const postsMatching = captionTexts.filter((c) => keywords.some((k) => mentions(c, k))).length;
	const coverage = Math.min(1, matched.length / Math.min(3, keywords.length));
	// Without captions, a matching bio earns half the on-topic points.
	const onTopic = captionTexts.length
		? postsMatching / captionTexts.length
		: matched.length > 0
		? 0.5
		: 0;
	return {
		score: Math.round(60 * coverage + 40 * onTopic),
		matched,
		postsMatching,
		postsChecked: captionTexts.length,
	};
}

export interface BrandSafetyHit {
	term: string;
	/** "bio" or "post 3" (1 = newest post used). */
	where: string;
}

export function brandSafetyHits(
	bioText: SearchableText,
	captionTexts: readonly SearchableText[],
	blocklist: readonly string[],
): BrandSafetyHit[] {
	if (blocklist.length === 0) return [];
	const hits: BrandSafetyHit[] = [];
	const check = (text: SearchableText, where: string) => {
		for (const term of blocklist) if (mentions(text, term)) hits.push({ term, where });
	};
	check(bioText, 'bio');
	captionTexts.forEach((c, i) => check(c, `post ${i + 1}`));
	return hits;
}
