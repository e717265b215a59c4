// A local HTTP server on loopback that answers like the Instagram Graph API (Business Discovery)
// and the YouTube Data API v3, with the response and error shapes of their documentation. Used by
// the unit, in-engine and end-to-end tests and by `npm run bench`; it stands in only for what lies
// outside this machine. Faults (429, 5xx, hangs, broken bodies) can be queued per request.
'use strict';
const http = require('node:http');
const { URL } = require('node:url');

const DAY = 86_400_000;

/** A small deterministic number generator from a string, so profiles are the same every run. */
function seeded(text) {
	let h = 2166136261;
	for (const ch of text) h = Math.imul(h ^ ch.codePointAt(0), 16777619) >>> 0;
	return () => {
		h = (Math.imul(h ^ (h >>> 15), 2246822507) + 0x9e3779b9) >>> 0;
		return h / 4294967296;
	};
}

/** Hand-made Instagram profiles the tests assert on; every other handle is generated. */
const INSTAGRAM_PROFILES = {
	'vegan.kitchen.berlin': {
		name: 'Vegan Kitchen Berlin',
		biography: 'Pflanzliche Rezepte aus Berlin 🌱 Kochen ohne Verzicht. #VeganFood #plantbased',
		followers: 18_400,
		follows: 610,
		likes: [620, 540, 710, 480, 590, 655, 530, 700, 610, 560, 690, 575],
		comments: [31, 25, 40, 22, 28, 35, 20, 38, 30, 26, 33, 29],
		everyDays: 3,
		captions: [
			'Schnelle Linsen-Bolognese #vegan #kochen',
			'Meal prep for the week #plantbased',
			'Tofu scramble, das Frühstück für alle #VeganFrühstück',
		],
	},
	'casino.king': {
		name: 'Casino King',
		biography: 'Big wins every day. Online casino tips and sports betting.',
		followers: 52_000,
		follows: 700,
		likes: [900, 860, 940, 800, 910, 870, 930, 880, 850, 920, 890, 905],
		comments: [40, 35, 44, 30, 41, 37, 43, 39, 36, 42, 38, 40],
		everyDays: 2,
		captions: ['Casino night! #casino #betting', 'Sportwetten heute #betting'],
	},
	'bought.likes': {
		name: 'Totally Organic',
		biography: 'Lifestyle and vegan snacks',
		followers: 9_000,
		follows: 7_500,
		likes: [4_100, 3_900, 4_300, 4_000, 4_200, 3_950, 4_050, 4_250, 4_150, 3_980, 4_020, 4_180],
		comments: [2, 1, 3, 2, 1, 2, 2, 3, 1, 2, 2, 1],
		everyDays: 1,
		captions: ['Vegan snack haul #vegan', 'Morning routine'],
	},
};

const YOUTUBE_CHANNELS = {
	VeganKitchenTV: {
		id: 'UCveganKitchenTV00000001',
		title: 'Vegan Kitchen TV',
		description: 'Vegan recipes every week. Vegane Rezepte, einfach gekocht.',
		subscribers: 84_000,
		views: [
			21_000, 18_500, 25_000, 19_800, 22_400, 20_100, 23_300, 18_900, 21_700, 24_600, 19_400,
			22_800,
		],
		likeShare: 0.045,
		commentShare: 0.004,
		everyDays: 4,
		titles: ['Vegan lasagne in 30 minutes', 'Meal prep: 5 vegan lunches', 'Veganer Kuchen ohne Ei'],
	},
};

function instagramProfile(username, now) {
	const fixed = INSTAGRAM_PROFILES[username];
	if (fixed) return { username, ...fixed };
	const rnd = seeded(`ig:${username}`);
	const followers = Math.round(2_000 + rnd() * 400_000);
	const rate = 0.004 + rnd() * 0.05;
	const likes = [];
	const comments = [];
	for (let i = 0; i < 12; i++) {
		const l = Math.round(followers * rate * (0.7 + rnd() * 0.6));
		likes.push(l);
		comments.push(Math.round(l * (0.01 + rnd() * 0.05)));
	}
	return {
		username,
		name: username,
		biography:
			rnd() > 0.5 ? 'Food, travel and everyday life' : 'Rezepte, Reisen und Alltag #foodie',
		followers,
		follows: Math.round(200 + rnd() * 1_500),
		likes,
		comments,
		everyDays: 1 + Math.floor(rnd() * 6),
		captions: ['New post #food', 'Weekend vibes', 'Rezept der Woche #kochen'],
		now,
	};
}

