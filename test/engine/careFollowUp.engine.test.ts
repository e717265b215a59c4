import { readFileSync } from 'fs';
import path from 'path';
import { NodeHelpers, type IDataObject } from 'n8n-workflow';
import {
	FollowUpLedger,
	LEDGER_KEY,
	parseConfirmationRef,
	type StoredLedger,
} from '../../nodes/CareFollowUp/ledger/followUpLedger';
import { withSendAndConfirm } from './careWorkflows';
import {
	asItems,
	nodeTypes,
	runWorkflow,
	singleNodeWorkflow,
	zoneInsideSendWindow,
	type WorkflowJson,
} from './harness';

const NOW = '2026-03-16T12:00:00.000Z';
const daysAgo = (d: number) => new Date(Date.parse(NOW) - d * 86_400_000).toISOString();
const OUTPUTS = [
	'Review Request',
	'Upsell',
	'VIP Invite',
	'Ambassador Invite',
	'Win-Back',
	'Not Now',
];

function plan(
	parameters: Record<string, unknown> = {},
	extra: { continueOnFail?: boolean; onError?: string } = {},
) {
	const wf = singleNodeWorkflow({
		type: 'n8n-nodes-social-funnel.careFollowUp',
		name: 'Care Follow-Up',
		parameters: {
			operation: 'plan',
			inputType: 'orders',
			options: { referenceTime: NOW, timeZone: 'Europe/Berlin' },
			...parameters,
		},
		...extra,
	});
	return wf;
}

const orders = [
	{
		id: 1,
		created_at: daysAgo(20),
		total_price: '30',
		email: 'ana@example.com',
		customer: { id: 1 },
		marketing_consent: true,
		line_items: [{ sku: 'A', title: 'Mug', price: 30 }],
	},
	{
		id: 2,
		created_at: daysAgo(200),
		total_price: '700',
		email: 'ana@example.com',
		customer: { id: 1 },
		marketing_consent: true,
		reviewed: true,
		rating: 5,
	},
	{
		id: 3,
		created_at: daysAgo(120),
		total_price: '20',
		email: 'ben@example.com',
		customer: { id: 2 },
		marketing_consent: true,
	},
	{
		id: 4,
		created_at: daysAgo(20),
		total_price: '20',
		email: 'cleo@example.com',
		customer: { id: 3 },
	},
	{
		id: 5,
		created_at: daysAgo(2),
		total_price: '20',
		email: 'dan@example.com',
		customer: { id: 4 },
		marketing_consent: true,
	},
];

const byOutput = (outputs: { json: IDataObject }[][]) =>
	Object.fromEntries(OUTPUTS.map((name, i) => [name, (outputs[i] ?? []).map((o) => o.json.email)]));

