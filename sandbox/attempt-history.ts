import type { Attempt } from './deliver.js';

/** What `GET /_sandbox/deliveries` keeps: the newest attempts, each whole, within both limits. */
export const ATTEMPT_HISTORY = {
	/** Attempts kept. */
	maxAttempts: 1_000,
	/** UTF-8 bytes of the kept attempts' `body`, `url` and `error` together. */
	maxBytes: 32 * 1024 * 1024,
} as const;

/** The attempts kept, oldest first, and how they are added and cleared. */
export interface AttemptHistory {
	/** Oldest first. */
	readonly attempts: readonly Attempt[];
	add(attempt: Attempt): void;
	clear(): void;
}

const sizeOf = (attempt: Attempt): number =>
	Buffer.byteLength(attempt.body) +
	Buffer.byteLength(attempt.url) +
	Buffer.byteLength(attempt.error ?? '');

/** A record of attempts that forgets the oldest first, so emitting all day does not grow it. */
export function createAttemptHistory(): AttemptHistory {
	const attempts: Attempt[] = [];
	const sizes: number[] = [];
	let bytes = 0;
	return {
		attempts,
		add(attempt) {
			const size = sizeOf(attempt);
			attempts.push(attempt);
			sizes.push(size);
			bytes += size;
			// The newest attempt stays even alone over budget; a 1 MiB request limit keeps it small.
			while (
				attempts.length > 1 &&
				(attempts.length > ATTEMPT_HISTORY.maxAttempts || bytes > ATTEMPT_HISTORY.maxBytes)
			) {
				attempts.shift();
				bytes -= sizes.shift() ?? 0;
			}
		},
		clear() {
			attempts.length = 0;
			sizes.length = 0;
			bytes = 0;
		},
	};
}
