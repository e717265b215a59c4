/**
 * Hostile input for stage memory: emails with spaces and capitals and in unicode are one lead,
 * ids of every type, a damaged store, a person twice in a batch, and 100,000 leads at once.
 */
import { leadHash, leadIdentityOf } from '../../nodes/FunnelStage/memory/leadIdentity';
import { rememberLeads } from '../../nodes/FunnelStage/memory/rememberLeads';
import { MEMORY_KEY, StaticDataStageMemory } from '../../nodes/FunnelStage/memory/stageMemoryStore';
import { createLeadReader } from '../../nodes/FunnelStage/input/leadFields';
import { DEFAULT_SETTINGS } from '../../nodes/FunnelStage/rules/settings';

const NOW = Date.parse('2026-03-02T09:00:00.000Z');
const reader = createLeadReader({ recognise: true, resultField: 'funnel' });
const keyOf = (json: Record<string, unknown>) => leadIdentityOf(json, undefined, true)?.key;
const toRemember = (json: Record<string, unknown>, nowMs = NOW) => ({
	lead: reader.read(json, {}, nowMs, DEFAULT_SETTINGS),
	settings: DEFAULT_SETTINGS,
	nowMs,
	hash: leadHash(keyOf(json)!),
});
let run = 0;
const store = (staticData: Record<string, unknown>) =>
	new StaticDataStageMemory(staticData, {
		workflowId: `hostile-${run++}`,
		production: false,
		queueMode: false,
	});

describe('who a lead is', () => {
	it.each([
		['ana@example.com'],
		['  Ana@Example.COM '],
		['ANA@EXAMPLE.COM\t'],
		['\u00a0ana@example.com\u00a0'],
	])('%p is the same lead as ana@example.com', (email) => {
		expect(keyOf({ email })).toBe('email:ana@example.com');
	});

	it('keeps unicode addresses apart and as they are, lower-cased', () => {
		expect(keyOf({ email: 'Zoë@Bücher.example' })).toBe('email:zoë@bücher.example');
		expect(keyOf({ email: '王@例え.jp' })).toBe('email:王@例え.jp');
		// Composed or decomposed, one person.
		expect(keyOf({ email: 'Zoe\u0308@example.com' })).toBe(
			keyOf({ email: 'Zo\u00eb@example.com' }),
		);
		expect(leadHash('email:zoë@bücher.example')).not.toBe(leadHash('email:zoe@bücher.example'));
	});

	it.each([
		[{ email: 'not an email', id: 7 }, 'id:7'], // text that is no address is skipped for the id
		[{ email: '', customer_id: '0', id: 12 }, 'id:12'],
		[{ email: null, customer: { id: 207119551 } }, 'id:207119551'],
		[{ id: Number.NaN }, undefined],
		[{ id: { nested: 1 } }, undefined],
		[{ id: ['a'] }, undefined],
		[
			{ properties: { email: { value: ' Tom@HubSpot.example ', versions: [] } } },
			'email:tom@hubspot.example',
		],
	])('%p → %p', (json, key) => expect(keyOf(json as Record<string, unknown>)).toBe(key));
});

describe('the memory under hostile conditions', () => {
	it('a damaged or foreign line in static data makes the lead new again, never an error', async () => {
		const json = {
			email: 'ana@example.com',
			events: [{ type: 'add_to_cart', at: '2026-03-01T09:00:00Z' }],
		};
		const one = toRemember(json);
		const staticData: Record<string, unknown> = {
			[MEMORY_KEY]: { [one.hash]: '<script>', other: 42 },
		};
		const [result] = await rememberLeads(store(staticData), [one], false);
		expect(result).toMatchObject({ stage: 'DO', transition: 'new' });
		expect((staticData[MEMORY_KEY] as Record<string, unknown>).other).toBe(42);
	});

	it('a person twice in one batch moves once: the second record sees the first', async () => {
		const a = toRemember({
			email: 'ana@example.com',
			events: [{ type: 'product_view', at: '2026-03-01T09:00:00Z' }],
		});
		const b = toRemember({
			email: ' ANA@example.com',
			events: [{ type: 'add_to_cart', at: '2026-03-01T09:00:00Z' }],
		});
		const results = await rememberLeads(store({}), [a, b], false);
		expect(results.map((r) => [r.stage, r.transition, r.previousStage])).toEqual([
			['THINK', 'new', null],
			['DO', 'up', 'THINK'],
		]);
	});

	it('100,000 leads: each remembered once, and the same leads again are all unchanged', async () => {
		const staticData: Record<string, unknown> = {};
		const leads = Array.from({ length: 100_000 }, (_, i) =>
			toRemember({
				email: `lead${i}@example.com`,
				likes: i % 7,
				lastActivityAt: '2026-03-01T09:00:00Z',
			}),
		);
		const first = await rememberLeads(store(staticData), leads, false);
		expect(first.every((r) => r.transition === 'new')).toBe(true);
		expect(Object.keys(staticData[MEMORY_KEY] as object)).toHaveLength(100_000);
		const again = await rememberLeads(store(staticData), leads, false);
		expect(again.filter((r) => r.transition !== 'same')).toEqual([]);
	});
});
