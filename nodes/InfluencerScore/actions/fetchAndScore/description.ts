/** Fetch and Score: where the profiles come from (the parameters the editor shows for this operation). */
import type { INodeProperties } from 'n8n-workflow';

const fetch = { show: { operation: ['fetchAndScore'] } };

/** Platform and Handle, shown first. */
export const fetchTargetDescription: INodeProperties[] = [
	{
		displayName: 'Platform',
		name: 'platform',
		type: 'options',
		noDataExpression: true,
		displayOptions: fetch,
		options: [
			{
				name: 'Instagram',
				value: 'instagram',
				description: 'Business Discovery via the brand’s own professional account',
			},
			{ name: 'YouTube', value: 'youtube', description: 'YouTube Data API v3 with an API key' },
		],
		default: 'instagram',
	},
	{
		displayName: 'Handle or URL',
		name: 'handle',
		type: 'string',
		displayOptions: fetch,
		default: '={{ $json.handle }}',
		required: true,
		description:
			'The account to fetch: "natgeo", "@natgeo", a profile URL, or for YouTube a channel ID (UC…)',
	},
];

/** Fetch Options, shown after the scoring parameters. */
export const fetchOptionsDescription: INodeProperties[] = [
	{
		displayName: 'Fetch Options',
		name: 'fetchOptions',
		type: 'collection',
		placeholder: 'Add Option',
		displayOptions: fetch,
		default: {},
		options: [
			{
				displayName: 'Max Retries',
				name: 'maxRetries',
				type: 'number',
				default: 3,
				description:
					'How often to retry a request the platform rate-limits (429) or fails (5xx, timeout)',
			},
			{
				displayName: 'Max Wait (Seconds)',
				name: 'maxWaitSeconds',
				type: 'number',
				default: 30,
				description:
					'The longest wait before a retry; when the platform asks for longer (Retry-After), the profile fails with a message instead',
			},
			{
				displayName: 'On Fetch Error',
				name: 'onFetchError',
				type: 'options',
				options: [
					{
						name: 'Fail (or Continue On Fail)',
						value: 'fail',
						description:
							'A profile that cannot be fetched stops the node, unless its settings say Continue',
					},
					{
						name: 'Mark the Profile and Go On',
						value: 'field',
						description:
							'The profile leaves on the last output with decision "unavailable" and a fetchError field',
					},
				],
				default: 'fail',
			},
			{
				displayName: 'Requests at Once',
				name: 'concurrency',
				type: 'number',
				default: 4,
				description: 'How many requests may be in flight at the same time',
			},
			{
				displayName: 'Retry Base Delay (Ms)',
				name: 'retryBaseDelayMs',
				type: 'number',
				default: 1000,
				description:
					'First wait before a retry when the platform sends no Retry-After; it doubles on each retry',
			},
			{
				displayName: 'Timeout (Seconds)',
				name: 'timeoutSeconds',
				type: 'number',
				default: 30,
				description: 'How long to wait for one answer before it counts as failed (and is retried)',
			},
		],
	},
];
