/** Plan Follow-Ups: the parameters the editor shows for this operation. */
import { fieldMappingOptions } from '../../../shared/nodeGlue';
import type { INodeProperties } from 'n8n-workflow';
import { numberParameter } from '../../../shared/nodeGlue';
import { CARE_FIELDS } from '../../input/customerFields';
import { DEFAULT_FOLLOW_UP_SETTINGS, NUMBER_OPTIONS } from '../../rules/settings';

const plan = { show: { operation: ['plan'] } };

const fieldOptions = (level: 'customer' | 'order'): INodeProperties[] =>
	fieldMappingOptions(CARE_FIELDS.filter((f) => f.level === level));

/** Options that are not numbers; the number options come from NUMBER_OPTIONS (rules/settings.ts). */
const otherOptions: INodeProperties[] = [
	{
		displayName: 'Default Time Zone',
		name: 'timeZone',
		type: 'string',
		default: '',
		placeholder: 'Europe/Berlin',
		description: 'For customers without a time zone. Empty: the workflow’s time zone.',
	},
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
	{
		displayName: 'UTM Source',
		name: 'utmSource',
		type: 'string',
		default: 'n8n',
		description: 'Utm_source of the links; utm_medium is email and utm_campaign the follow-up',
	},
];

const options: INodeProperties[] = [
	...otherOptions,
	...NUMBER_OPTIONS.map((o) =>
		numberParameter(o.label, o.name, DEFAULT_FOLLOW_UP_SETTINGS[o.name], o.help),
	),
].sort((a, b) => a.displayName.localeCompare(b.displayName, 'en'));

export const planDescription: INodeProperties[] = [
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
		description:
			'Products for upsell offers: [{"sku": "MUG-1", "name": "Mug", "price": 12, "URL": "https://…", "complements": ["SAUCER-1"]}]. Complements come first, else the cheapest product above the customer’s highest order value and at most 3 times it.',
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
		description:
			'Whether to read Shopify and WooCommerce field names (email, customer.ID, created_at, line_items …) without mapping them',
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
		options,
	},
];
