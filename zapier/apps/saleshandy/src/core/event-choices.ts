// Generated from shared/event-choices.ts by zapier/scripts/app-sources.ts: edit that file, then run npm run zapier:sources.
import { send, type Transport } from './api-call.js';
import type { CatalogueEvent, ProviderDefinition } from './provider.js';

/**
 * The events a user may pick: the wildcard first, then the provider's live list, then the
 * static catalogue's events the live list lacks: a provider's live list may omit events its
 * own guides name, so neither list alone is complete. Without a live list (the call failed) the
 * static catalogue stands alone.
 */
export function eventChoices(
	provider: ProviderDefinition,
	live?: readonly CatalogueEvent[],
): CatalogueEvent[] {
	const listed = live ?? [];
	const seen = new Set(listed.map((entry) => entry.id));
	const merged = [...listed, ...provider.events.filter((entry) => !seen.has(entry.id))];
	const wildcard: CatalogueEvent[] = provider.wildcard
		? [
				{
					id: provider.wildcard,
					name: 'All Events',
					description: `Every event ${provider.displayName} sends, including ones it adds later.`,
					category: 'all',
				},
			]
		: [];
	return [...wildcard, ...merged.filter((entry) => entry.id !== provider.wildcard)];
}

/**
 * The event ids a user selected, from what the platform hands over: a list, or a string (one
 * id, or a comma-separated list, as an expression may yield).
 */
export function selectedEvents(value: unknown): string[] {
	const items = Array.isArray(value) ? value : typeof value === 'string' ? value.split(',') : [];
	return [
		...new Set(
			items
				.filter((item): item is string => typeof item === 'string')
				.map((item) => item.trim())
				.filter((item) => item !== ''),
		),
	];
}

/** Whether a delivery of `eventId` is one the user selected. */
export function isSelected(
	provider: ProviderDefinition,
	selected: readonly string[],
	eventId: string,
): boolean {
	return (
		selected.includes(eventId) ||
		(provider.wildcard !== undefined && selected.includes(provider.wildcard))
	);
}

/**
 * `eventChoices` with the provider's live list, or with the static catalogue alone when the list
 * cannot be had; `warn` hears why, since a dropdown should still open.
 */
export async function loadEventChoices(
	provider: ProviderDefinition,
	transport: Transport,
	warn: (message: string) => void,
): Promise<CatalogueEvent[]> {
	if (provider.api.listEvents === undefined) return eventChoices(provider);
	try {
		return eventChoices(provider, await send(transport, provider.api.listEvents()));
	} catch (error) {
		const why = error instanceof Error ? error.message : String(error);
		warn(`${provider.displayName}'s event list is unavailable, showing the built-in one: ${why}`);
		return eventChoices(provider);
	}
}
