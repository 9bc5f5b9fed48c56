// Generated from shared/index.ts by scripts/package-sources.ts: edit that file, then run npm run sources.
export { apiKeyHeaders } from './api-auth.js';
export {
	PROVIDER_TIMEOUT_MS,
	send,
	type ApiCall,
	type ApiResponse,
	type Transport,
} from './api-call.js';
export { refuseBodyType } from './body-type.js';
export { proofHeaders, signDelivery } from './sign-delivery.js';
export { MAX_AGE_SETTING, maxAgeMsOf } from './delivery-age.js';
export { isMintedTest } from './create-test.js';
export { keyCheck } from './key-check.js';
export { apiBaseUrl, checkWebhookUrl } from './endpoints.js';
export { eventChoices, loadEventChoices, selectedEvents } from './event-choices.js';
export {
	filteredOut,
	filteredOutMessage,
	filterHelp,
	filtersOf,
	keepsEventsWithout,
	keepWithoutHelp,
	listedFilters,
	loadFilterOptions,
	type DeliveryFilter,
	type FilterOption,
} from './filters.js';
export { findHeader, omitHeader } from './header.js';
export { confirmHook, release, subscribe, type HookRecord } from './hook-lifecycle.js';
export { ownValue } from './own-value.js';
export { pastedSecretProblem, pastesSecret, provingSecret } from './proving-secret.js';
export type { CatalogueEvent, KeyInfo, ProviderDefinition } from './provider.js';
export { ProviderError, type ProviderErrorKind } from './provider-error.js';
export { errorOfAnswer } from './error-of-answer.js';
export { deliveryFingerprint, RepeatGuard } from './repeat-guard.js';
export { generateSecret, mintSecret } from './secret.js';
export { deliveryIdOf, receiveDelivery } from './receive-delivery.js';
export { exampleOf, sampleEvents } from './sample-choice.js';
