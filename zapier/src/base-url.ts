import { apiBaseUrl, type ProviderDefinition } from '../../shared/index.js';

/** The environment variable that points an app at another API, e.g. `ACME_BASE_URL`. */
export function baseUrlVariable(provider: ProviderDefinition): string {
	return `${provider.id.toUpperCase()}_BASE_URL`;
}

/** The provider's API base URL: its variable (set with `zapier env:set`), or its own; https unless on loopback. */
export function baseUrl(provider: ProviderDefinition): string {
	return apiBaseUrl(provider, process.env[baseUrlVariable(provider)]);
}
