import { createRequire } from 'node:module';

import { createApp } from './app-factory.js';
import { KAKIYO_EVENTS, kakiyo } from './core/providers/kakiyo/index.js';

const { version } = createRequire(import.meta.url)('../package.json') as { version: string };

/** "Message", "Invitation", "Prospect": what a webhooks-guide event is about. */
function noun(eventId: string): string {
	const [first = 'event', second = 'event'] = eventId.split('.');
	const word = first === 'linkedin' ? second : first;
	return word.charAt(0).toUpperCase() + word.slice(1);
}

/** Kakiyo's app: New Event, plus one trigger per event of Kakiyo's webhooks guide. */
export default createApp(kakiyo, {
	version,
	keyHelp:
		'Your Kakiyo team API key. In [Kakiyo](https://app.kakiyo.com), open **Team > API Keys**, create a key and paste all 40 characters here.',
	fixedTriggers: KAKIYO_EVENTS.filter((entry) => entry.source === 'webhooks-guide').map(
		(entry) => ({
			key: entry.id.replace(/\./g, '_'),
			noun: noun(entry.id),
			label: entry.name,
			description: entry.description,
			event: entry.id,
		}),
	),
});
