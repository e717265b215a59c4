import type {
	IAuthenticateGeneric,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';

/** YouTube Data API v3 with an API key (public channel and video statistics). */
export class YouTubeDataApi implements ICredentialType {
	name = 'youTubeDataApi';

	displayName = 'YouTube Data API';

	icon = 'file:youTubeDataApi.svg' as const;

	documentationUrl = 'https://developers.google.com/youtube/v3/getting-started';

	properties: INodeProperties[] = [
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'An API key from Google Cloud with the YouTube Data API v3 enabled',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://www.googleapis.com/youtube/v3',
			description: 'Change only for a proxy or a test server',
		},
	];

	// Google APIs accept the key in this header, so it never appears in a URL.
	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: { 'X-Goog-Api-Key': '={{$credentials.apiKey}}' },
		},
	};

	// channels.list costs 1 quota unit; the id is Google's own YouTube channel.
	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl.replace(/\\/+$/, "")}}',
			url: '/channels',
			qs: { part: 'id', id: 'UC_x5XG1OV2P6uZZ5FSM9Ttw' },
		},
	};
}
