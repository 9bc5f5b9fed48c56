import { KAKIYO_EVENTS } from '../core/providers/kakiyo/index.js';
import eventType from './event-type.js';
import { hookTrigger } from './hook-trigger.js';

function noun(eventId: string): string {
	const [first = 'event', second = 'event'] = eventId.split('.');
	const word = first === 'linkedin' ? second : first;
	return word.charAt(0).toUpperCase() + word.slice(1);
}

/** Any event the user picks, `*` included. */
export const newEvent = hookTrigger({
	key: 'new_event',
	noun: 'Event',
	label: 'New Event',
	description: 'Triggers when Kakiyo reports any of the events you pick.',
});

/** One trigger per event of Kakiyo's webhooks guide, generated from the catalogue. */
export const guideTriggers = KAKIYO_EVENTS.filter((entry) => entry.source === 'webhooks-guide').map(
	(entry) =>
		hookTrigger({
			key: entry.id.replace(/\./g, '_'),
			noun: noun(entry.id),
			label: entry.name,
			description: entry.description,
			event: entry.id,
		}),
);

export const triggers = Object.fromEntries(
	[eventType, newEvent, ...guideTriggers].map((trigger) => [trigger.key, trigger]),
);
