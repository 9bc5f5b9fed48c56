import type { HeaderMap } from './api-call.js';

function normalise(name: string): string {
	return name
		.toLowerCase()
		.replace(/_/g, '-')
		.replace(/^http-/, '');
}

/** A header's value as one string: repeated headers joined with `, ` as HTTP does. */
function valueOf(value: string | readonly string[] | undefined): string | undefined {
	if (typeof value === 'string') return value;
	if (Array.isArray(value)) {
		const strings = value.filter((item): item is string => typeof item === 'string');
		if (strings.length > 0) return strings.join(', ');
	}
	return undefined;
}

/**
 * Reads a header whatever its case, and under the names platforms rewrite it to
 * (Zapier's `Http-X-Signature`, CGI's `HTTP_X_SIGNATURE`). The name as Node spells every
 * header (lower case) is looked up first; otherwise the first spelling that matches counts.
 * Repeated headers are joined with `, ` as HTTP does.
 */
export function findHeader(
	headers: HeaderMap | undefined | null,
	name: string,
): string | undefined {
	if (headers === null || typeof headers !== 'object') return undefined;
	const wanted = normalise(name);
	const exact = Object.hasOwn(headers, wanted) ? valueOf(headers[wanted]) : undefined;
	if (exact !== undefined) return exact;
	for (const key in headers) {
		if (!Object.hasOwn(headers, key)) continue;
		// Only a key as long as the name, or with a 5-character `Http-` before it, can match.
		const extra = key.length - wanted.length;
		if ((extra !== 0 && extra !== 5) || normalise(key) !== wanted) continue;
		const value = valueOf(headers[key]);
		if (value !== undefined) return value;
	}
	return undefined;
}

/** The headers without `name` (matched as `findHeader` matches), e.g. to keep a signature out of a run's data. */
export function omitHeader<T extends HeaderMap>(headers: T, name: string): Partial<T> {
	const unwanted = normalise(name);
	return Object.fromEntries(
		Object.entries(headers).filter(([key]) => normalise(key) !== unwanted),
	) as Partial<T>;
}
