import { MAX_FAULT_COUNT } from './fault.js';
import { HttpError } from './http-error.js';

/**
 * What an injected delivery fault does to one attempt: it is sent and answered as usual, then
 * counted as failed, so the provider's retry policy sends it again. `lose-answer` keeps the
 * receiver's status; `timeout` records the attempt as one that timed out (no status).
 */
export type DeliveryFaultKind = 'lose-answer' | 'timeout';

/** A pending delivery fault: how many attempts, any hook's, it still takes. */
export interface DeliveryFault {
	kind: DeliveryFaultKind;
	remaining: number;
}

const invalid = (message: string) => new HttpError(400, 'validation_error', message);

/** The fault a `POST /_sandbox/delivery-faults` body describes, or a 400 `HttpError`. */
export function parseDeliveryFault(body: Record<string, unknown>): DeliveryFault {
	const { kind, count } = body;
	if (kind !== 'lose-answer' && kind !== 'timeout')
		throw invalid('kind must be lose-answer or timeout');
	if (count === undefined || count === null) return { kind, remaining: 1 };
	if (typeof count !== 'number' || !Number.isInteger(count) || count < 1 || count > MAX_FAULT_COUNT)
		throw invalid(`count must be an integer from 1 to ${MAX_FAULT_COUNT}`);
	return { kind, remaining: count };
}

/** The pending delivery faults, oldest first, each taken by the next attempts until used up. */
export interface DeliveryFaultQueue {
	readonly pending: readonly DeliveryFault[];
	add(fault: DeliveryFault): void;
	/** Takes one use of the oldest fault, if any: the kind the next attempt suffers. */
	take(): DeliveryFaultKind | undefined;
	clear(): void;
}

/** An empty `DeliveryFaultQueue`. */
export function createDeliveryFaultQueue(): DeliveryFaultQueue {
	const pending: DeliveryFault[] = [];
	return {
		pending,
		add: (fault) => void pending.push(fault),
		take() {
			const fault = pending[0];
			if (!fault) return undefined;
			fault.remaining -= 1;
			if (fault.remaining === 0) pending.shift();
			return fault.kind;
		},
		clear: () => void pending.splice(0),
	};
}
