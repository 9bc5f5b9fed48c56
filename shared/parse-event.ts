import type { ProviderDefinition } from './provider.js';
import type { RawBody } from './sign.js';

export type ParseFailure = 'malformed-json' | 'not-an-event' | 'invalid-event';

export type ParseResult<T> =
	| { readonly ok: true; readonly event: T }
	| { readonly ok: false; readonly reason: ParseFailure; readonly message: string };

/** How many schema issues a failure message lists. */
const MAX_ISSUES = 3;

function fromJson(raw: RawBody): { ok: true; value: unknown } | { ok: false } {
	try {
		const text = typeof raw === 'string' ? raw : Buffer.from(raw).toString('utf8');
		return { ok: true, value: JSON.parse(text) as unknown };
	} catch {
		return { ok: false };
	}
}

/**
 * Reads a delivery (raw body, or JSON already parsed) as one of the provider's events.
 * Never throws: a failure carries a reason and a message naming the offending fields.
 */
export function parseEvent<T = Record<string, unknown>>(
	provider: ProviderDefinition,
	raw: unknown,
): ParseResult<T> {
	let value = raw;
	if (typeof raw === 'string' || raw instanceof Uint8Array) {
		const json = fromJson(raw);
		if (!json.ok)
			return { ok: false, reason: 'malformed-json', message: 'The body is not valid JSON.' };
		value = json.value;
	}
	if (value === null || typeof value !== 'object' || Array.isArray(value)) {
		return { ok: false, reason: 'not-an-event', message: 'The body is not a JSON object.' };
	}
	const eventId = (value as Record<string, unknown>).event;
	if (typeof eventId !== 'string' || eventId === '') {
		return { ok: false, reason: 'not-an-event', message: 'The body has no "event" field.' };
	}
	const parsed = provider.schemaFor(eventId).safeParse(value);
	if (parsed.success) return { ok: true, event: parsed.data as T };
	const issues = parsed.error.issues
		.slice(0, MAX_ISSUES)
		.map((issue) => `${issue.path.join('.') || '(body)'}: ${issue.message}`);
	return {
		ok: false,
		reason: 'invalid-event',
		message: `The "${eventId}" event does not have the expected shape: ${issues.join('; ')}.`,
	};
}
