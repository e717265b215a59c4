/**
 * Properties of Funnel Stage over generated leads, realistic and hostile mixed: in n8n's engine,
 * every lead leaves exactly once with pairedItem, the same input gives the same output, and no
 * output number is NaN or Infinity; in the stage rule, more evidence never lowers the stage and
 * time passing never raises the score.
 */
import fc from 'fast-check';
import { DAY_MS } from '../../nodes/shared/dates';
import type { DatedSignal, LeadEvidence } from '../../nodes/FunnelStage/input/lead';
import { DEFAULT_SETTINGS } from '../../nodes/FunnelStage/rules/settings';
import { SIGNALS, STAGE_RANK } from '../../nodes/FunnelStage/input/signals';
import { classifyLead } from '../../nodes/FunnelStage/rules/stageRules';
import { asItems, runWorkflow, singleNodeWorkflow } from '../engine/harness';
import {
	expectNamedError,
	mostly,
	BATCH,
	BATCH_RUNS,
	fcParameters,
	firstNonFinite,
	ITEMS_PER_NODE,
	pairingProblem,
	TIMEOUT_MS,
} from './propertyRuns';

const NOW = Date.parse('2026-03-15T12:00:00.000Z');
const STAGES = ['SEE', 'THINK', 'DO', 'CARE'];

const mostly12 = <T>(realistic: fc.Arbitrary<T>, hostile: fc.Arbitrary<unknown>) =>
	mostly(realistic, hostile, 12);
const hostileValue = fc.oneof(
	fc.constant(null),
	fc.constant(''),
	fc.constant('<script>alert(1)</script>'),
	fc.constant(-1),
	fc.constant(1e308),
	fc.constant('12,5'),
	fc.constant([]),
	fc.constant({}),
	fc.string({ maxLength: 8 }),
);
const anyDate = mostly12(
	fc.oneof(
		fc.integer({ min: 0, max: 400 }).map((d) => new Date(NOW - d * DAY_MS).toISOString()),
		fc.integer({ min: 0, max: 400 }).map((d) => Math.floor((NOW - d * DAY_MS) / 1000)),
		fc.integer({ min: 0, max: 400 }).map((d) => new Date(NOW - d * DAY_MS).toUTCString()),
	),
	fc.constantFrom(
		'2026-02-31',
		'yesterday',
		'',
		null,
		'2999-01-01T00:00:00Z',
		'0',
		'NaN',
		'1e400',
		1e308,
		-1e17,
		'9000000000000000',
	),
);
const eventType = mostly12(
	fc.oneof(
		fc.constantFrom(...SIGNALS.map((s) => s.type)),
		fc.constantFrom('Added to Cart', 'InitiateCheckout', 'view_item', 'PURCHASE'),
	),
	fc.constantFrom('teleport', '', '__proto__', 'constructor', 42),
);
const lead = fc.record(
	{
		email: mostly12(fc.emailAddress(), hostileValue),
		events: mostly12(
			fc.array(fc.record({ type: eventType, at: anyDate }, { requiredKeys: ['type'] }), {
				maxLength: 6,
			}),
			hostileValue,
		),
		likes: mostly12(fc.integer({ min: 0, max: 500 }), hostileValue),
		orders_count: mostly12(
			fc.oneof(fc.integer({ min: 0, max: 6 }), fc.constantFrom('2', '0')),
			hostileValue,
		),
		total_spent: mostly12(fc.integer({ min: 0, max: 5000 }), hostileValue),
		last_order_date: anyDate,
		lastActivityAt: anyDate,
		tracking_consent: mostly12(fc.boolean(), fc.constantFrom('yes', 'no', 'maybe')),
		previousStage: mostly12(fc.constantFrom(...STAGES), hostileValue),
	},
	{ requiredKeys: [] },
);

const workflow = singleNodeWorkflow({
	type: 'n8n-nodes-social-funnel.funnelStage',
	name: 'Funnel Stage',
	parameters: { operation: 'classify', options: { referenceTime: new Date(NOW).toISOString() } },
	continueOnFail: true,
});

