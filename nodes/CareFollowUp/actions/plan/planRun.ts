/**
 * One execution of Plan Follow-Ups: owns everything that lives for the run — the ledger session,
 * who was planned this run, the reader's memory of record layouts, the outputs — and forgets it
 * in `close()`. No state outlives the run. Not n8n glue: the node's execute() drives it.
 */
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';
import { forgetRecords, NoEmailAddress } from '../../input/customerFields';
import {
	contactOf,
	groupItems,
	readGroup,
	type CustomerGroup,
	type ItemError,
	type ItemSource,
} from '../../input/customerGroups';
import { parseConfirmationRef } from '../../ledger/followUpLedger';
import type { PlanLedger } from '../../ledger/ledgerStore';
import { LinkMaker } from '../../messages/links';
import { MessageRenderer } from '../../messages/render';
import { planCustomer, type PlanContext, type PlannedFollowUp } from '../../rules/planner';
import { ACTION_LABELS, OUTPUT_ORDER, type FollowUpAction } from '../../rules/settings';

/** Customers planned per load of the ledger: a store in a database reads each chunk's histories in a few statements. */
const PLAN_CHUNK = 10_000;
const NOT_NOW = OUTPUT_ORDER.indexOf('notNow');

export interface PlanRunSetup {
	items: INodeExecutionData[];
	src: ItemSource;
	/** The plan's settings, links and texts; its ledger is the session's. */
	context: Omit<PlanContext, 'ledger' | 'plannedThisRun' | 'renderer' | 'linkMaker'>;
	session: PlanLedger;
	nowMs: number;
	resultField: string;
	/** An item that cannot be read: returns its error item, or throws to fail the node. */
	failed: (e: ItemError) => INodeExecutionData;
}

export class PlanRun {
	/** One list per output, in OUTPUT_ORDER. */
	private readonly outputs: INodeExecutionData[][] = OUTPUT_ORDER.map(() => []);
	private readonly context: PlanContext;

	constructor(private readonly setup: PlanRunSetup) {
		this.context = {
			...setup.context,
			ledger: setup.session.ledger,
			renderer: new MessageRenderer(setup.context.messages, { batch: true }),
			linkMaker: new LinkMaker(),
			// One Item per Customer: two records of one person (same email or id) get one follow-up. Orders are grouped by person already.
			plannedThisRun: setup.src.inputType === 'customers' ? new Set() : undefined,
		};
	}

	/** Plans every customer of the input, chunk by chunk, then saves the ledger; returns the outputs. */
	async planAll(): Promise<INodeExecutionData[][]> {
		const { src, session } = this.setup;
		const grouping = groupItems(src);
		grouping.errors.forEach((e) => this.fail(e));
		for (let from = 0; from < grouping.count; from += PLAN_CHUNK) {
			const chunk: { group: CustomerGroup; read: ReturnType<typeof readGroup> }[] = [];
			const keys: string[] = [];
			for (let person = from; person < Math.min(from + PLAN_CHUNK, grouping.count); person++) {
				const group = grouping.group(person);
				const read = readGroup(src, group);
				chunk.push({ group, read });
				if (read.customer) keys.push(read.customer.key, ...(read.customer.otherKeys ?? []));
			}
			await session.load(keys);
			for (const { group, read } of chunk) this.planPerson(group, read);
		}
		const refused = await session.save();
		if (refused.size) this.moveRefusedToNotNow(refused);
		this.context.renderer?.seal(); // the last messages get their bodies
		return this.outputs;
	}

	/** Ends the run: the ledger session closes, and the reader forgets the records it saw. */
	async close(): Promise<void> {
		forgetRecords(this.setup.src.opts);
		this.context.plannedThisRun?.clear();
		this.context.renderer = undefined;
		this.context.linkMaker = undefined;
		await this.setup.session.close();
	}

	/** An item that cannot be read; a customer without an email address is no error: they wait on Not Now. */
	private fail(e: ItemError): void {
		const { items, resultField } = this.setup;
		if (e.error instanceof NoEmailAddress) {
			this.outputs[NOT_NOW].push({
				json: {
					...items[e.itemIndex].json,
					[resultField]: { action: 'notNow', reason: e.error.reason, nextDueAt: null },
				},
				pairedItem: { item: e.itemIndex },
			});
			return;
		}
		this.outputs[NOT_NOW].push(this.setup.failed(e));
	}

