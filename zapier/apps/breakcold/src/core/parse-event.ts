// Generated from shared/parse-event.ts by zapier/scripts/app-sources.ts: edit that file, then run npm run zapier:sources.
import { parseJson, type JsonResult } from './parse-json.js';
import type { ProviderDefinition } from './provider.js';
import { schemaCheck } from './schema-check.js';

export type ParseFailure = 'malformed-json' | 'not-an-event' | 'invalid-event';

export type ParseResult<T> =
	| { readonly ok: true; readonly event: T }
	| { readonly ok: false; readonly reason: ParseFailure; readonly message: string };

/**
 * A delivery read as the provider sent it. `disagreement` names the fields the event's schema
 * refuses, when it refuses any: the provider knows its data better than our schema.
 */
export type ReadResult<T> =
	| { readonly ok: true; readonly event: T; readonly disagreement?: string }
	| {
			readonly ok: false;
			readonly reason: Exclude<ParseFailure, 'invalid-event'>;
			readonly message: string;
	  };

/** How many schema issues a message lists. */
const MAX_ISSUES = 3;

/**
 * Reads a delivery (raw body, or JSON already parsed) as a JSON object with an `event` string,
 * checks it against that event's schema, and returns it as sent, never the schema's copy.
 * Never throws.
 */
export function readEvent<T = Record<string, unknown>>(
	provider: ProviderDefinition,
	raw: unknown,
): ReadResult<T> {
	return typeof raw === 'string' || raw instanceof Uint8Array
		? readJson<T>(provider, parseJson(raw))
		: readJson<T>(provider, { ok: true, value: raw });
}

/** `readEvent` of a body already read by `parseJson`. */
export function readJson<T = Record<string, unknown>>(
	provider: ProviderDefinition,
	json: JsonResult,
): ReadResult<T> {
	if (!json.ok)
		return { ok: false, reason: 'malformed-json', message: 'The body is not valid JSON.' };
	const value = json.value;
	if (value === null || typeof value !== 'object' || Array.isArray(value)) {
		return { ok: false, reason: 'not-an-event', message: 'The body is not a JSON object.' };
	}
	const eventId = (value as Record<string, unknown>).event;
	if (typeof eventId !== 'string' || eventId === '') {
		return { ok: false, reason: 'not-an-event', message: 'The body has no "event" field.' };
	}
	const schema = provider.schemaFor(eventId);
	// The fast check agrees with zod (a property test proves it); zod words a disagreement.
	if (schemaCheck(schema)(value)) return { ok: true, event: value as T };
	const checked = schema.safeParse(value);
	if (checked.success) return { ok: true, event: value as T };
	const issues = checked.error.issues
		.slice(0, MAX_ISSUES)
		.map((issue) => `${issue.path.join('.') || '(body)'}: ${issue.message}`);
	return {
		ok: true,
		event: value as T,
		disagreement: `The "${eventId}" event does not have the expected shape: ${issues.join('; ')}.`,
	};
}

/**
 * `readEvent`, strict: a schema mismatch is a failure. For what we own (tests, samples, the
 * sandbox); deliveries go through `readEvent`.
 */
export function parseEvent<T = Record<string, unknown>>(
	provider: ProviderDefinition,
	raw: unknown,
): ParseResult<T> {
	const read = readEvent<T>(provider, raw);
	if (!read.ok) return read;
	if (read.disagreement !== undefined)
		return { ok: false, reason: 'invalid-event', message: read.disagreement };
	return { ok: true, event: read.event };
}
