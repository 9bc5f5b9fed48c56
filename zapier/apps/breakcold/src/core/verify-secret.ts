// Generated from shared/verify-secret.ts by zapier/scripts/app-sources.ts: edit that file, then run npm run zapier:sources.
import { createHash, timingSafeEqual } from 'node:crypto';

import type { VerifyResult } from './verify.js';

/** Longer presented values are refused before any hashing, in characters. */
const MAX_PRESENTED_LENGTH = 1024;

function digest(value: string): Buffer {
	return createHash('sha256').update(value, 'utf8').digest();
}

/**
 * Checks a shared secret the provider sends back as it was given (a header the connector
 * registered, or a field of the body), against the stored secret or several during a rotation.
 * Never throws on what was presented.
 */
export function verifySecret(
	presented: unknown,
	secret: string | readonly string[] | undefined | null,
): VerifyResult {
	const secrets = (
		typeof secret === 'string' ? [secret] : Array.isArray(secret) ? secret : []
	).filter((item): item is string => typeof item === 'string' && item.length > 0);
	if (secrets.length === 0) return { ok: false, reason: 'missing-secret' };
	if (typeof presented !== 'string' || presented === '')
		return { ok: false, reason: 'missing-signature' };
	if (presented.length > MAX_PRESENTED_LENGTH) return { ok: false, reason: 'bad-encoding' };
	const given = digest(presented);
	let matched = false;
	for (const candidate of secrets) {
		// Comparing digests keeps both sides 32 bytes, so neither the timing nor a length check
		// tells a caller how much of a guess was right, or how long the secret is.
		if (timingSafeEqual(given, digest(candidate))) matched = true;
	}
	return matched ? { ok: true } : { ok: false, reason: 'mismatch' };
}
