import { AudienceUpload, csvField } from '../../nodes/FunnelStage/audience/audienceUpload';
import type { PersonIdentity } from '../../nodes/FunnelStage/audience/identityFields';
import { sha256Hex } from '../../nodes/FunnelStage/audience/sha256';

const yes = { value: true, field: 'adConsent' };
const upload = (platforms: ('meta' | 'google')[] = ['meta'], batchSize = 10000) =>
	new AudienceUpload({ audience: 'remarketing', platforms, batchSize, sessionId: 42 });
const person = (i: number): PersonIdentity => ({ email: `p${i}@example.com`, adConsent: yes });

describe('an audience upload', () => {
	it('uploads only people with consent, and counts the others per reason', () => {
		const u = upload();
		expect(u.add(0, person(0))).toEqual({ included: true, problems: [] });
		expect(u.add(1, { email: 'b@example.com' })).toEqual({
			included: false,
			reason: 'no consent field',
			problems: [],
		});
		expect(
			u.add(2, { email: 'c@example.com', adConsent: { value: 'denied', field: 'x' } }),
		).toMatchObject({
			included: false,
			reason: 'consent refused',
		});
		u.skip('not in this audience');
		expect(u.summary()).toEqual({
			audience: 'remarketing',
			platforms: ['meta'],
			leads: 4,
			included: 1,
			skipped: 3,
			skippedByReason: { 'no consent field': 1, 'consent refused': 1, 'not in this audience': 1 },
			identifierProblems: {},
			rows: { meta: 1 },
			batches: { meta: 1 },
		});
	});

	it('skips a bad identifier with its reason and keeps the person when another one is usable', () => {
		const u = upload(['meta', 'google']);
		const outcome = u.add(0, { email: 'mia@example.com', phone: '030 1234567', adConsent: yes });
		expect(outcome.included).toBe(true);
		expect(outcome.problems).toEqual([
			{
				field: 'phone',
				problem:
					'has no country code and the person has no country (write it as +49 30 1234567, or map the country)',
			},
		]);
		expect(u.add(1, { phone: 'call me', adConsent: yes })).toMatchObject({
			included: false,
			reason: 'no usable identifier',
		});
		expect(u.summary().identifierProblems).toEqual({
			'phone: has no country code and the person has no country (write it as +49 30 1234567, or map the country)': 1,
			'phone: contains letters (a vanity number or an extension cannot be matched)': 1,
		});
	});

	it('cuts Meta rows into requests of at most 10,000: 10,000 → 1, 10,001 → 2', () => {
		for (const [n, expected] of [
			[10000, [10000]],
			[10001, [10000, 1]],
		] as const) {
			const u = upload();
			for (let i = 0; i < n; i++) u.add(i, person(i));
			const batches = u.batches(false);
			expect(batches.map((b) => b.items.length)).toEqual(expected);
			const last = batches[batches.length - 1].request as any;
			expect(last.session).toEqual({
				session_id: 42,
				batch_seq: expected.length,
				last_batch_flag: true,
				estimated_num_total: n,
			});
			expect((batches[0].request as any).payload.schema).toEqual(['EMAIL']);
		}
	});

	it('never makes a batch larger than the platform limit, whatever the batch size says', () => {
		expect(() => upload(['meta'], 0)).toThrow('Batch Size must be a whole number of at least 1');
		const u = upload(['google'], 3);
		for (let i = 0; i < 7; i++) u.add(i, person(i));
		expect(u.batches(false).map((b) => [b.batch, b.batches, b.items])).toEqual([
			[1, 3, [0, 1, 2]],
			[2, 3, [3, 4, 5]],
			[3, 3, [6]],
		]);
	});

	it("builds Meta's {schema, data} with only the keys someone has, '' where a person has none", () => {
		const u = upload();
		u.add(0, { email: 'a@example.com', externalId: 'c-1', adConsent: yes });
		u.add(1, { phone: '+49 170 1234567', adConsent: yes });
		const [batch] = u.batches(false);
		expect((batch.request as any).payload).toEqual({
			schema: ['EMAIL', 'PHONE', 'EXTERN_ID'],
			data: [
				[sha256Hex('a@example.com'), '', 'c-1'],
				['', sha256Hex('491701234567'), ''],
			],
		});
	});

	it("builds Google's audienceMembers with consent granted and HEX encoding", () => {
		const u = upload(['google']);
		u.add(5, { email: 'J.Doe+x@gmail.com', adConsent: yes });
		const [batch] = u.batches(false);
		expect(batch.items).toEqual([5]);
		expect(batch.request).toEqual({
			audienceMembers: [
				{
					userData: { userIdentifiers: [{ emailAddress: sha256Hex('jdoe@gmail.com') }] },
					consent: { adUserData: 'CONSENT_GRANTED', adPersonalization: 'CONSENT_GRANTED' },
				},
			],
			encoding: 'HEX',
		});
		expect(batch.normalised).toBeUndefined();
		expect(u.batches(true)[0].normalised).toEqual([{ emailAddress: 'jdoe@gmail.com' }]);
	});

	it("writes a CSV in Meta's customer-list columns: hashes, or the normalised plaintext when asked", () => {
		const u = upload();
		u.add(0, { email: 'a@example.com', firstName: 'Zoë', adConsent: yes });
		u.add(1, { email: 'b@example.com', adConsent: yes });
		expect(u.csv(false)).toBe(
			`email,fn\r\n${sha256Hex('a@example.com')},${sha256Hex('zoë')}\r\n${sha256Hex(
				'b@example.com',
			)},\r\n`,
		);
		expect(u.csv(true)).toBe('email,fn\r\na@example.com,zoë\r\nb@example.com,\r\n');
	});

	it('escapes CSV fields as RFC 4180 says', () => {
		expect(csvField('plain')).toBe('plain');
		expect(csvField('a,b')).toBe('"a,b"');
		expect(csvField('say "hi"')).toBe('"say ""hi"""');
		expect(csvField('line\nbreak')).toBe('"line\nbreak"');
		expect(csvField('cr\rhere')).toBe('"cr\rhere"');
	});
});
