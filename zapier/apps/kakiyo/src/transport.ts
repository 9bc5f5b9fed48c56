// Generated from zapier/src/transport.ts by zapier/scripts/app-sources.ts: edit that file, then run npm run zapier:sources.
import type { ZObject } from 'zapier-platform-core';

import {
	PROVIDER_TIMEOUT_MS,
	ProviderError,
	type ProviderDefinition,
	type Transport,
} from './core/index.js';
import { baseUrl } from './base-url.js';

/** Sends the core's request descriptions with `z.request`; the core's parsers read the answers. */
export function zapierTransport(z: ZObject, provider: ProviderDefinition): Transport {
	return async (request) => {
		const response = await z.request({
			method: request.method,
			url: `${baseUrl(provider)}${request.path}`,
			...(request.query ? { params: { ...request.query } } : {}),
			...(request.body === undefined ? {} : { json: request.body }),
			timeout: PROVIDER_TIMEOUT_MS,
			skipThrowForStatus: true,
		});
		let body: unknown = response.content === '' ? undefined : response.content;
		try {
			body = response.data ?? body;
		} catch {
			// not JSON: keep the text
		}
		return {
			status: response.status,
			headers: Object.fromEntries(response.headers.entries()),
			body,
		};
	};
}

/**
 * Shows a core failure the Zapier way: a revoked key pauses the Zap, a rate limit is retried.
 * Anything else becomes a Zapier error too: Zapier appends the whole bundle, hook secret
 * included, to the message of an error that is not one of its own.
 */
export function toZapierError(z: ZObject, error: unknown, appName = 'this'): Error {
	if (!(error instanceof ProviderError)) {
		// Zapier's own errors are marked so; it appends nothing to those.
		if ((error as { doNotContextify?: unknown } | null)?.doNotContextify === true)
			return error as Error;
		const message = error instanceof Error ? error.message : String(error);
		return new z.errors.Error(`Unexpected failure in the ${appName} app: ${message}`, 'unexpected');
	}
	if (error.kind === 'invalid-key') return new z.errors.ExpiredAuthError(error.message);
	if (error.kind === 'rate-limited')
		return new z.errors.ThrottledError(error.message, error.retryAfterSeconds);
	return new z.errors.Error(error.message, error.code ?? error.kind, error.status);
}
