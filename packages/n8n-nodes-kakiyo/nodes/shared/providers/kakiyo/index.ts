// Generated from shared/providers/kakiyo/index.ts by scripts/package-sources.ts: edit that file, then run npm run sources.
import type { ProviderDefinition } from '../../provider.js';
import { kakiyoApi } from './api.js';
import { KAKIYO_EVENTS, KAKIYO_WILDCARD } from './catalogue.js';
import { KAKIYO_PLACES, kakiyoWording } from './errors.js';
import { KAKIYO_FILTERS } from './filters.js';
import { kakiyoSampleFor } from './samples.js';
import { kakiyoSchemaFor } from './schemas.js';

export {
	KAKIYO_EVENTS,
	KAKIYO_WILDCARD,
	type KakiyoCatalogueEvent,
	type KakiyoSource,
} from './catalogue.js';
export { kakiyoError } from './errors.js';
export { kakiyoEnvelopeSchema, type KakiyoEvent } from './schemas.js';

export const KAKIYO_SIGNATURE_HEADER = 'X-Kakiyo-Signature';

/** Kakiyo: every hook call exists, so its `api` keeps them all in its type. */
export const kakiyo = {
	id: 'kakiyo',
	displayName: 'Kakiyo',
	baseUrl: 'https://api.kakiyo.com/v1',
	events: KAKIYO_EVENTS,
	wildcard: KAKIYO_WILDCARD,
	sampleEvent: 'linkedin.message.received',
	deliveryAuth: { kind: 'hmac-sha256-header', header: KAKIYO_SIGNATURE_HEADER },
	apiAuth: { kind: 'bearer' },
	places: KAKIYO_PLACES,
	wording: kakiyoWording,
	filters: KAKIYO_FILTERS,
	schemaFor: kakiyoSchemaFor,
	sampleFor: kakiyoSampleFor,
	api: kakiyoApi,
} satisfies ProviderDefinition;
