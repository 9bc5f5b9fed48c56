import type {
	IAuthenticateGeneric,
	Icon,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';

export class KakiyoApi implements ICredentialType {
	name = 'kakiyoApi';

	displayName = 'Kakiyo API';

	icon: Icon = { light: 'file:kakiyo.svg', dark: 'file:kakiyo.dark.svg' };

	documentationUrl = 'https://www.npmjs.com/package/n8n-nodes-kakiyo#credentials';

	properties: INodeProperties[] = [
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'A team API key from Kakiyo: open Team > API Keys and create one',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://api.kakiyo.com/v1',
			description:
				"Kakiyo's API address; empty means Kakiyo's own. Change it only to point at a test server. It must be https, except on this machine.",
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: { Authorization: '=Bearer {{$credentials.apiKey}}' },
		},
	};

	test: ICredentialTestRequest = {
		request: {
			// As the trigger reads it: empty means Kakiyo's own; plain http only on this machine. Any
			// other http address is swapped for a host that never resolves, so the key stays here.
			baseURL:
				'={{ (url => /^https:\\/\\//i.test(url) || /^http:\\/\\/(localhost|127(\\.\\d{1,3}){3}|\\[::1\\])(:\\d+)?(\\/|$)/i.test(url) ? url.replace(/\\/+$/, "") : "https://base-url-must-be-https.invalid")(($credentials.baseUrl || "").trim() || "https://api.kakiyo.com/v1") }}',
			url: '/verify',
		},
	};
}
