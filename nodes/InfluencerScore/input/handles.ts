/**
 * Turning what a marketer pastes (a handle, "@handle", a profile URL, a channel id) into the
 * account to fetch, or a clear error. Pure: no n8n import. Requests URL-encode the result.
 */
import { InputFieldError, preview } from '../../shared/inputErrors';

export type FetchTarget = { kind: 'handle'; value: string } | { kind: 'channelId'; value: string };

const INSTAGRAM_USERNAME = /^[a-z0-9._]{1,30}$/;
/** The first part of an Instagram address that points at content, not at an account. */
const INSTAGRAM_CONTENT_PATHS = new Set(['p', 'reel', 'reels', 'tv', 'stories', 'explore']);
const YOUTUBE_CHANNEL_ID = /^UC[A-Za-z0-9_-]{22}$/;
/** YouTube handles: 3–30 letters (any script), digits, underscores, hyphens and periods. */
const YOUTUBE_HANDLE = /^[\p{L}\p{M}\p{N}_.-]{3,30}$/u;
const INVISIBLE = /[\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g;

function pathOf(text: string): string | undefined {
	const withScheme = /^[a-z]+:\/\//i.test(text)
		? text
		: /^(www\.|m\.)?(instagram|youtube)\.com\//i.test(text)
		? `https://${text}`
		: undefined;
	if (!withScheme) return undefined;
	try {
		return decodeURIComponent(new URL(withScheme).pathname);
	} catch {
		return undefined;
	}
}

export function instagramTarget(raw: unknown, field: string): FetchTarget {
	const text = typeof raw === 'string' ? raw.replace(INVISIBLE, '').trim() : '';
	if (text === '')
		throw new InputFieldError(
			field,
			`is empty`,
			'map the Instagram username, e.g. "natgeo", "@natgeo" or "https://www.instagram.com/natgeo/"',
		);
	const path = pathOf(text);
	const first = path !== undefined ? path.split('/').filter(Boolean)[0] : undefined;
	if (first !== undefined && INSTAGRAM_CONTENT_PATHS.has(first.toLowerCase())) {
		throw new InputFieldError(
			field,
			`is a link to an Instagram post, reel or story, not to a profile, got ${preview(raw)}`,
			'open the post, tap the account name and copy the profile address (https://www.instagram.com/<username>/), or map the username',
		);
	}
	const name = (path !== undefined ? first ?? '' : text).replace(/^@/, '').toLowerCase();
	if (!INSTAGRAM_USERNAME.test(name)) {
		throw new InputFieldError(
			field,
			`is not an Instagram username, got ${preview(raw)}`,
			'use letters, digits, "." and "_" only (at most 30), without spaces, e.g. "natgeo" or "https://www.instagram.com/natgeo/"',
		);
	}
	return { kind: 'handle', value: name };
}

export function youtubeTarget(raw: unknown, field: string): FetchTarget {
	const text = typeof raw === 'string' ? raw.replace(INVISIBLE, '').trim().normalize('NFC') : '';
	if (text === '')
		throw new InputFieldError(
			field,
			`is empty`,
			'map the channel handle (e.g. "@GoogleDevelopers"), its URL or its channel id (UC…)',
		);
	const path = pathOf(text);
	let candidate = text;
	if (path !== undefined) {
		const parts = path.split('/').filter(Boolean);
		if (parts[0] === 'channel' && parts[1]) candidate = parts[1];
		else if (parts[0]?.startsWith('@')) candidate = parts[0];
		else {
			throw new InputFieldError(
				field,
				`is a YouTube address without a handle or channel id, got ${preview(raw)}`,
				'open the channel and copy its @handle or its /channel/UC… address (legacy /c/ and /user/ addresses cannot be looked up cheaply)',
			);
		}
	}
	if (YOUTUBE_CHANNEL_ID.test(candidate)) return { kind: 'channelId', value: candidate };
	const handle = candidate.replace(/^@/, '');
	if (!YOUTUBE_HANDLE.test(handle)) {
		throw new InputFieldError(
			field,
			`is not a YouTube handle or channel id, got ${preview(raw)}`,
			'use the handle without spaces (3–30 letters, digits, "_", "-" or "."), e.g. "@GoogleDevelopers", or a channel id starting with UC',
		);
	}
	return { kind: 'handle', value: handle };
}
