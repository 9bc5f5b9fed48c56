// Generated from zapier/src/triggers/filter-options.ts by zapier/scripts/app-sources.ts: edit that file, then run npm run zapier:sources.
import { defineTrigger, type PollingTriggerPerform, type ZObject } from 'zapier-platform-core';

import { loadFilterOptions, type DeliveryFilter, type ProviderDefinition } from '../core/index.js';
import { toZapierError, zapierTransport } from '../transport.js';

/** The key of the hidden trigger that fills a filter's dropdown: `filter_campaigns`. */
export function filterOptionsKey(filter: DeliveryFilter): string {
	return `filter_${filter.key}`;
}

/**
 * Fills a filter's dropdown from the provider's list, hidden from users. A failed call shows as
 * the app's other errors do: unlike the event types, there is no catalogue to fall back on.
 */
export function filterOptionsTrigger(provider: ProviderDefinition, filter: DeliveryFilter) {
	const perform = (async (z: ZObject) => {
		try {
			const options = await loadFilterOptions(filter, zapierTransport(z, provider));
			return options.map(({ value, name }) => ({ id: value, name }));
		} catch (error) {
			throw toZapierError(z, error, provider.displayName);
		}
	}) satisfies PollingTriggerPerform;

	const noun = filter.noun.charAt(0).toUpperCase() + filter.noun.slice(1);
	return defineTrigger({
		key: filterOptionsKey(filter),
		noun,
		display: {
			label: filter.label,
			description: `Lists the ${provider.displayName} ${filter.label.toLowerCase()}.`,
			hidden: true,
		},
		operation: {
			perform,
			sample: { id: `${filter.key}_1`, name: `${noun} 1` },
		},
	});
}
