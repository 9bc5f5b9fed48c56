// Generated from shared/sign-delivery.ts by zapier/scripts/app-sources.ts: edit that file, then run npm run zapier:sources.
import type { DeliveryAuth, ProviderDefinition } from './provider.js';
import { authKinds } from './verify-delivery.js';
import { sign, type RawBody } from './sign.js';

/**
 * The headers that carry a delivery's proof of origin: kept out of a run's data, since whoever
 * reads them could send the delivery again.
 */
export function proofHeaders(provider: ProviderDefinition): string[] {
	return authKinds(provider).flatMap((auth) => {
		switch (auth.kind) {
			case 'hmac-sha256-header':
			case 'secret-header':
				return [auth.header];
			case 'timestamped-hmac':
				return [auth.signatureHeader, auth.timestampHeader];
			case 'secret-in-body':
				return [];
		}
	});
}

/**
 * A delivery of `body` authenticated as the provider does it (by its first kind of proof, or
 * `auth`), for a connector that delivers to itself (sample data) and for tests: the headers to
 * send and the body, which changes only when the secret travels in it. `now` is in epoch
 * milliseconds.
 */
export function signDelivery(
	provider: ProviderDefinition,
	body: string,
	secret: string,
	now = Date.now(),
	auth: DeliveryAuth = authKinds(provider)[0] as DeliveryAuth,
): { headers: Record<string, string>; body: RawBody } {
	switch (auth.kind) {
		case 'hmac-sha256-header':
			return { headers: { [auth.header]: sign(body, secret) }, body };
		case 'secret-header':
			return { headers: { [auth.header]: secret }, body };
		case 'timestamped-hmac': {
			const timestamp = String(Math.floor(now / 1000));
			return {
				headers: {
					[auth.signatureHeader]: `sha256=${sign(`${timestamp}.${body}`, secret)}`,
					[auth.timestampHeader]: timestamp,
				},
				body,
			};
		}
		case 'secret-in-body': {
			const value = JSON.parse(body) as Record<string, unknown>;
			return { headers: {}, body: JSON.stringify({ ...value, [auth.field]: secret }) };
		}
	}
}
