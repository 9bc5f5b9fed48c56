import { createRequire } from 'node:module';

import { createApp } from './app-factory.js';
import { KAKIYO_EVENTS, kakiyo } from './core/providers/kakiyo/index.js';

const { version } = createRequire(import.meta.url)('../package.json') as { version: string };

/** Kakiyo's app: New Event, plus one trigger per event of Kakiyo's webhooks guide. */
export default createApp(kakiyo, {
	version,
	eventTriggers: KAKIYO_EVENTS.filter((event) => event.source === 'webhooks-guide'),
	// What the event is about: "linkedin.message.sent" is a Message, "prospect.unqualified" a Prospect.
	nounOf: ({ id }) => {
		const [first = 'event', second = 'event'] = id.split('.');
		const word = first === 'linkedin' ? second : first;
		return word.charAt(0).toUpperCase() + word.slice(1);
	},
});
