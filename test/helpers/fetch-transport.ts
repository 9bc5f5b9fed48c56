import {
	apiKeyHeaders,
	PROVIDER_TIMEOUT_MS,
	type ApiResponse,
	type ProviderDefinition,
	type Transport,
} from '../../shared/index.js';
import { kakiyo } from '../../shared/providers/kakiyo/index.js';

/** A `Transport` over `fetch`, as an adapter would build one over its own HTTP helper. */
export function fetchTransport(
	baseUrl: string,
	apiKey: string,
	timeoutMs = PROVIDER_TIMEOUT_MS,
	provider: ProviderDefinition = kakiyo,
): Transport {
	return async (request) => {
		const url = new URL(baseUrl + request.path);
		for (const [key, value] of Object.entries(request.query ?? {}))
			url.searchParams.set(key, value);
		const response = await fetch(url, {
			method: request.method,
			signal: AbortSignal.timeout(timeoutMs),
			headers: {
				...apiKeyHeaders(provider, apiKey),
				...(request.body === undefined ? {} : { 'content-type': 'application/json' }),
			},
			...(request.body === undefined ? {} : { body: JSON.stringify(request.body) }),
		});
		const text = await response.text();
		let body: unknown = text === '' ? undefined : text;
		try {
			body = text === '' ? undefined : JSON.parse(text);
		} catch {
			// not JSON: keep the text
		}
		const result: ApiResponse = {
			status: response.status,
			headers: Object.fromEntries(response.headers),
			body,
		};
		return result;
	};
}
