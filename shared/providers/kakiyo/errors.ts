import { PROVIDER_TIMEOUT_MS, type ApiResponse } from '../../api-call.js';
import { findHeader } from '../../header.js';
import { ProviderError } from '../../provider-error.js';

const KEY_HELP = 'Create a key under Team > API Keys in Kakiyo and paste it into the credential.';
/** Kakiyo's own text is quoted up to this many characters. */
const MAX_QUOTED = 200;

function field(body: unknown, name: string): string | undefined {
	if (body === null || typeof body !== 'object') return undefined;
	const value = (body as Record<string, unknown>)[name];
	return typeof value === 'string' && value !== '' ? value.slice(0, MAX_QUOTED) : undefined;
}

/** A wait longer than this is reported as this, in seconds (1 day). */
const MAX_WAIT_SECONDS = 24 * 60 * 60;

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
 * Turns a Kakiyo error answer (`{error, message}` and a status) into a message a no-code user
 * can act on. `doing` says what was attempted, e.g. "creating the webhook".
 */
export function kakiyoError(response: ApiResponse, doing: string, now = Date.now()): ProviderError {
	const { status, body } = response;
	const code = field(body, 'error');
	const said = field(body, 'message');

	if (status === 401) {
		const why =
			code === 'missing_api_key'
				? 'No Kakiyo API key was sent.'
				: code === 'invalid_api_key_format'
					? 'The Kakiyo API key is malformed (Kakiyo keys are 40 characters).'
					: 'The Kakiyo API key is invalid or was revoked.';
		return new ProviderError(`${why} ${KEY_HELP}`, 'invalid-key', status, code);
	}
	if (status === 403 && code === 'subscription_inactive') {
		return new ProviderError(
			'Your Kakiyo subscription is inactive, so Kakiyo refuses API calls. Reactivate it in Kakiyo, then try again.',
			'subscription-inactive',
			status,
			code,
		);
	}
	if (status === 403) {
		return new ProviderError(
			`Kakiyo does not allow this API key to do this (${doing}). Check which team the key belongs to under Team > API Keys.`,
			'forbidden',
			status,
			code,
		);
	}
	if (status === 404) {
		return new ProviderError(
			`Kakiyo found nothing for ${doing}${said ? `: ${said}` : ''}.`,
			'not-found',
			status,
			code,
		);
	}
	if (status === 400 || status === 422) {
		return new ProviderError(
			`Kakiyo rejected the request while ${doing}: ${said ?? code ?? 'no reason given'}.`,
			'invalid-request',
			status,
			code,
		);
	}
	if (status === 429) {
		const wait = retryAfterSeconds(response, now);
		const when = wait === undefined ? 'Wait a minute' : `Wait ${duration(wait)}`;
		return new ProviderError(
			`Kakiyo is limiting how often this API key may call it. ${when} and try again.`,
			'rate-limited',
			status,
			code,
			wait,
		);
	}
	if (status >= 500) {
		return new ProviderError(
			`Kakiyo is having trouble (HTTP ${status}) while ${doing}. This is on Kakiyo's side: try again in a few minutes.`,
			'provider-down',
			status,
			code,
		);
	}
	return new ProviderError(
		`Kakiyo answered HTTP ${status} while ${doing}, which this connector does not expect.`,
		'unexpected-response',
		status,
		code,
	);
}

/** A 2xx answer whose body is not what Kakiyo documents. */
export function kakiyoUnexpected(response: ApiResponse, doing: string): ProviderError {
	return new ProviderError(
		`Kakiyo answered in a form this connector does not understand while ${doing}. Check the credential's base URL.`,
		'unexpected-response',
		response.status,
	);
}

const TIMED_OUT = 'TIMEOUT';

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

/** No answer from Kakiyo at all: usually a wrong base URL or a network problem. */
export function kakiyoUnreachable(cause: unknown, doing: string): ProviderError {
	const code = causeCode(cause);
	const message =
		code === TIMED_OUT
			? `Kakiyo did not answer within ${PROVIDER_TIMEOUT_MS / 1000} seconds while ${doing}. Try again in a few minutes; if it keeps happening, check the credential's Base URL.`
			: `Could not reach Kakiyo while ${doing}${code ? ` (${code})` : ''}. Check the credential's Base URL and your network, then try again.`;
	return new ProviderError(message, 'unreachable', undefined, code);
}
