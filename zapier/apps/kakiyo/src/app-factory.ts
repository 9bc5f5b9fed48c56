// Generated from zapier/src/app-factory.ts by zapier/scripts/app-sources.ts: edit that file, then run npm run zapier:sources.
import { defineApp, version as platformVersion } from 'zapier-platform-core';

import { apiKeyAuthentication, webhookSecretAuthentication } from './authentication.js';
import { pastesSecret, type CatalogueEvent, type ProviderDefinition } from './core/index.js';
import { addApiKey, handleErrors } from './middleware.js';
import { triggersFor } from './triggers/index.js';

export interface AppOptions {
	/** The app's version, from its own package.json. */
	readonly version: string;
	/** Events that get a trigger of their own besides `new_event`, e.g. those the provider's guide names. */
	readonly eventTriggers?: readonly CatalogueEvent[];
	/** The Zapier noun of such a trigger ("Message"): the event's category, capitalised, by default. */
	readonly nounOf?: (event: CatalogueEvent) => string;
}

/**
 * A whole Zapier app for a provider, from its definition: each app entry is a few lines over
 * this. A provider with no API to register hooks gets a connection holding the webhook's secret
 * and a static hook; one with an API but no key (`apiAuth` `none`) gets no connection.
 */
export function createApp(provider: ProviderDefinition, options: AppOptions) {
	return defineApp({
		version: options.version,
		platformVersion,
		...(pastesSecret(provider)
			? { authentication: webhookSecretAuthentication(provider) }
			: provider.apiAuth.kind === 'none'
				? {}
				: { authentication: apiKeyAuthentication(provider) }),
		beforeRequest: [addApiKey(provider)],
		afterResponse: [handleErrors(provider)],
		// A 429 goes through handleErrors, which says how long to wait.
		flags: { throwForThrottlingEarly: false },
		triggers: triggersFor(provider, options.eventTriggers ?? [], options.nounOf),
	});
}
