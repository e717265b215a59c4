/**
 * Hostile input for Build Retargeting Audience: unicode names, emails with spaces and capitals,
 * phones in every format, missing and false consent, and 100,000 leads at once.
 */
import { createHash } from 'crypto';
import { AudienceUpload } from '../../nodes/FunnelStage/audience/audienceUpload';
import { googleMemberOf } from '../../nodes/FunnelStage/audience/googleIdentifiers';
import type { PersonIdentity } from '../../nodes/FunnelStage/audience/identityFields';
import { metaRowOf } from '../../nodes/FunnelStage/audience/metaIdentifiers';
import { asItems, runWorkflow, singleNodeWorkflow } from '../engine/harness';

const sha = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');
const yes = { value: 'granted', field: 'adConsent' };

describe('unicode names', () => {
	it.each([
		['Zoë', 'zoë', 'zoë'],
		['Zoe\u0308', 'zoë', 'zoë'], // decomposed: the same name, the same hash
		['Jürgen', 'jürgen', 'jürgen'],
		['Ørsted', 'ørsted', 'ørsted'],
		// JavaScript lowercases İ (U+0130) as Unicode defines it, without a Turkish locale: i + U+0307.
		['İlkay', 'i\u0307lkay', 'i\u0307lkay'],
		['  MARIE-CLAIRE  ', 'marieclaire', 'marieclaire'],
		['José María', 'josémaría', 'josé maría'],
		['王', '王', '王'],
	])('%s → Meta %s, Google %s', (name, meta, google) => {
		expect(metaRowOf({ firstName: name }).normalised.FN).toBe(meta);
		const member = googleMemberOf({ firstName: name, lastName: 'X', country: 'DE', zip: '10115' });
		expect(member.normalised.address?.givenName).toBe(google);
	});

	it('a name of only symbols or script tags leaves no letters behind but the tag’s own', () => {
		expect(metaRowOf({ firstName: '!!!' }).problems).toEqual([
			{ field: 'firstName', problem: 'has no letters' },
		]);
		expect(metaRowOf({ firstName: '<script>x</script>' }).normalised.FN).toBe('scriptxscript');
	});
});

describe('emails with spaces and capitals', () => {
	it.each([
		['  Mia.Roth@Example.COM  ', 'mia.roth@example.com', 'mia.roth@example.com'],
		['\tMIA@EXAMPLE.COM\n', 'mia@example.com', 'mia@example.com'],
		['Mia.Roth+Shop@GMail.com', 'mia.roth+shop@gmail.com', 'miaroth@gmail.com'],
		['mia roth@example.com', undefined, 'miaroth@example.com'],
		['mia@@example.com', undefined, undefined],
		['mia@example', undefined, undefined],
		['@example.com', undefined, undefined],
		['', undefined, undefined],
	])('%j → Meta %s, Google %s', (email, meta, google) => {
		expect(metaRowOf({ email }).normalised.EMAIL).toBe(meta);
		expect(googleMemberOf({ email }).normalised.emailAddress).toBe(google);
	});
});

describe('phones in every format', () => {
	it.each([
		['+49 (0)30 1234567', undefined, '49301234567'],
		['0049 30 1234567', undefined, '49301234567'],
		['+49 30 1234567', undefined, '49301234567'],
		['030 1234567', 'DE', '49301234567'],
		['030 1234567', undefined, undefined],
		['(650) 555-1212', 'US', '16505551212'],
		['(650) 555-1212', undefined, undefined],
		['+1 (650) 555-1212', undefined, '16505551212'],
		['1-800-FLOWERS', 'US', undefined],
		['+49 170 123 45 67 ext. 3', undefined, undefined],
		['++49 30 1234567', undefined, undefined],
		['0', 'DE', undefined],
	])('%j (country %s) → %s', (phone, country, expected) => {
		expect(metaRowOf({ phone, country }).normalised.PHONE).toBe(expected);
		expect(googleMemberOf({ phone, country }).normalised.phoneNumber).toBe(
			expected === undefined ? undefined : `+${expected}`,
		);
	});
});

