import { defineApp, version as platformVersion } from 'zapier-platform-core';

import { apiKeyAuthentication } from './authentication.js';
import type { ProviderDefinition } from './core/index.js';
import { addApiKey, handleErrors } from './middleware.js';
import type { HookTriggerSpec } from './triggers/hook-trigger.js';
import { triggersFor } from './triggers/index.js';

export type { HookTriggerSpec } from './triggers/hook-trigger.js';

export interface AppOptions {
	/** The app's version, from its own package.json. */
	readonly version: string;
	/** Where the user finds an API key, shown under the connection's field (markdown). */
	readonly keyHelp: string;
	/** Triggers for one fixed event each, besides `new_event`. */
	readonly fixedTriggers?: readonly HookTriggerSpec[];
}

/** A whole Zapier app for a provider, from its definition: each app entry is a few lines over this. */
export function createApp(provider: ProviderDefinition, options: AppOptions) {
	return defineApp({
		version: options.version,
		platformVersion,
		authentication: apiKeyAuthentication(provider, options.keyHelp),
		beforeRequest: [addApiKey(provider)],
		afterResponse: [handleErrors(provider)],
		// A 429 goes through handleErrors, which says how long to wait.
		flags: { throwForThrottlingEarly: false },
		triggers: triggersFor(provider, options.fixedTriggers),
	});
}
