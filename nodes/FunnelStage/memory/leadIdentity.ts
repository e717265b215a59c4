/**
 * Who a lead is, for stage memory: the key under which the node remembers their stage. The
 * mapped Lead Key, else the first email, else the first customer or contact id the item holds,
 * in the fields the shops' and CRMs' payloads name them. Pure: no n8n import.
 */
import { createHash } from 'node:crypto';
import { compilePath, readPath } from '../../shared/objectPath';
import { propertyValue } from '../input/leadFields';

/**
 * Email fields, first found wins. Sources: Shopify REST customer and order (`email`,
 * `customer.email`, `contact_email`), WooCommerce order (`billing.email`), HubSpot contact
 * (`properties.email`, v3 text or v1 `{ value }`), Klaviyo profile (`attributes.email`).
 */
export const EMAIL_FIELDS = [
	'email',
	'Email',
	'emailAddress',
	'email_address',
	'properties.email',
	'attributes.email',
	'customer.email',
	'contact_email',
	'billing.email',
] as const;

/**
 * Id fields, after the emails. Sources: Shopify order (`customer.id`), WooCommerce order
 * (`customer_id`, 0 for a guest), HubSpot v1 contact (`canonical-vid`, `vid`), HubSpot v3
 * (`properties.hs_object_id`), GA4 (`user_id`), and the record's own `id` (Shopify, WooCommerce and
 * Klaviyo customers, HubSpot v3 contacts).
 */
export const ID_FIELDS = [
	'customer.id',
	'customer_id',
	'customerId',
	'contactId',
	'canonical-vid',
	'vid',
	'properties.hs_object_id',
	'user_id',
	'id',
] as const;

const EMAIL_PATHS = EMAIL_FIELDS.map(compilePath);
const ID_PATHS = ID_FIELDS.map(compilePath);
const LOOKS_LIKE_EMAIL = /^[^\s@]+@[^\s@]+$/;

export interface LeadIdentity {
	/** "email:<lower-cased address>" or "id:<id>". */
	key: string;
	/** Where it came from, e.g. "billing.email" or "Lead Key". */
	field: string;
}

function identityOf(value: unknown, field: string): LeadIdentity | undefined {
	const v = propertyValue(value);
	if (typeof v === 'number') {
		// 0 is WooCommerce's and GA4's "no customer" (a guest).
		return Number.isFinite(v) && v !== 0 ? { key: `id:${v}`, field } : undefined;
	}
	if (typeof v !== 'string') return undefined;
	// NFC: "zoë" typed as one character or as "e" plus a combining mark is one person.
	const text = v.normalize('NFC').trim();
	if (!text || text === '0') return undefined;
	if (LOOKS_LIKE_EMAIL.test(text)) return { key: `email:${text.toLowerCase()}`, field };
	return { key: `id:${text}`, field };
}

/**
 * The lead's identity: `mapped` (the user's Lead Key) when given, else the recognised fields,
 * else undefined (the caller says how to fix it).
 */
export function leadIdentityOf(
	json: Record<string, unknown>,
	mapped: unknown,
	recognise: boolean,
): LeadIdentity | undefined {
	if (mapped !== undefined && mapped !== null && mapped !== '')
		return identityOf(mapped, 'Lead Key');
	if (!recognise) return undefined;
	for (let i = 0; i < EMAIL_PATHS.length; i++) {
		const found = identityOf(readPath(json, EMAIL_PATHS[i]), EMAIL_FIELDS[i]);
		if (found?.key.startsWith('email:')) return found;
	}
	for (let i = 0; i < ID_PATHS.length; i++) {
		const found = identityOf(readPath(json, ID_PATHS[i]), ID_FIELDS[i]);
		if (found) return found;
	}
	return undefined;
}

/**
 * What a store keeps for a lead key: 96 bits of its SHA-256 (16 URL-safe characters), so that no
 * email or id is written into the store.
 */
export function leadHash(key: string): string {
	return createHash('sha256').update(key).digest('base64url').slice(0, 16);
}
