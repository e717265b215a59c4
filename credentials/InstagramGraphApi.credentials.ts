import type {
	IAuthenticateGeneric,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';

/** Instagram Graph API (Business Discovery) on behalf of the brand's own professional account. */
export class InstagramGraphApi implements ICredentialType {
	name = 'instagramGraphApi';

	displayName = 'Instagram Graph API';

	icon = 'file:instagramGraphApi.svg' as const;

	documentationUrl =
		'https://developers.facebook.com/docs/instagram-platform/instagram-graph-api/reference/ig-user/business_discovery';

	properties: INodeProperties[] = [
		{
			displayName: 'Access Token',
			name: 'accessToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description:
				'A long-lived user access token with instagram_basic and pages_read_engagement for the brand’s Facebook page',
		},
		{
			displayName: 'Instagram Account ID',
			name: 'accountId',
			type: 'string',
			default: '',
			required: true,
			placeholder: '17841400000000000',
			description:
				'The ID of the brand’s own Instagram professional account; Business Discovery asks on its behalf',
		},
		{
			displayName: 'API Version',
			name: 'apiVersion',
			type: 'string',
			default: 'v23.0',
			description: 'Graph API version, e.g. v23.0',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://graph.facebook.com',
			description: 'Change only for a proxy or a test server',
		},
	];

	// The token travels in a header, never in the URL, so it cannot show up in logged addresses.
	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: { Authorization: '=Bearer {{$credentials.accessToken}}' },
		},
	};

	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl.replace(/\\/+$/, "")}}',
			url: '={{"/" + $credentials.apiVersion + "/" + $credentials.accountId}}',
			qs: { fields: 'id,username' },
		},
	};
}
