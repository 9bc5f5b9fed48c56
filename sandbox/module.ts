import type { IncomingMessage } from 'node:http';

import type { Attempt, DeliveryPolicy, SandboxHook } from './deliver.js';
import type { HttpError } from './http-error.js';

/** An HTTP answer: status, JSON body, extra headers. */
export interface Reply {
	status: number;
	body: unknown;
	headers?: Record<string, string>;
}

/** A `Reply`, with `headers` only when there are some. */
export function reply(status: number, body: unknown, headers?: Record<string, string>): Reply {
	return { status, body, ...(headers ? { headers } : {}) };
}

/** One delivery's first attempt, as `/_sandbox/emit` reports it. */
export interface DeliveryReport {
	hookId: string;
	status: number | null;
	ok: boolean;
	error?: string;
}

/** What the engine lends a provider module while it answers. */
export interface EngineContext {
	readonly apiKey: string;
	readonly hooks: Map<string, SandboxHook>;
	/** Delivers to every active hook listening to the event; reports each first attempt. */
	broadcast(eventId: string, body: Record<string, unknown>): Promise<DeliveryReport[]>;
	/** One attempt to one hook, no retries, counted like any other (a provider's test delivery). */
	deliverOnce(hook: SandboxHook, eventId: string, body: Record<string, unknown>): Promise<Attempt>;
}

/**
 * One provider as the sandbox plays it: its API routes and auth, its error shape, how it proves
 * a delivery, its retry policy, and its own transcription of its events and payloads (never the
 * connector's: the simulator must be able to disagree with the connector).
 */
export interface ProviderModule {
	readonly policy: DeliveryPolicy;
	/** The policy of one hook, where it differs by hook (a format with its own retries). */
	policyOf?(hook: SandboxHook): DeliveryPolicy;
	/** The body one hook receives, where it differs by hook (a secret carried in the body). */
	bodyFor?(hook: SandboxHook, body: Record<string, unknown>): Record<string, unknown>;
	/** The events it delivers; `wildcard` subscribes a hook to all. */
	readonly events: readonly string[];
	readonly wildcard?: string;
	/** Answers a call under `/v1` (the path after it), or throws an `HttpError`. */
	handle(context: EngineContext, req: IncomingMessage, path: string): Promise<Reply>;
	/** An error in the provider's own shape. */
	errorBody(error: HttpError): unknown;
	/** A rate limit or a server error, as the provider answers them, for injected faults. */
	faultReply(kind: 'rate-limit' | 'error', retryAfter?: number): Reply;
	/** The headers a delivery carries besides `Content-Type`: a signature, registered headers. */
	deliveryHeaders(hook: SandboxHook, body: string): Record<string, string>;
	/** A delivery of the event now, `data` merged in; `options` is the rest of the emit body. */
	eventBody(
		eventId: string,
		data: Record<string, unknown>,
		options: Record<string, unknown>,
	): Record<string, unknown>;
	/** A hook as `/_sandbox/hooks` shows it (secrets included: that is what the sandbox is for). */
	describeHook(hook: SandboxHook): Record<string, unknown>;
	/** Controls of its own under `/_sandbox`; `undefined` for a path it does not know. */
	control?(context: EngineContext, req: IncomingMessage, path: string): Promise<Reply | undefined>;
	/** Back to the start, for `POST /_sandbox/reset`. */
	reset?(): void;
}
