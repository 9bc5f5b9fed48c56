// Generated from shared/index.ts by scripts/package-sources.ts: edit that file, then run npm run sources.
export { apiKeyHeaders, type ApiAuth } from './api-auth.js';
export {
	PROVIDER_TIMEOUT_MS,
	send,
	type ApiCall,
	type ApiRequest,
	type ApiResponse,
	type HeaderMap,
	type HttpMethod,
	type Transport,
} from './api-call.js';
export { refuseBodyType, type BodyTypeRefusal } from './body-type.js';
export { proofHeaders, proveDelivery } from './delivery-proof.js';
export {
	checkAge,
	DEFAULT_MAX_AGE_MS,
	deliveryTime,
	MAX_AGE_SETTING,
	maxAgeMsOf,
	type AgeVerdict,
} from './delivery-age.js';
export { isMintedTest, type KeyRead } from './create-test.js';
export { apiBaseUrl, checkWebhookUrl } from './endpoints.js';
export { eventChoices, isSelected, loadEventChoices, selectedEvents } from './event-choices.js';
export { findHeader, omitHeader } from './header.js';
export {
	confirmHook,
	inspectHook,
	release,
	subscribe,
	type HookRecord,
	type HookState,
	type SubscribeInput,
	type Subscription,
} from './hook-lifecycle.js';
export {
	parseEvent,
	readEvent,
	type ParseFailure,
	type ParseResult,
	type ReadResult,
} from './parse-event.js';
export { ownValue } from './own-value.js';
export { pastesSecret, provingSecret } from './proving-secret.js';
export { parseJson, type JsonResult } from './parse-json.js';
export type {
	CatalogueEvent,
	CreateHookInput,
	DeliveryAuth,
	HookApi,
	KeyInfo,
	ProviderDefinition,
	RemoteHook,
} from './provider.js';
export { ProviderError, type ProviderErrorKind } from './provider-error.js';
export {
	callsWith,
	providerCall,
	readHook,
	UNEXPECTED,
	unwrap,
	withoutSecret,
} from './provider-call.js';
export {
	MAX_QUOTED,
	providerError,
	retryAfterSeconds,
	unexpectedAnswer,
	unreachable,
	type ErrorWording,
} from './provider-errors.js';
export {
	deliveryFingerprint,
	digestFingerprint,
	MAX_REMEMBERED,
	RepeatGuard,
	type Remembered,
} from './repeat-guard.js';
export {
	generateSecret,
	mintedFor,
	mintedRecently,
	mintSecret,
	MINTED_WINDOW_MS,
	SECRET_BYTES,
} from './secret.js';
export {
	deliveryIdOf,
	presentedMintedSecret,
	receiveDelivery,
	type IgnoreReason,
	type Reception,
	type ReceiveOptions,
} from './receive-delivery.js';
export { exampleOf, sampleEvents } from './sample-choice.js';
export { sign, type RawBody } from './sign.js';
export {
	authKindOf,
	authKinds,
	verifyDelivery,
	verifyWith,
	type Delivery,
} from './verify-delivery.js';
export { verifySecret } from './verify-secret.js';
export {
	DEFAULT_TOLERANCE_SECONDS,
	verifyTimestamped,
	type TimestampedInput,
} from './verify-timestamped.js';
export {
	verifySignature,
	type VerifyFailure,
	type VerifyInput,
	type VerifyResult,
} from './verify.js';
