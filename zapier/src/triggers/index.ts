import type { ProviderDefinition } from '../core/index.js';
import { eventTypeTrigger } from './event-type.js';
import { hookTrigger, type HookTriggerSpec } from './hook-trigger.js';

/**
 * An app's triggers: `new_event` for any events the user picks, the hidden list that fills its
 * dropdown, and one trigger per fixed event the app entry asks for.
 */
export function triggersFor(provider: ProviderDefinition, fixed: readonly HookTriggerSpec[] = []) {
	const newEvent = hookTrigger(provider, {
		key: 'new_event',
		noun: 'Event',
		label: 'New Event',
		description: `Triggers when ${provider.displayName} reports any of the events you pick.`,
	});
	return Object.fromEntries(
		[eventTypeTrigger(provider), newEvent, ...fixed.map((spec) => hookTrigger(provider, spec))].map(
			(trigger) => [trigger.key, trigger],
		),
	);
}