describe('missing and false consent', () => {
	it.each([
		[undefined, 'no consent field'],
		[{ value: '', field: 'adConsent' }, 'no consent field'],
		[{ value: null, field: 'adConsent' }, 'no consent field'],
		[{ value: false, field: 'adConsent' }, 'consent refused'],
		[{ value: 'false', field: 'adConsent' }, 'consent refused'],
		[{ value: 0, field: 'adConsent' }, 'consent refused'],
		[{ value: 'CONSENT_DENIED', field: 'consent.adUserData' }, 'consent refused'],
		[{ value: 'pending', field: 'adConsent' }, 'consent pending'],
	])('%j → skipped: %s, never uploaded', (adConsent, reason) => {
		const u = new AudienceUpload({
			audience: 'remarketing',
			platforms: ['meta', 'google'],
			batchSize: 10,
			sessionId: 1,
		});
		const person: PersonIdentity = {
			email: 'mia@example.com',
			...(adConsent ? { adConsent } : {}),
		};
		expect(u.add(0, person)).toMatchObject({ included: false, reason });
		expect(u.batches(true)).toEqual([]);
		expect(u.csv(true)).not.toContain('mia');
	});
});

describe('100,000 leads', () => {
	it('builds an audience of 100,000 mixed leads (smoke check, not timed)', () => {
		const u = new AudienceUpload({
			audience: 'remarketing',
			platforms: ['meta', 'google'],
			batchSize: 10000,
			sessionId: 7,
		});
		const started = Date.now();
		for (let i = 0; i < 100_000; i++) {
			const person: PersonIdentity = {
				email: i % 10 === 0 ? `  User${i}@Example.COM ` : `user${i}@example.com`,
				phone:
					i % 3 === 0
						? `+49 (0)170 ${String(i).padStart(7, '0')}`
						: i % 3 === 1
						? '030 1234567'
						: undefined,
				firstName: i % 2 ? 'Zoë' : 'İlkay',
				...(i % 5 === 4 ? {} : { adConsent: yes }),
			};
			u.add(i, person);
		}
		const batches = u.batches(false);
		const ms = Date.now() - started;
		console.log(`100,000 leads into ${batches.length} batches in ${ms} ms`);
		const summary = u.summary();
		expect(summary.included).toBe(80_000);
		expect(summary.skippedByReason).toEqual({ 'no consent field': 20_000 });
		expect(batches.map((b) => `${b.platform} ${b.items.length}`)).toEqual([
			...Array(8).fill('meta 10000'),
			...Array(8).fill('google 10000'),
		]);
		expect((batches[0].request as any).payload.data[0][0]).toBe(sha('user0@example.com'));
		expect(u.csv(false).split('\r\n')).toHaveLength(80_002);
	});

	it('runs 100,000 pre-classified leads through the node in n8n’s engine', async () => {
		const leads = Array.from({ length: 100_000 }, (_, i) => ({
			email: `user${i}@example.com`,
			funnel: { stage: i % 4 === 0 ? 'SEE' : 'DO', transition: 'new' },
			adConsent: i % 2 === 0 ? 'yes' : 'no',
		}));
		const wf = singleNodeWorkflow({
			type: 'n8n-nodes-social-funnel.funnelStage',
			name: 'Audience',
			parameters: { operation: 'audience', includeCsv: true },
		});
		const started = Date.now();
		const run = await runWorkflow(wf, { pinData: { Trigger: asItems(leads) } });
		console.log(`100,000 leads through the node in ${Date.now() - started} ms`);
		expect(run.error).toBeUndefined();
		const [batches, skipped] = run.outputs('Audience');
		expect(batches.reduce((n, b) => n + (b.json.rows as number), 0)).toBe(25_000);
		expect(skipped).toHaveLength(75_000);
		expect(batches.length + skipped.length).toBeLessThan(100_000);
		const paired = new Set<number>();
		for (const b of batches) for (const p of b.pairedItem as { item: number }[]) paired.add(p.item);
		for (const s of skipped) paired.add((s.pairedItem as { item: number }).item);
		expect(paired.size).toBe(100_000);
	});
});
