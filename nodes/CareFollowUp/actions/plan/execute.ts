/** Plan Follow-Ups: reads the parameters, opens the ledger store, and runs the plan (n8n glue only). */
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import {
	errorItem,
	itemError,
	mappedFieldsOf,
	nodeError,
	referenceTimeOf,
	resultFieldOf,
} from '../../../shared/nodeGlue';
import { parseCatalogue } from '../../input/catalogue';
import { CARE_FIELDS, isTimeZone, readerOptions } from '../../input/customerFields';
import type { ItemSource } from '../../input/customerGroups';
import { isWebLink } from '../../messages/links';
import { parseMessageOverrides } from '../../messages/overrides';
import {
	ACTIONS,
	resolveFollowUpSettings,
	type FollowUpAction,
	type FollowUpSettingsOverrides,
} from '../../rules/settings';
import { isToolMode, toolArguments, type ToolInput } from '../../../shared/toolMode';
import { storeError } from '../../../shared/stateStoreGlue';
import { openStore } from '../ledgerStore';
import { PlanRun, type PlanRunSetup } from './planRun';

export async function planFollowUps(ctx: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = ctx.getInputData();
	const tool = isToolMode(ctx);
	// As a tool, the customer (with their orders) is what the model passed, not the item.
	const inputType = tool
		? 'customers'
		: (ctx.getNodeParameter('inputType', 0) as 'orders' | 'customers');
	const resultField = resultFieldOf(ctx, 'followUp');
	const { context, nowMs } = planSettings(ctx);
	const levels = inputType === 'orders' ? ['customer', 'order'] : ['customer'];
	const mappedAt = tool
		? (i: number) => toolArguments(ctx, CUSTOMER_TOOL_INPUTS, i)
		: mappedFieldsOf(
				ctx,
				CARE_FIELDS.filter((f) => levels.includes(f.level)).map((f) => ({
					collection: f.level === 'customer' ? 'customerFields' : 'orderFields',
					name: f.name,
				})),
		  );
	const src: ItemSource = {
		inputType,
		count: items.length,
		jsonAt: tool ? () => ({}) : (i) => items[i].json,
		mappedAt,
		// As a tool, the orders the model passed are read by their usual field names.
		opts: readerOptions(tool || (ctx.getNodeParameter('recogniseFields', 0, true) as boolean)),
	};
	const continueOnFail = ctx.continueOnFail();
	let run: PlanRun;
	try {
		const store = await openStore(ctx, context.dryRun, nowMs);
		const session = await store.openPlan(nowMs, context.dryRun);
		run = new PlanRun({
			items,
			src,
			context,
			session,
			nowMs,
			resultField,
			failed: (e) => {
				const error = itemError(ctx, e.error, e.itemIndex);
				if (!continueOnFail) throw error;
				return errorItem(ctx, items[e.itemIndex], error, e.itemIndex);
			},
		});
	} catch (error) {
		throw storeError(ctx, error);
	}
	try {
		return await run.planAll();
	} catch (error) {
		throw storeError(ctx, error);
	} finally {
		await run.close();
	}
}

