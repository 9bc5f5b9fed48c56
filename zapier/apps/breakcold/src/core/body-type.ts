// Generated from shared/body-type.ts by zapier/scripts/app-sources.ts: edit that file, then run npm run zapier:sources.
import type { ProviderDefinition } from './provider.js';

/** A request turned away for its Content-Type before its body is read, and how to answer it. */
export interface BodyTypeRefusal {
	readonly status: 415;
	/** For the sender: plain, and naming nothing about the hook. */
	readonly message: string;
}

/**
 * Whether a request's Content-Type rules it out as a delivery before anything reads its body.
 * Every provider sends JSON and proves its exact bytes; a multipart body is split into parts by
 * the platform before a trigger runs (n8n keeps no raw bytes of one), so nothing in it can be
 * proven, and reading it again would fail. Any other type is read and judged by its proof alone,
 * since providers label JSON loosely (`text/plain`, or no type at all).
 */
export function refuseBodyType(
	provider: ProviderDefinition,
	contentType: string | undefined,
): BodyTypeRefusal | undefined {
	const type = (contentType ?? '').split(';', 1)[0]!.trim().toLowerCase();
	if (!type.startsWith('multipart/')) return undefined;
	return {
		status: 415,
		message: `${provider.displayName} sends its deliveries as JSON; a ${type} body cannot be one.`,
	};
}
