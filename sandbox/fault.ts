import { HttpError } from './http-error.js';

/** What an injected fault does: answer 429, answer 500, or never answer. */
export type FaultKind = 'rate-limit' | 'error' | 'hang';

/** A pending injected fault, and the calls it matches. */
export interface Fault {
	kind: FaultKind;
	remaining: number;
	/** Seconds, sent as `Retry-After` with a rate-limit fault. */
	retryAfter?: number;
	method?: string;
	/** Only calls whose path under `/v1` starts with this. */
	path?: string;
	/** Handle the call (a hook really is created) and only then answer with the fault. */
	afterHandling?: boolean;
}

/** Most calls one fault may answer: enough for "every call of a test", small enough to count down. */
export const MAX_FAULT_COUNT = 1_000_000;

const invalid = (message: string) => new HttpError(400, 'validation_error', message);
const absent = (value: unknown): value is undefined | null => value === undefined || value === null;

function parseCount(value: unknown): number {
	if (absent(value)) return 1;
	if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > MAX_FAULT_COUNT)
		throw invalid(`count must be an integer from 1 to ${MAX_FAULT_COUNT}`);
	return value;
}

function parseRetryAfter(value: unknown): number | undefined {
	if (absent(value)) return undefined;
	if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0)
		throw invalid('retryAfter must be a whole number of seconds');
	return value;
}

function parseString(value: unknown, name: string): string | undefined {
	if (absent(value)) return undefined;
	if (typeof value !== 'string') throw invalid(`${name} must be a string`);
	return value;
}

/** The fault a `POST /_sandbox/faults` body describes, or a 400 `HttpError` saying what is wrong. */
export function parseFault(body: Record<string, unknown>): Fault {
	const kind = body.kind;
	if (kind !== 'rate-limit' && kind !== 'error' && kind !== 'hang')
		throw invalid('kind must be rate-limit, error or hang');
	const fault: Fault = { kind, remaining: parseCount(body.count) };
	const retryAfter = parseRetryAfter(body.retryAfter);
	const method = parseString(body.method, 'method');
	const path = parseString(body.path, 'path');
	if (retryAfter !== undefined) fault.retryAfter = retryAfter;
	if (method !== undefined) fault.method = method.toUpperCase();
	if (path !== undefined) fault.path = path;
	if (body.afterHandling === true) fault.afterHandling = true;
	return fault;
}

/** The pending faults of a sandbox, each taken by the calls it matches until its count runs out. */
export interface FaultQueue {
	/** Pending faults, oldest first. */
	readonly pending: readonly Fault[];
	add(fault: Fault): void;
	/** Takes one use of the first fault matching a call to `path` (below `/v1`), if any. */
	take(method: string | undefined, path: string): Fault | undefined;
	clear(): void;
}

/** An empty `FaultQueue`. */
export function createFaultQueue(): FaultQueue {
	const pending: Fault[] = [];
	return {
		pending,
		add: (fault) => void pending.push(fault),
		take(method, path) {
			const index = pending.findIndex(
				(fault) =>
					(fault.method === undefined || fault.method === method) &&
					(fault.path === undefined || path.startsWith(fault.path)),
			);
			const fault = pending[index];
			if (!fault) return undefined;
			fault.remaining -= 1;
			if (fault.remaining === 0) pending.splice(index, 1);
			return fault;
		},
		clear: () => void pending.splice(0),
	};
}
