// Generated from shared/delivery-age.ts by zapier/scripts/app-sources.ts: edit that file, then run npm run zapier:sources.
/** How far from now a delivery's own date may be, by default, in milliseconds (24 hours). */
export const DEFAULT_MAX_AGE_MS = 24 * 60 * 60 * 1000;

/** An epoch number below each bound is read in that unit (1e11 s is the year 5138). */
const EPOCH_UNITS: ReadonlyArray<readonly [bound: number, toMs: number]> = [
	[1e11, 1000],
	[1e14, 1],
	[1e17, 1e-3],
	[1e20, 1e-6],
];
/** The largest time a JavaScript date can hold, in epoch milliseconds. */
const MAX_DATE_MS = 8.64e15;

export type AgeVerdict = 'fresh' | 'too-old' | 'too-new' | 'undated';

/**
 * When the delivery says it was made, in milliseconds since the epoch: its top-level `field`
 * (`timestamp` by default) as an ISO 8601 string, or epoch seconds, milliseconds, microseconds
 * or nanoseconds (told apart by size); `undefined` without one that reads as a date.
 */
export function deliveryTime(
	event: Readonly<Record<string, unknown>>,
	field = 'timestamp',
): number | undefined {
	const value = Object.hasOwn(event, field) ? event[field] : undefined;
	if (typeof value === 'number') {
		if (!Number.isFinite(value) || value <= 0) return undefined;
		const unit = EPOCH_UNITS.find(([bound]) => value < bound);
		return unit === undefined ? undefined : value * unit[1];
	}
	if (typeof value !== 'string' || value === '') return undefined;
	const parsed = Date.parse(value);
	return Number.isNaN(parsed) || Math.abs(parsed) > MAX_DATE_MS ? undefined : parsed;
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

const HOUR_MS = 3_600_000;

/** The Maximum Age setting each trigger shows where its provider dates deliveries, in hours. */
export const MAX_AGE_SETTING = {
	label: 'Maximum Age (Hours)',
	defaultHours: DEFAULT_MAX_AGE_MS / HOUR_MS,
	help: 'A delivery dated further from now than this starts nothing: it may be a captured delivery sent again. 0 turns the check off.',
} as const;

/**
 * A Maximum Age setting, in hours (a number, or its text as a form gives it), in milliseconds:
 * `DEFAULT_MAX_AGE_MS` for anything else (empty, negative, an expression gone wrong), so that
 * the check stays on.
 */
export function maxAgeMsOf(hours: unknown): number {
	const value =
		typeof hours === 'number'
			? hours
			: typeof hours === 'string' && hours.trim() !== ''
				? Number(hours)
				: NaN;
	return Number.isFinite(value) && value >= 0 ? value * HOUR_MS : DEFAULT_MAX_AGE_MS;
}
