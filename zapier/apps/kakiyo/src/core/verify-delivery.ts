// Generated from shared/verify-delivery.ts by zapier/scripts/app-sources.ts: edit that file, then run npm run zapier:sources.
import type { HeaderMap } from './api-call.js';
import { findHeader } from './header.js';
import type { DeliveryAuth, ProviderDefinition } from './provider.js';
import type { RawBody } from './sign.js';
import { parseJson, type JsonResult } from './parse-json.js';
import { verifySecret } from './verify-secret.js';
import { verifyTimestamped } from './verify-timestamped.js';
import { asResult, checkSignature, type Proof, type VerifyResult } from './verify.js';

export interface Delivery {
	readonly headers: HeaderMap;
	/** The exact body bytes received. */
	readonly body: RawBody;
}

/**
 * The body read as JSON once, however many of the steps want it: the kind of proof, a secret in
 * the body, the event.
 */
export class ParsedBody {
	private json: JsonResult | undefined;

	constructor(readonly raw: RawBody) {}

	get value(): JsonResult {
		this.json ??= parseJson(this.raw);
		return this.json;
	}
}

/** A top-level field of a JSON body, or `undefined`. */
function bodyField(body: ParsedBody, field: string): unknown {
	const json = body.value;
	if (!json.ok || json.value === null || typeof json.value !== 'object') return undefined;
	return Object.hasOwn(json.value, field)
		? (json.value as Record<string, unknown>)[field]
		: undefined;
}

/** The ways a provider authenticates deliveries, in the order they are recognised. */
export function authKinds(provider: ProviderDefinition): readonly DeliveryAuth[] {
	const auth = provider.deliveryAuth;
	return Array.isArray(auth) ? auth : [auth as DeliveryAuth];
}

/** Whether a delivery carries what this kind of proof travels in (it may still be wrong). */
function carries(auth: DeliveryAuth, delivery: Delivery, body: ParsedBody): boolean {
	switch (auth.kind) {
		case 'hmac-sha256-header':
		case 'secret-header':
			return findHeader(delivery.headers, auth.header) !== undefined;
		case 'timestamped-hmac':
			return findHeader(delivery.headers, auth.signatureHeader) !== undefined;
		case 'secret-in-body':
			return bodyField(body, auth.field) !== undefined;
	}
}

/**
 * The kind of proof a delivery is judged by: the first of the provider's whose mark it carries,
 * else the first (which then finds no proof). A delivery is never judged by a second kind once
 * it carries the first's mark, so a wrong signature cannot fall back to a weaker format.
 */
export function authKindOf(
	provider: ProviderDefinition,
	delivery: Delivery,
	body = new ParsedBody(delivery.body),
): DeliveryAuth {
	const kinds = authKinds(provider);
	if (kinds.length === 1) return kinds[0] as DeliveryAuth;
	return kinds.find((auth) => carries(auth, delivery, body)) ?? (kinds[0] as DeliveryAuth);
}

/** Checks a delivery by one kind of proof. */
export function verifyWith(
	auth: DeliveryAuth,
	delivery: Delivery,
	secret: string | readonly string[] | undefined | null,
	now?: number,
	body = new ParsedBody(delivery.body),
): VerifyResult {
	return asResult(checkWith(auth, delivery, secret, now, body));
}

/** `verifyWith`, with the digest that matched where the proof is an HMAC of the body. */
export function checkWith(
	auth: DeliveryAuth,
	delivery: Delivery,
	secret: string | readonly string[] | undefined | null,
	now: number | undefined,
	body: ParsedBody,
): Proof {
	switch (auth.kind) {
		case 'hmac-sha256-header':
			return checkSignature({
				body: delivery.body,
				signature: findHeader(delivery.headers, auth.header),
				secret,
			});
		case 'secret-header':
			return verifySecret(findHeader(delivery.headers, auth.header), secret);
		case 'secret-in-body':
			return verifySecret(bodyField(body, auth.field), secret);
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
	const body = new ParsedBody(delivery.body);
	return verifyWith(authKindOf(provider, delivery, body), delivery, secret, now, body);
}
