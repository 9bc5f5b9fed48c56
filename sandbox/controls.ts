import type { IncomingMessage } from 'node:http';

import type { Deliverer } from './deliver.js';
import { parseDeliveryFault, type DeliveryFaultQueue } from './delivery-fault.js';
import { parseFault, type FaultQueue } from './fault.js';
import { HttpError } from './http-error.js';
import { reply, type EngineContext, type ProviderModule, type Reply } from './module.js';
import { readJson } from './read-json.js';
import type { RequestLog } from './request-log.js';
import { decodeSegment } from './request-path.js';

/** What the shared controls act on: a running engine's module, hooks, faults and deliveries. */
export interface ControlTarget {
	readonly module: ProviderModule;
	readonly context: EngineContext;
	readonly faults: FaultQueue;
	/** Faults the next delivery attempts suffer. */
	readonly deliveryFaults: DeliveryFaultQueue;
	/** The `/v1` calls received since the start, a reset or a clear. */
	readonly requests: RequestLog;
	/** The deliverer now (a reset replaces it). */
	deliverer(): Deliverer;
	/** Forgets hooks, faults of both kinds, deliveries, logged calls and pending retries. */
	reset(): void;
}

async function emit({ module, context }: ControlTarget, req: IncomingMessage): Promise<Reply> {
	const body = await readJson(req);
	const eventId = body.event;
	if (typeof eventId !== 'string' || !module.events.includes(eventId))
		throw new HttpError(400, 'validation_error', `Unknown event: ${String(eventId)}`);
	if (
		body.data !== undefined &&
		(body.data === null || typeof body.data !== 'object' || Array.isArray(body.data))
	) {
		throw new HttpError(400, 'validation_error', 'data must be an object');
	}
	const data = (body.data ?? {}) as Record<string, unknown>;
	const deliveries = await context.broadcast(eventId, module.eventBody(eventId, data, body));
	return reply(200, { event: eventId, deliveries });
}

/** `/_sandbox/hooks/{id}`, `…/disable` and `…/enable`: a hook changed behind the connector's back. */
function hookAction(
	{ module, context }: ControlTarget,
	method: string,
	id: string,
	action: string | undefined,
): Reply | undefined {
	const hook = context.hooks.get(id);
	if (!hook) throw new HttpError(404, 'not_found', 'Webhook not found');
	if (method === 'DELETE' && !action) {
		context.hooks.delete(id);
		return reply(200, { deleted: id });
	}
	if (method === 'POST' && action === 'disable') {
		hook.active = false;
		if (module.policy.stoppedStatus !== undefined) hook.status = module.policy.stoppedStatus;
		hook.disabledReason = 'disabled through the sandbox';
		return reply(200, module.describeHook(hook));
	}
	if (method === 'POST' && action === 'enable') {
		hook.active = true;
		if (hook.status !== undefined) hook.status = 'active';
		hook.consecutiveFailures = 0;
		delete hook.disabledReason;
		return reply(200, module.describeHook(hook));
	}
	return undefined;
}

/**
 * Answers a control call under `/_sandbox` (the path after it): the ones every provider shares
 * (emit, hooks, deliveries, faults, requests, reset), then the module's own; a 404 `HttpError`
 * otherwise.
 */
export async function control(
	target: ControlTarget,
	req: IncomingMessage,
	path: string,
): Promise<Reply> {
	const { module, context, faults } = target;
	const method = req.method ?? 'GET';
	if (method === 'POST' && path === '/emit') return emit(target, req);
	if (method === 'GET' && path === '/hooks') {
		return reply(
			200,
			[...context.hooks.values()].map((hook) => ({
				...module.describeHook(hook),
				consecutiveFailures: hook.consecutiveFailures,
				disabledReason: hook.disabledReason ?? null,
			})),
		);
	}
	const hookPath = path.match(/^\/hooks\/([^/]+)(?:\/(disable|enable))?$/);
	if (hookPath) {
		const done = hookAction(target, method, decodeSegment(hookPath[1] ?? ''), hookPath[2]);
		if (done) return done;
	}
	if (method === 'GET' && path === '/deliveries') return reply(200, target.deliverer().attempts);
	if (method === 'DELETE' && path === '/deliveries') {
		target.deliverer().clearAttempts();
		return reply(200, { cleared: true });
	}
	if (method === 'GET' && path === '/faults') return reply(200, faults.pending);
	if (method === 'DELETE' && path === '/faults') {
		faults.clear();
		return reply(200, { cleared: true });
	}
	if (method === 'POST' && path === '/faults') {
		const fault = parseFault(await readJson(req));
		faults.add(fault);
		return reply(200, fault);
	}
	if (path === '/delivery-faults') {
		const { deliveryFaults } = target;
		if (method === 'GET') return reply(200, deliveryFaults.pending);
		if (method === 'DELETE') {
			deliveryFaults.clear();
			return reply(200, { cleared: true });
		}
		if (method === 'POST') {
			const fault = parseDeliveryFault(await readJson(req));
			deliveryFaults.add(fault);
			return reply(200, fault);
		}
	}
	if (method === 'GET' && path === '/requests') return reply(200, target.requests.requests);
	if (method === 'DELETE' && path === '/requests') {
		target.requests.clear();
		return reply(200, { cleared: true });
	}
	if (method === 'POST' && path === '/reset') {
		target.reset();
		return reply(200, { reset: true });
	}
	const own = await module.control?.(context, req, path);
	if (own !== undefined) return own;
	throw new HttpError(404, 'not_found', `No route for ${method} /_sandbox${path}`);
}
