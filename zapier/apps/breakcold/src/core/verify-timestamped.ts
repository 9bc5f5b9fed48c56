// Generated from shared/verify-timestamped.ts by zapier/scripts/app-sources.ts: edit that file, then run npm run zapier:sources.
import type { RawBody } from './sign.js';
import { asResult, checkSignedParts, type VerifyResult } from './verify.js';

/** How far a signed timestamp may be from now, by default, in seconds (5 minutes). */
export const DEFAULT_TOLERANCE_SECONDS = 5 * 60;
/** Timestamps above this are milliseconds, below it seconds. */
const MILLISECONDS_ABOVE = 1e12;

export interface TimestampedInput {
	/** The exact body bytes received. */
	readonly body: RawBody;
	/** The signature header's value (hex, `sha256=<hex>` or base64; several may be listed). */
	readonly signature: unknown;
	/** The timestamp header's value: Unix seconds, or milliseconds (a value above 1e12). */
	readonly timestamp: unknown;
	readonly secret: string | readonly string[] | undefined | null;
	/** The current time in epoch milliseconds; `Date.now()` by default. */
	readonly now?: number;
	/** How far the timestamp may be from now, either way, in seconds. */
	readonly toleranceSeconds?: number;
}

/**
 * Checks an HMAC-SHA256 over `${timestamp}.${rawBody}`, and that the timestamp is within the
 * tolerance of now, too old or too far ahead (a replay of a captured delivery is then refused
 * whatever its body says). Never throws on what was presented.
 */
export function verifyTimestamped(input: TimestampedInput): VerifyResult {
	const { timestamp } = input;
	if (typeof timestamp !== 'string' || !/^\d{1,16}$/.test(timestamp.trim()))
		return { ok: false, reason: 'missing-timestamp' };
	const value = Number(timestamp.trim());
	const at = value > MILLISECONDS_ABOVE ? value : value * 1000;
	const now = input.now ?? Date.now();
	const tolerance = (input.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS) * 1000;
	if (now - at > tolerance) return { ok: false, reason: 'too-old' };
	if (at - now > tolerance) return { ok: false, reason: 'too-new' };
	const { body } = input;
	if (typeof body !== 'string' && !(body instanceof Uint8Array)) {
		throw new TypeError('[verifyTimestamped] body must be a string or a Uint8Array');
	}
	return asResult(checkSignedParts([`${timestamp.trim()}.`, body], input.signature, input.secret));
}
