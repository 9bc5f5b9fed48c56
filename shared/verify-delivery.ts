import type { HeaderMap } from './api-call.js';
import { findHeader } from './header.js';
import type { ProviderDefinition } from './provider.js';
import type { RawBody } from './sign.js';
import { verifySignature, type VerifyResult } from './verify.js';

export interface Delivery {
	readonly headers: HeaderMap;
	/** The exact body bytes received. */
	readonly body: RawBody;
}

/** Checks a delivery the way its provider authenticates deliveries. */
export function verifyDelivery(
	provider: ProviderDefinition,
	delivery: Delivery,
	secret: string | readonly string[] | undefined | null,
): VerifyResult {
	const signature = findHeader(delivery.headers, provider.deliveryAuth.header);
	return verifySignature({ body: delivery.body, signature, secret });
}
