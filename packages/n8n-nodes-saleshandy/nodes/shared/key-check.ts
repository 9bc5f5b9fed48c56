// Generated from shared/key-check.ts by scripts/package-sources.ts: edit that file, then run npm run sources.
import type { ApiCall } from './api-call.js';
import type { KeyInfo, ProviderDefinition } from './provider.js';

/**
 * The cheapest call that proves an API key, for a credential's or a connection's test: the
 * provider's own check, else a listing it offers (any answer it accepts proves the key), else
 * none. Its failure is the `ProviderError` activation would show.
 */
export function keyCheck(provider: ProviderDefinition): (() => ApiCall<KeyInfo>) | undefined {
	const { verifyKey, listHooks, listEvents } = provider.api;
	if (verifyKey !== undefined) return verifyKey;
	const list = listHooks ?? listEvents;
	if (list === undefined) return undefined;
	return () => {
		const call: ApiCall<unknown> = list();
		return { ...call, parse: (response) => (call.parse(response), {}) };
	};
}