/** The plan's settings, catalogue, texts and links, checked once: a wrong option fails the node before any item. */
function planSettings(ctx: IExecuteFunctions): { context: PlanRunSetup['context']; nowMs: number } {
	const options = ctx.getNodeParameter('options', 0, {}) as IDataObject;
	const { timeZone, messageTexts, referenceTime, utmSource, ...numbers } = options;
	const chosen = new Set(ctx.getNodeParameter('followUps', 0, ACTIONS) as string[]);
	const enabled = Object.fromEntries(ACTIONS.map((a) => [a, chosen.has(a)])) as Record<
		FollowUpAction,
		boolean
	>;
	let settings;
	try {
		settings = resolveFollowUpSettings({
			...(numbers as FollowUpSettingsOverrides),
			useExistingCustomerException: ctx.getNodeParameter(
				'useExistingCustomerException',
				0,
				false,
			) as boolean,
			enabled,
		});
	} catch (error) {
		throw nodeError(ctx, (error as Error).message, 'Correct the value under Options.');
	}
	let catalogue;
	try {
		catalogue = parseCatalogue(ctx.getNodeParameter('catalogue', 0, ''));
	} catch (error) {
		throw nodeError(
			ctx,
			(error as Error).message,
			'Give the catalogue as a JSON list of products: [{"sku": "MUG-1", "name": "Mug", "price": 12}]. No item was planned.',
		);
	}
	let messages;
	try {
		messages = parseMessageOverrides(messageTexts);
	} catch (error) {
		throw nodeError(
			ctx,
			(error as Error).message,
			'Correct Options → Message Texts (JSON), or remove it to use the built-in texts.',
		);
	}
	const zone =
		typeof timeZone === 'string' && timeZone.trim() ? timeZone.trim() : ctx.getTimezone();
	if (!isTimeZone(zone))
		throw nodeError(
			ctx,
			`Default Time Zone "${zone}" is not a time zone we know`,
			'Use an IANA name such as Europe/Berlin.',
		);
	const ref = referenceTimeOf(ctx, referenceTime, 'Options → Plan As Of');
	const link = (name: string) => String(ctx.getNodeParameter(name, 0, '')).trim();
	const links = {
		reviewLink: link('reviewLink'),
		shopLink: link('shopLink'),
		referralLink: link('referralLink'),
		unsubscribeLink: link('unsubscribeLink'),
	};
	if (!isWebLink(links.unsubscribeLink.replace(/\{\w+\}/g, 'x'))) {
		throw nodeError(
			ctx,
			'Unsubscribe Link must be an https:// or mailto: link',
			'Every follow-up needs a working unsubscribe link in its footer, e.g. https://shop.example/unsubscribe?email={email}.',
		);
	}
	const dryRun = ctx.getNodeParameter('dryRun', 0, false) as boolean;
	return {
		nowMs: ref ?? Date.now(),
		context: {
			settings,
			catalogue,
			dryRun,
			defaultTimeZone: zone,
			links,
			shopName: link('shopName') || 'Our Shop',
			discountCode: link('discountCode'),
			utmSource: typeof utmSource === 'string' && utmSource.trim() ? utmSource.trim() : 'n8n',
			messages,
		},
	};
}

const TOOL_TYPES: Record<string, ToolInput['type']> = {
	text: 'string',
	date: 'string',
	consent: 'boolean',
	flag: 'boolean',
	orders: 'json',
};

/** Plan Follow-Ups as a tool: one customer with their orders, typed, as a model passes it. */
export const CUSTOMER_TOOL_INPUTS: readonly ToolInput[] = CARE_FIELDS.filter(
	(f) => f.level === 'customer',
).map((f) => ({
	key: f.name,
	type: TOOL_TYPES[f.kind] ?? 'string',
	description:
		f.name === 'orders'
			? 'The customer’s orders, each {"id": "1001", "orderedAt": "2026-11-01", "deliveredAt": "2026-11-04", "status": "paid", "total": 49.9, "currency": "EUR", "lineItems": [{"sku": "MUG-1", "name": "Blue Mug", "price": 24.95, "quantity": 2}], "reviewed": false, "rating": 5}. Status: paid, pending, refunded, cancelled or returned.'
			: f.name === 'marketingConsent'
			? 'Whether the customer gave prior consent to marketing email. Without consent no follow-up is sent (unless the node’s existing-customer exception is on).'
			: f.description.replace(/\s*Recognised without mapping:.*$/, ''),
}));

/** A planned follow-up as a tool's answer: what, why, and the message as subject and plain-text preview. */
export function followUpAnswer(resultField: string) {
	return (item: INodeExecutionData): IDataObject => {
		const p = (item.json[resultField] ?? {}) as IDataObject;
		const message = p.message as { subject?: string; text?: string } | undefined;
		const customer = p.customer as { email?: string } | undefined;
		const answer: IDataObject = { customer: customer?.email, action: p.action, reason: p.reason };
		for (const key of [
			'legalBasis',
			'sendAt',
			'sendNow',
			'ref',
			'reservedUntil',
			'dryRun',
			'nextDueAt',
			'nextAction',
			'alsoDue',
		])
			if (p[key] !== undefined) answer[key] = p[key];
		if (message) {
			answer.subject = message.subject;
			answer.preview =
				message.text && message.text.length > 400 ? `${message.text.slice(0, 400)}…` : message.text;
			answer.fullMessage =
				'The full mail (text and HTML) is on the item when Plan Follow-Ups runs as a node in a workflow.';
		}
		return answer;
	};
}
