// Generated from shared/verify.ts by zapier/scripts/app-sources.ts: edit that file, then run npm run zapier:sources.
import { createHmac, timingSafeEqual } from 'node:crypto';

import type { RawBody } from './sign.js';

export type VerifyFailure =
	| 'missing-secret'
	| 'missing-signature'
	| 'bad-encoding'
	| 'mismatch'
	/** Timestamped signatures: no timestamp, or one outside the tolerance either way. */
	| 'missing-timestamp'
	| 'too-old'
	| 'too-new';

export type VerifyResult =
	| { readonly ok: true }
	| { readonly ok: false; readonly reason: VerifyFailure };

/**
 * A `VerifyResult` that, for an HMAC, also holds the digest that matched: an id of the signed
 * bytes a caller may use rather than hashing them again. Kept inside the core: its `check*`
 * functions answer it, the public `verify*` ones a `VerifyResult`.
 */
export type Proof =
	| { readonly ok: true; readonly digest?: Buffer }
	| { readonly ok: false; readonly reason: VerifyFailure };

const VERIFIED: VerifyResult = Object.freeze({ ok: true });

/** A proof as the public verifiers answer: `{ ok: true }` without the digest. */
export function asResult(proof: Proof): VerifyResult {
	return proof.ok ? VERIFIED : proof;
}

export interface VerifyInput {
	/** The exact body bytes received (or their UTF-8 text), never re-serialised JSON. */
	readonly body: RawBody;
	/** The signature header's value; several signatures may be separated by commas or spaces. */
	readonly signature: unknown;
	/** The stored secret, or several during a rotation. */
	readonly secret: string | readonly string[] | undefined | null;
}

const DIGEST_BYTES = 32;
/** Longer header values are refused before any decoding, in characters. */
const MAX_SIGNATURE_LENGTH = 1024;
const HEX_DIGEST = /^[0-9a-f]{64}$/i;
const BASE64_DIGEST = /^[A-Za-z0-9+/_-]{43}={0,1}$/;

function decode(candidate: string): Buffer | undefined {
	const value = candidate.replace(/^sha256=/i, '');
	if (HEX_DIGEST.test(value)) return Buffer.from(value, 'hex');
	if (BASE64_DIGEST.test(value)) {
		const bytes = Buffer.from(value.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
		return bytes.length === DIGEST_BYTES ? bytes : undefined;
	}
	return undefined;
}

function secretsOf(secret: VerifyInput['secret']): readonly string[] {
	if (typeof secret === 'string') return secret.length > 0 ? [secret] : [];
	const list: readonly unknown[] = Array.isArray(secret) ? secret : [];
	return list.filter((item): item is string => typeof item === 'string' && item.length > 0);
}

/**
 * Checks an HMAC-SHA256 signature of the raw body. Accepts hex, `sha256=<hex>` and base64
 * (standard or URL-safe). A mismatch is a result, never an exception; only a body of the wrong
 * type throws. With no secret stored every delivery is refused: unsigned traffic never passes.
 */
export function verifySignature(input: VerifyInput): VerifyResult {
	return asResult(checkSignature(input));
}

/** `verifySignature`, with the digest that matched. */
export function checkSignature(input: VerifyInput): Proof {
	const { body } = input;
	if (typeof body !== 'string' && !(body instanceof Uint8Array)) {
		throw new TypeError('[verifySignature] body must be a string or a Uint8Array');
	}
	return checkSignedParts([body], input.signature, input.secret);
}

/**
 * Checks a signature of the concatenation of `parts`, each fed to the HMAC in turn (no copy of
 * the body to prepend a prefix).
 */
export function checkSignedParts(
	parts: readonly RawBody[],
	signature: unknown,
	secret: VerifyInput['secret'],
): Proof {
	const secrets = secretsOf(secret);
	if (secrets.length === 0) return { ok: false, reason: 'missing-secret' };
	if (typeof signature !== 'string' || signature.trim() === '') {
		return { ok: false, reason: 'missing-signature' };
	}
	if (signature.length > MAX_SIGNATURE_LENGTH) return { ok: false, reason: 'bad-encoding' };

	const candidates = candidatesOf(signature);
	if (candidates.length === 0) return { ok: false, reason: 'bad-encoding' };

	let matched: Buffer | undefined;
	for (const key of secrets) {
		const hmac = createHmac('sha256', key);
		for (const part of parts) hmac.update(part);
		const expected = hmac.digest();
		for (const candidate of candidates) {
			// Both sides are 32 bytes by construction; timingSafeEqual keeps the comparison
			// from leaking, through its timing, how many leading bytes of a forgery were right.
			if (timingSafeEqual(expected, candidate)) matched = expected;
		}
	}
	return matched ? { ok: true, digest: matched } : { ok: false, reason: 'mismatch' };
}

/** The decodable digests a signature header lists (one, usually). */
function candidatesOf(signature: string): Buffer[] {
	// The common case, a single value, skips the split.
	if (!/[\s,]/.test(signature)) {
		const bytes = decode(signature);
		return bytes === undefined ? [] : [bytes];
	}
	return signature
		.split(/[\s,]+/)
		.filter((part) => part !== '')
		.map(decode)
		.filter((bytes): bytes is Buffer => bytes !== undefined);
}
