/** Confirm Sent: records (or releases) each follow-up an email node sent (n8n glue only). */
import {
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
} from 'n8n-workflow';
import { forItem } from '../../../shared/inputErrors';
import { errorItem, itemError } from '../../../shared/nodeGlue';
import { parseConfirmationRef, type ConfirmationRef } from '../../ledger/followUpLedger';
import type { ConfirmOutcome, ConfirmStatus } from '../../ledger/ledgerStore';
import { isToolMode, toolArguments, type ToolInput } from '../../../shared/toolMode';
import { storeError } from '../../../shared/stateStoreGlue';
import { openStore } from '../ledgerStore';

/** Whether an item is still the Plan operation's output for this reference (so no email node replaced it). */
function carriesItsPlan(json: unknown, ref: string): boolean {
	if (json === null || typeof json !== 'object') return false;
	return Object.values(json).some(
		(v) => v !== null && typeof v === 'object' && (v as { ref?: unknown }).ref === ref,
	);
}

export async function confirmSent(ctx: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = ctx.getInputData();
	const outcome = ctx.getNodeParameter('outcome', 0, 'sent') as ConfirmOutcome;
	const tool = isToolMode(ctx);
	const nowMs = Date.now();
	const out: INodeExecutionData[] = [];
	const refs: ConfirmationRef[] = [];
	/** Per item: the index of its reference in `refs`, or its error item. */
	const perItem: (number | INodeExecutionData)[] = [];
	for (let i = 0; i < items.length; i++) {
		try {
			const raw = tool
				? toolArguments(ctx, CONFIRM_TOOL_INPUTS, i).reference
				: (ctx.getNodeParameter('reference', i, '') as unknown);
			const ref = typeof raw === 'string' ? parseConfirmationRef(raw) : undefined;
			if (!ref) {
				throw new NodeOperationError(
					ctx.getNode(),
					forItem(
						items[i].json,
						`Follow-Up Reference is ${
							raw === undefined || raw === '' ? 'empty' : 'not a reference from Care Follow-Up'
						}`,
					),
					{
						itemIndex: i,
						description:
							"How to fix: map the ref that Plan Follow-Ups put on the item. After an email node, read it from the Plan node, e.g. {{ $('Care Follow-Up').item.json.followUp.ref }}.",
					},
				);
			}
			if (outcome === 'sent' && carriesItsPlan(items[i].json, raw as string)) {
				// An email node replaces the item with its result; this one still holds the plan, so nothing sent it.
				throw new NodeOperationError(
					ctx.getNode(),
					forItem(
						items[i].json,
						'this item still carries its follow-up plan, so no email node sent it',
					),
					{
						itemIndex: i,
						description:
							'How to fix: place Confirm Sent after the node that sends the message, and make sure that node is not disabled (the templates ship their Send Email node disabled until you choose a credential). Nothing was confirmed; the follow-up is planned again when its reservation expires.',
					},
				);
			}
			perItem.push(refs.push(ref) - 1);
		} catch (error) {
			const e = itemError(ctx, error, i);
			if (!ctx.continueOnFail()) throw e;
			perItem.push(errorItem(ctx, items[i], e, i));
		}
	}
	let statuses: ConfirmStatus[];
	try {
		const store = await openStore(ctx, false, nowMs);
		statuses = await store.confirm(refs, outcome, nowMs);
	} catch (error) {
		throw storeError(ctx, error);
	}
	perItem.forEach((entry, i) => {
		if (typeof entry !== 'number') {
			out.push(entry);
			return;
		}
		const json = items[i].json !== null && typeof items[i].json === 'object' ? items[i].json : {};
		out.push({
			json: {
				...json,
				followUpConfirmation: { status: statuses[entry], at: new Date(nowMs).toISOString() },
			},
			pairedItem: { item: i },
		});
	});
	return [out];
}

/** Confirm Sent as a tool: the reference of the follow-up that was sent. */
export const CONFIRM_TOOL_INPUTS: readonly ToolInput[] = [
	{
		key: 'reference',
		type: 'string',
		description:
			'The ref that Plan Follow-Ups returned for the follow-up (a text starting with "sfcare1."), once the mail was sent',
	},
];

/** A confirmation as a tool's answer. */
export function confirmationAnswer(item: INodeExecutionData): IDataObject {
	return { ...((item.json.followUpConfirmation ?? {}) as IDataObject) };
}
