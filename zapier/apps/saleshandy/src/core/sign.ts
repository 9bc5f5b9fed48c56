// Generated from shared/sign.ts by zapier/scripts/app-sources.ts: edit that file, then run npm run zapier:sources.
import { createHmac } from 'node:crypto';

/** Raw delivery body: the exact bytes received, or their text (encoded as UTF-8). */
export type RawBody = string | Uint8Array;

/** Hex HMAC-SHA256 of the raw body, keyed with the secret as UTF-8. */
export function sign(body: RawBody, secret: string): string {
	if (typeof body !== 'string' && !(body instanceof Uint8Array)) {
		throw new TypeError('[sign] body must be a string or a Uint8Array');
	}
	if (typeof secret !== 'string' || secret.length === 0) {
		throw new TypeError('[sign] secret must be a non-empty string');
	}
	return createHmac('sha256', secret).update(body).digest('hex');
}
