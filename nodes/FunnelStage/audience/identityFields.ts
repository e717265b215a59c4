/**
 * Who a lead is, for an ad platform's matching: email, phone, name, address and the shop's own
 * customer id, and the person's consent to ad targeting. Each field is read from what the user
 * mapped, else from the field names common exports use; the lists name the payload each comes from
 * (test/fixtures/real: Shopify REST customer, WooCommerce v3 customer, HubSpot CRM v3 contact,
 * Klaviyo profile).
 */
import { InputFieldError, preview } from '../../shared/inputErrors';
import { propertyValue } from '../input/leadFields';
import { compilePath, firstFilledPath, readPath, type CompiledPath } from '../../shared/objectPath';

export type IdentityFieldName =
	| 'email'
	| 'phone'
	| 'firstName'
	| 'lastName'
	| 'city'
	| 'state'
	| 'zip'
	| 'country'
	| 'externalId'
	| 'adConsent';

export interface IdentityFieldDefinition {
	name: IdentityFieldName;
	displayName: string;
	/** Field names recognised without mapping, first match wins. Dotted names are nested fields. */
	recognised: readonly string[];
	description: string;
}

const field = (
	name: IdentityFieldName,
	displayName: string,
	what: string,
	recognised: string[],
	sources: string,
): IdentityFieldDefinition => ({
	name,
	displayName,
	recognised,
	description: `${what} Recognised without mapping: ${sources}.`,
});

/** Every identity field, in the order the node shows them. */
export const IDENTITY_FIELDS: readonly IdentityFieldDefinition[] = [
	field(
		'email',
		'Email',
		'The email address.',
		['email', 'email_address', 'billing.email', 'properties.email', 'attributes.email'],
		'email (Shopify, WooCommerce), email_address, billing.email (WooCommerce), properties.email (HubSpot), attributes.email (Klaviyo)',
	),
	field(
		'phone',
		'Phone',
		'The phone number, best with its country code (+49 …); without one the country supplies it.',
		[
			'phone',
			'phone_number',
			'billing.phone',
			'properties.phone',
			'attributes.phone_number',
			'default_address.phone',
		],
		'phone (Shopify), phone_number, billing.phone (WooCommerce), properties.phone (HubSpot), attributes.phone_number (Klaviyo), default_address.phone (Shopify)',
	),
	field(
		'firstName',
		'First Name',
		'The first name.',
		[
			'first_name',
			'firstName',
			'billing.first_name',
			'properties.firstname',
			'attributes.first_name',
			'default_address.first_name',
		],
		'first_name (Shopify, WooCommerce), firstName, billing.first_name, properties.firstname (HubSpot), attributes.first_name (Klaviyo), default_address.first_name',
	),
	field(
		'lastName',
		'Last Name',
		'The last name.',
		[
			'last_name',
			'lastName',
			'billing.last_name',
			'properties.lastname',
			'attributes.last_name',
			'default_address.last_name',
		],
		'last_name (Shopify, WooCommerce), lastName, billing.last_name, properties.lastname (HubSpot), attributes.last_name (Klaviyo), default_address.last_name',
	),
	field(
		'city',
		'City',
		'The city.',
		['city', 'default_address.city', 'billing.city', 'properties.city', 'attributes.location.city'],
		'city, default_address.city (Shopify), billing.city (WooCommerce), properties.city (HubSpot), attributes.location.city (Klaviyo)',
	),
	field(
		'state',
		'State or Province',
		'The state or province (a US state as its two-letter code or its name).',
		[
			'province_code',
			'default_address.province_code',
			'billing.state',
			'properties.state',
			'attributes.location.region',
			'province',
			'default_address.province',
		],
		'province_code and default_address.province_code (Shopify), billing.state (WooCommerce), properties.state (HubSpot), attributes.location.region (Klaviyo), province, default_address.province',
	),
	field(
		'zip',
		'ZIP or Postal Code',
		'The ZIP or postal code.',
		[
			'zip',
			'postcode',
			'postal_code',
			'default_address.zip',
			'billing.postcode',
			'properties.zip',
			'attributes.location.zip',
		],
		'zip, postcode, postal_code, default_address.zip (Shopify), billing.postcode (WooCommerce), properties.zip (HubSpot), attributes.location.zip (Klaviyo)',
	),
	field(
		'country',
		'Country',
		'The country as a two-letter ISO code (DE, US) or its name; it also supplies the calling code of a phone number written without one.',
		[
			'country_code',
			'countryCode',
			'default_address.country_code',
			'billing.country',
			'properties.country',
			'attributes.location.country',
			'country',
			'default_address.country',
		],
		'country_code, countryCode, default_address.country_code (Shopify), billing.country (WooCommerce), properties.country (HubSpot), attributes.location.country (Klaviyo), country, default_address.country',
	),
	field(
		'externalId',
		'External ID (Customer ID)',
		'Your own id of the person, sent to Meta as EXTERN_ID (not hashed). Map it, e.g. {{ $json.id }}, to let Meta match later uploads by it.',
		['external_id', 'externalId', 'attributes.external_id'],
		'external_id, externalId, attributes.external_id (Klaviyo)',
	),
	field(
		'adConsent',
		'Ad Targeting Consent',
		'Whether the person consented to their data being used for ad targeting, which Google calls ad user data and ad personalisation (yes/no, granted/denied, CONSENT_GRANTED/CONSENT_DENIED). Without a yes the person is skipped, never uploaded. Google Consent Mode fields count only when both say granted.',
		[
			'adConsent',
			'ad_consent',
			'adsConsent',
			'ads_consent',
			'adTargetingConsent',
			'consent.ads',
			'consents.ads',
			'consent.adUserData',
			'consent.ad_user_data',
			'ad_user_data',
		],
		'adConsent, ad_consent, adsConsent, ads_consent, adTargetingConsent, consent.ads, consents.ads, consent.adUserData with consent.adPersonalization, consent.ad_user_data with consent.ad_personalization, ad_user_data with ad_personalization (Google Consent Mode: both must be granted)',
	),
];

