// Generated from zapier/src/triggers/filter-fields.ts by zapier/scripts/app-sources.ts: edit that file, then run npm run zapier:sources.
import type { PlainInputField } from 'zapier-platform-core';

import { filterHelp, filtersOf, keepWithoutHelp, type ProviderDefinition } from '../core/index.js';
import { filterOptionsKey } from './filter-options.js';

/** The input field that lets events without a filtered field through. */
export const KEEP_WITHOUT_KEY = 'keep_events_without';

/**
 * One input field per filter of the provider, a dropdown where it lists its choices (the user may
 * still type an id), and the option for events without the field; none without filters.
 */
export function filterFields(provider: ProviderDefinition): PlainInputField[] {
	const filters = filtersOf(provider);
	if (filters.length === 0) return [];
	return [
		...filters.map((filter) => ({
			key: filter.key,
			label: filter.label,
			list: true,
			required: false,
			...(filter.listOptions === undefined
				? {}
				: { dynamic: `${filterOptionsKey(filter)}.id.name` }),
			...(filter.example === undefined ? {} : { placeholder: filter.example }),
			helpText: filterHelp(provider, filter),
		})),
		{
			key: KEEP_WITHOUT_KEY,
			label: 'Run for Events Without a Filtered Field',
			type: 'boolean',
			required: false,
			default: 'true',
			helpText: keepWithoutHelp(provider),
		},
	];
}
