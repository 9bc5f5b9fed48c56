/** How far from now a delivery's own date may be, by default, in milliseconds (24 hours). */
export const DEFAULT_MAX_AGE_MS = 24 * 60 * 60 * 1000;

/** Epoch numbers below this are seconds, above it milliseconds (1e12 ms is in 2001). */
const SECONDS_BELOW = 1e12;

export type AgeVerdict = 'fresh' | 'too-old' | 'too-new' | 'undated';

/**
 * When the delivery says it was made, in milliseconds since the epoch: its top-level
 * `timestamp` as an ISO 8601 string or epoch seconds or milliseconds; `undefined` without one.
 */
export function deliveryTime(event: Readonly<Record<string, unknown>>): number | undefined {
	const value = event.timestamp;
	if (typeof value === 'number' && Number.isFinite(value) && value > 0)
		return value < SECONDS_BELOW ? value * 1000 : value;
	if (typeof value !== 'string' || value === '') return undefined;
	const parsed = Date.parse(value);
	return Number.isNaN(parsed) ? undefined : parsed;
}

/**
 * Whether a delivery dated `at` is within `maxAgeMs` of `now`, either way: a signed body can be
 * replayed by whoever captured it, so one dated too far back (or ahead) is refused. A
 * `maxAgeMs` of 0 turns the check off.
 */
export function checkAge(at: number | undefined, now: number, maxAgeMs: number): AgeVerdict {
	if (at === undefined) return 'undated';
	if (maxAgeMs <= 0) return 'fresh';
	if (now - at > maxAgeMs) return 'too-old';
	if (at - now > maxAgeMs) return 'too-new';
	return 'fresh';
}