describe('Care Follow-Up in the n8n engine', () => {
	it('groups orders by customer, routes each customer to exactly one output and pairs it with all its order items', async () => {
		const run = await runWorkflow(plan(), { pinData: { Trigger: asItems(orders) } });
		expect(run.error).toBeUndefined();
		const outputs = run.outputs('Care Follow-Up');
		expect(outputs).toHaveLength(6);
		expect(byOutput(outputs)).toEqual({
			'Review Request': ['ana@example.com'],
			Upsell: [],
			'VIP Invite': [],
			'Ambassador Invite': [],
			'Win-Back': ['ben@example.com'],
			'Not Now': ['cleo@example.com', 'dan@example.com'],
		});
		const ana = outputs[0][0];
		expect(ana.pairedItem).toEqual([{ item: 0 }, { item: 1 }]);
		expect(ana.json.followUp).toMatchObject({
			action: 'reviewRequest',
			legalBasis: 'consent',
			orderId: '1',
			rfm: { segment: 'potential loyalists' },
		});
		expect((ana.json.followUp as IDataObject).alsoDue).toEqual([
			expect.objectContaining({ action: 'vipInvite' }),
			expect.objectContaining({ action: 'ambassadorInvite' }),
		]);
		const paired = outputs
			.flat()
			.flatMap((o) => (Array.isArray(o.pairedItem) ? o.pairedItem : [o.pairedItem]))
			.map((p) => (p as { item: number }).item);
		expect(paired.sort()).toEqual([0, 1, 2, 3, 4]);
		const [cleo, dan] = outputs[5].map((o) => o.json.followUp as IDataObject);
		expect(cleo.reason).toMatch(/no legal basis/);
		expect(dan).toMatchObject({ nextAction: 'reviewRequest', nextDueAt: daysAgo(2 - 14) });
	});

	it('reads customers with an orders list (One Item per Customer) and keeps the input fields', async () => {
		const customers = [
			{
				id: 9,
				email: 'eve@example.com',
				first_name: 'Eve',
				locale: 'de',
				marketing_consent: 'subscribed',
				tier: 'gold',
				orders: [orders[0]],
			},
		];
		const run = await runWorkflow(plan({ inputType: 'customers' }), {
			pinData: { Trigger: asItems(customers) },
		});
		const [eve] = run.json('Care Follow-Up', 0) as Array<Record<string, any>>;
		expect(eve.tier).toBe('gold');
		expect(eve.followUp.customer).toMatchObject({ key: 'id:9', language: 'de' });
		expect(eve.followUp.message.subject).toBe('Wie gefällt dir „Mug“?');
	});

	it('remembers across executions: planned once, confirmed, never planned again', async () => {
		const wf = withSendAndConfirm(plan({ followUps: ['reviewRequest'] }));
		const first = await runWorkflow(wf, { pinData: { Trigger: asItems(orders) } });
		expect(
			first
				.json('Confirm Sent')
				.map((j) => [j.messageId, (j.followUpConfirmation as IDataObject).status]),
		).toEqual([['<ana@example.com>', 'committed']]);
		const stored = first.staticData();
		expect(
			FollowUpLedger.inMemory((stored.global as IDataObject)[LEDGER_KEY] as StoredLedger).stats()
				.customers,
		).toBe(1);
		const second = await runWorkflow(
			{ ...wf, staticData: stored },
			{ pinData: { Trigger: asItems(orders) } },
		);
		expect(second.outputs('Care Follow-Up')[0]).toEqual([]);
		expect(
			(
				second.json('Care Follow-Up', 5).find((j) => j.email === 'ana@example.com')!
					.followUp as IDataObject
			).reason,
		).toMatch(/reminder for order 1 is due 7 days after the request/);

		// The same history in the first stored layout (one key per customer), as an earlier version left it: upgraded, nothing planned again.
		const shards = ((stored.global as IDataObject)[LEDGER_KEY] as StoredLedger).s;
		const perCustomer = Object.fromEntries(
			Object.values(shards)
				.flatMap((shard) => shard.split('|'))
				.map((c) => [c.slice(0, 12), c.slice(12)]),
		);
		const fromV1 = await runWorkflow(
			{ ...wf, staticData: { global: { [LEDGER_KEY]: { v: 1, c: perCustomer } } } },
			{ pinData: { Trigger: asItems(orders) } },
		);
		expect(fromV1.error).toBeUndefined();
		expect(fromV1.outputs('Care Follow-Up')[0]).toEqual([]);
		expect(
			(
				fromV1.json('Care Follow-Up', 5).find((j) => j.email === 'ana@example.com')!
					.followUp as IDataObject
			).reason,
		).toMatch(/reminder for order 1 is due 7 days after the request/);
		const upgraded = (fromV1.staticData().global as IDataObject)[LEDGER_KEY] as StoredLedger;
		expect(upgraded.v).toBe(2);
		expect(FollowUpLedger.inMemory(upgraded).stats().customers).toBe(1);
	});

	it('a customer who appears twice in one batch is planned one follow-up, never the same one twice', async () => {
		const row = { id: 9, email: 'eve@example.com', marketing_consent: true, orders: [orders[0]] };
		const run = await runWorkflow(plan({ inputType: 'customers' }), {
			pinData: { Trigger: asItems([row, { ...row }]) },
		});
		const outputs = run.outputs('Care Follow-Up');
		expect(outputs[0].map((o) => o.pairedItem)).toEqual([{ item: 0 }]);
		expect(outputs[5].map((o) => o.pairedItem)).toEqual([{ item: 1 }]);
		const planned = outputs
			.flat()
			.map((o) => (o.json.followUp as IDataObject).ref)
			.filter(Boolean);
		expect(planned).toHaveLength(1);
		expect((outputs[5][0].json.followUp as IDataObject).reason).toMatch(
			/review request for order 1 is reserved until .*, waiting for Confirm Sent/,
		);
	});

	it('one person is one customer: a guest order joins the account orders with the same email, and WooCommerce guests stay apart', async () => {
		const items = [
			{
				id: 11,
				created_at: daysAgo(20),
				total: '30',
				email: 'ana@example.com',
				customer: { id: 1 },
				marketing_consent: true,
				line_items: [{ sku: 'A', title: 'Mug', price: 30 }],
			},
			{
				id: 12,
				created_at: daysAgo(21),
				total: '25',
				email: 'Ana@Example.com',
				customer: null,
				marketing_consent: true,
				line_items: [{ sku: 'B', title: 'Cup', price: 25 }],
			},
			{
				id: 21,
				date_created_gmt: daysAgo(20),
				total: '40',
				customer_id: 0,
				billing: { email: 'gus@example.com' },
				marketing_consent: true,
			},
			{
				id: 22,
				date_created_gmt: daysAgo(20),
				total: '40',
				customer_id: 0,
				billing: { email: 'hal@example.com' },
				marketing_consent: true,
			},
		];
		const run = await runWorkflow(plan(), { pinData: { Trigger: asItems(items) } });
		expect(run.error).toBeUndefined();
		const outputs = run.outputs('Care Follow-Up');
		expect(byOutput(outputs)['Review Request']).toEqual([
			'ana@example.com',
			'gus@example.com',
			'hal@example.com',
		]);
		expect(outputs.flat()).toHaveLength(3);
		expect(outputs[0][0].pairedItem).toEqual([{ item: 0 }, { item: 1 }]);
		expect((outputs[0][0].json.followUp as IDataObject).customer).toMatchObject({
			key: 'id:1',
			id: '1',
		});
	});

	it('a follow-up kept under a guest’s email is not planned again once the order carries the customer id', async () => {
		const stored: StoredLedger = { v: 2, s: {} };
		const ledger = FollowUpLedger.inMemory(stored);
		const reserved = ledger.reserve(
			ledger.history('email:ana@example.com', Date.parse(NOW) - 7 * 86_400_000),
			'review:1',
			['product:A'],
			Date.parse(NOW) + 86_400_000,
			Date.parse(NOW) - 7 * 86_400_000,
		);
		ledger.commit(parseConfirmationRef(reserved)!, Date.parse(NOW) - 2 * 86_400_000);
		const asGuest = { ...orders[0], customer: null };
		const guestRun = await runWorkflow(
			{ ...plan(), staticData: { global: { [LEDGER_KEY]: structuredClone(stored) } } },
			{ pinData: { Trigger: asItems([asGuest]) } },
		);
		const reminderLater =
			/nothing due now; next: reminder for order 1 is due 7 days after the request/;
		expect((guestRun.json('Care Follow-Up', 5)[0].followUp as IDataObject).reason).toMatch(
			reminderLater,
		);
		const withId = await runWorkflow(
			{ ...plan(), staticData: { global: { [LEDGER_KEY]: structuredClone(stored) } } },
			{ pinData: { Trigger: asItems([orders[0]]) } },
		);
		const ana = withId.outputs('Care Follow-Up').flat()[0];
		expect((ana.json.followUp as IDataObject).customer).toMatchObject({ key: 'id:1' });
		expect((ana.json.followUp as IDataObject).action).toBe('notNow');
		expect((ana.json.followUp as IDataObject).reason).toMatch(reminderLater);
	});

	it('two customer records of one person (same email) get one follow-up in a run, also in a dry run', async () => {
		const row = { id: 9, email: 'eve@example.com', marketing_consent: true, orders: [orders[0]] };
		const twin = { ...row, id: 10, email: 'EVE@example.com' };
		for (const dryRun of [false, true]) {
			const run = await runWorkflow(plan({ inputType: 'customers', dryRun }), {
				pinData: { Trigger: asItems([row, twin]) },
			});
			const outputs = run.outputs('Care Follow-Up');
			expect(outputs[0].map((o) => o.pairedItem)).toEqual([{ item: 0 }]);
			expect(outputs[5].map((o) => o.pairedItem)).toEqual([{ item: 1 }]);
			expect((outputs[5][0].json.followUp as IDataObject).reason).toMatch(
				/another input item of this person .* gets a follow-up in this run/,
			);
		}
	});

	it('a ledger it cannot read stops Plan and Confirm Sent without touching it', async () => {
		const unknown = { v: 3, shards: ['kept as it is'] };
		const run = await runWorkflow(
			{ ...plan(), staticData: { global: { [LEDGER_KEY]: unknown } } },
			{ pinData: { Trigger: asItems(orders) } },
		);
		expect(run.error?.message).toBe(
			"The follow-up ledger in this workflow's static data (socialFunnelCareLedger) is not one this version of the node can read (version 3)",
		);
		expect((run.error as { description?: string }).description).toMatch(
			/Nothing was planned or confirmed/,
		);
		expect((run.staticData().global as IDataObject)[LEDGER_KEY]).toEqual(unknown);
		const confirm = singleNodeWorkflow({
			type: 'n8n-nodes-social-funnel.careFollowUp',
			name: 'Confirm Sent',
			parameters: { operation: 'confirm', reference: 'sfcare1.AAAAAAAAAAAA.BBBBBB' },
		});
		const confirmRun = await runWorkflow(
			{ ...confirm, staticData: { global: { [LEDGER_KEY]: unknown } } },
			{ pinData: { Trigger: asItems([{ messageId: '<x>' }]) } },
		);
		expect(confirmRun.error?.message).toMatch(/is not one this version of the node can read/);
	});

	it('a dry run plans without touching the static data', async () => {
		const run = await runWorkflow(plan({ dryRun: true }), {
			pinData: { Trigger: asItems(orders) },
		});
		expect(run.json('Care Follow-Up', 0)[0].followUp).toMatchObject({ dryRun: true });
		expect(run.staticData().global ?? {}).toEqual({});
	});

	it('a wrong unsubscribe link or default time zone fails the node with the option named', async () => {
		const link = await runWorkflow(plan({ unsubscribeLink: 'javascript:void(0)' }), {
			pinData: { Trigger: asItems(orders) },
		});
		expect(link.error?.message).toBe('Unsubscribe Link must be an https:// or mailto: link');
		const zone = await runWorkflow(
			plan({ options: { referenceTime: NOW, timeZone: 'Mars/Olympus' } }),
			{ pinData: { Trigger: asItems(orders) } },
		);
		expect(zone.error?.message).toBe('Default Time Zone "Mars/Olympus" is not a time zone we know');
	});

	it('a malformed catalogue fails the node before any item is planned', async () => {
		const run = await runWorkflow(
			plan({ catalogue: '[{"sku": "A", "name": "Mug", "price": -1}]' }),
			{ pinData: { Trigger: asItems(orders) } },
		);
		expect(run.error?.message).toBe('Catalogue at [0].price: price must be 0 or more');
		expect(run.staticData().global ?? {}).toEqual({});
	});

	it('a bad order names the item and the field; Continue On Fail puts it on Not Now and holds back its customer', async () => {
		const bad = [
			...orders,
			{ id: 6, created_at: 'last tuesday', email: 'ana@example.com', customer: { id: 1 } },
		];
		const lastCustomerBad = [
			...orders,
			{ id: 6, created_at: 'last tuesday', email: 'zed@example.com', customer: { id: 99 } },
		];
		const failing = await runWorkflow(plan(), { pinData: { Trigger: asItems(lastCustomerBad) } });
		expect(failing.error?.message).toBe(
			'zed@example.com: Field "created_at" is not a date we can read, got "last tuesday"',
		);
		// The run failed, so it reserved nothing, not even for the customers planned before the bad item.
		const ledger = (failing.staticData().global as IDataObject | undefined)?.[LEDGER_KEY] as
			| StoredLedger
			| undefined;
		expect(Object.keys(ledger?.s ?? {})).toEqual([]);
		const tolerant = await runWorkflow(plan({}, { continueOnFail: true }), {
			pinData: { Trigger: asItems(bad) },
		});
		const notNow = tolerant.outputs('Care Follow-Up')[5];
		const error = notNow.find((o) => o.json.error)!;
		expect(error.json.error).toBe(
			'ana@example.com: Field "created_at" is not a date we can read, got "last tuesday"',
		);
		expect(error.pairedItem).toEqual({ item: 5 });
		const ana = notNow.find((o) => o.json.email === 'ana@example.com' && !o.json.error)!;
		expect((ana.json.followUp as IDataObject).reason).toMatch(
			/input item 5 of this customer has an error/,
		);
		expect(tolerant.outputs('Care Follow-Up')[0]).toEqual([]);
	});

	it('Confirm Sent refuses an item that no email node replaced, and confirms nothing', async () => {
		const wf = plan({ followUps: ['reviewRequest'] });
		wf.nodes.push({
			id: 'c',
			name: 'Confirm Sent',
			type: 'n8n-nodes-social-funnel.careFollowUp',
			typeVersion: 1,
			position: [400, 0],
			parameters: { operation: 'confirm' },
		});
		wf.connections['Care Follow-Up'] = {
			main: [[{ node: 'Confirm Sent', type: 'main', index: 0 }]],
		};
		const run = await runWorkflow(wf, { pinData: { Trigger: asItems(orders) } });
		expect(run.error?.message).toBe(
			'ana@example.com: this item still carries its follow-up plan, so no email node sent it',
		);
		expect((run.error as { description?: string }).description).toMatch(/not disabled/);
		const ledger = (run.staticData().global as IDataObject)[LEDGER_KEY] as StoredLedger;
		expect(Object.values(ledger.s).join(',')).toMatch(/~/);
		expect(Object.values(ledger.s).join(',')).not.toMatch(/\+/); // reserved ("~"), never committed ("+")
	});

	it('Confirm Sent without a reference explains how to map it', async () => {
		const wf = singleNodeWorkflow({
			type: 'n8n-nodes-social-funnel.careFollowUp',
			name: 'Confirm',
			parameters: { operation: 'confirm', reference: '={{ $json.nothing }}' },
		});
		const run = await runWorkflow(wf, {
			pinData: { Trigger: asItems([{ accepted: ['a@example.com'] }]) },
		});
		expect(run.error?.message).toBe('Follow-Up Reference is empty');
		expect((run.error as { description?: string }).description).toMatch(
			/\$\('Care Follow-Up'\)\.item\.json\.followUp\.ref/,
		);
	});
});

