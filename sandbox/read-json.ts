import type { IncomingMessage } from 'node:http';

import { HttpError } from './http-error.js';

/** Request bodies above this size are refused, in bytes. */
export const MAX_BODY_BYTES = 1024 * 1024;
/** Deeper bodies are refused: far beyond any provider payload, far below where `JSON.stringify` runs out of stack. */
export const MAX_JSON_DEPTH = 100;

function deeperThan(value: unknown, limit: number): boolean {
	const pending: Array<[unknown, number]> = [[value, 1]];
	for (let next = pending.pop(); next; next = pending.pop()) {
		const [item, depth] = next;
		if (item === null || typeof item !== 'object') continue;
		if (depth > limit) return true;
		for (const child of Object.values(item)) pending.push([child, depth + 1]);
	}
	return false;
}

/** The request's JSON object body, `{}` when empty; a 400 or 413 `HttpError` otherwise. */
export async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
	const chunks: Buffer[] = [];
	let size = 0;
	for await (const chunk of req) {
		size += (chunk as Buffer).length;
		if (size > MAX_BODY_BYTES)
			throw new HttpError(413, 'validation_error', 'Request body too large');
		chunks.push(chunk as Buffer);
	}
	const text = Buffer.concat(chunks).toString('utf8');
	if (text.trim() === '') return {};
	let value: unknown;
	try {
		value = JSON.parse(text);
	} catch {
		throw new HttpError(400, 'validation_error', 'Request body is not valid JSON');
	}
	if (value === null || typeof value !== 'object' || Array.isArray(value)) {
		throw new HttpError(400, 'validation_error', 'Request body must be a JSON object');
	}
	if (deeperThan(value, MAX_JSON_DEPTH)) {
		throw new HttpError(
			400,
			'validation_error',
			`Request body is nested more than ${MAX_JSON_DEPTH} levels deep`,
		);
	}
	return value as Record<string, unknown>;
}
