import type { RawBody } from './sign.js';

export type JsonResult = { readonly ok: true; readonly value: unknown } | { readonly ok: false };

/** Drops `__proto__` keys, which would change an object's prototype wherever they are copied. */
function withoutProtoKeys(key: string, value: unknown): unknown {
	return key === '__proto__' ? undefined : value;
}

/** UTF-8 text of the bytes, without copying them first. */
function textOf(bytes: Uint8Array): string {
	return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
}

/**
 * `JSON.parse` of a raw body that no key can use to change a prototype. `JSON.parse` itself
 * makes `__proto__` an own property, but the first copy by assignment (zod's, n8n's, a
 * spread in user code) turns it into the prototype, and required fields then pass on
 * inherited values; so such keys are dropped. The reviver is slow, so it runs only when the
 * text can spell the key: literally, or through a `\u` escape.
 */
export function parseJson(raw: RawBody): JsonResult {
	try {
		const text = typeof raw === 'string' ? raw : textOf(raw);
		const risky = text.includes('__proto__') || text.includes('\\u');
		return { ok: true, value: JSON.parse(text, risky ? withoutProtoKeys : undefined) as unknown };
	} catch {
		return { ok: false };
	}
}
