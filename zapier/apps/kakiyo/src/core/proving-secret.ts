// Generated from shared/proving-secret.ts by zapier/scripts/app-sources.ts: edit that file, then run npm run zapier:sources.
import type { ProviderDefinition } from './provider.js';

/**
 * Whether the user pastes the hook's secret into the credential (the provider has no API to
 * register hooks, so its own UI makes the hook and shows the secret) instead of the connector
 * registering the hook with a secret of its own.
 */
export function pastesSecret(provider: ProviderDefinition): boolean {
	return provider.api.createHook === undefined;
}

/**
 * The secret that proves a delivery: the one the user pasted where the provider has no API to
 * register hooks, else the one registered with the hook. `undefined` when there is none (every
 * delivery is then refused).
 */
export function provingSecret(
	provider: ProviderDefinition,
	secrets: { readonly registered?: string; readonly pasted?: unknown },
): string | undefined {
	const secret = pastesSecret(provider) ? secrets.pasted : secrets.registered;
	return typeof secret === 'string' ? secret : undefined;
}

/**
 * What is wrong with the form of a secret the user pasted, in words for them, or `undefined`
 * when it looks right: nothing but a delivery can prove the secret itself.
 */
export function pastedSecretProblem(
	provider: ProviderDefinition,
	secret: unknown,
): string | undefined {
	const where = provider.places.webhooks === undefined ? '' : ` (${provider.places.webhooks})`;
	if (typeof secret !== 'string' || secret.trim() === '')
		return `Paste the webhook's secret from ${provider.displayName}${where}.`;
	if (secret !== secret.trim()) return 'The secret starts or ends with a space: paste it again.';
	return undefined;
}
