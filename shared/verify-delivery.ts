import type { HeaderMap } from './api-call.js';
import { findHeader } from './header.js';
import type { ProviderDefinition } from './provider.js';
import type { RawBody } from './sign.js';
import { parseJson } from './parse-json.js';
import { verifySecret } from './verify-secret.js';
import { verifyTimestamped } from './verify-timestamped.js';
import { verifySignature, type VerifyResult } from './verify.js';

export interface Delivery {
	readonly headers: HeaderMap;
	/** The exact body bytes received. */
	readonly body: RawBody;
}

/** A top-level field of a JSON body, or `undefined`. */
function bodyField(body: RawBody, field: string): unknown {
	const json = parseJson(body);
	if (!json.ok || json.value === null || typeof json.value !== 'object') return undefined;
	return Object.hasOwn(json.value, field)
		? (json.value as Record<string, unknown>)[field]
		: undefined;
}

/**
 * Checks a delivery the way its provider authenticates deliveries. `now` (epoch ms) is for
 * timestamped signatures; `Date.now()` by default.
 */
export function verifyDelivery(
	provider: ProviderDefinition,
	delivery: Delivery,
	secret: string | readonly string[] | undefined | null,
	now?: number,
): VerifyResult {
	const auth = provider.deliveryAuth;
	switch (auth.kind) {
		case 'hmac-sha256-header':
			return verifySignature({
				body: delivery.body,
				signature: findHeader(delivery.headers, auth.header),
				secret,
			});
		case 'secret-header':
			return verifySecret(findHeader(delivery.headers, auth.header), secret);
		case 'secret-in-body':
			return verifySecret(bodyField(delivery.body, auth.field), secret);
		case 'timestamped-hmac':
			return verifyTimestamped({
				body: delivery.body,
				signature: findHeader(delivery.headers, auth.signatureHeader),
				timestamp: findHeader(delivery.headers, auth.timestampHeader),
				secret,
				toleranceSeconds: auth.toleranceSeconds,
				...(now === undefined ? {} : { now }),
			});
	}
}
