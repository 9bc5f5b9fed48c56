import {
	defineTrigger,
	type Bundle,
	type PollingTriggerPerform,
	type ZObject,
} from 'zapier-platform-core';

import { loadEventChoices } from '../core/index.js';
import { kakiyo } from '../core/providers/kakiyo/index.js';
import { zapierTransport } from '../transport.js';

/** Kakiyo's live event list, completed with the catalogue, and the static one when Kakiyo fails. */
const perform = (async (z: ZObject, _bundle: Bundle) => {
	const choices = await loadEventChoices(kakiyo, zapierTransport(z), (message) =>
		z.console.log(message),
	);
	return choices.map(({ id, name }) => ({ id, name }));
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
