/**
 * A burst of signed deliveries into n8n's queue mode through its balancer, with a share of them
 * sent again as each provider retries (after its attempt timed out or failed), and what became
 * of each: its answers and their times, and how many runs it started.
 */
import { randomBytes } from 'node:crypto';

import { signDelivery } from '../../shared/index.js';
import { sleep, until, type PublicApi } from '../harness/driver.js';
import { executionsWhere, runsOf } from '../soak/executions.js';
import {
	delivery,
	FORMAT,
	FORMATS,
	tally,
	type Format,
	type Sent,
	type Trigger,
} from '../soak/soak-stack.js';

/**
 * When each provider sends a delivery again after an attempt that failed or timed out: Kakiyo
 * after 1 s, Breakcold's signed format after about 5 s; Saleshandy publishes no schedule (taken
 * as 1 s); Breakcold's legacy webhooks do not retry.
 */
export const RETRY_AFTER_MS: Record<Format, number | undefined> = {
	kakiyo: 1_000,
	saleshandy: 1_000,
	'breakcold-current': 5_000,
	'breakcold-legacy': undefined,
};

/** How long Kakiyo and Breakcold wait for an answer before an attempt counts as failed. */
export const ATTEMPT_TIMEOUT_MS = 10_000;

export interface BurstOptions {
	/** Distinct deliveries, the formats in turn. */
	deliveries: number;
	/** Of them, the share sent again, spread over the formats whose provider retries. */
	retryShare: number;
	/** Requests in flight at once. */
	concurrency: number;
}

interface Attempt {
	format: Format;
	mark: string;
	sent: Sent;
	retry: boolean;
}

export interface Answered {
	mark: string;
	format: Format;
	retry: boolean;
	status: number;
	ms: number;
}

export interface BurstResult {
	answers: Answered[];
	/** The distinct deliveries, by mark. */
	marks: string[];
	retries: number;
	/** From the first request to the last answer. */
	seconds: number;
}

/**
 * The provider's retry of `sent` at `now`: the same bytes, or for Breakcold's signed format the
 * same body signed anew at that time (as Breakcold and the sandbox send it), so the balancer's
 * hash of the body sends it where the first attempt went.
 */
function retryOf(format: Format, secret: string, sent: Sent, now: number): Sent {
	if (format !== 'breakcold-current') return sent;
	const { provider, auth } = FORMAT[format];
	const proof = signDelivery(provider, sent.body, secret, now, auth).headers;
	return { headers: { ...sent.headers, ...proof }, body: sent.body };
}

/** Whether the provider counts the attempt as delivered. */
export const ok = (answer: Answered) => answer.status >= 200 && answer.status <= 299;

/** One POST, timed; status 0 when nothing answered within the attempt timeout. */
async function post(url: string, attempt: Attempt): Promise<Answered> {
	const started = performance.now();
	let status = 0;
	try {
		const response = await fetch(url, {
			method: 'POST',
			headers: attempt.sent.headers,
			body: attempt.sent.body,
			signal: AbortSignal.timeout(ATTEMPT_TIMEOUT_MS),
		});
		await response.arrayBuffer();
		status = response.status;
	} catch {
		status = 0;
	}
	const { mark, format, retry } = attempt;
	return { mark, format, retry, status, ms: performance.now() - started };
}

/**
 * Sends `deliveries` signed deliveries through the balancer, `concurrency` at a time; every
 * (1 / retryShare)-th one whose provider retries is sent again that provider's delay after its
 * own answer, as a retry after a lost answer arrives.
 */
