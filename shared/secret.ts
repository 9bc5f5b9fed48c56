import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** Size of a generated hook secret, in bytes (64 hex characters). */
export const SECRET_BYTES = 32;

/** A new hook secret: 32 random bytes, hex-encoded. */
export function generateSecret(): string {
	return randomBytes(SECRET_BYTES).toString('hex');
}

/** How long after it was minted a secret still vouches for the test of a hook being created. */
export const MINTED_WINDOW_MS = 10 * 60_000;

/** `<issued, epoch seconds>.<nonce, 32 hex>.<HMAC-SHA256, base64url>`. */
const MINTED = /^(\d{1,12})\.([0-9a-f]{32})\.([\w-]{43})$/;

function mac(key: string, scope: string, issued: string, nonce: string): Buffer {
	return createHmac('sha256', key).update(`${scope}\n${issued}\n${nonce}`).digest();
}

/**
 * A new hook secret that vouches, to whoever holds `key` (the API key every process of the
 * platform reads from the same credential), that it was made for `scope` (the trigger) at `now`.
 * A provider that tests a hook while it is being created sends the new secret before the
 * platform has stored it: another process (n8n's webhook processes in queue mode) then knows the
 * test by this alone. As random as `generateSecret` (its nonce), and useless without the key.
 */
export function mintSecret(key: string, scope: string, now = Date.now()): string {
	const issued = String(Math.floor(now / 1000));
	const nonce = randomBytes(16).toString('hex');
	return `${issued}.${nonce}.${mac(key, scope, issued, nonce).toString('base64url')}`;
}

/** Whether `secret` has the form of one `mintSecret` makes: worth reading the key to check it. */
export function looksMinted(secret: string): boolean {
	return MINTED.test(secret);
}

/** Whether `secret` was minted with `key` for `scope` within the last `MINTED_WINDOW_MS`. */
export function mintedFor(secret: string, key: string, scope: string, now = Date.now()): boolean {
	const parts = MINTED.exec(secret);
	if (parts === null || key === '') return false;
	const [, issued, nonce, given] = parts as unknown as [string, string, string, string];
	const age = now - Number(issued) * 1000;
	// A minute of clock difference between the processes is allowed the other way.
	if (age > MINTED_WINDOW_MS || age < -60_000) return false;
	const expected = mac(key, scope, issued, nonce);
	const presented = Buffer.from(given, 'base64url');
	return presented.length === expected.length && timingSafeEqual(presented, expected);
}
