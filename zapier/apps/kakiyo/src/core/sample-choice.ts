// Generated from shared/sample-choice.ts by zapier/scripts/app-sources.ts: edit that file, then run npm run zapier:sources.
import { send, type Transport } from './api-call.js';
import type { ProviderDefinition } from './provider.js';

/**
 * The events whose samples stand for a selection, best first: the events picked by id, then,
 * for the wildcard or an empty choice, the rest of the catalogue with the provider's sample event
 * first.
 */
export function sampleEvents(provider: ProviderDefinition, selected: readonly string[]): string[] {
	const picked = selected.filter((id) => id !== provider.wildcard);
	const wildcard = provider.wildcard !== undefined && selected.includes(provider.wildcard);
	if (picked.length > 0 && !wildcard) return [...new Set(picked)];
	const catalogue = provider.events.map((entry) => entry.id);
	const first = provider.sampleEvent ?? catalogue[0];
	const order = [...picked, ...(first === undefined ? [] : [first]), ...catalogue];
	return [...new Set(order)];
}

/**
 * A realistic delivery of `eventId`: the provider's own example where its API gives one, else
 * the definition's sample. `onFallback` hears why the example was unavailable.
 */
export async function exampleOf(
	provider: ProviderDefinition,
	transport: Transport,
	eventId: string,
	onFallback: (message: string) => void,
): Promise<Record<string, unknown>> {
	const getExample = provider.api.getExample;
	if (getExample !== undefined) {
		try {
			return (await send(transport, getExample(eventId))) as Record<string, unknown>;
		} catch (error) {
			onFallback(
				`${provider.displayName}'s example of "${eventId}" is unavailable, using the built-in one: ${(error as Error).message}`,
			);
		}
	}
	return provider.sampleFor(eventId);
}
