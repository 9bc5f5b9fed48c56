import type { ProviderDefinition } from '../../provider.js';
import { saleshandyApi, SALESHANDY_SECRET_HEADER } from './api.js';
import { SALESHANDY_EVENTS } from './catalogue.js';
import { SALESHANDY_PLACES, saleshandyWording } from './errors.js';
import { SALESHANDY_FILTERS } from './filters.js';
import { saleshandySampleFor } from './samples.js';
import { saleshandySchemaFor } from './schemas.js';

export { SALESHANDY_SECRET_HEADER } from './api.js';
export { SALESHANDY_EVENTS } from './catalogue.js';
export { emailSentSchema, saleshandyEnvelopeSchema } from './schemas.js';

/**
 * Saleshandy: no signature (a secret the connector registers comes back in a header), an
 * `x-api-key` key, no event for "all", no example endpoint, no documented delete, no dependable
 * date on deliveries, and a test delivery to each hook it creates.
 */
export const saleshandy = {
	id: 'saleshandy',
	displayName: 'Saleshandy',
	baseUrl: 'https://open-api.saleshandy.com/v1',
	events: SALESHANDY_EVENTS,
	sampleEvent: 'reply-received',
	deliveryAuth: { kind: 'secret-header', header: SALESHANDY_SECRET_HEADER },
	apiAuth: { kind: 'header', header: 'x-api-key' },
	places: SALESHANDY_PLACES,
	wording: saleshandyWording,
	dateField: null,
	testsOnCreate: true,
	// No documented delete: a DELETE may be refused (see deleteHook).
	keepsHooks: true,
	filters: SALESHANDY_FILTERS,
	schemaFor: saleshandySchemaFor,
	sampleFor: saleshandySampleFor,
	api: saleshandyApi,
} satisfies ProviderDefinition;
