/** Unit tests of InfluencerScore/input/handles.ts: Instagram and YouTube handles, profile links and channel ids. */
import { instagramTarget, youtubeTarget } from '../../nodes/InfluencerScore/input/handles';

describe('handles', () => {
	it.each([
		['natgeo', 'natgeo'],
		['@NatGeo', 'natgeo'],
		['https://www.instagram.com/nat.geo_1/', 'nat.geo_1'],
		['instagram.com/natgeo?hl=de', 'natgeo'],
		['\u200bnatgeo ', 'natgeo'],
	])('Instagram %p → %p', (raw, handle) => {
		expect(instagramTarget(raw, 'handle')).toEqual({ kind: 'handle', value: handle });
	});

	it.each(['nat geo', 'natgeo!', 'نات', 'a'.repeat(31), '', 42])('Instagram refuses %p', (raw) => {
		expect(() => instagramTarget(raw, 'handle')).toThrow(
			/Field "handle" (is not an Instagram username|is empty)/,
		);
	});

	it.each([
		'https://www.instagram.com/p/C3xYz12AbCd/',
		'instagram.com/reel/C3xYz12AbCd',
		'https://www.instagram.com/stories/natgeo/3300000000/',
	])('Instagram says %p is a post, not a profile', (raw) => {
		expect(() => instagramTarget(raw, 'handle')).toThrow(
			`Field "handle" is a link to an Instagram post, reel or story, not to a profile, got ${JSON.stringify(
				raw,
			)}`,
		);
	});

	it('YouTube: handles (any script), URLs and channel ids', () => {
		expect(youtubeTarget('@GoogleDevelopers', 'h')).toEqual({
			kind: 'handle',
			value: 'GoogleDevelopers',
		});
		expect(youtubeTarget('https://www.youtube.com/@Küchenzauber', 'h')).toEqual({
			kind: 'handle',
			value: 'Küchenzauber',
		});
		expect(youtubeTarget('youtube.com/channel/UC_x5XG1OV2P6uZZ5FSM9Ttw', 'h')).toEqual({
			kind: 'channelId',
			value: 'UC_x5XG1OV2P6uZZ5FSM9Ttw',
		});
		expect(() => youtubeTarget('https://www.youtube.com/c/legacy', 'h')).toThrow(
			'without a handle or channel id',
		);
		expect(() => youtubeTarget('two words', 'h')).toThrow('is not a YouTube handle or channel id');
	});
});
