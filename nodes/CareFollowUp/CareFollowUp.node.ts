import {
	NodeConnectionTypes,
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';
import { readDate } from '../shared/coerce';
import { forItem } from '../shared/inputErrors';
import { errorItem, itemError, numberParameter, parameterPerItem } from '../shared/nodeGlue';
import { TextChunks } from './messages/textChunks';
import { parseCatalogue } from './input/catalogue';
import { CARE_FIELDS, forgetRecords, isTimeZone, NoEmailAddress, NOTHING_MAPPED, readerOptions, type MappedValues } from './input/customerFields';
import { contactOf, groupItems, readGroup, type CustomerGroup, type ItemError, type ItemSource } from './input/customerGroups';
import { FollowUpLedger, LEDGER_KEY, parseConfirmationRef, type ConfirmationRef } from './ledger/followUpLedger';
import { StaticDataLedgerStore, type ConfirmOutcome, type ConfirmStatus, type LedgerStore, type PlanLedger } from './ledger/ledgerStore';
import { PostgresLedgerStore } from './ledger/postgresLedgerStore';
import { forgetRenderedValues, parseMessageOverrides } from './messages/render';
import { isWebLink, planCustomer, type PlanContext, type PlannedFollowUp } from './rules/planner';
import {
	ACTION_LABELS,
	ACTIONS,
	OUTPUT_ORDER,
	resolveFollowUpSettings,
	type FollowUpAction,
	type FollowUpSettingsOverrides,
} from './rules/settings';

/** Evaluated by n8n in the editor and the engine: must stay self-contained (no imports). */
const followUpOutputs = (parameters: { operation?: string }) =>
	parameters.operation === 'confirm'
		? [{ type: 'main', displayName: 'Confirmed' }]
		: ['Review Request', 'Upsell', 'VIP Invite', 'Ambassador Invite', 'Win-Back', 'Not Now'].map(
				(displayName) => ({ type: 'main', displayName }),
		  );

const fieldOptions = (level: 'customer' | 'order'): INodeProperties[] =>
	CARE_FIELDS.filter((f) => f.level === level).map((f) => ({
		displayName: f.displayName,
		name: f.name,
		type: 'string',
		default: '',
		placeholder: `={{ $json.${f.recognised[0]} }}`,
		description: f.description,
	}));

const number = numberParameter;
const plan = { show: { operation: ['plan'] } };
const confirm = { show: { operation: ['confirm'] } };

export class CareFollowUp implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Care Follow-Up',
		name: 'careFollowUp',
		icon: { light: 'file:careFollowUp.svg', dark: 'file:careFollowUp.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle:
			'={{ { plan: "Plan Follow-Ups", confirm: "Confirm Sent" }[$parameter["operation"]] }}',
		description:
			'Plan CARE follow-ups (review requests, upsell, VIP and ambassador invites, win-back) with consent checks, frequency caps and an exactly-once ledger',
		defaults: { name: 'Care Follow-Up' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		credentials: [
			{
				// n8n's own Postgres credential, the one its Postgres node uses: queue-mode users already have one,
				// and n8n stores and encrypts it. Reusing it is deliberate (a logic pack for self-hosted n8n).
				// eslint-disable-next-line n8n-nodes-base/node-class-description-credentials-name-unsuffixed, @n8n/community-nodes/no-credential-reuse, @n8n/community-nodes/valid-credential-references
				name: 'postgres',
				required: true,
				displayOptions: { show: { ledgerStore: ['postgres'] } },
			},
		],
		outputs: `={{(${followUpOutputs})($parameter)}}`,
		properties: [
			{
				displayName: 'Operation',
				name: 'operation',
				type: 'options',
				noDataExpression: true,
				options: [
					{
						name: 'Plan Follow-Ups',
						value: 'plan',
						action: 'Plan follow ups for customers',
						description:
							'Choose each customer’s next follow-up, check consent and caps, and reserve it',
					},
					{
						name: 'Confirm Sent',
						value: 'confirm',
						action: 'Confirm follow ups were sent',
						description:
							'Place after the email node: remembers the follow-ups that went out, so they are never sent twice',
					},
				],
				default: 'plan',
			},
			{
				displayName: 'Ledger Store',
				name: 'ledgerStore',
				type: 'options',
				noDataExpression: true,
				options: [
					{
						name: 'Workflow Static Data',
						value: 'staticData',
						description: 'No set-up. For one n8n instance whose runs never overlap (not for queue mode).',
					},
					{
						name: 'Postgres',
						value: 'postgres',
						description: 'Exactly once across queue-mode workers and overlapping runs. Needs a Postgres credential.',
					},
				],
				default: 'staticData',
				description: 'Where the exactly-once ledger of follow-ups is kept between runs',
			},
			{
				displayName:
					'The ledger lives in this workflow’s static data, which n8n saves only for production executions, when each ends. Fine for one n8n instance whose runs never overlap; in queue mode or with overlapping runs choose Postgres.',
				name: 'ledgerNotice',
				type: 'notice',
				displayOptions: { show: { ledgerStore: ['staticData'] } },
				default: '',
			},
			{
				displayName: 'Ledger Name',
				name: 'ledgerName',
				type: 'string',
				displayOptions: { show: { ledgerStore: ['postgres'] } },
				default: '',
				placeholder: 'this workflow’s ID',
				description:
					'Which ledger in the database to use. Empty: this workflow’s own. Give workflows the same name to share the history and the frequency caps.',
			},
			{
				displayName: 'Table Prefix',
				name: 'tablePrefix',
				type: 'string',
				displayOptions: { show: { ledgerStore: ['postgres'] } },
				default: 'social_funnel_',
				description:
					'Start of the names of the two tables the node creates on first use: with the default, social_funnel_state and social_funnel_meta',
			},
			{
				displayName: 'Input',
				name: 'inputType',
				type: 'options',
				noDataExpression: true,
				displayOptions: plan,
				options: [
					{
						name: 'One Item per Order',
						value: 'orders',
						description: 'Orders are grouped by customer ID, else by email',
					},
					{
						name: 'One Item per Customer',
						value: 'customers',
						description: 'Each customer has an orders list',
					},
				],
				default: 'orders',
			},
			{
				displayName: 'Follow-Ups',
				name: 'followUps',
				type: 'multiOptions',
				displayOptions: plan,
				options: [
					{
						name: 'Ambassador Invite',
						value: 'ambassadorInvite',
						description: 'Repeat buyers with a 4- or 5-star review',
					},
					{
						name: 'Review Request',
						value: 'reviewRequest',
						description: 'After delivery, with one reminder',
					},
					{
						name: 'Upsell / Cross-Sell',
						value: 'upsell',
						description: 'After delivery, from the catalogue',
					},
					{
						name: 'VIP Invite',
						value: 'vipInvite',
						description: 'Spend or orders in the last 365 days above the VIP threshold',
					},
					{
						name: 'Win-Back',
						value: 'winBack',
						description: 'No order for 90 to 365 days',
					},
				],
				default: ['reviewRequest', 'vipInvite', 'ambassadorInvite', 'upsell', 'winBack'],
				description:
					'Which follow-ups to plan. With several due, the order of priority is review, VIP, ambassador, upsell, win-back.',
			},
			{
				displayName: 'Existing-Customer Exception',
				name: 'useExistingCustomerException',
				type: 'boolean',
				displayOptions: plan,
				default: false,
				description:
					'Whether customers without marketing consent may get follow-ups under the existing-customer exception of § 7(3) UWG. Switch on only if all four conditions hold: the address comes from a sale, you advertise your own similar goods, the customer has not objected, and they were told they can object when the address was collected. Every such mail carries the opt-out notice.',
			},
			{
				displayName: 'Shop Name',
				name: 'shopName',
				type: 'string',
				displayOptions: plan,
				default: 'Our Shop',
				description: 'Used in the messages',
			},
			{
				displayName: 'Review Link',
				name: 'reviewLink',
				type: 'string',
				displayOptions: plan,
				default: 'https://example.com/review?order={orderId}&sku={sku}',
				description:
					'Where customers write a review. {orderId}, {sku}, {email} and {customerId} are filled in; UTM parameters are added.',
			},
			{
				displayName: 'Shop Link',
				name: 'shopLink',
				type: 'string',
				displayOptions: plan,
				default: 'https://example.com/',
				description: 'Link in VIP and win-back messages; UTM parameters are added',
			},
			{
				displayName: 'Referral Link',
				name: 'referralLink',
				type: 'string',
				displayOptions: plan,
				default: 'https://example.com/refer?customer={customerId}',
				description:
					'Link in ambassador invites. {customerId} and {email} are filled in; a guest has no customer ID, so a link with {customerId} is never sent to one.',
			},
			{
				displayName: 'Unsubscribe Link',
				name: 'unsubscribeLink',
				type: 'string',
				required: true,
				displayOptions: plan,
				default: 'https://example.com/unsubscribe?email={email}',
				description: 'Link in every message’s footer (https:// or mailto:)',
			},
			{
				displayName: 'Discount Code',
				name: 'discountCode',
				type: 'string',
				displayOptions: plan,
				default: '',
				description: 'Shown in upsell, VIP and win-back messages; empty leaves that line out',
			},
			{
				displayName: 'Catalogue (JSON)',
				name: 'catalogue',
				// Text, not n8n's JSON editor: that marks an empty value (valid here) as an error.
				type: 'string',
				typeOptions: { rows: 4 },
				displayOptions: plan,
				default: '',
				description: 'Products for upsell offers: [{"sku": "MUG-1", "name": "Mug", "price": 12, "URL": "https://…", "complements": ["SAUCER-1"]}]. Complements come first, else the cheapest product above the customer’s highest order value and at most 3 times it.',
			},
			{
				displayName: 'Dry Run',
				name: 'dryRun',
				type: 'boolean',
				displayOptions: plan,
				default: false,
				description: 'Whether to plan without reserving anything in the ledger',
			},
			{
				displayName: 'Put Result in Field',
				name: 'resultField',
				type: 'string',
				displayOptions: plan,
				default: 'followUp',
				required: true,
				description: 'Name of the field that receives the plan',
			},
			{
				displayName: 'Recognise Common Field Names',
				name: 'recogniseFields',
				type: 'boolean',
				displayOptions: plan,
				default: true,
				description: 'Whether to read Shopify and WooCommerce field names (email, customer.ID, created_at, line_items …) without mapping them',
			},
			{
				displayName: 'Customer Fields',
				name: 'customerFields',
				type: 'collection',
				placeholder: 'Map a Field',
				displayOptions: plan,
				default: {},
				options: fieldOptions('customer'),
			},
			{
				displayName: 'Order Fields',
				name: 'orderFields',
				type: 'collection',
				placeholder: 'Map a Field',
				displayOptions: { show: { operation: ['plan'], inputType: ['orders'] } },
				default: {},
				options: fieldOptions('order'),
			},
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add Option',
				displayOptions: plan,
				default: {},
				options: [
					number(
						'Ambassador: Invite Once in (Days)',
						'ambassadorRepeatDays',
						365,
						'At most one ambassador invite in this many days',
					),
					number(
						'Ambassador: Minimum Orders',
						'ambassadorMinOrders',
						2,
						'Orders needed for an ambassador invite',
					),
					number(
						'Ambassador: Minimum Rating',
						'ambassadorMinRating',
						4,
						'Stars of a review needed for an ambassador invite',
					),
					{
						displayName: 'Default Time Zone',
						name: 'timeZone',
						type: 'string',
						default: '',
						placeholder: 'Europe/Berlin',
						description: 'For customers without a time zone. Empty: the workflow’s time zone.',
					},
					number('Maximum Follow-Ups per 30 Days', 'maxPer30Days', 5, 'Per customer (Yotpo’s cap)'),
					{
						displayName: 'Message Texts (JSON)',
						name: 'messageTexts',
						// Text, not n8n's JSON editor: that marks an empty value (valid here) as an error.
						type: 'string',
						typeOptions: { rows: 4 },
						default: '',
						description:
							'Your own subjects and bodies, e.g. {"de": {"reviewRequest": {"subject": "…", "body": "…"}}}. Kinds: reviewRequest, reviewReminder, upsell, vipInvite, ambassadorInvite, winBack. Placeholders: {greeting}, {firstName}, {product}, {yourProduct} (German „Name“ or deine Bestellung, English your Name or your order), {reviewLink}, {offer}, {offerLink}, {shopLink}, {referralLink}, {discountCode}, {shopName}.',
					},
					number(
						'Minimum Days Between Follow-Ups',
						'minDaysApart',
						3,
						'Per customer (Yotpo’s cap)',
					),
					{
						displayName: 'Outside the Send Window',
						name: 'outsideWindow',
						type: 'options',
						options: [
							{
								name: 'Hold in Not Now Until the Window Opens',
								value: 'hold',
								description:
									'Run the workflow hourly; the follow-up goes out at the first run inside the window',
							},
							{
								name: 'Output With sendAt',
								value: 'output',
								description: 'For email tools that schedule sending: the item carries sendAt',
							},
						],
						default: 'hold',
					},
					{
						displayName: 'Plan As Of',
						name: 'referenceTime',
						type: 'dateTime',
						default: '',
						description: 'The moment due dates are measured from. Empty means now.',
					},
					number(
						'Price Ladder Factor',
						'ladderFactor',
						3,
						'Upsell offers cost at most this many times the customer’s highest order value',
					),
					number(
						'Reservation Expires After (Hours)',
						'reservationHours',
						24,
						'A planned follow-up that is never confirmed is planned again after this (see Unconfirmed After Expiry)',
					),
					number(
						'Review Reminder After (Days)',
						'reviewReminderDays',
						7,
						'One reminder if still not reviewed; 0 for none',
					),
					number(
						'Review Request: Days After Delivery',
						'reviewAfterDeliveryDays',
						3,
						'BetterReviews’ recommendation',
					),
					number(
						'Review Request: Days After Fulfilment',
						'reviewAfterFulfilmentDays',
						7,
						'When there is no delivery date',
					),
					number(
						'Review Request: Days After Order',
						'reviewAfterOrderDays',
						14,
						'When there is neither a delivery nor a fulfilment date',
					),
					number(
						'Review Request: Once per Product in (Days)',
						'reviewProductRepeatDays',
						365,
						'Yotpo: one request per product per customer per 12 months',
					),
					number(
						'Send Window End (Hour)',
						'sendWindowEndHour',
						20,
						'Local hour in the customer’s time zone',
					),
					number(
						'Send Window Start (Hour)',
						'sendWindowStartHour',
						9,
						'Local hour in the customer’s time zone',
					),
					number(
						'Skip Follow-Ups Overdue by More Than (Days)',
						'maxOverdueDays',
						60,
						'So the first run does not ask about old orders',
					),
					{
						displayName: 'Unconfirmed After Expiry',
						name: 'unconfirmed',
						type: 'options',
						options: [
							{
								name: 'Plan Again (At Least Once)',
								value: 'planAgain',
								description:
									'A follow-up reserved but never confirmed is planned again once its reservation expires. If n8n died after the mail server took the mail, the customer gets it twice.',
							},
							{
								name: 'Hold for Review (At Most Once)',
								value: 'hold',
								description:
									'It waits on Not Now with "sent state unknown" and its reference under unconfirmed, until Confirm Sent records it (Sent) or releases it (Not Sent)',
							},
						],
						default: 'planAgain',
						description:
							'What happens to a follow-up whose reservation expired without Confirm Sent, e.g. because n8n stopped between sending and confirming',
					},
					number(
						'Upsell: Days After Delivery',
						'upsellAfterDeliveryDays',
						14,
						'When the upsell offer is due',
					),
					{
						displayName: 'UTM Source',
						name: 'utmSource',
						type: 'string',
						default: 'n8n',
						description: 'Utm_source of the links; utm_medium is email and utm_campaign the follow-up',
					},
					number(
						'VIP: Invite Once in (Days)',
						'vipRepeatDays',
						365,
						'At most one VIP invite in this many days',
					),
					number('VIP: Minimum Orders', 'vipMinOrders', 3, 'Orders in the window that make a VIP'),
					number('VIP: Minimum Spend', 'vipMinSpend', 500, 'Spend in the window that makes a VIP'),
					number(
						'VIP: Window (Days)',
						'vipWindowDays',
						365,
						'Rolling window for spend and orders (as in LoyaltyLion)',
					),
					number(
						'Win-Back: After (Days Without Order)',
						'winBackAfterDays',
						90,
						'The repurchase cycle',
					),
					number(
						'Win-Back: Until (Days Without Order)',
						'winBackBeforeDays',
						365,
						'After this, no win-back',
					),
				],
			},
			{
				displayName: 'Follow-Up Reference',
				name: 'reference',
				type: 'string',
				displayOptions: confirm,
				default: '={{ $json.followUp.ref }}',
				required: true,
				description: 'The ref the Plan operation put on the item. After an email node, whose output replaces the item, read it from the Plan node: {{ $(\'Care Follow-Up\').item.JSON.followUp.ref }}.',
			},
			{
				displayName: 'Outcome',
				name: 'outcome',
				type: 'options',
				displayOptions: confirm,
				options: [
					{
						name: 'Sent',
						value: 'sent',
						description: 'Remember the follow-up as sent: it is never planned again',
					},
					{
						name: 'Not Sent (Release)',
						value: 'notSent',
						description: 'For the email node’s error output: plan it again on the next run',
					},
				],
				default: 'sent',
			},
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const operation = this.getNodeParameter('operation', 0) as string;
		if (operation === 'confirm') return await confirmSent(this);
		return await planFollowUps(this);
	}
}

function nodeError(
	ctx: IExecuteFunctions,
	message: string,
	description: string,
): NodeOperationError {
	return new NodeOperationError(ctx.getNode(), message, { description });
}

function planContext(ctx: IExecuteFunctions): { context: PlanContext; nowMs: number } {
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
	let ref: number | undefined;
	try {
		ref = readDate(referenceTime, 'Options → Plan As Of');
	} catch (error) {
		throw nodeError(
			ctx,
			(error as Error).message,
			'Use an ISO 8601 date such as 2026-03-01T09:00:00Z, or leave it empty for now.',
		);
	}
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
			ledger: FollowUpLedger.inMemory(), // replaced by the store's ledger once it is open
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

/** An error of the ledger or its store, which says what to fix, as the node's error; others as they are. */
function storeError(ctx: IExecuteFunctions, error: unknown): Error {
	if (error instanceof NodeOperationError) return error;
	const fix = (error as { fix?: unknown })?.fix;
	if (typeof fix === 'string') return nodeError(ctx, (error as Error).message, fix);
	return error as Error;
}

/** The store the ledger lives in, as Ledger Store says. */
async function openStore(ctx: IExecuteFunctions, dryRun: boolean, nowMs: number): Promise<LedgerStore> {
	const kind = ctx.getNodeParameter('ledgerStore', 0, 'staticData') as string;
	const workflowId = String(ctx.getWorkflow().id ?? '');
	if (kind !== 'postgres') {
		const mode = ctx.getMode();
		return new StaticDataLedgerStore(ctx.getWorkflowStaticData('global'), {
			workflowId,
			production: mode === 'trigger' || mode === 'webhook',
			queueMode: process.env.EXECUTIONS_MODE === 'queue',
		});
	}
	const credentials = await ctx.getCredentials('postgres');
	if (credentials.sshTunnel === true) {
		throw nodeError(ctx, 'The Postgres ledger store does not connect through an SSH tunnel', 'Use a Postgres credential that reaches the database directly (n8n and its workers need that in queue mode anyway).');
	}
	const ssl = credentials.ssl;
	const store = new PostgresLedgerStore(
		{
			host: String(credentials.host ?? 'localhost'),
			port: Number(credentials.port ?? 5432),
			database: String(credentials.database ?? 'postgres'),
			user: String(credentials.user ?? 'postgres'),
			password: String(credentials.password ?? ''),
			ssl: credentials.allowUnauthorizedCerts === true || (typeof ssl === 'string' && ssl !== 'disable'),
			allowUnauthorizedCerts: credentials.allowUnauthorizedCerts === true,
			tablePrefix: String(ctx.getNodeParameter('tablePrefix', 0, 'social_funnel_')).trim(),
		},
		String(ctx.getNodeParameter('ledgerName', 0, '')).trim() || `workflow:${workflowId}`,
	);
	if (!dryRun) await carryOverStaticLedger(ctx, store, nowMs);
	return store;
}

/** Static data keys: a carried-over ledger leaves a note of where it went. */
const CARRIED_KEY = 'socialFunnelCareLedgerCarriedOver';

/** A ledger this workflow kept in static data goes into the Postgres store on its first use there, every entry kept. */
async function carryOverStaticLedger(ctx: IExecuteFunctions, store: PostgresLedgerStore, nowMs: number): Promise<void> {
	const staticData = ctx.getWorkflowStaticData('global');
	if (staticData[LEDGER_KEY] === undefined || staticData[LEDGER_KEY] === null) return;
	const customers = await store.importStaticData(FollowUpLedger.peek(staticData), nowMs);
	delete staticData[LEDGER_KEY];
	staticData[CARRIED_KEY] = { to: 'postgres', customers, at: new Date(nowMs).toISOString() };
}

function mappedFieldsReader(
	ctx: IExecuteFunctions,
	inputType: string,
): (i: number) => MappedValues {
	const levels = inputType === 'orders' ? ['customer', 'order'] : ['customer'];
	const mapped = CARE_FIELDS.filter((f) => levels.includes(f.level))
		.map((f) => ({
			name: f.name,
			value: parameterPerItem<unknown>(
				ctx,
				`${f.level === 'customer' ? 'customerFields' : 'orderFields'}.${f.name}`,
				undefined,
			),
		}))
		.filter((m) => m.value.perItem || m.value.get(0) !== undefined);
	if (!mapped.length) return () => NOTHING_MAPPED;
	return (i) => {
		const out: MappedValues = {};
		for (const m of mapped) out[m.name] = m.value.get(i);
		return out;
	};
}

async function planFollowUps(ctx: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = ctx.getInputData();
	const inputType = ctx.getNodeParameter('inputType', 0) as 'orders' | 'customers';
	const resultField = (ctx.getNodeParameter('resultField', 0) as string).trim();
	if (!resultField)
		throw nodeError(
			ctx,
			'Put Result in Field must not be empty',
			'Enter a field name such as followUp.',
		);
	const { context, nowMs } = planContext(ctx);
	if (inputType === 'customers') context.plannedThisRun = new Set();
	context.messageChunks = new TextChunks();
	const recognise = ctx.getNodeParameter('recogniseFields', 0, true) as boolean;
	const src: ItemSource = { inputType, count: items.length, jsonAt: (i) => items[i].json, mappedAt: mappedFieldsReader(ctx, inputType), opts: readerOptions(recognise) };
	let plan: PlanLedger;
	try {
		const store = await openStore(ctx, context.dryRun, nowMs);
		plan = await store.openPlan(nowMs, context.dryRun);
	} catch (error) {
		throw storeError(ctx, error);
	}
	context.ledger = plan.ledger;
	try {
		return await planEach(ctx, items, src, context, nowMs, resultField, plan);
	} catch (error) {
		throw storeError(ctx, error);
	} finally {
		// The field reader keeps the last records it read, and the messages' value pieces the last
		// customer's values: none stays in memory after the run.
		forgetRecords(src.opts);
		forgetRenderedValues();
		await plan.close();
	}
}

/** Customers planned per load of the ledger: a store in a database reads each chunk's histories in a few statements. */
const PLAN_CHUNK = 10_000;

async function planEach(
	ctx: IExecuteFunctions,
	items: INodeExecutionData[],
	src: ItemSource,
	context: PlanContext,
	nowMs: number,
	resultField: string,
	plan: PlanLedger,
): Promise<INodeExecutionData[][]> {
	const grouping = groupItems(src);

	const outputs: INodeExecutionData[][] = OUTPUT_ORDER.map(() => []);
	const notNow = OUTPUT_ORDER.indexOf('notNow');
	const continueOnFail = ctx.continueOnFail();
	// Under Continue On Fail, unreadable items leave on Not Now (never on an output that sends mail).
	// Without it, the first error stops the node; reservations are only kept after the last
	// customer, so a failed run reserves nothing.
	const fail = (e: ItemError) => {
		if (e.error instanceof NoEmailAddress) {
			// Not an input error: a customer without an address leaves on Not Now with the reason, however the node handles errors.
			const item = items[e.itemIndex];
			outputs[notNow].push({
				json: { ...item.json, [resultField]: { action: 'notNow', reason: e.error.reason, nextDueAt: null } },
				pairedItem: { item: e.itemIndex },
			});
			return;
		}
		const error = itemError(ctx, e.error, e.itemIndex);
		if (!continueOnFail) throw error;
		outputs[notNow].push(errorItem(ctx, items[e.itemIndex], error, e.itemIndex));
	};
	grouping.errors.forEach(fail);

	for (let from = 0; from < grouping.count; from += PLAN_CHUNK) {
		// A chunk's people are read first, so a store in a database loads their histories in a few statements.
		const chunk: { group: CustomerGroup; read: ReturnType<typeof readGroup> }[] = [];
		const keys: string[] = [];
		for (let person = from; person < Math.min(from + PLAN_CHUNK, grouping.count); person++) {
			const group = grouping.group(person);
			const read = readGroup(src, group);
			chunk.push({ group, read });
			if (read.customer) keys.push(read.customer.key, ...(read.customer.otherKeys ?? []));
		}
		await plan.load(keys);
		for (const { group, read } of chunk) planPerson(items, src, context, nowMs, resultField, outputs, fail, group, read);
	}
	const refused = await plan.save();
	if (refused.size) moveRefusedToNotNow(outputs, notNow, resultField, refused);
	context.messageChunks?.seal(); // the last messages get their bodies
	return outputs;
}

function planPerson(
	items: INodeExecutionData[],
	src: ItemSource,
	context: PlanContext,
	nowMs: number,
	resultField: string,
	outputs: INodeExecutionData[][],
	fail: (e: ItemError) => void,
	group: CustomerGroup,
	read: ReturnType<typeof readGroup>,
): void {
	const inputType = src.inputType;
	const notNow = OUTPUT_ORDER.indexOf('notNow');
	const itemIndexes = group.items;
	read.errors.forEach(fail);
	const customer = read.customer;
	if (!customer) {
		// One unreadable order could hide a refund or a review: the customer waits until the data is fixed.
		const failed = new Set(read.errors.map((e) => e.itemIndex));
		const healthy = itemIndexes.filter((i) => !failed.has(i));
		if (!healthy.length) return; // every item of this customer is already out as an error item
		const noAddress = read.errors.find((e) => e.error instanceof NoEmailAddress)?.error as NoEmailAddress | undefined;
		const reason =
			noAddress && read.errors.length === 1
				? `${noAddress.reason}: their newest order (input item ${read.errors[0].itemIndex}) has none`
				: `not planned: input item ${[...failed].join(', ')} of this customer has an error (see the error items); fix it and run again`;
		outputs[notNow].push({
			json: {
				...(inputType === 'customers' ? items[healthy[0]].json : { ...contactOf(src, healthy[0]), orders: healthy.map((i) => items[i].json) }),
				[resultField]: { action: 'notNow', reason, nextDueAt: null },
			},
			pairedItem: healthy.map((item) => ({ item })),
		});
		return;
	}
	const json: IDataObject =
		inputType === 'customers'
			? { ...items[itemIndexes[0]].json }
			: { customerId: customer.id ?? null, email: customer.email, firstName: customer.firstName ?? null, orders: itemIndexes.map((i) => items[i].json) };
	const planned = planCustomer(customer, context, nowMs);
	json[resultField] = planned as unknown as IDataObject;
	outputs[OUTPUT_ORDER.indexOf(planned.action)].push({ json, pairedItem: itemIndexes.length === 1 ? { item: itemIndexes[0] } : itemIndexes.map((item) => ({ item })) });
}

/**
 * Customers whose reservation another run took first (same customer, same moment, another
 * execution or worker): their follow-up must not go out, so they leave on Not Now and are planned
 * again on a later run.
 */
function moveRefusedToNotNow(outputs: INodeExecutionData[][], notNow: number, resultField: string, refused: ReadonlySet<string>): void {
	outputs.forEach((list, output) => {
		if (output === notNow) return;
		outputs[output] = list.filter((item) => {
			const planned = item.json[resultField] as unknown as PlannedFollowUp;
			const ref = typeof planned?.ref === 'string' ? parseConfirmationRef(planned.ref) : undefined;
			if (!ref || !refused.has(ref.customerHash)) return true;
			item.json[resultField] = {
				action: 'notNow',
				reason: `being planned by another run: another execution reserved a follow-up for this customer at the same moment, so this run sends none (the ${ACTION_LABELS[planned.action as FollowUpAction]} is planned again on a later run if still due)`,
				customer: planned.customer,
				rfm: planned.rfm,
				nextDueAt: null,
				nextAction: planned.action,
			} as unknown as IDataObject;
			outputs[notNow].push(item);
			return false;
		});
	});
}

/** Whether an item is still the Plan operation's output for this reference (so no email node replaced it). */
function carriesItsPlan(json: unknown, ref: string): boolean {
	if (json === null || typeof json !== 'object') return false;
	return Object.values(json).some((v) => v !== null && typeof v === 'object' && (v as { ref?: unknown }).ref === ref);
}

async function confirmSent(ctx: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = ctx.getInputData();
	const outcome = ctx.getNodeParameter('outcome', 0, 'sent') as ConfirmOutcome;
	const nowMs = Date.now();
	const out: INodeExecutionData[] = [];
	const refs: ConfirmationRef[] = [];
	/** Per item: the index of its reference in `refs`, or its error item. */
	const perItem: (number | INodeExecutionData)[] = [];
	for (let i = 0; i < items.length; i++) {
		try {
			const raw = ctx.getNodeParameter('reference', i, '') as unknown;
			const ref = typeof raw === 'string' ? parseConfirmationRef(raw) : undefined;
			if (!ref) {
				throw new NodeOperationError(
					ctx.getNode(),
					forItem(items[i].json, `Follow-Up Reference is ${raw === undefined || raw === '' ? 'empty' : 'not a reference from Care Follow-Up'}`),
					{
						itemIndex: i,
						description:
							"How to fix: map the ref that Plan Follow-Ups put on the item. After an email node, read it from the Plan node, e.g. {{ $('Care Follow-Up').item.json.followUp.ref }}.",
					},
				);
			}
			if (outcome === 'sent' && carriesItsPlan(items[i].json, raw as string)) {
				// An email node replaces the item with its result; this one still holds the plan, so nothing sent it.
				throw new NodeOperationError(ctx.getNode(), forItem(items[i].json, 'this item still carries its follow-up plan, so no email node sent it'), {
					itemIndex: i,
					description:
						'How to fix: place Confirm Sent after the node that sends the message, and make sure that node is not disabled (the templates ship their Send Email node disabled until you choose a credential). Nothing was confirmed; the follow-up is planned again when its reservation expires.',
				});
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
			json: { ...json, followUpConfirmation: { status: statuses[entry], at: new Date(nowMs).toISOString() } },
			pairedItem: { item: i },
		});
	});
	return [out];
}
