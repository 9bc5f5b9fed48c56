// Generated from credentials/api-key-credential.ts by scripts/package-sources.ts: edit that file, then run npm run sources.
import type { IAuthenticateGeneric, ICredentialTestRequest, INodeProperties } from 'n8n-workflow';

import type { ProviderDefinition } from '../nodes/shared/index.js';

/** The API key and base URL fields of a provider's credential. */
export function apiKeyProperties(provider: ProviderDefinition): INodeProperties[] {
	const keys = provider.places.apiKeys;
	const keyHelp =
		keys === undefined
			? `Your ${provider.displayName} API key`
			: `A ${keys.keyName} from ${provider.displayName}: open ${keys.menu} and create one`;
	return [
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: keyHelp,
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: provider.baseUrl,
			description: `${provider.displayName}'s API address; empty means ${provider.displayName}'s own. Change it only to point at a test server. It must be https, except on this machine.`,
		},
	];
}

/** Sends the key the way the provider's definition says its API takes it. */
export function apiKeyAuthentication(provider: ProviderDefinition): IAuthenticateGeneric {
	const auth = provider.apiAuth;
	const headers: Record<string, string> =
		auth.kind === 'bearer'
			? { Authorization: '=Bearer {{$credentials.apiKey}}' }
			: auth.kind === 'header'
				? { [auth.header]: '={{$credentials.apiKey}}' }
				: {};
	return { type: 'generic', properties: { headers } };
}

/**
 * The credential test: a cheap authenticated GET at the base URL as the trigger reads it. Empty
 * means the provider's own; plain http only on this machine. Any other http address is swapped
 * for a host that never resolves, so the key stays here. Its answers are worded as activation's.
 */
export function apiKeyTest(provider: ProviderDefinition, path: string): ICredentialTestRequest {
	return {
		request: {
			baseURL: `={{ (url => /^https:\\/\\//i.test(url) || /^http:\\/\\/(localhost|127(\\.\\d{1,3}){3}|\\[::1\\])(:\\d+)?(\\/|$)/i.test(url) ? url.replace(/\\/+$/, "") : "https://base-url-must-be-https.invalid")(($credentials.baseUrl || "").trim() || "${provider.baseUrl}") }}`,
			url: path,
		},
		// What activation says of the same answers, in the provider's words, rather than n8n's
		// "Unauthorized". A host that does not answer, or an http address swapped above, still
		// shows n8n's own code (ENOTFOUND): n8n gives rules no say there.
		rules: [
			{
				type: 'responseCode',
				properties: {
					value: 401,
					message: `${provider.wording.invalidKey(undefined)} ${provider.wording.keyHelp}`,
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 403,
					message: `${provider.displayName} refused the key here. ${provider.wording.forbiddenHelp}`,
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 404,
					message: `${provider.displayName} has no such address: check the Base URL (empty means ${provider.displayName}'s own).`,
				},
			},
		],
	};
}
