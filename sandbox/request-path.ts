import { HttpError } from './http-error.js';

/**
 * The still percent-encoded path of a request target, or undefined for one that names no path
 * (`*`). A target starting with `//` or `/\` stays a path on the sandbox rather than naming a host:
 * resolving it against a base throws, and did so outside any handler.
 */
export function requestPath(target: string): string | undefined {
	try {
		return new URL(target.startsWith('/') ? `http://sandbox${target}` : target).pathname;
	} catch {
		return undefined;
	}
}

/** A path segment decoded, or a 400 `HttpError` for a malformed escape such as `%zz`. */
export function decodeSegment(segment: string): string {
	try {
		return decodeURIComponent(segment);
	} catch {
		throw new HttpError(400, 'validation_error', `Malformed percent-encoding in path: ${segment}`);
	}
}
