/**
 * Runs the hostile-input corpus through n8n's engine, one item per case with Continue On Fail:
 * each case leaves with exactly the error or the values it states, no prototype is polluted, and
 * no script tag survives into a follow-up's HTML body.
 */
import type { IDataObject } from 'n8n-workflow';
import { asItems, runWorkflow, singleNodeWorkflow } from '../engine/harness';
import { HOSTILE_CASES, type HostileCase } from './hostileCorpus';

const NOW = '2026-03-15T12:00:00.000Z';
const PARAMETERS: Record<HostileCase['node'], IDataObject> = {
	funnelStage: { operation: 'classify', routing: 'single', options: { referenceTime: NOW } },
	careFollowUp: {
		operation: 'plan',
		inputType: 'orders',
		options: {
			referenceTime: NOW,
			timeZone: 'Europe/Berlin',
			sendWindowStartHour: 0,
			sendWindowEndHour: 24,
		},
	},
	influencerScore: {
		outputMode: 'single',
		keywords: 'vegan, kochen',
		blocklist: 'casino, betting',
		options: { referenceTime: NOW },
	},
};

const at = (json: unknown, path: string) =>
	path
		.split('.')
		.reduce<unknown>(
			(v, k) =>
				v !== null && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined,
			json,
		);

async function runCase(c: HostileCase) {
	const wf = singleNodeWorkflow({
		type: `n8n-nodes-social-funnel.${c.node}`,
		name: 'Node',
		parameters: PARAMETERS[c.node],
		continueOnFail: true,
	});
	const run = await runWorkflow(
		{ ...wf, staticData: {} },
		{ pinData: { Trigger: asItems([c.item() as IDataObject]) } },
	);
	const out = run.outputs('Node').flat();
	return out;
}

describe(`hostile input corpus (${HOSTILE_CASES.length} cases)`, () => {
	it('has at least 60 cases over the three nodes', () => {
		expect(HOSTILE_CASES.length).toBeGreaterThanOrEqual(60);
		expect(new Set(HOSTILE_CASES.map((c) => c.id)).size).toBe(HOSTILE_CASES.length);
		for (const node of ['funnelStage', 'careFollowUp', 'influencerScore'])
			expect(HOSTILE_CASES.filter((c) => c.node === node).length).toBeGreaterThanOrEqual(15);
	});

	it.each(HOSTILE_CASES.map((c) => [c.id, c] as const))(
		'%s',
		async (_id, c) => {
			const out = await runCase(c);
			expect(out).toHaveLength(1); // the item leaves once, on some output
			expect(out[0].pairedItem).toEqual({ item: 0 });
			const json = out[0].json;
			if (c.error !== undefined) {
				expect(json.error).toBe(c.error);
			} else {
				expect(json.error).toBeUndefined();
				for (const [path, value] of Object.entries(c.result ?? {}))
					expect([path, at(json, path)]).toEqual([path, value]);
			}
			const html = at(json, 'followUp.message.html');
			if (typeof html === 'string') expect(html).not.toMatch(/<script|<img/i);
			expect(({} as Record<string, unknown>).polluted).toBeUndefined();
			expect(Object.prototype).not.toHaveProperty('polluted');
		},
		60_000,
	);
});
