// Generated from shared/providers/breakcold/index.ts by zapier/scripts/app-sources.ts: edit that file, then run npm run zapier:sources.
import type { DeliveryFilter } from '../../filters.js';
import type { Places, ProviderDefinition } from '../../provider.js';
import { BREAKCOLD_EVENTS, BREAKCOLD_WILDCARD } from './catalogue.js';
import { breakcoldSampleFor } from './samples.js';
import { breakcoldSchemaFor } from './schemas.js';

export {
	BREAKCOLD_EVENTS,
	BREAKCOLD_WILDCARD,
	type BreakcoldCatalogueEvent,
	type BreakcoldFormat,
} from './catalogue.js';
export { breakcoldEnvelopeSchema, currentSchema, legacySchema } from './schemas.js';

/**
 * Current format's headers (docs.breakcold.com). Its delivery id header is not signed, so nothing
 * reads it: the signed body's `eventId` names a delivery instead.
 */
export const BREAKCOLD_SIGNATURE_HEADER = 'X-Webhook-Signature';
export const BREAKCOLD_TIMESTAMP_HEADER = 'X-Webhook-Timestamp';
export const BREAKCOLD_DELIVERY_ID_HEADER = 'X-Webhook-Delivery-Id';
/** How far a signed delivery's timestamp may be from now, either way. */
export const BREAKCOLD_TOLERANCE_SECONDS = 300;

/** Where things are in Breakcold's app. */
export const BREAKCOLD_PLACES = {
	webhooks: 'Settings > Webhook',
} as const satisfies Places;

/**
 * Breakcold's webhooks carry no list: the nearest is a record's object type (`data.objectType`, a
 * slug such as `person`), documented on the current format's record events. Breakcold's own
 * webhook settings can narrow a webhook to object types as well. Its API documents creating an
 * object type, not listing them, and the credential holds no API key: the user types the slugs
 * (new workspaces have person, company and deal, as Breakcold documents).
 */
const BREAKCOLD_FILTERS: readonly DeliveryFilter[] = [
	{
		key: 'objectTypes',
		label: 'Object Types',
		noun: 'object type',
		paths: [['data', 'objectType']],
		example: 'person, company',
		help: "Type each object type's slug: new workspaces have person, company and deal, and yours may add others. Breakcold's webhooks carry no list, and no API call lists object types; a record's object type is on record created and updated events only (task, note, call, file, deleted record and legacy events carry none).",
	},
];

/**
 * Breakcold: no API to register a webhook (the user pastes the trigger's URL into Breakcold and
 * copies Breakcold's secret into the credential), and two delivery formats told apart by the
 * delivery: the current one signed over `${timestamp}.${body}` with a delivery id, the legacy one
 * carrying the shared secret in its body.
 */
export const breakcold = {
	id: 'breakcold',
	displayName: 'Breakcold',
	baseUrl: 'https://http.us.breakcold.com/api/v1',
	events: BREAKCOLD_EVENTS,
	wildcard: BREAKCOLD_WILDCARD,
	sampleEvent: 'lead.create',
	deliveryAuth: [
		{
			kind: 'timestamped-hmac',
			signatureHeader: BREAKCOLD_SIGNATURE_HEADER,
			timestampHeader: BREAKCOLD_TIMESTAMP_HEADER,
			toleranceSeconds: BREAKCOLD_TOLERANCE_SECONDS,
		},
		{ kind: 'secret-in-body', field: 'secret' },
	],
	apiAuth: { kind: 'none' },
	places: BREAKCOLD_PLACES,
	wording: {
		name: 'Breakcold',
		keyHelp: `Copy the webhook's secret from Breakcold (${BREAKCOLD_PLACES.webhooks}) into the credential.`,
		invalidKey: () => "Breakcold refused the webhook's secret.",
		forbiddenHelp: `Check the webhook in Breakcold (${BREAKCOLD_PLACES.webhooks}).`,
		readError: () => ({}),
	},
	// The signed format's freshness is its timestamp header; the legacy one carries no date.
	dateField: null,
	filters: BREAKCOLD_FILTERS,
	// Signed inside the body, and the same on each retry, which Breakcold signs anew.
	deliveryIdField: 'eventId',
	schemaFor: breakcoldSchemaFor,
	sampleFor: breakcoldSampleFor,
	api: {},
} satisfies ProviderDefinition;