describe('template: daily review requests', () => {
	const wf = JSON.parse(
		readFileSync(path.join(__dirname, '../../workflows/care-review-requests.json'), 'utf8'),
	) as WorkflowJson;

	it('runs on its sample orders without a credential and previews the requests it would send', async () => {
		const run = await runWorkflow(
			{ ...wf, settings: { ...wf.settings, timezone: zoneInsideSendWindow() } },
			{ startNode: 'Run With Sample Orders' },
		);
		expect(run.error).toBeUndefined();
		expect(run.json('Preview (Not Sent)').map((j) => [j.to, j.subject])).toEqual([
			['lena@example.com', 'Wie gefällt dir „Blue Mug“?'],
			['max@example.com', 'How do you like your Tea Set?'],
		]);
		const notNow = Object.fromEntries(
			run.json('Not Now (With Reason)').map((j) => [j.email, j.reason]),
		);
		expect(Object.keys(notNow)).toEqual([
			'sofia@example.com',
			'paul@example.com',
			'nina@example.com',
			'tim@example.com',
			'eva@example.com',
		]);
		expect(notNow['sofia@example.com']).toMatch(
			/review request for order 1003 is due 3 days after delivery/,
		);
		expect(notNow['paul@example.com']).toMatch(/no legal basis/);
		expect(notNow['nina@example.com']).toMatch(/no paid order yet/);
		expect(notNow['tim@example.com']).toMatch(/unsubscribed/);
		expect(notNow['eva@example.com']).toMatch(/support ticket/);
		expect(run.staticData().global ?? {}).toEqual({});
	});

	it('switched to sending but with its Send Email node still disabled, fails loudly instead of confirming unsent mail', async () => {
		const live = JSON.parse(JSON.stringify(wf)) as WorkflowJson;
		const settings = live.nodes.find((n) => n.name === 'Settings')!;
		settings.parameters.jsonOutput = String(settings.parameters.jsonOutput).replace(
			'"sendEmails": false',
			'"sendEmails": true',
		);
		expect(live.nodes.find((n) => n.name === 'Send Review Request')!.disabled).toBe(true);
		const run = await runWorkflow(
			{ ...live, settings: { ...live.settings, timezone: zoneInsideSendWindow() } },
			{ startNode: 'Run With Sample Orders' },
		);
		expect(run.error?.message).toBe(
			'Lena <lena@example.com>: this item still carries its follow-up plan, so no email node sent it',
		);
	});
});

