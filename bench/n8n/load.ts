/** One load of an endpoint with autocannon: every request a fresh delivery, every answer counted. */
import autocannon from 'autocannon';

/** A delivery to send: what `Endpoint.next` makes, new for each request. */
export interface Delivery {
	headers: Record<string, string>;
	body: string;
}

export interface Endpoint {
	/** Short id, e.g. `kakiyo`. */
	id: string;
	/** Its row in the tables. */
	label: string;
	url: string;
	workflowId: string;
	/** A delivery no earlier one repeats, dated and proven now. */
	next(): Delivery;
	/** The secret that proves its deliveries, where the trigger's hook holds one. */
	secret?: string;
}

export interface LoadResult {
	/** Answers with a 2xx status: deliveries n8n took. */
	accepted: number;
	/**
	 * Requests written, answered or not: a load that ends on time leaves some in flight, which n8n
	 * may still run.
	 */
	sent: number;
	/** Answers by status code, e.g. `{ '200': 301, '401': 2 }`. */
	statuses: Record<string, number>;
	/** Connection errors and timeouts. */
	errors: number;
	/** Wall time of the load, in seconds. */
	seconds: number;
	/** Accepted deliveries per second. */
	perSecond: number;
	/** The latency of each 2xx answer, in milliseconds. */
	latencies: number[];
}

/**
 * Loads `endpoint` with `connections` concurrent connections for `seconds`, or until `amount`
 * answers. Each request is built when it is sent, so its timestamp and signature are fresh.
 */
export async function load(
	endpoint: Endpoint,
	options: { connections: number; seconds?: number; amount?: number },
): Promise<LoadResult> {
	const statuses: Record<string, number> = {};
	const latencies: number[] = [];
	const started = performance.now();
	// Without a callback autocannon returns its tracker, an event emitter that is also a promise.
	const instance = autocannon({
		url: endpoint.url,
		method: 'POST',
		connections: options.connections,
		...(options.amount === undefined ? { duration: options.seconds ?? 10 } : {}),
		...(options.amount === undefined ? {} : { amount: options.amount }),
		timeout: 60,
		requests: [
			{
				setupRequest: (request) => {
					const delivery = endpoint.next();
					return {
						...request,
						headers: { 'content-type': 'application/json', ...delivery.headers },
						body: delivery.body,
					};
				},
			},
		],
	}) as unknown as autocannon.Instance & PromiseLike<autocannon.Result>;
	// autocannon 9 emits the client first, which @types/autocannon leaves out.
	const onResponse = (_client: unknown, status: number, _bytes: number, ms: number) => {
		statuses[status] = (statuses[status] ?? 0) + 1;
		if (status >= 200 && status < 300) latencies.push(ms);
	};
	instance.on('response', onResponse as never);
	const result = await instance;
	const seconds = (performance.now() - started) / 1000;
	return {
		accepted: latencies.length,
		sent: result.requests.sent,
		statuses,
		errors: result.errors,
		seconds,
		perSecond: latencies.length / seconds,
		latencies,
	};
}

/** The `p`-th percentile (0–100) of `values`, nearest rank. */
export function percentile(values: readonly number[], p: number): number {
	if (values.length === 0) return Number.NaN;
	const sorted = [...values].sort((a, b) => a - b);
	const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
	return sorted[rank]!;
}

export function median(values: readonly number[]): number {
	return percentile(values, 50);
}
