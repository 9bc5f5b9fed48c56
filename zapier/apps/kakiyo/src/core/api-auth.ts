// Generated from shared/api-auth.ts by zapier/scripts/app-sources.ts: edit that file, then run npm run zapier:sources.
import type { ProviderDefinition } from './provider.js';

/** How a provider's API takes its key. */
export type ApiAuth =
	| { readonly kind: 'bearer' }
	| {
			readonly kind: 'header';
			/** The header carrying the key as is, e.g. `x-api-key`. */
			readonly header: string;
	  }
	| { readonly kind: 'none' };

/** The headers that carry an API key to the provider, as its definition says. */
export function apiKeyHeaders(
	provider: ProviderDefinition,
	apiKey: string,
): Record<string, string> {
	const auth = provider.apiAuth;
	switch (auth.kind) {
		case 'bearer':
			return { Authorization: `Bearer ${apiKey}` };
		case 'header':
			return { [auth.header]: apiKey };
		case 'none':
			return {};
	}
}