function youtubeChannel(handle) {
	// Handles are case-insensitive on YouTube.
	const key = Object.keys(YOUTUBE_CHANNELS).find((k) => k.toLowerCase() === handle.toLowerCase());
	const fixed = key && YOUTUBE_CHANNELS[key];
	if (fixed) handle = key;
	if (fixed) return { handle, ...fixed };
	const rnd = seeded(`yt:${handle}`);
	const views = [];
	const base = Math.round(1_000 + rnd() * 200_000);
	for (let i = 0; i < 12; i++) views.push(Math.round(base * (0.6 + rnd() * 0.8)));
	let id = 'UC';
	const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-';
	for (let i = 0; i < 22; i++) id += alphabet[Math.floor(rnd() * 64)];
	return {
		handle,
		id,
		title: handle,
		description: 'Videos about cooking, travel and tech.',
		subscribers: Math.round(base * (3 + rnd() * 20)),
		views,
		likeShare: 0.01 + rnd() * 0.05,
		commentShare: 0.001 + rnd() * 0.005,
		everyDays: 2 + Math.floor(rnd() * 10),
		titles: ['Weekly vlog', 'How I cook pasta', 'Review'],
	};
}

/** Instagram's "+0000" timestamp format. */
const igTime = (ms) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, '+0000');

function igError(res, status, code, message, extra = {}) {
	send(res, status, {
		error: { message, type: 'OAuthException', code, fbtrace_id: 'AbCdEfGhIjK', ...extra },
	});
}

function ytError(res, status, reason, message, domain = 'youtube.quota') {
	send(res, status, { error: { code: status, message, errors: [{ message, domain, reason }] } });
}

function send(res, status, body, headers = {}) {
	const text = typeof body === 'string' ? body : JSON.stringify(body);
	res.writeHead(status, { 'content-type': 'application/json; charset=UTF-8', ...headers });
	res.end(text);
}

/**
 * Starts the server. Options: token, accountId, apiKey (what counts as valid), expiredToken,
 * dailyQuota (YouTube units), now (epoch ms for post dates). Returns { url, instagramBase,
 * youtubeBase, stats, fault(f), reset(), close() }.
 */
