/** One call of the provider's API (`/v1`) as the sandbox received it. */
export interface ApiRequest {
	method: string;
	/** Below `/v1`, as sent: still percent-encoded, with its query string. */
	path: string;
	/** The status answered; `null` while unanswered, or for a call held open by a `hang` fault. */
	status: number | null;
}

/** What `GET /_sandbox/requests` keeps: the newest calls. */
export const REQUEST_LOG = {
	/** Calls kept. */
	maxRequests: 1_000,
} as const;

/** The API calls received, oldest first, so a test can count what a connector asked for. */
export interface RequestLog {
	/** Oldest first. */
	readonly requests: readonly ApiRequest[];
	/** Adds a call, unanswered; the caller sets its `status` once it is answered. */
	add(method: string, path: string): ApiRequest;
	clear(): void;
}

/** A log of API calls that forgets the oldest first, so a long run does not grow it. */
export function createRequestLog(): RequestLog {
	const requests: ApiRequest[] = [];
	return {
		requests,
		add(method, path) {
			const request: ApiRequest = { method, path, status: null };
			requests.push(request);
			if (requests.length > REQUEST_LOG.maxRequests) requests.shift();
			return request;
		},
		clear() {
			requests.length = 0;
		},
	};
}
