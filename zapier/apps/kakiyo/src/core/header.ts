// Generated from shared/header.ts by zapier/scripts/app-sources.ts: edit that file, then run npm run zapier:sources.
import type { HeaderMap } from './api-call.js';

function normalise(name: string): string {
	let lower = name.toLowerCase();
	if (lower.includes('_')) lower = lower.replaceAll('_', '-');
	return lower.startsWith('http-') ? lower.slice(5) : lower;
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
 * Each header map's values by normalised name, made on the first lookup that Node's spelling
 * misses (Zapier's `Http-` names), so the other lookups of one delivery do not normalise every
 * name again. A map is read as it was then: a delivery's headers do not change while it is read.
 */
const normalised = new WeakMap<object, Map<string, string>>();

function indexOf(headers: HeaderMap): Map<string, string> {
	let index = normalised.get(headers);
	if (index === undefined) {
		index = new Map();
		for (const key in headers) {
			if (!Object.hasOwn(headers, key)) continue;
			const name = normalise(key);
			if (index.has(name)) continue;
			const value = valueOf(headers[key]);
			if (value !== undefined) index.set(name, value);
		}
		normalised.set(headers, index);
	}
	return index;
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
	return exact ?? indexOf(headers).get(wanted);
}

/** The headers without `name` (matched as `findHeader` matches), e.g. to keep a signature out of a run's data. */
export function omitHeader<T extends HeaderMap>(headers: T, name: string): Partial<T> {
	const unwanted = normalise(name);
	return Object.fromEntries(
		Object.entries(headers).filter(([key]) => normalise(key) !== unwanted),
	) as Partial<T>;
}
