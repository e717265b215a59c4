/**
 * Reading one influencer from an input item: platform, handle, audience, bio, recent posts or
 * averages, fee. Common export and API field names are recognised without mapping; a mapped
 * value (from the node's Field Mapping, evaluated by n8n) wins. Pure: no n8n import.
 *
 * Documented coercions: counts may be numbers or text ("12500", "12,500", "12 500", "12.5k",
 * "1.2M"); an empty value counts as missing; a negative or unreadable count is an error that
 * names the field. Post dates are read like every other date in this package (ISO 8601, epoch).
 */
import { readDate } from '../../shared/coerce';
import { InputFieldError, preview } from '../../shared/inputErrors';
import { parseJsonText } from '../../shared/json';
import { compilePath, own, readFirst, type CompiledPath } from '../../shared/objectPath';

export const PLATFORMS = ['instagram', 'tiktok', 'youtube', 'other'] as const;
export type Platform = (typeof PLATFORMS)[number];

export interface Post {
	likes?: number;
	comments?: number;
	shares?: number;
	saves?: number;
	views?: number;
	/** Epoch milliseconds; undefined when the post has no date. */
	date?: number;
	caption: string;
}

export interface Averages {
	likes?: number;
	comments?: number;
	shares?: number;
	saves?: number;
	views?: number;
}

export interface InfluencerProfile {
	platform: Platform;
	handle: string;
	name?: string;
	followers?: number;
	following?: number;
	mediaCount?: number;
	bio: string;
	posts: Post[];
	averages: Averages;
	feePerPost?: number;
	currency?: string;
	audienceCountries: string[];
}

/** Field names we recognise on an input item, first match wins. */
const RECOGNISED = {
	platform: ['platform', 'network', 'channel'],
	handle: ['handle', 'username', 'user', 'account', 'customUrl'],
	name: ['name', 'displayName', 'title'],
	followers: [
		'followers',
		'followers_count',
		'followerCount',
		'follower_count',
		'subscribers',
		'subscriberCount',
	],
	following: ['following', 'follows_count', 'followingCount', 'follows'],
	mediaCount: ['mediaCount', 'media_count', 'postCount', 'posts_count', 'videoCount'],
	bio: ['bio', 'biography', 'description', 'about'],
	posts: ['posts', 'recentPosts', 'media', 'videos'],
	avgLikes: ['avgLikes', 'averageLikes', 'avg_likes'],
	avgComments: ['avgComments', 'averageComments', 'avg_comments'],
	avgShares: ['avgShares', 'averageShares', 'avg_shares'],
	avgSaves: ['avgSaves', 'averageSaves', 'avg_saves'],
	avgViews: ['avgViews', 'averageViews', 'avg_views'],
	feePerPost: ['feePerPost', 'fee', 'price', 'rate', 'fee_per_post'],
	currency: ['currency', 'feeCurrency'],
	audienceCountries: ['audienceCountries', 'audience_countries', 'countries'],
} as const;

export type ProfileField = keyof typeof RECOGNISED;
export const PROFILE_FIELDS = Object.keys(RECOGNISED) as ProfileField[];

const POST_FIELDS = {
	likes: ['likes', 'like_count', 'likeCount', 'diggCount'],
	comments: ['comments', 'comments_count', 'commentCount'],
	shares: ['shares', 'share_count', 'shareCount'],
	saves: ['saves', 'save_count', 'saveCount', 'saved'],
	views: ['views', 'view_count', 'viewCount', 'plays', 'playCount', 'video_views'],
	date: ['date', 'timestamp', 'publishedAt', 'taken_at', 'createdAt', 'created_at'],
	caption: ['caption', 'text', 'description', 'title'],
} as const;

const PLATFORM_WORDS: Readonly<Record<string, Platform>> = Object.freeze({
	instagram: 'instagram',
	ig: 'instagram',
	insta: 'instagram',
	tiktok: 'tiktok',
	tt: 'tiktok',
	youtube: 'youtube',
	yt: 'youtube',
	other: 'other',
});

export type MappedProfileValues = Partial<Record<ProfileField, unknown>>;

const compiled = <K extends string>(names: Readonly<Record<K, readonly string[]>>) =>
	Object.fromEntries(
		Object.entries(names).map(([key, list]) => [key, (list as string[]).map(compilePath)]),
	) as Record<K, CompiledPath[]>;
const RECOGNISED_PATHS = compiled(RECOGNISED);
const POST_PATHS = compiled(POST_FIELDS);

/** The first recognised field that holds a value, with its name for error messages (the first name when none does). */
function pick(source: object, paths: readonly CompiledPath[]): { value: unknown; field: string } {
	const found = readFirst(source, paths);
	return found
		? { value: found.value, field: found.path }
		: { value: undefined, field: paths[0].join('.') };
}

