// Generated from shared/api-call.ts by zapier/scripts/app-sources.ts: edit that file, then run npm run zapier:sources.
import { ProviderError } from './provider-error.js';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

/** A request for an adapter to send with its own HTTP helper, relative to the API base URL. */
export interface ApiRequest {
	readonly method: HttpMethod;
	/** Path below the base URL, starting with `/`, already URL-encoded. */
	readonly path: string;
	readonly query?: Readonly<Record<string, string>>;
	/** JSON body, if any. */
	readonly body?: unknown;
}

export type HeaderMap = Readonly<Record<string, string | readonly string[] | undefined>>;

/** What came back, whatever the status: parsing decides what is an error. */
export interface ApiResponse {
	readonly status: number;
	readonly headers: HeaderMap;
	/** Parsed JSON where the body was JSON, the text otherwise, `undefined` when empty. */
	readonly body: unknown;
}

export interface ApiCall<T> {
	readonly request: ApiRequest;
	/** Turns a response into the result, or throws a `ProviderError`. */
	parse(response: ApiResponse): T;
	/** The error to report when no response came (refused, reset, timed out). */
	unreachable(cause: unknown): ProviderError;
}

/**
 * How long one provider call may take before it counts as unanswered, in milliseconds. Every
 * transport applies it: without it a hanging provider holds an n8n activation for n8n's own
 * 300 s, past Zapier's 30 s limit for a subscribe, before any clean-up can run.
 */
export const PROVIDER_TIMEOUT_MS = 10_000;

/** Sends one request within `PROVIDER_TIMEOUT_MS`; adapters supply it (n8n's or Zapier's HTTP helper, `fetch` in tests). */
export type Transport = (request: ApiRequest) => Promise<ApiResponse>;

/** Sends the call and parses the answer; every failure comes out as a `ProviderError`. */
export async function send<T>(transport: Transport, call: ApiCall<T>): Promise<T> {
	let response: ApiResponse;
	try {
		response = await transport(call.request);
	} catch (cause) {
		throw cause instanceof ProviderError ? cause : call.unreachable(cause);
	}
	return call.parse(response);
}
