import { randomBytes } from 'node:crypto';

/** Size of a generated hook secret, in bytes (64 hex characters). */
export const SECRET_BYTES = 32;

/** A new hook secret: 32 random bytes, hex-encoded. */
export function generateSecret(): string {
	return randomBytes(SECRET_BYTES).toString('hex');
}
