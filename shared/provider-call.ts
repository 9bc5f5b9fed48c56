import type { ApiCall, ApiRequest, ApiResponse } from './api-call.js';
import { ProviderError } from './provider-error.js';
import {
	errorOfAnswer,
	unexpectedAnswer,
	unreachable,
	type ErrorWording,
} from './error-of-answer.js';

/** Returned by a success parser when a 2xx body is not what the provider documents. */
export const UNEXPECTED = Symbol('unexpected');

/** Providers wrap some answers (`{webhook}`, `{data}`, `{payload}`): the first key present, or the body. */
export function unwrap(body: unknown, ...keys: string[]): unknown {
	if (body === null || typeof body !== 'object' || Array.isArray(body)) return body;
	for (const key of keys) {
		const inner = (body as Record<string, unknown>)[key];
		if (inner !== undefined) return inner;
	}
	return body;
}

/**
 * A call of a provider's API: the request, and a parser that reads a 2xx with `onSuccess`, a
 * 404 with `onNotFound` where one is given, and anything else as the provider's error.
 */
export function providerCall<T>(
	wording: ErrorWording,
	request: ApiRequest,
	doing: string,
	onSuccess: (body: unknown) => T | typeof UNEXPECTED,
	onNotFound?: () => T,
): ApiCall<T> {
	return {
		request,
		parse(response: ApiResponse): T {
			if (response.status === 404 && onNotFound) return onNotFound();
			if (response.status < 200 || response.status > 299)
				throw errorOfAnswer(wording, response, doing);
			const result = onSuccess(response.body);
			if (result === UNEXPECTED) throw unexpectedAnswer(wording, response, doing);
			return result;
		},
		unreachable: (cause: unknown) => unreachable(wording, cause, doing),
	};
}

/** `providerCall` bound to a provider's wording: how a definition writes its calls. */
export function callsWith(wording: ErrorWording) {
	return function call<T>(
		request: ApiRequest,
		doing: string,
		onSuccess: (body: unknown) => T | typeof UNEXPECTED,
		onNotFound?: () => T,
	): ApiCall<T> {
		return providerCall(wording, request, doing, onSuccess, onNotFound);
	};
}

/** Reading one hook at `path`: `null` when the provider answers 404, no longer knowing it. */
export function readHook<T>(
	call: ReturnType<typeof callsWith>,
	path: string,
	id: string,
	parse: (body: unknown) => T | typeof UNEXPECTED,
): ApiCall<T | null> {
	return call<T | null>({ method: 'GET', path }, `reading webhook ${id}`, parse, () => null);
}

/**
 * The call, with `secret` blanked out of any error message: a provider's own text is quoted,
 * and a validation message may echo what was posted.
 */
export function withoutSecret<T>(inner: ApiCall<T>, secret: string): ApiCall<T> {
	return {
		...inner,
		parse(response: ApiResponse): T {
			let failure: unknown;
			try {
				return inner.parse(response);
			} catch (error) {
				failure = error;
			}
			if (!(failure instanceof ProviderError) || !failure.message.includes(secret)) throw failure;
			throw new ProviderError(
				failure.message.split(secret).join('[secret]'),
				failure.kind,
				failure.status,
				failure.code,
				failure.retryAfterSeconds,
			);
		},
	};
}
