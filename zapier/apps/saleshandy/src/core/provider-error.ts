// Generated from shared/provider-error.ts by zapier/scripts/app-sources.ts: edit that file, then run npm run zapier:sources.
export type ProviderErrorKind =
	| 'invalid-key'
	| 'subscription-inactive'
	| 'forbidden'
	| 'not-found'
	| 'invalid-request'
	| 'rate-limited'
	| 'provider-down'
	| 'unexpected-response'
	| 'unreachable'
	/** The connector's own settings cannot work (a base URL or webhook URL); nothing was sent. */
	| 'misconfigured'
	/** The provider's API offers no such call; the user does it in the provider's own UI. */
	| 'unsupported'
	/** The provider made the hook but will not deliver to it: its own test could not reach the URL. */
	| 'hook-paused';

/**
 * A provider API call that failed, with a message a no-code user can act on.
 * It never carries the request, so API keys and hook secrets cannot leak through it.
 */
export class ProviderError extends Error {
	override readonly name = 'ProviderError';

	constructor(
		message: string,
		readonly kind: ProviderErrorKind,
		/** HTTP status, when the provider answered. */
		readonly status?: number,
		/** The provider's own error code, such as `invalid_api_key`. */
		readonly code?: string,
		/** How long the provider asked us to wait, in seconds (429 `Retry-After`). */
		readonly retryAfterSeconds?: number,
	) {
		super(message);
	}
}