	private planPerson(group: CustomerGroup, read: ReturnType<typeof readGroup>): void {
		const { items, src, resultField, nowMs } = this.setup;
		const itemIndexes = group.items;
		read.errors.forEach((e) => this.fail(e));
		const customer = read.customer;
		if (!customer) {
			// One unreadable order could hide a refund or a review: the customer waits until the data is fixed.
			const failed = new Set(read.errors.map((e) => e.itemIndex));
			const healthy = itemIndexes.filter((i) => !failed.has(i));
			if (!healthy.length) return; // every item of this customer is already out as an error item
			const noAddress = read.errors.find((e) => e.error instanceof NoEmailAddress)?.error as
				| NoEmailAddress
				| undefined;
			const reason =
				noAddress && read.errors.length === 1
					? `${noAddress.reason}: their newest order (input item ${read.errors[0].itemIndex}) has none`
					: `not planned: input item ${[...failed].join(
							', ',
					  )} of this customer has an error (see the error items); fix it and run again`;
			this.outputs[NOT_NOW].push({
				json: {
					...(src.inputType === 'customers'
						? items[healthy[0]].json
						: { ...contactOf(src, healthy[0]), orders: healthy.map((i) => items[i].json) }),
					[resultField]: { action: 'notNow', reason, nextDueAt: null },
				},
				pairedItem: healthy.map((item) => ({ item })),
			});
			return;
		}
		const json: IDataObject =
			src.inputType === 'customers'
				? { ...items[itemIndexes[0]].json }
				: {
						customerId: customer.id ?? null,
						email: customer.email,
						firstName: customer.firstName ?? null,
						orders: itemIndexes.map((i) => items[i].json),
				  };
		const planned = planCustomer(customer, this.context, nowMs);
		flattenReasons(planned);
		json[resultField] = planned as unknown as IDataObject;
		this.outputs[OUTPUT_ORDER.indexOf(planned.action)].push({
			json,
			pairedItem:
				itemIndexes.length === 1 ? { item: itemIndexes[0] } : itemIndexes.map((item) => ({ item })),
		});
	}

	/**
	 * Customers whose reservation another run took first (same customer, same moment, another
	 * execution or worker): their follow-up must not go out, so they leave on Not Now and are
	 * planned again on a later run.
	 */
	private moveRefusedToNotNow(refused: ReadonlySet<string>): void {
		const { resultField } = this.setup;
		this.outputs.forEach((list, output) => {
			if (output === NOT_NOW) return;
			this.outputs[output] = list.filter((item) => {
				const planned = item.json[resultField] as unknown as PlannedFollowUp;
				const ref =
					typeof planned?.ref === 'string' ? parseConfirmationRef(planned.ref) : undefined;
				if (!ref || !refused.has(ref.customerHash)) return true;
				item.json[resultField] = {
					action: 'notNow',
					reason: `being planned by another run: another execution reserved a follow-up for this customer at the same moment, so this run sends none (the ${
						ACTION_LABELS[planned.action as FollowUpAction]
					} is planned again on a later run if still due)`,
					customer: planned.customer,
					rfm: planned.rfm,
					nextDueAt: null,
					nextAction: planned.action,
				} as unknown as IDataObject;
				this.outputs[NOT_NOW].push(item);
				return false;
			});
		});
	}
}

/**
 * Makes each reason one flat string in memory. V8 keeps a text built with `+` or a template literal
 * as a chain of its pieces until a character is read; a batch keeps every planned item's reasons
 * alive, and the garbage collector copies a chain piece by piece. A hint to the engine only: the
 * texts themselves never change.
 */
function flattenReasons(planned: PlannedFollowUp): void {
	planned.reason.charCodeAt(0);
	for (const d of planned.alsoDue ?? []) d.why.charCodeAt(0);
	for (const d of planned.notDue ?? []) d.why.charCodeAt(0);
}
