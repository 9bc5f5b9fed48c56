import { createAttemptHistory } from './attempt-history.js';
import type { DeliveryFaultKind } from './delivery-fault.js';

/** How a provider delivers; times in milliseconds before `timeScale`. */
export interface DeliveryPolicy {
	/** Each attempt is abandoned after this long. */
	readonly attemptTimeoutMs: number;
	/** Waits before each retry, in order; no retries when empty. */
	readonly retryDelaysMs: readonly number[];
	/** Consecutive failed attempts after which the hook stops receiving. */
	readonly disableAfterFailures: number;
	/** What a hook that stopped receiving is then: `disabled` or `paused`. */
	readonly stoppedStatus?: string;
}

/** A registered hook, whichever provider's: what the engine delivers to and the modules describe. */
export interface SandboxHook {
	id: string;
	name: string;
	url: string;
	events: string[];
	secret?: string;
	/** Headers registered with the hook, sent back with each delivery. */
	headers?: Record<string, string>;
	/** The provider's word for its state where it has one (`active`, `paused`). */
	status?: string;
	/** The provider's flavour of this hook where it has several, e.g. a delivery format. */
	variant?: string;
	active: boolean;
	createdAt: string;
	consecutiveFailures: number;
	/** The latest failed attempt: when, the receiver's status if it answered, and why. */
	lastFailure?: { at: string; status?: number; error: string };
	disabledReason?: string;
}

/** One delivery attempt as `GET /_sandbox/deliveries` shows it. */
export interface Attempt {
	id: number;
	hookId: string;
	event: string;
	url: string;
	/** 1 for the first try, then the retries. */
	attempt: number;
	at: string;
	/** HTTP status the receiver answered, absent when it did not answer. */
	status?: number;
	error?: string;
	ok: boolean;
	/** An injected fault this attempt suffered: sent and answered, then counted as failed. */
	injected?: DeliveryFaultKind;
	durationMs: number;
	body: string;
	/** The headers it carried besides `Content-Type`. */
	headers: Record<string, string>;
}

/** Sends deliveries, retries them by the policy, and remembers the attempts. */
export interface Deliverer {
	/** Delivers `body` to the hook; resolves with the first attempt, retries go on in the background. */
	deliver(hook: SandboxHook, event: string, body: string): Promise<Attempt>;
	/** One attempt, no retries. */
	attempt(hook: SandboxHook, event: string, body: string): Promise<Attempt>;
	/** The newest attempts, oldest first, within `ATTEMPT_HISTORY`. */
	readonly attempts: readonly Attempt[];
	clearAttempts(): void;
	/** Cancels pending retries and in-flight attempts. */
	stop(): void;
}

/** A deliverer over `fetch`, with the timeout, retries and disabling the policy sets. */
export function createDeliverer(options: {
	/** Multiplies the retry delays. */
	timeScale: number;
	/** How long one attempt may take, in milliseconds. */
	attemptTimeoutMs: number;
	isLive: (hook: SandboxHook) => boolean;
	/** The provider's policy, or its policy for a given hook. */
	policy: DeliveryPolicy | ((hook: SandboxHook) => DeliveryPolicy);
	/** The headers that prove a delivery the way the provider does. */
	headersFor: (hook: SandboxHook, body: string) => Record<string, string>;
	/** The injected fault the next attempt suffers, if any (`/_sandbox/delivery-faults`). */
	takeFault?: () => DeliveryFaultKind | undefined;
}): Deliverer {
	const policyOf = (hook: SandboxHook): DeliveryPolicy =>
		typeof options.policy === 'function' ? options.policy(hook) : options.policy;
	const history = createAttemptHistory();
	const timers = new Set<NodeJS.Timeout>();
	const controllers = new Set<AbortController>();
	let nextId = 1;
	let stopped = false;

	async function attemptOnce(
		hook: SandboxHook,
		event: string,
		body: string,
		attempt: number,
	): Promise<Attempt> {
		const injected = options.takeFault?.();
		const proof = options.headersFor(hook, body);
		const headers: Record<string, string> = { 'content-type': 'application/json', ...proof };
		const controller = new AbortController();
		controllers.add(controller);
		const timeout = setTimeout(() => controller.abort(), options.attemptTimeoutMs);
		const started = Date.now();
		const record: Attempt = {
			id: nextId++,
			hookId: hook.id,
			event,
			url: hook.url,
			attempt,
			at: new Date(started).toISOString(),
			ok: false,
			durationMs: 0,
			body,
			headers: proof,
		};
		try {
			const response = await fetch(hook.url, {
				method: 'POST',
				headers,
				body,
				signal: controller.signal,
			});
			// Only the status counts; reading an answer that never ends would fill memory until the timeout.
			await response.body?.cancel().catch(() => undefined);
			record.status = response.status;
			record.ok = response.ok;
			if (!response.ok) record.error = `HTTP ${response.status}`;
		} catch (error) {
			record.error = controller.signal.aborted ? 'timed out' : describe(error);
		} finally {
			clearTimeout(timeout);
			controllers.delete(controller);
			record.durationMs = Date.now() - started;
		}
		if (injected !== undefined) lose(record, injected);
		history.add(record);
		settle(hook, record);
		return record;
	}

	function settle(hook: SandboxHook, record: Attempt): void {
		if (record.ok) {
			hook.consecutiveFailures = 0;
			return;
		}
		hook.consecutiveFailures += 1;
		hook.lastFailure = {
			at: record.at,
			...(record.status === undefined ? {} : { status: record.status }),
			error: record.error ?? 'failed',
		};
		const policy = policyOf(hook);
		if (hook.consecutiveFailures >= policy.disableAfterFailures && hook.active) {
			hook.active = false;
			if (policy.stoppedStatus !== undefined) hook.status = policy.stoppedStatus;
			hook.disabledReason = `${hook.consecutiveFailures} consecutive failed deliveries`;
		}
	}

	function scheduleRetry(hook: SandboxHook, event: string, body: string, previous: Attempt): void {
		const delay = policyOf(hook).retryDelaysMs[previous.attempt - 1];
		if (previous.ok || delay === undefined || stopped) return;
		const timer = setTimeout(() => {
			timers.delete(timer);
			if (stopped || !options.isLive(hook)) return;
			void attemptOnce(hook, event, body, previous.attempt + 1).then((next) =>
				scheduleRetry(hook, event, body, next),
			);
		}, delay * options.timeScale);
		timers.add(timer);
	}

	return {
		attempts: history.attempts,
		clearAttempts: () => history.clear(),
		attempt: (hook, event, body) => attemptOnce(hook, event, body, 1),
		async deliver(hook, event, body) {
			const first = await attemptOnce(hook, event, body, 1);
			scheduleRetry(hook, event, body, first);
			return first;
		},
		stop() {
			stopped = true;
			for (const timer of timers) clearTimeout(timer);
			timers.clear();
			for (const controller of controllers) controller.abort();
		},
	};
}

/** Counts an answered attempt as failed, the way the injected fault says. */
function lose(record: Attempt, kind: DeliveryFaultKind): void {
	record.injected = kind;
	record.ok = false;
	if (kind === 'timeout') {
		delete record.status;
		record.error = 'timed out';
	} else {
		record.error = 'answer lost';
	}
}

function describe(error: unknown): string {
	const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
	return cause instanceof Error
		? ('code' in cause && typeof cause.code === 'string' && cause.code) || cause.message
		: String(cause);
}