const SUFFIX = /^([0-9]+(?:[.,][0-9]+)?)\s*([kKmM])$/;
const GROUPED = /^[0-9]{1,3}(?:([, ])[0-9]{3})(?:\1[0-9]{3})*$/;
const PLAIN = /^[0-9]+(?:\.[0-9]+)?$/;

/** A count of 0 or more from a number or social-media style text; undefined when empty. */
export function readSocialCount(value: unknown, field: string): number | undefined {
	if (value === undefined || value === null) return undefined;
	let n: number | undefined;
	if (typeof value === 'number') n = value;
	else if (typeof value === 'string') {
		const text = value.trim().replace(/\u00a0/g, ' ');
		if (text === '') return undefined;
		const suffix = SUFFIX.exec(text);
		if (suffix)
			n =
				Number(suffix[1].replace(',', '.')) * (suffix[2].toLowerCase() === 'k' ? 1_000 : 1_000_000);
		else if (GROUPED.test(text)) n = Number(text.replace(/[, ]/g, ''));
		else if (PLAIN.test(text) || /^-[0-9]/.test(text)) n = Number(text);
	}
	if (n === undefined || !Number.isFinite(n)) {
		throw new InputFieldError(
			field,
			`must be a count, got ${preview(value)}`,
			'map a number such as 12500, "12,500" or "12.5k", or leave it empty',
		);
	}
	if (n < 0)
		throw new InputFieldError(
			field,
			`must not be negative, got ${preview(value)}`,
			'map a count of 0 or more, or leave it empty',
		);
	if (n > MAX_SOCIAL_COUNT)
		throw new InputFieldError(
			field,
			`is too large for a count, got ${preview(value)}`,
			'map a count of at most 100,000,000,000 (the biggest accounts have under a billion followers)',
		);
	return n;
}

/** Counts above this are data errors; they would also turn rates into Infinity. */
const MAX_SOCIAL_COUNT = 1e11;

function readText(value: unknown, field: string): string {
	if (value === undefined || value === null) return '';
	if (typeof value === 'string') return value;
	if (typeof value === 'number' || typeof value === 'boolean') return String(value);
	throw new InputFieldError(
		field,
		`must be text, got ${preview(value)}`,
		'map a text field, or leave it empty',
	);
}

function readPlatform(value: unknown, field: string, fallback: Platform): Platform {
	if (value === undefined || value === null || value === '') return fallback;
	const word = typeof value === 'string' ? value.trim().toLowerCase().replace(/\s+/g, '') : '';
	const platform = own(PLATFORM_WORDS, word) as Platform | undefined;
	if (!platform) {
		throw new InputFieldError(
			field,
			`is not a platform we know, got ${preview(value)}`,
			'use instagram, tiktok, youtube or other',
		);
	}
	return platform;
}

function readCountries(value: unknown, field: string): string[] {
	if (value === undefined || value === null || value === '') return [];
	if (typeof value === 'string')
		return value
			.split(/[,;]/)
			.map((c) => c.trim().toUpperCase())
			.filter(Boolean);
	if (Array.isArray(value)) {
		return value
			.map((c, i) => {
				if (typeof c === 'string') return c.trim().toUpperCase();
				if (c && typeof c === 'object' && typeof own(c, 'country') === 'string')
					return (own(c, 'country') as string).trim().toUpperCase();
				throw new InputFieldError(
					`${field}[${i}]`,
					`must be a country code, got ${preview(c)}`,
					'map a list such as ["DE", "AT"] or "DE, AT"',
				);
			})
			.filter(Boolean);
	}
	throw new InputFieldError(
		field,
		`must be a list of country codes, got ${preview(value)}`,
		'map a list such as ["DE", "AT"] or "DE, AT"',
	);
}

function readPost(given: unknown, field: string): Post {
	if (given === null || typeof given !== 'object' || Array.isArray(given)) {
		throw new InputFieldError(
			field,
			`must be an object with likes, comments, date and caption, got ${preview(given)}`,
			'map a list of posts such as [{ "likes": 120, "comments": 8, "date": "2026-03-01" }]',
		);
	}
	// A YouTube videos.list item nests its counts under statistics and its date under snippet.
	const raw = openPlatformRecord(given).record;
	const count = (key: keyof typeof POST_FIELDS) => {
		const { value, field: name } = pick(raw, POST_PATHS[key]);
		return readSocialCount(value, `${field}.${name}`);
	};
	const date = pick(raw, POST_PATHS.date);
	const caption = pick(raw, POST_PATHS.caption);
	return {
		likes: count('likes'),
		comments: count('comments'),
		shares: count('shares'),
		saves: count('saves'),
		views: count('views'),
		date: readDate(date.value, `${field}.${date.field}`),
		caption: readText(caption.value, `${field}.${caption.field}`),
	};
}

/** Posts are at most this many; longer lists are cut to the newest (the node reads only the last N anyway). */
const MAX_POSTS = 500;

