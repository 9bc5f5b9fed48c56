// Generated from shared/error-of-answer.ts by zapier/scripts/app-sources.ts: edit that file, then run npm run zapier:sources.
import { PROVIDER_TIMEOUT_MS, type ApiResponse } from './api-call.js';
import { findHeader } from './header.js';
import { ProviderError, type ProviderErrorKind } from './provider-error.js';

/** What a provider says in its own words; the core decides which error a status means. */
export interface ErrorWording {
	/** The provider's name as users know it, as it starts a sentence. */
	readonly name: string;
	/** Where a user makes a new key, said after any key problem. */
	readonly keyHelp: string;
	/** The first sentence for a refused key, from the provider's error code. */
	invalidKey(code: string | undefined): string;
	/**
	 * The status the provider refuses an unknown key with where it is not 401 (one answers 400
	 * with its own "invalid token" code): a fixed, valid request that gets it was refused for the key.
	 */
	readonly keyRefusalStatus?: number;
	/** Said after "does not allow this API key to do this (…)". */
	readonly forbiddenHelp: string;
	/** The provider's error code and message, from its error body. */
	readError(body: unknown): { readonly code?: string; readonly message?: string };
	/** A provider-specific answer to a status and code, checked before the general ladder. */
	explain?(
		status: number,
		code: string | undefined,
	): { readonly kind: ProviderErrorKind; readonly message: string } | undefined;
}

/** A provider's own text is quoted up to this many characters. */
export const MAX_QUOTED = 200;
/** A wait longer than this is reported as this, in seconds (1 day). */
const MAX_WAIT_SECONDS = 24 * 60 * 60;
const TIMED_OUT = 'TIMEOUT';

/**
 * `Retry-After` in whole seconds, from either of its forms: seconds (a fraction rounds up) or an
 * HTTP date. Negative or unreadable values give `undefined`; a date already past gives 1, and
 * huge values are capped at a day.
 */
export function retryAfterSeconds(response: ApiResponse, now: number): number | undefined {
	const value = findHeader(response.headers, 'retry-after')?.trim();
	if (value === undefined || value === '') return undefined;
	let seconds: number;
	if (/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(value)) {
		seconds = Number(value);
		if (!(seconds >= 0)) return undefined;
	} else {
		const date = Date.parse(value);
		if (Number.isNaN(date)) return undefined;
		seconds = (date - now) / 1000;
	}
	return Math.min(MAX_WAIT_SECONDS, Math.max(1, Math.ceil(seconds)));
}

/** "42 seconds", "5 minutes", "3 hours": a wait as a person would say it. */
function duration(seconds: number): string {
	const [amount, unit] =
		seconds < 120
			? [seconds, 'second']
			: seconds < 2 * 60 * 60
				? [Math.ceil(seconds / 60), 'minute']
				: [Math.ceil(seconds / 3600), 'hour'];
	return `${amount} ${unit}${amount === 1 ? '' : 's'}`;
}

/**
 * Turns a provider's error answer into a message a no-code user can act on. `doing` says what
 * was attempted, e.g. "creating the webhook".
 */
export function errorOfAnswer(
	wording: ErrorWording,
	response: ApiResponse,
	doing: string,
	now = Date.now(),
): ProviderError {
	const { status } = response;
	const { name } = wording;
	const { code, message: said } = wording.readError(response.body);
	const special = wording.explain?.(status, code);
	if (special) return new ProviderError(special.message, special.kind, status, code);
	if (status === 401) {
		return new ProviderError(
			`${wording.invalidKey(code)} ${wording.keyHelp}`,
			'invalid-key',
			status,
			code,
		);
	}
	if (status === 403) {
		return new ProviderError(
			`${name} does not allow this API key to do this (${doing}). ${wording.forbiddenHelp}`,
			'forbidden',
			status,
			code,
		);
	}
	if (status === 404) {
		return new ProviderError(
			`${name} found nothing for ${doing}${said ? `: ${said}` : ''}.`,
			'not-found',
			status,
			code,
		);
	}
	if (status === 400 || status === 422) {
		return new ProviderError(
			`${name} rejected the request while ${doing}: ${said ?? code ?? 'no reason given'}.`,
			'invalid-request',
			status,
			code,
		);
	}
	if (status === 429) {
		const wait = retryAfterSeconds(response, now);
		const when = wait === undefined ? 'Wait a minute' : `Wait ${duration(wait)}`;
		return new ProviderError(
			`${name} is limiting how often this API key may call it. ${when} and try again.`,
			'rate-limited',
			status,
			code,
			wait,
		);
	}
	if (status >= 500) {
		return new ProviderError(
			`${name} is having trouble (HTTP ${status}) while ${doing}. This is on ${name}'s side: try again in a few minutes.`,
			'provider-down',
			status,
			code,
		);
	}
	return new ProviderError(
		`${name} answered HTTP ${status} while ${doing}, which this connector does not expect.`,
		'unexpected-response',
		status,
		code,
	);
}

/** A 2xx answer whose body is not what the provider documents. */
export function unexpectedAnswer(
	wording: ErrorWording,
	response: ApiResponse,
	doing: string,
): ProviderError {
	return new ProviderError(
		`${wording.name} answered in a form this connector does not understand while ${doing}. Check the credential's base URL.`,
		'unexpected-response',
		response.status,
	);
}

/** A short, secret-free name for why a request got no answer, e.g. `ECONNREFUSED`. */
function causeCode(cause: unknown): string | undefined {
	for (let current = cause, depth = 0; current instanceof Error && depth < 3; depth++) {
		const code = (current as Error & { code?: unknown }).code;
		if (code === 'ECONNABORTED' || code === 'ETIMEDOUT') return TIMED_OUT;
		if (typeof code === 'string' && /^[A-Z_]+$/.test(code)) return code;
		if (current.name === 'TimeoutError' || current.name === 'AbortError') return TIMED_OUT;
		if (/\btime(d)? ?out\b/i.test(current.message)) return TIMED_OUT;
		current = current.cause;
	}
	return undefined;
}

/** No answer from the provider at all: usually a wrong base URL, a network problem or a hang. */
export function unreachable(wording: ErrorWording, cause: unknown, doing: string): ProviderError {
	const code = causeCode(cause);
	const { name } = wording;
	const message =
		code === TIMED_OUT
			? `${name} did not answer within ${PROVIDER_TIMEOUT_MS / 1000} seconds while ${doing}. Try again in a few minutes; if it keeps happening, check the credential's Base URL.`
			: `Could not reach ${name} while ${doing}${code ? ` (${code})` : ''}. Check the credential's Base URL and your network, then try again.`;
	return new ProviderError(message, 'unreachable', undefined, code);
}
