// Generated from credentials/api-key-credential.ts by scripts/package-sources.ts: edit that file, then run npm run sources.
import type { IAuthenticate, ICredentialTestRequest, INodeProperties } from 'n8n-workflow';

import { apiBaseUrl, apiKeyHeaders, type ProviderDefinition } from '../nodes/shared/index.js';

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
			hint: 'If the test shows only ENOTFOUND, ECONNREFUSED or ETIMEDOUT, n8n could not reach this address: check it, and that n8n can reach the internet.',
		},
	];
}

/**
 * Sends the key the way the provider's definition says its API takes it. A Base URL that is not a web address, or plain http anywhere but on this
 * machine, is refused before anything is sent, in activation's words, so the key never leaves
 * in clear and the credential test says what is wrong.
 */
export function apiKeyAuthentication(provider: ProviderDefinition): IAuthenticate {
	return async (credentials, requestOptions) => {
		apiBaseUrl(provider, typeof credentials.baseUrl === 'string' ? credentials.baseUrl : undefined);
		const key = typeof credentials.apiKey === 'string' ? credentials.apiKey : '';
		return {
			...requestOptions,
			headers: { ...requestOptions.headers, ...apiKeyHeaders(provider, key) },
		};
	};
}

/**
 * The credential test: a cheap authenticated GET at the base URL as the trigger reads it (empty
 * means the provider's own). Its answers are worded as activation's.
 */
export function apiKeyTest(provider: ProviderDefinition, path: string): ICredentialTestRequest {
	return {
		request: {
			baseURL: `={{ ($credentials.baseUrl || "").trim() || "${provider.baseUrl}" }}`,
			url: path,
		},
		// What activation says of the same answers, in the provider's words, rather than n8n's
		// "Unauthorized". A host that does not answer shows only its code (ENOTFOUND): n8n's tester
		// gives a declarative test no say there, and a test function would need the deprecated
		// `helpers.request` that n8n's lint refuses. The Base URL's hint says what the codes mean.
		rules: [
			...[...new Set([401, provider.wording.keyRefusalStatus ?? 401])].map((value) => ({
				type: 'responseCode' as const,
				properties: {
					value,
					message: `${provider.wording.invalidKey(undefined)} ${provider.wording.keyHelp}`,
				},
			})),
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