async function startFakeSocialApi(options = {}) {
	const token = options.token ?? 'fake-instagram-token-0123456789';
	const expiredToken = options.expiredToken ?? 'fake-expired-token-9876543210';
	const accountId = options.accountId ?? '17841400000000001';
	const apiKey = options.apiKey ?? 'fake-youtube-key-ABCDEFGHIJ';
	const now = options.now ?? Date.now();
	const state = { dailyQuota: options.dailyQuota ?? 10_000, faults: [] };
	const stats = { requests: 0, youtubeUnits: 0, byEndpoint: {}, urls: [], authorization: [] };
	const sockets = new Set();

	function countCall(endpoint) {
		stats.byEndpoint[endpoint] = (stats.byEndpoint[endpoint] ?? 0) + 1;
	}

	function takeFault(url) {
		const index = state.faults.findIndex(
			(f) => (f.match === undefined || url.includes(f.match)) && f.times > 0,
		);
		if (index < 0) return undefined;
		const fault = state.faults[index];
		fault.times--;
		fault.hits = (fault.hits ?? 0) + 1;
		return fault;
	}

	function handleInstagram(url, req, res) {
		const parts = url.pathname.split('/').filter(Boolean); // graph, version, id
		countCall('instagram');
		const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
		const given = bearer ?? url.searchParams.get('access_token');
		if (given === expiredToken) {
			return igError(
				res,
				400,
				190,
				'Error validating access token: Session has expired on Monday, 23-Nov-26 10:00:00 PST.',
				{ error_subcode: 463 },
			);
		}
		if (given !== token)
			return igError(res, 400, 190, 'Invalid OAuth access token - Cannot parse access token');
		if (parts.length !== 3 || !/^v\d+\.\d+$/.test(parts[1]))
			return igError(res, 400, 2500, 'Unknown path components');
		if (parts[2] !== accountId) {
			return igError(
				res,
				400,
				100,
				`Unsupported get request. Object with ID '${parts[2]}' does not exist, cannot be loaded due to missing permissions, or does not support this operation.`,
				{ error_subcode: 33 },
			);
		}
		const fields = url.searchParams.get('fields') ?? '';
		const discovery = /^business_discovery\.username\(([^)]*)\)\{(.*)\}$/.exec(fields);
		if (!discovery) return send(res, 200, { id: accountId, username: 'our.brand' });
		const username = discovery[1];
		const limit = Number(/media\.limit\((\d+)\)/.exec(discovery[2])?.[1] ?? 25);
		if (
			!/^[a-z0-9._]{1,30}$/.test(username) ||
			username.startsWith('unknown') ||
			username.startsWith('personal')
		) {
			return igError(res, 400, 110, 'Invalid user id', {
				error_subcode: 2207013,
				is_transient: false,
				error_user_title: 'Cannot find User',
				error_user_msg: `The user with username: ${username} cannot be found.`,
			});
		}
		const p = instagramProfile(username, now);
		const media = p.likes.slice(0, limit).map((likes, i) => ({
			timestamp: igTime(now - (i * p.everyDays + 1) * DAY),
			like_count: likes,
			comments_count: p.comments[i],
			caption: p.captions[i % p.captions.length],
			media_type: 'IMAGE',
			permalink: `https://www.instagram.com/p/${username}${i}/`,
			id: `1790000000${i}`,
		}));
		send(res, 200, {
			business_discovery: {
				username: p.username,
				name: p.name,
				biography: p.biography,
				followers_count: p.followers,
				follows_count: p.follows,
				media_count: 300 + p.likes.length,
				media: { data: media, paging: { cursors: { after: 'QVFIUmFha' } } },
				id: '17841400000009999',
			},
			id: accountId,
		});
	}

	const channelsById = new Map();
	function channel(handle) {
		const c = youtubeChannel(handle);
		channelsById.set(c.id, c);
		return c;
	}
	for (const handle of Object.keys(YOUTUBE_CHANNELS)) channel(handle);
	for (const handle of options.youtubeHandles ?? []) channel(handle);

	const channelResource = (c) => ({
		kind: 'youtube#channel',
		etag: 'etag',
		id: c.id,
		snippet: {
			title: c.title,
			description: c.description,
			customUrl: `@${c.handle.toLowerCase()}`,
			publishedAt: '2015-03-01T10:00:00Z',
		},
		contentDetails: { relatedPlaylists: { likes: '', uploads: `UU${c.id.slice(2)}` } },
		statistics: {
			viewCount: String(c.views.reduce((a, b) => a + b, 0) * 20),
			subscriberCount: String(c.subscribers),
			hiddenSubscriberCount: false,
			videoCount: String(c.views.length * 10),
		},
	});

	function handleYouTube(url, req, res) {
		const endpoint = url.pathname.split('/').filter(Boolean).pop();
		countCall(endpoint);
		const key = req.headers['x-goog-api-key'] ?? url.searchParams.get('key');
		stats.youtubeUnits++;
		if (key !== apiKey) {
			return send(res, 400, {
				error: {
					code: 400,
					message: 'API key not valid. Please pass a valid API key.',
					errors: [
						{
							message: 'API key not valid. Please pass a valid API key.',
							domain: 'global',
							reason: 'badRequest',
						},
					],
					status: 'INVALID_ARGUMENT',
					details: [
						{
							'@type': 'type.googleapis.com/google.rpc.ErrorInfo',
							reason: 'API_KEY_INVALID',
							domain: 'googleapis.com',
						},
					],
				},
			});
		}
		if (stats.youtubeUnits > state.dailyQuota) {
			return ytError(
				res,
				403,
				'quotaExceeded',
				'The request cannot be completed because you have exceeded your <a href="/youtube/v3/getting-started#quota">quota</a>.',
			);
		}
		const list = (items, extra = {}) =>
			send(res, 200, {
				kind: `youtube#${
					endpoint === 'playlistItems' ? 'playlistItem' : endpoint.replace(/s$/, '')
				}ListResponse`,
				etag: 'etag',
				pageInfo: { totalResults: items.length, resultsPerPage: items.length },
				items,
				...extra,
			});
		if (endpoint === 'channels') {
			const forHandle = url.searchParams.get('forHandle');
			const ids = url.searchParams.get('id');
			if (forHandle !== null) {
				const handle = forHandle.replace(/^@/, '');
				if (handle.toLowerCase().startsWith('unknown'))
					return send(res, 200, {
						kind: 'youtube#channelListResponse',
						etag: 'etag',
						pageInfo: { totalResults: 0, resultsPerPage: 5 },
					});
				return list([channelResource(channel(handle))]);
			}
			if (ids !== null) {
				const wanted = ids.split(',');
				if (wanted.length > 50)
					return ytError(res, 400, 'invalidFilters', 'Too many ids', 'youtube.parameter');
				return list(
					wanted
						.map((id) => channelsById.get(id))
						.filter(Boolean)
						.map(channelResource),
				);
			}
			return ytError(
				res,
				400,
				'missingRequiredParameter',
				'No filter selected.',
				'youtube.parameter',
			);
		}
		if (endpoint === 'playlistItems') {
			const playlist = url.searchParams.get('playlistId') ?? '';
			const c = channelsById.get(`UC${playlist.slice(2)}`);
			if (!c)
				return ytError(
					res,
					404,
					'playlistNotFound',
					"The playlist identified with the request's <code>playlistId</code> parameter cannot be found.",
					'youtube.playlistItem',
				);
			const max = Math.min(50, Number(url.searchParams.get('maxResults') ?? 5));
			const items = c.views.slice(0, max).map((_, i) => ({
				kind: 'youtube#playlistItem',
				id: `pi${i}`,
				contentDetails: {
					videoId: `${c.id.slice(2, 10)}v${String(i).padStart(2, '0')}`,
					videoPublishedAt: new Date(now - (i * c.everyDays + 1) * DAY).toISOString(),
				},
			}));
			return list(items);
		}
		if (endpoint === 'videos') {
			const ids = (url.searchParams.get('id') ?? '').split(',').filter(Boolean);
			if (ids.length > 50)
				return ytError(res, 400, 'invalidFilters', 'Too many ids', 'youtube.parameter');
			const items = [];
			for (const id of ids) {
				const c = [...channelsById.values()].find((ch) => ch.id.slice(2, 10) === id.slice(0, 8));
				const i = Number(id.slice(-2));
				if (!c || !(i < c.views.length)) continue;
				const views = c.views[i];
				items.push({
					kind: 'youtube#video',
					id,
					snippet: {
						publishedAt: new Date(now - (i * c.everyDays + 1) * DAY).toISOString(),
						title: c.titles[i % c.titles.length],
						description: c.description,
						tags: ['vegan food', 'recipes'],
					},
					statistics: {
						viewCount: String(views),
						likeCount: String(Math.round(views * c.likeShare)),
						favoriteCount: '0',
						commentCount: String(Math.round(views * c.commentShare)),
					},
				});
			}
			return list(items);
		}
		return ytError(res, 404, 'notFound', 'Not Found', 'global');
	}

	const server = http.createServer((req, res) => {
		const url = new URL(req.url, 'http://127.0.0.1');
		stats.requests++;
		stats.urls.push(req.url);
		stats.authorization.push(req.headers.authorization ?? req.headers['x-goog-api-key'] ?? '');
		const fault = takeFault(req.url);
		if (fault) {
			if (fault.hang) return; // never answers: the client's timeout must end it
			if (fault.truncated) {
				res.writeHead(200, { 'content-type': 'application/json' });
				return res.end('{"business_discovery": {"followers_count": 12');
			}
			if (fault.nonJson) {
				res.writeHead(fault.status ?? 200, { 'content-type': 'text/html' });
				return res.end('<html><body>Bad Gateway</body></html>');
			}
			if (fault.status) {
				const headers =
					fault.retryAfter !== undefined ? { 'retry-after': String(fault.retryAfter) } : {};
				if (url.pathname.startsWith('/youtube')) stats.youtubeUnits++;
				return send(
					res,
					fault.status,
					fault.body ?? { error: { code: fault.status, message: 'fault injected by the test' } },
					headers,
				);
			}
		}
		if (url.pathname.startsWith('/graph/')) return handleInstagram(url, req, res);
		if (url.pathname.startsWith('/youtube/v3/')) return handleYouTube(url, req, res);
		send(res, 404, { error: 'not found' });
	});
	server.on('connection', (s) => {
		sockets.add(s);
		s.on('close', () => sockets.delete(s));
	});
	await new Promise((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
	const url = `http://127.0.0.1:${server.address().port}`;
	return {
		url,
		instagramBase: `${url}/graph`,
		youtubeBase: `${url}/youtube/v3`,
		token,
		expiredToken,
		accountId,
		apiKey,
		stats,
		channelId: (handle) => channel(handle).id,
		/** Queue a fault: { match?: substring of the URL, times, status?, retryAfter?, body?, hang?, truncated?, nonJson? }. */
		fault(f) {
			const entry = { times: 1, ...f };
			state.faults.push(entry);
			return entry;
		},
		setDailyQuota(units) {
			state.dailyQuota = units;
		},
		reset() {
			state.faults.length = 0;
			stats.requests = 0;
			stats.youtubeUnits = 0;
			stats.byEndpoint = {};
			stats.urls.length = 0;
			stats.authorization.length = 0;
		},
		close() {
			for (const s of sockets) s.destroy();
			return new Promise((resolve) => server.close(resolve));
		},
	};
}

module.exports = { startFakeSocialApi, INSTAGRAM_PROFILES, YOUTUBE_CHANNELS };

if (require.main === module) {
	startFakeSocialApi({ port: Number(process.env.PORT ?? 0) }).then((api) => {
		process.stdout.write(
			`Fake Instagram Graph API: ${api.instagramBase}\nFake YouTube Data API: ${api.youtubeBase}\n`,
		);
	});
}
