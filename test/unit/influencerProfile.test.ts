/** Unit tests of InfluencerScore/input/influencerProfile.ts: counts as marketers paste them, and profiles from common field names. */
import {
	readInfluencer,
	readSocialCount,
} from '../../nodes/InfluencerScore/input/influencerProfile';

describe('counts as marketers paste them', () => {
	it.each([
		[12500, 12500],
		['12500', 12500],
		['12,500', 12500],
		['12 500', 12500],
		['12.5k', 12500],
		['1,2M', 1_200_000],
		[' 3M ', 3_000_000],
		['', undefined],
		[null, undefined],
	])('%p reads as %p', (input, expected) => {
		expect(readSocialCount(input, 'followers')).toBe(expected);
	});

	it.each([
		[-1, 'Field "followers" must not be negative, got -1'],
		['-20', 'Field "followers" must not be negative, got "-20"'],
		[1e308, 'Field "followers" is too large for a count, got 1e+308'],
		['200000M', 'Field "followers" is too large for a count, got "200000M"'],
		['lots', 'Field "followers" must be a count, got "lots"'],
		[Infinity, 'Field "followers" must be a count, got Infinity'],
		[NaN, 'Field "followers" must be a count, got NaN'],
		[true, 'Field "followers" must be a count, got true'],
		[{}, 'Field "followers" must be a count, got an object'],
	])('%p is refused: %s', (input, message) => {
		expect(() => readSocialCount(input, 'followers')).toThrow(message);
	});

	it('reads a profile from common field names, posts as JSON text, and names a bad post field', () => {
		const p = readInfluencer(
			{
				username: '@@lena',
				followers_count: '14k',
				biography: 'Hi',
				media: {
					data: [{ like_count: 5, comments_count: 1, timestamp: '2026-11-01T10:00:00+0000' }],
				},
				platform: 'IG',
			},
			{},
			'other',
		);
		expect(p).toMatchObject({
			handle: 'lena',
			followers: 14_000,
			bio: 'Hi',
			platform: 'instagram',
		});
		expect(p.posts[0]).toMatchObject({
			likes: 5,
			comments: 1,
			date: Date.parse('2026-11-01T10:00:00Z'),
		});
		expect(readInfluencer({ posts: '[{"likes": 3}]' }, {}, 'instagram').posts[0].likes).toBe(3);
		expect(() => readInfluencer({ posts: [{ likes: 1 }, 'x'] }, {}, 'instagram')).toThrow(
			'Field "posts[1]" must be an object',
		);
		expect(() => readInfluencer({ posts: [{ views: -3 }] }, {}, 'instagram')).toThrow(
			'Field "posts[0].views" must not be negative',
		);
		expect(() => readInfluencer({ platform: 'myspace' }, {}, 'instagram')).toThrow(
			'Field "platform" is not a platform we know, got "myspace"',
		);
		expect(readInfluencer({ followers: 5 }, { followers: '7k' }, 'instagram').followers).toBe(7000);
	});
});
