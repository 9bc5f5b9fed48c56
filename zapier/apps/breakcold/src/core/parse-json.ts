// Generated from shared/parse-json.ts by zapier/scripts/app-sources.ts: edit that file, then run npm run zapier:sources.
import type { RawBody } from './sign.js';

export type JsonResult = { readonly ok: true; readonly value: unknown } | { readonly ok: false };

/** UTF-8 text of the bytes, without copying them first. */
function textOf(bytes: Uint8Array): string {
	return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
}

/** Deletes every own `__proto__` key, at any depth, without recursion (a body may nest deeply). */
function dropProtoKeys(root: unknown): void {
	const pending: unknown[] = [root];
	while (pending.length > 0) {
		const value = pending.pop();
		if (value === null || typeof value !== 'object') continue;
		if (Object.hasOwn(value, '__proto__')) delete (value as Record<string, unknown>)['__proto__'];
		for (const inner of Object.values(value))
			if (inner !== null && typeof inner === 'object') pending.push(inner);
	}
}

/**
 * `JSON.parse` of a raw body that no key can use to change a prototype. `JSON.parse` itself
 * makes `__proto__` an own property, but the first copy by assignment (zod's, n8n's, a
 * spread in user code) turns it into the prototype, and required fields then pass on
 * inherited values; so such keys are dropped. Only a text that can spell the key (literally,
 * or through a `\u` escape) is walked.
 */
export function parseJson(raw: RawBody): JsonResult {
	let value: unknown;
	try {
		const read = typeof raw === 'string' ? raw : textOf(raw);
		// A byte order mark before the JSON is no part of it (n8n's own parser skips one too); the
		// signature still covers the bytes as they came.
		const text = read.charCodeAt(0) === 0xfeff ? read.slice(1) : read;
		value = JSON.parse(text) as unknown;
		if (text.includes('__proto__') || text.includes('\\u')) dropProtoKeys(value);
	} catch {
		return { ok: false };
	}
	return { ok: true, value };
}
