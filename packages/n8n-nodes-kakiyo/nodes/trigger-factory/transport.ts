// Generated from nodes/trigger-factory/transport.ts by scripts/package-sources.ts: edit that file, then run npm run sources.
import {
	NodeApiError,
	type IHookFunctions,
	type ILoadOptionsFunctions,
	type INode,
	type IWebhookFunctions,
	type JsonObject,
} from 'n8n-workflow';

import {
	apiBaseUrl,
	PROVIDER_TIMEOUT_MS,
	ProviderError,
	type ApiResponse,
	type ProviderDefinition,
	type Transport,
} from '../shared/index.js';
// Only n8n retries a failed activation by itself: the Zapier apps do not carry this.
import { credentialFingerprint, rememberingRefusals } from '../shared/refused-keys.js';

type Context = IHookFunctions | ILoadOptionsFunctions | IWebhookFunctions;

/** The n8n credential type of a provider's API key, e.g. `acmeApi`. */
export function credentialType(provider: ProviderDefinition): string {
	return `${provider.id}Api`;
}

/** The credential's base URL, checked: the default when empty, https unless on this machine. */
export async function credentialBaseUrl(
	context: Context,
	provider: ProviderDefinition,
): Promise<string> {
	const credentials = await context.getCredentials<{ baseUrl?: string }>(credentialType(provider));
	return apiBaseUrl(provider, credentials.baseUrl);
}

/** The API key in the trigger's credential (empty when it has none). */
export async function apiKeyOf(context: Context, provider: ProviderDefinition): Promise<string> {
	const credentials = await context.getCredentials<{ apiKey?: string }>(credentialType(provider));
	return typeof credentials.apiKey === 'string' ? credentials.apiKey : '';
}

/**
 * Sends the core's request descriptions with n8n's authenticated HTTP helper. A key the provider
 * has just refused is not sent again for a while (`rememberingRefusals`): n8n retries a failed
 * activation within seconds, whatever the error. The credential is read once per transport (in
 * n8n 2.40 each `getCredentials()` starts an expression isolate of its own).
 */
export function providerTransport(context: Context, provider: ProviderDefinition): Transport {
	let read: Promise<{ baseUrl: string; fingerprint: string }> | undefined;
	const credential = () =>
		(read ??= context
			.getCredentials<{ apiKey?: string; baseUrl?: string }>(credentialType(provider))
			.then((data) => {
				const baseUrl = apiBaseUrl(provider, data.baseUrl);
				const key = typeof data.apiKey === 'string' ? data.apiKey : '';
				return { baseUrl, fingerprint: credentialFingerprint(baseUrl, key) };
			}));
	const send: Transport = async (request) => {
		const response = (await context.helpers.httpRequestWithAuthentication.call(
			context,
			credentialType(provider),
			{
				method: request.method,
				baseURL: (await credential()).baseUrl,
				url: request.path,
				...(request.query ? { qs: request.query } : {}),
				...(request.body === undefined ? {} : { body: request.body }),
				json: true,
				timeout: PROVIDER_TIMEOUT_MS,
				returnFullResponse: true,
				ignoreHttpStatusErrors: true,
			},
		)) as { statusCode: number; headers: ApiResponse['headers']; body: unknown };
		return { status: response.statusCode, headers: response.headers ?? {}, body: response.body };
	};
	return rememberingRefusals(send, provider, async () => (await credential()).fingerprint);
}

/** Shows a provider failure in n8n with the core's message, which names the fix. */
export function toNodeError(node: INode, error: unknown): Error {
	if (!(error instanceof ProviderError))
		return error instanceof Error ? error : new Error(String(error));
	return new NodeApiError(node, { kind: error.kind, code: error.code ?? null } as JsonObject, {
		message: error.message,
		...(error.status === undefined ? {} : { httpCode: String(error.status) }),
	});
}

/** Runs a hook method's work, showing any failure the n8n way. */
export async function asNodeErrors<T>(context: Context, work: () => Promise<T>): Promise<T> {
	try {
		return await work();
	} catch (error) {
		throw toNodeError(context.getNode(), error);
	}
}