export async function burst(
	triggerOf: (format: Format) => Trigger,
	options: BurstOptions,
): Promise<BurstResult> {
	const run = randomBytes(4).toString('hex');
	// Made when sent, as a provider signs (Breakcold's signature holds for 300 s only).
	const originals = Array.from({ length: options.deliveries }, (_, index) => ({
		format: FORMATS[index % FORMATS.length]!,
		mark: `${run}-${index}`,
	}));
	// Spread over the burst, among the deliveries whose provider retries.
	const retryable = originals.filter((attempt) => RETRY_AFTER_MS[attempt.format] !== undefined);
	const wanted = Math.min(retryable.length, Math.round(options.deliveries * options.retryShare));
	const every = wanted === 0 ? Infinity : retryable.length / wanted;
	const retried = new Set(
		Array.from({ length: wanted }, (_, index) => retryable[Math.floor(index * every)]!.mark),
	);
	const answers: Answered[] = [];
	const later: Promise<void>[] = [];
	const started = performance.now();
	let next = 0;
	/**
	 * The provider's retry of `attempt` after its delay: once more for a lost answer (a chosen
	 * 10%), and again, up to 3 times in all as Kakiyo and Breakcold do, while it fails.
	 */
	const again = (attempt: Attempt, tries: number) => {
		const delay = RETRY_AFTER_MS[attempt.format];
		if (delay === undefined || tries >= 3) return;
		later.push(
			sleep(delay * 2 ** tries).then(async () => {
				const secret = triggerOf(attempt.format).secret;
				const sent = retryOf(attempt.format, secret, attempt.sent, Date.now());
				const answer = await post(triggerOf(attempt.format).url, { ...attempt, sent, retry: true });
				answers.push(answer);
				if (!ok(answer)) again(attempt, tries + 1);
			}),
		);
	};
	const lane = async () => {
		while (next < originals.length) {
			const { format, mark } = originals[next++]!;
			const sent = delivery(format, triggerOf(format).secret, mark);
			const attempt: Attempt = { format, mark, sent, retry: false };
			const answer = await post(triggerOf(attempt.format).url, attempt);
			answers.push(answer);
			if (!ok(answer) || retried.has(attempt.mark)) again(attempt, 0);
		}
	};
	await Promise.all(Array.from({ length: options.concurrency }, lane));
	// Retries schedule retries: wait until none is left.
	for (let waited = 0; waited < later.length; ) {
		waited = later.length;
		await Promise.all(later);
	}
	return {
		answers,
		marks: originals.map((attempt) => attempt.mark),
		retries: retried.size,
		seconds: (performance.now() - started) / 1000,
	};
}

/**
 * How many runs each mark started over the triggers' workflows, once the workers have run
 * everything queued: the count of finished runs stops growing and none is running.
 */
export async function runsByMark(
	api: PublicApi,
	triggers: readonly Trigger[],
	expected: number,
): Promise<{ counts: Map<unknown, number>; runs: number; settledAfterMs: number }> {
	const started = performance.now();
	const finished = async () => {
		let total = 0;
		for (const trigger of triggers)
			total += (await executionsWhere(api, `workflowId=${trigger.workflowId}&status=success`))
				.length;
		return total;
	};
	// Settled: the count reached `expected` and held for one poll, or stopped short and held for
	// six (30 s), so that a lost delivery fails the count instead of the wait.
	let last = -1;
	let held = 0;
	await until(
		'the workers to run every queued delivery',
		async () => {
			await sleep(5_000);
			const now = await finished();
			held = now === last ? held + 1 : 0;
			last = now;
			return (now >= expected && held >= 1) || held >= 6;
		},
		(settled) => settled,
		900_000,
	);
	const settledAfterMs = performance.now() - started;
	const counts = new Map<unknown, number>();
	let runs = 0;
	for (const trigger of triggers) {
		const list = await runsOf(api, trigger.workflowId);
		runs += list.length;
		for (const [mark, count] of tally(list, trigger, 'soakId'))
			counts.set(mark, (counts.get(mark) ?? 0) + count);
	}
	return { counts, runs, settledAfterMs };
}

/** The value below which `share` of the values lie. */
export function percentile(values: readonly number[], share: number): number {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * share))] ?? Number.NaN;
}
