/** A failure the sandbox answers in the provider's error shape, with `status`, a `code` and a message. */
export class HttpError extends Error {
	constructor(
		readonly status: number,
		readonly code: string,
		message: string,
	) {
		super(message);
	}
}