function readPosts(value: unknown, field: string): Post[] {
	if (value === undefined || value === null || value === '') return [];
	let list: unknown = value;
	// A list that arrives as JSON text (a spreadsheet cell, a text field) is read as JSON.
	if (typeof list === 'string' && /^\s*[[{]/.test(list)) {
		const parsed = parseJsonText(list);
		if (parsed.ok) list = parsed.value;
	}
	// Instagram's Graph API nests media as { data: [...] }.
	if (
		list !== null &&
		typeof list === 'object' &&
		!Array.isArray(list) &&
		Array.isArray(own(list, 'data'))
	)
		list = own(list, 'data');
	if (!Array.isArray(list)) {
		throw new InputFieldError(
			field,
			`must be a list of posts, got ${preview(value)}`,
			'map an array of posts, or leave it empty and give averages instead',
		);
	}
	const posts: Post[] = [];
	for (let i = 0; i < list.length && i < MAX_POSTS; i++)
		posts.push(readPost(list[i], `${field}[${i}]`));
	return posts;
}

function reader(json: object, mapped: MappedProfileValues) {
	const get = (key: ProfileField) => {
		const m = own(mapped, key);
		if (m !== undefined && m !== null && m !== '') return { value: m, field: key };
		return pick(json, RECOGNISED_PATHS[key]);
	};
	const count = (key: ProfileField) => {
		const { value, field } = get(key);
		return readSocialCount(value, field);
	};
	const text = (key: ProfileField) => {
		const { value, field } = get(key);
		return readText(value, field);
	};
	return { get, count, text };
}

export type Commercials = Pick<InfluencerProfile, 'feePerPost' | 'currency' | 'audienceCountries'>;

/** Only the fee, its currency and the audience: what Fetch and Score still reads from the item. */
export function readCommercials(json: object, mapped: MappedProfileValues): Commercials {
	const { get, count, text } = reader(json, mapped);
	const countries = get('audienceCountries');
	const currency = text('currency').trim().toUpperCase();
	return {
		feePerPost: count('feePerPost'),
		...(currency ? { currency } : {}),
		audienceCountries: readCountries(countries.value, countries.field),
	};
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
	v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * A platform's raw API record, as an HTTP Request node returns it, opened up so the recognised
 * names apply: Instagram's Business Discovery nests the account under `business_discovery` (posts
 * under `media.data`); a YouTube channel or video resource nests its fields under `snippet` and
 * `statistics`. Anything else is read as it is.
 */
export function openPlatformRecord(json: object): { record: object; platform?: Platform } {
	const discovery = own(json, 'business_discovery');
	const snippet = own(json, 'snippet');
	const statistics = own(json, 'statistics');
	if (!isRecord(discovery) && !isRecord(snippet) && !isRecord(statistics)) return { record: json };
	// Fields beside the nest (a fee or the audience the user added) are kept; the nest's fields win.
	const beside = Object.fromEntries(
		Object.entries(json).filter(
			([key]) => key !== 'business_discovery' && key !== 'snippet' && key !== 'statistics',
		),
	);
	if (isRecord(discovery)) return { record: { ...beside, ...discovery }, platform: 'instagram' };
	const kind = own(json, 'kind');
	return {
		record: {
			...beside,
			...(isRecord(statistics) ? statistics : {}),
			...(isRecord(snippet) ? snippet : {}),
		},
		...(typeof kind === 'string' && kind.startsWith('youtube#')
			? { platform: 'youtube' as const }
			: {}),
	};
}

/**
 * A handle as the platforms compare them: without "@" and surrounding spaces, in lower case
 * (Instagram, TikTok and YouTube handles are case-insensitive), so "@Brand_Fan " and "brand_fan"
 * are one profile.
 */
export const normaliseHandle = (handle: string) =>
	handle.trim().replace(/^@+/, '').trim().toLowerCase();

/** Reads one influencer. Throws InputFieldError naming the field when a value cannot be used. */
export function readInfluencer(
	raw: object,
	mapped: MappedProfileValues,
	defaultPlatform: Platform,
): InfluencerProfile {
	const { record: json, platform: recordPlatform } = openPlatformRecord(raw);
	const { get, count, text } = reader(json, mapped);
	const platform = get('platform');
	const posts = get('posts');
	const name = text('name').trim();
	return {
		platform: readPlatform(platform.value, platform.field, recordPlatform ?? defaultPlatform),
		handle: normaliseHandle(text('handle')),
		...(name ? { name } : {}),
		followers: count('followers'),
		following: count('following'),
		mediaCount: count('mediaCount'),
		bio: text('bio'),
		posts: readPosts(posts.value, posts.field),
		averages: {
			likes: count('avgLikes'),
			comments: count('avgComments'),
			shares: count('avgShares'),
			saves: count('avgSaves'),
			views: count('avgViews'),
		},
		...readCommercials(json, mapped),
	};
}