describe(`Funnel Stage properties (${ITEMS_PER_NODE.toLocaleString(
	'en',
)} generated leads in n8n's engine)`, () => {
	it(
		'every lead leaves exactly once with pairedItem, the same input gives the same output, and no number is NaN or Infinity',
		async () => {
			let items = 0;
			let errors = 0;
			await fc.assert(
				fc.asyncProperty(fc.array(lead, { minLength: BATCH, maxLength: BATCH }), async (leads) => {
					items += leads.length;
					const pinData = { Trigger: asItems(leads as never) };
					const first = await runWorkflow(workflow, { pinData });
					const outputs = first.outputs('Funnel Stage');
					expect(pairingProblem(outputs, leads.length)).toBeUndefined();
					for (const item of outputs.flat()) {
						const funnel = item.json.funnel as
							| { stage?: string; score?: number; explanation?: string }
							| undefined;
						if (item.json.error) {
							errors++; // a Continue-On-Fail error item: it names the item and field
							expectNamedError(item, leads);
							continue;
						}
						expect(STAGES).toContain(funnel?.stage);
						expect(funnel!.score).toBeGreaterThanOrEqual(0);
						expect(funnel!.score).toBeLessThanOrEqual(100);
						expect(typeof funnel!.explanation).toBe('string');
					}
					expect(firstNonFinite(outputs)).toBeUndefined();
					const again = await runWorkflow(workflow, { pinData });
					expect(JSON.stringify(again.outputs('Funnel Stage'))).toBe(JSON.stringify(outputs));
				}),
				fcParameters(BATCH_RUNS),
			);
			expect(items).toBeGreaterThanOrEqual(ITEMS_PER_NODE);
			// Both paths are exercised: most leads are classified, the hostile ones fail by item.
			expect(errors).toBeGreaterThan(items * 0.05);
			expect(errors).toBeLessThan(items * 0.8);
		},
		TIMEOUT_MS,
	);
});

const signal: fc.Arbitrary<DatedSignal> = fc.record({
	type: fc.constantFrom(...SIGNALS.map((s) => s.type)),
	atMs: fc.integer({ min: 0, max: 200 * 24 }).map((h) => NOW - h * 3_600_000),
	count: fc.integer({ min: 1, max: 20 }),
	source: fc.constantFrom('event' as const, 'counter' as const),
});
const evidence: fc.Arbitrary<LeadEvidence> = fc.record(
	{
		signals: fc.array(signal, { maxLength: 8 }),
		orders: fc.integer({ min: 0, max: 5 }),
		lastOrderAtMs: fc.integer({ min: 0, max: 300 }).map((d) => NOW - d * DAY_MS),
		trackingConsent: fc.boolean(),
	},
	{ requiredKeys: ['signals'] },
);

describe(`Funnel Stage rule properties (${ITEMS_PER_NODE.toLocaleString(
	'en',
)} generated leads each)`, () => {
	it('adding evidence never lowers the stage', () => {
		fc.assert(
			fc.property(evidence, signal, (lead, extra) => {
				const before = classifyLead(lead, DEFAULT_SETTINGS, NOW).stage;
				const after = classifyLead(
					{ ...lead, signals: [...lead.signals, extra] },
					DEFAULT_SETTINGS,
					NOW,
				).stage;
				expect(STAGE_RANK[after]).toBeGreaterThanOrEqual(STAGE_RANK[before]);
			}),
			fcParameters(ITEMS_PER_NODE),
		);
	});

	it('decay never raises the score as time passes', () => {
		fc.assert(
			fc.property(evidence, fc.integer({ min: 0, max: 400 * 24 }), (lead, hours) => {
				const now = classifyLead(lead, DEFAULT_SETTINGS, NOW).score;
				const later = classifyLead(lead, DEFAULT_SETTINGS, NOW + hours * 3_600_000).score;
				expect(later).toBeLessThanOrEqual(now);
			}),
			fcParameters(ITEMS_PER_NODE),
		);
	});
});

describe('the property checks themselves', () => {
	it('catch an item left out, an item sent twice, and a NaN', () => {
		const item = (i: number) => ({ json: {}, pairedItem: { item: i } });
		expect(pairingProblem([[item(0)], [item(2)]], 3)).toBe('input item 1 left 0 times');
		expect(pairingProblem([[item(0), item(1)], [item(1)]], 2)).toBe('input item 1 left 2 times');
		expect(pairingProblem([[{ json: {} }]], 1)).toBe('an item on output 0 has no pairedItem');
		expect(firstNonFinite({ a: [1, { b: NaN }] })).toBe('$.a.1.b = NaN');
		expect(firstNonFinite({ a: [1, { b: 2 }] })).toBeUndefined();
	});
});