/** Values the user mapped for one item; an empty one falls back to the recognised names. */
export type MappedIdentity = Partial<Record<IdentityFieldName, unknown>>;

/** One person's identity as read: text per field (trimmed of nothing yet), with the field it came from. */
export type PersonIdentity = Partial<Record<Exclude<IdentityFieldName, 'adConsent'>, string>> & {
	/** The consent value as given (the consent rule reads it) and where it came from. */
	adConsent?: { value: unknown; field: string };
};

export interface IdentityReader {
	read(json: unknown, mapped: MappedIdentity): PersonIdentity;
}

const isEmpty = (v: unknown) => v === undefined || v === null || v === '';

/**
 * Google Consent Mode has two consents for ads: ad user data (sending the data) and ad
 * personalisation (remarketing with it). Recognised from Google's consent fields, the person
 * counts as consenting only when both say granted: the ad-user-data value stands unless the
 * personalisation value is there and granted, else the personalisation value (or its absence) decides.
 */
const GOOGLE_CONSENT_PAIRS: Readonly<Record<string, string>> = {
	'consent.adUserData': 'consent.adPersonalization',
	'consent.ad_user_data': 'consent.ad_personalization',
	ad_user_data: 'ad_personalization',
};
const GRANTED = /^(granted|consent_granted)$/i;

function googleConsentPair(json: object, where: string): PersonIdentity['adConsent'] | undefined {
	const pair = GOOGLE_CONSENT_PAIRS[where];
	if (!pair) return undefined;
	const userData = readPath(json, compilePath(where));
	const personalization = readPath(json, compilePath(pair));
	const field = `${where} and ${pair}`;
	if (isEmpty(personalization)) return { value: undefined, field };
	if (typeof userData === 'string' && GRANTED.test(userData.trim()))
		return { value: personalization, field };
	return { value: userData, field };
}

/** Builds a reader once per execution; `recognise: false` reads mapped fields only. */
export function createIdentityReader(options: { recognise: boolean }): IdentityReader {
	const fields = IDENTITY_FIELDS.map((f) => ({
		def: f,
		paths: (options.recognise ? f.recognised : []).map(compilePath) as CompiledPath[],
	}));
	return {
		read(json, mapped) {
			if (json === null || typeof json !== 'object' || Array.isArray(json)) {
				throw new InputFieldError(
					'json',
					`must be an object, got ${preview(json)}`,
					'pass one lead per item as an object of fields',
				);
			}
			const person: PersonIdentity = {};
			for (const { def, paths } of fields) {
				let value: unknown;
				let where: string = def.displayName;
				if (!isEmpty(mapped[def.name])) value = mapped[def.name];
				else {
					const index = firstFilledPath(json, paths);
					if (index < 0) continue;
					value = readPath(json, paths[index]);
					where = def.recognised[index];
				}
				if (def.name === 'adConsent') {
					person.adConsent = googleConsentPair(json, where) ?? { value, field: where };
					continue;
				}
				value = propertyValue(value);
				if (typeof value === 'number' && Number.isFinite(value)) value = String(value);
				if (typeof value !== 'string') {
					throw new InputFieldError(
						where,
						`must be text, got ${preview(value)}`,
						`map the ${def.displayName.toLowerCase()} as text, or leave it empty`,
					);
				}
				if (value.trim() !== '')
					person[def.name as Exclude<IdentityFieldName, 'adConsent'>] = value;
			}
			return person;
		},
	};
}
