/** A failure the sandbox answers as Kakiyo does: `status` and `{"error": code, "message": message}`. */
export class HttpError extends Error {
	constructor(
		readonly status: number,
		readonly code: string,
		message: string,
	) {
		super(message);
	}
}
