import { createHash } from 'node:crypto';

import type { RawBody } from './sign.js';

/** A delivery remembered so that a retry of it can be recognised. */
export interface SeenDelivery {
	/** SHA-256 of the raw body, hex. */
	readonly fingerprint: string;
	/** When it arrived, in milliseconds since the epoch. */
	readonly at: number;
}

/** How long a delivery is remembered, in milliseconds: Kakiyo's retries end within seconds. */
export const REPEAT_WINDOW_MS = 60 * 60 * 1000;
/** At most this many deliveries are remembered, the newest kept. */
export const MAX_REMEMBERED = 500;

/**
 * SHA-256 of a delivery's raw bytes, hex: the same for a retry of it (Kakiyo sends no delivery
 * id, and a retry repeats the body byte for byte), different for any other delivery.
 */
export function deliveryFingerprint(body: RawBody): string {
	return createHash('sha256').update(body).digest('hex');
}

/**
 * Records a delivery and says whether the same bytes already arrived within the window.
 * Kakiyo sends no delivery id, and a retry repeats the body byte for byte (timestamp included),
 * so identical bytes mean the same event. Pure: the caller stores `seen` where it can.
 */
export function rememberDelivery(
	seen: readonly SeenDelivery[] | undefined,
	body: RawBody,
	now: number,
): { repeat: boolean; seen: SeenDelivery[] } {
	const fingerprint = deliveryFingerprint(body);
	const recent = (Array.isArray(seen) ? seen : []).filter(
		(entry) => typeof entry?.fingerprint === 'string' && now - entry.at < REPEAT_WINDOW_MS,
	);
	const repeat = recent.some((entry) => entry.fingerprint === fingerprint);
	if (!repeat) recent.push({ fingerprint, at: now });
	return { repeat, seen: recent.slice(-MAX_REMEMBERED) };
}
