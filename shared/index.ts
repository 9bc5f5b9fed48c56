export {
	send,
	type ApiCall,
	type ApiRequest,
	type ApiResponse,
	type HeaderMap,
	type HttpMethod,
	type Transport,
} from './api-call.js';
export { eventChoices, isSelected, loadEventChoices } from './event-choices.js';
export { findHeader } from './header.js';
export {
	inspectHook,
	subscribe,
	unsubscribe,
	type HookState,
	type SubscribeInput,
	type Subscription,
} from './hook-lifecycle.js';
export {
	kakiyo,
	kakiyoEnvelopeSchema,
	kakiyoError,
	KAKIYO_EVENTS,
	KAKIYO_SIGNATURE_HEADER,
	KAKIYO_WILDCARD,
	type KakiyoCatalogueEvent,
	type KakiyoEvent,
	type KakiyoSource,
} from './kakiyo/index.js';
export { parseEvent, type ParseFailure, type ParseResult } from './parse-event.js';
export type {
	CatalogueEvent,
	CreateHookInput,
	DeliveryAuth,
	HookApi,
	ProviderDefinition,
	RemoteHook,
} from './provider.js';
export { ProviderError, type ProviderErrorKind } from './provider-error.js';
export {
	deliveryFingerprint,
	MAX_REMEMBERED,
	rememberDelivery,
	REPEAT_WINDOW_MS,
	type SeenDelivery,
} from './repeat-guard.js';
export { generateSecret, SECRET_BYTES } from './secret.js';
export { receiveDelivery, type Reception, type ReceiveOptions } from './receive-delivery.js';
export { sign, type RawBody } from './sign.js';
export { verifyDelivery, type Delivery } from './verify-delivery.js';
export {
	verifySignature,
	type VerifyFailure,
	type VerifyInput,
	type VerifyResult,
} from './verify.js';
