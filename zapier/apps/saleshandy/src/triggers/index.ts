// Generated from zapier/src/triggers/index.ts by zapier/scripts/app-sources.ts: edit that file, then run npm run zapier:sources.
import { listedFilters, type CatalogueEvent, type ProviderDefinition } from '../core/index.js';
import { eventTypeTrigger, hasLiveEvents } from './event-type.js';
import { filterOptionsTrigger } from './filter-options.js';
import { hookTrigger } from './hook-trigger.js';

function category(event: CatalogueEvent): string {
	return event.category.charAt(0).toUpperCase() + event.category.slice(1);
}

/**
 * An app's triggers: `new_event` for any events the user picks, the hidden lists that fill its
 * dropdowns where the provider lists its events live or a filter's choices, and one trigger per
 * event asked for.
 */
export function triggersFor(
	provider: ProviderDefinition,
	eventTriggers: readonly CatalogueEvent[],
	nounOf: (event: CatalogueEvent) => string = category,
) {
	const newEvent = hookTrigger(provider, {
		key: 'new_event',
		noun: 'Event',
		label: 'New Event',
		description: `Triggers when ${provider.displayName} reports any of the events you pick.`,
	});
	const perEvent = eventTriggers.map((event) =>
		hookTrigger(provider, {
			key: event.id.replace(/[^a-zA-Z0-9_]/g, '_'),
			noun: nounOf(event),
			label: event.name,
			description: event.description,
			event: event.id,
		}),
	);
	const triggers = [
		...(hasLiveEvents(provider) ? [eventTypeTrigger(provider)] : []),
		...listedFilters(provider).map((filter) => filterOptionsTrigger(provider, filter)),
		newEvent,
		...perEvent,
	];
	return Object.fromEntries(triggers.map((trigger) => [trigger.key, trigger]));
}