describe('every template runs in the editor before any credential is set', () => {
	// n8n's editor refuses "Execute workflow" while a node that would run lacks a required credential;
	// disabled nodes are skipped by that check.
	it.each([
		'care-review-requests.json',
		'care-upsell-vip.json',
		'weekly-funnel-report.json',
		'social-lead-router.json',
	])('%s', (file) => {
		const template = JSON.parse(
			readFileSync(path.join(__dirname, '../../workflows', file), 'utf8'),
		) as WorkflowJson;
		const needing = template.nodes.filter((n) => {
			if (n.disabled || n.credentials) return false;
			const { description } = nodeTypes.getByNameAndVersion(n.type, n.typeVersion);
			// Parameters with their defaults, so that a credential shown only for some settings (e.g. webhook auth) is judged right.
			const values =
				NodeHelpers.getNodeParameters(
					description.properties,
					n.parameters,
					true,
					false,
					n,
					description,
				) ?? {};
			return (description.credentials ?? []).some(
				(c) => c.required && NodeHelpers.displayParameter(values, c, n, description),
			);
		});
		expect(needing.map((n) => n.name)).toEqual([]);
	});
});

describe('template: upsell, VIP and ambassador programme', () => {
	const wf = JSON.parse(
		readFileSync(path.join(__dirname, '../../workflows/care-upsell-vip.json'), 'utf8'),
	) as WorkflowJson;

	it('runs on its sample customers without a credential and previews one follow-up per customer', async () => {
		const run = await runWorkflow(
			{ ...wf, settings: { ...wf.settings, timezone: zoneInsideSendWindow() } },
			{ startNode: 'Run With Sample Customers' },
		);
		expect(run.error).toBeUndefined();
		// All Planned Mails merges the three follow-up outputs: the preview runs once, with every mail.
		expect(run.runCount('Preview (Not Sent)')).toBe(1);
		const preview = run.json('Preview (Not Sent)').map((j) => [j.to, j.action, j.subject]);
		expect(preview.sort()).toEqual([
			['clara@example.com', 'vipInvite', 'Du bist jetzt Tea & Cups-VIP'],
			['finn@example.com', 'upsell', 'Picked for you: Matching Saucer'],
			['jan@example.com', 'vipInvite', 'Welcome to the Tea & Cups VIP circle'],
			[
				'mila@example.com',
				'ambassadorInvite',
				'Would you like to become an ambassador for Tea & Cups?',
			],
		]);
		expect(run.json('Not Now (With Reason)')).toEqual([
			expect.objectContaining({
				email: 'ida@example.com',
				reason: expect.stringMatching(/upsell after order 2501 is due 14 days after delivery/),
			}),
		]);
		const finn = run.json('Care Follow-Up', 1)[0].followUp as Record<string, any>;
		expect(finn.offer).toMatchObject({
			sku: 'SAUCER',
			how: 'complementary',
			link: 'https://example.com/products/saucer?utm_source=n8n&utm_medium=email&utm_campaign=upsell',
		});
		expect(finn.message.text).toMatch(/With the code THANKYOU10 you save/);
	});

	it('previews the planned mails when only one kind of follow-up is due (the merge does not wait for empty outputs)', async () => {
		const settings = { ...wf.settings, timezone: zoneInsideSendWindow() };
		const first = await runWorkflow(
			{ ...wf, settings },
			{ startNode: 'Run With Sample Customers' },
		);
		const finn = first
			.json('One Item per Customer')
			.filter((j) => JSON.stringify(j).includes('finn@example.com'));
		expect(finn).toHaveLength(1);
		const run = await runWorkflow(
			{ ...wf, settings },
			{
				startNode: 'Run With Sample Customers',
				pinData: { 'One Item per Customer': asItems(finn) },
			},
		);
		expect(run.error).toBeUndefined();
		expect(run.json('Preview (Not Sent)').map((j) => [j.to, j.action])).toEqual([
			['finn@example.com', 'upsell'],
		]);
	});
});
