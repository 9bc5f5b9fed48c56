// Generated from zapier/src/middleware.ts by zapier/scripts/app-sources.ts: edit that file, then run npm run zapier:sources.
import type {
	AfterResponseMiddleware,
	BeforeRequestMiddleware,
	HttpResponse,
	ZObject,
} from 'zapier-platform-core';

import { apiKeyHeaders, errorOfAnswer, type ProviderDefinition } from './core/index.js';
import { toZapierError } from './transport.js';

/** Adds the connection's API key the way the provider's definition says it takes it. */
export function addApiKey(provider: ProviderDefinition): BeforeRequestMiddleware {
	return (request, _z, bundle) => {
		const apiKey = bundle.authData?.apiKey;
		if (typeof apiKey === 'string' && apiKey !== '') {
			request.headers = { ...request.headers, ...apiKeyHeaders(provider, apiKey) };
		}
		return request;
	};
}

/**
 * Turns the provider's error answers into Zapier's errors with the core's messages. Requests
 * sent through the core's transport read every status themselves (a deleted hook is no error
 * there, and the core knows what was being done), so they pass untouched.
 */
export function handleErrors(provider: ProviderDefinition): AfterResponseMiddleware {
	return (response: HttpResponse, z: ZObject) => {
		if (response.status < 400 || response.request.skipThrowForStatus) return response;
		let body: unknown;
		try {
			body = response.data;
		} catch {
			body = response.content;
		}
		const headers = Object.fromEntries(response.headers.entries());
		throw toZapierError(
			z,
			errorOfAnswer(
				provider.wording,
				{ status: response.status, headers, body },
				`calling ${provider.displayName}`,
			),
			provider.displayName,
		);
	};
}
