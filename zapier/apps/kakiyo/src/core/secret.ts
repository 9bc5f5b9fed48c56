// Generated from shared/secret.ts by zapier/scripts/app-sources.ts: edit that file, then run npm run zapier:sources.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** Size of a generated hook secret, in bytes (64 hex characters). */
export const SECRET_BYTES = 32;

/** A new hook secret: 32 random bytes, hex-encoded. */
export function generateSecret(): string {
	return randomBytes(SECRET_BYTES).toString('hex');
}

/** How long after it was minted a secret still vouches for the test of a hook being created. */
export const MINTED_WINDOW_MS = 10 * 60_000;

/** A minted secret in the form of a generated one: 64 hex characters. */
const HEX_SECRET = /^[0-9a-f]{64}$/;

function mac(key: string, scope: string, nonce: string): string {
	return createHmac('sha256', key)
		.update(`${scope}\n${nonce}`)
		.digest()
		.subarray(0, 16)
		.toString('hex');
}

/** When a secret in minted form says it was minted, in epoch milliseconds. */
const issuedAt = (secret: string) => Number.parseInt(secret.slice(0, 8), 16) * 1000;

/**
 * A new hook secret that vouches, to whoever holds `key` (the API key every process of the
 * platform reads from the same credential), that it was made for `scope` (the trigger) at `now`.
 * A provider that tests a hook while it is being created sends the new secret before the
 * platform has stored it: another process (n8n's webhook processes in queue mode) then knows the
 * test by this alone. 64 hex characters like `generateSecret`'s: a nonce of the time it was made
 * (4 bytes, seconds) and 12 random bytes, then 16 bytes of HMAC-SHA256 of the scope and nonce
 * under the key, useless without it.
 */
export function mintSecret(key: string, scope: string, now = Date.now()): string {
	const issued = Math.floor(now / 1000)
		.toString(16)
		.padStart(8, '0');
	const nonce = `${issued}${randomBytes(12).toString('hex')}`;
	return `${nonce}${mac(key, scope, nonce)}`;
}

/**
 * Whether `secret` has the form of one `mintSecret` makes and says it was made within the last
 * `MINTED_WINDOW_MS` (a minute ahead allowed for clocks): worth reading the key to check it.
 */
export function mintedRecently(secret: string, now = Date.now()): boolean {
	if (!HEX_SECRET.test(secret)) return false;
	const age = now - issuedAt(secret);
	return age <= MINTED_WINDOW_MS && age >= -60_000;
}

/** Whether `secret` was minted with `key` for `scope` within the last `MINTED_WINDOW_MS`. */
export function mintedFor(secret: string, key: string, scope: string, now = Date.now()): boolean {
	if (key === '' || !mintedRecently(secret, now)) return false;
	const expected = Buffer.from(mac(key, scope, secret.slice(0, 32)), 'hex');
	const presented = Buffer.from(secret.slice(32), 'hex');
	return timingSafeEqual(presented, expected);
}
