import {
	defineTrigger,
	type Bundle,
	type PollingTriggerPerform,
	type ZObject,
} from 'zapier-platform-core';

import { eventChoices, kakiyo, send, type CatalogueEvent } from '../core/index.js';
import { zapierTransport } from '../transport.js';

/** Kakiyo's live event list, completed with the catalogue, and the static one when Kakiyo fails. */
const perform = (async (z: ZObject, _bundle: Bundle) => {
	let live: CatalogueEvent[] | undefined;
	try {
		live = await send(zapierTransport(z), kakiyo.api.listEvents());
	} catch (error) {
		z.console.log(
			`Kakiyo's event list is unavailable, showing the built-in one: ${(error as Error).message}`,
		);
	}
	return eventChoices(kakiyo, live).map(({ id, name }) => ({ id, name }));
}) satisfies PollingTriggerPerform;

/** Fills the `events` dropdown; hidden from users. */
export default defineTrigger({
	key: 'event_type',
	noun: 'Event Type',
	display: { label: 'Event Type', description: 'Lists the Kakiyo event types.', hidden: true },
	operation: {
		perform,
		sample: { id: 'linkedin.message.received', name: 'LinkedIn Message Received' },
	},
});
