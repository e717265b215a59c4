/**
 * Genuine platform payloads (test/fixtures/real/, each with its source in a SOURCES.md there)
 * passed through our nodes in n8n's engine without any mapping, as a user's Shopify, HubSpot or
 * HTTP Request node hands them on.
 */
import { readFileSync } from 'fs';
import path from 'path';
import type { IDataObject } from 'n8n-workflow';
import { asItems, runWorkflow, singleNodeWorkflow } from './harness';

const real = (file: string) => JSON.parse(readFileSync(path.join(__dirname, '../fixtures/real', file), 'utf8')) as IDataObject;

describe('Influencer Score on raw Instagram and YouTube API responses', () => {
	const scoreAt = (when: string) =>
		singleNodeWorkflow({ type: 'n8n-nodes-social-funnel.influencerScore', parameters: { options: { referenceTime: when } } });

	const scored = async (items: IDataObject[], when: string) => {
		const run = await runWorkflow(scoreAt(when), { pinData: { Trigger: asItems(items) } });
		expect(run.error).toBeUndefined();
		return run.outputs('Node Under Test').flat().map((i) => i.json.influencer as IDataObject);
	};

	it('reads a Business Discovery response as it comes (account under business_discovery, posts under media.data)', async () => {
		const [blueBottle] = await scored([real('instagram/business-discovery.json')], '2022-07-01T00:00:00Z');
		expect(blueBottle).toMatchObject({ platform: 'instagram', handle: 'bluebottle', followers: 419369, tier: 'mid' });
		expect(blueBottle.engagement).toMatchObject({ basis: 'posts', postsUsed: 6, rateMedian: 0.19 });
		expect(blueBottle.activity).toMatchObject({ lastPostDaysAgo: 3 });
		expect(blueBottle.decision).toBe('reject'); // 0.19 % is far below the 100k–500k band
	});

	it('reads a YouTube channels.list item (fields under snippet and statistics) as a YouTube profile', async () => {
		const [google] = await scored([(real('youtube/channels-list.json').items as IDataObject[])[0]], '2026-11-20T12:00:00Z');
		expect(google).toMatchObject({ platform: 'youtube', handle: 'google', followers: 10_700_000, tier: 'mega' });
		expect(google.reasons).toContain('No engagement data: give recent posts (likes, comments) or averages to judge engagement');
	});

	it('reads YouTube videos.list items given as the channel\'s posts (counts under statistics, date under snippet)', async () => {
		const channel = (real('youtube/channels-list.json').items as IDataObject[])[0];
		const videos = real('youtube/videos-list.json').items as IDataObject[];
		const [withVideos] = await scored([{ ...channel, posts: videos }], '2019-12-01T00:00:00Z');
		expect(withVideos.engagement).toMatchObject({ basis: 'posts', postsUsed: videos.length });
		expect((withVideos.engagement as IDataObject).rateByViewsMedian).toEqual(expect.any(Number));
	});

	it('gives an account with 0 followers fit 0 and rejects it (it scored 100, grade A, before)', async () => {
		// The small Business Discovery account with its counts set to 0: the shape is the genuine one.
		const record = real('instagram/business-discovery-small-account.json');
		const account = record.business_discovery as IDataObject;
		account.followers_count = 0;
		for (const post of (account.media as { data: IDataObject[] }).data) Object.assign(post, { like_count: 0, comments_count: 0 });
		const [empty] = await scored([record], '2022-03-10T00:00:00Z');
		expect(empty).toMatchObject({ followers: 0, fitScore: 0, grade: 'E', decision: 'reject' });
		expect(empty.reasons).toContain('No audience: 0 followers, so a post reaches nobody');
	});

	it('treats "@Brand_Fan " and "brand_fan" as one handle, as Instagram does', async () => {
		const out = await scored([{ handle: '@Brand_Fan ', followers: 5000 }, { username: 'brand_fan', followers: 5000 }], '2026-11-20T12:00:00Z');
		expect(out.map((o) => o.handle)).toEqual(['brand_fan', 'brand_fan']);
	});
});
