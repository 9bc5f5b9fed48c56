// Generated from zapier/src/triggers/event-type.ts by zapier/scripts/app-sources.ts: edit that file, then run npm run zapier:sources.
import { defineTrigger, type PollingTriggerPerform, type ZObject } from 'zapier-platform-core';

import { loadEventChoices, type ProviderDefinition } from '../core/index.js';
import { zapierTransport } from '../transport.js';

/** Whether the provider lists its events live; the `events` dropdown is static otherwise. */
export function hasLiveEvents(provider: ProviderDefinition): boolean {
	return provider.api.listEvents !== undefined;
}

/**
 * Fills the `events` dropdown of a provider that lists its events live, hidden from users: that
 * list completed with the catalogue, and the catalogue alone when the provider fails.
 */
export function eventTypeTrigger(provider: ProviderDefinition) {
	const perform = (async (z: ZObject) => {
		const choices = await loadEventChoices(provider, zapierTransport(z, provider), (message) =>
			z.console.log(message),
		);
		return choices.map(({ id, name }) => ({ id, name }));
	}) satisfies PollingTriggerPerform;

	const first = provider.events[0];
	return defineTrigger({
		key: 'event_type',
		noun: 'Event Type',
		display: {
			label: 'Event Type',
			description: `Lists the ${provider.displayName} event types.`,
			hidden: true,
		},
		operation: {
			perform,
			sample: { id: first?.id ?? 'event', name: first?.name ?? 'Event' },
		},
	});
}
