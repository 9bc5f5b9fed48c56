import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

import { createDeliverer, type SandboxHook } from './deliver.js';
import { parseFault, type Fault } from './fault.js';
import { HttpError } from './http-error.js';
import { reply, type EngineContext, type ProviderModule, type Reply } from './module.js';
import { readJson } from './read-json.js';
import { decodeSegment, requestPath } from './request-path.js';

/** How the engine listens, the key it accepts, and how fast its deliveries run. */
export interface EngineOptions {
	/** TCP port; 0 (the default) picks a free one. */
	port?: number;
	/** Interface to listen on; loopback by default. */
	host?: string;
	apiKey: string;
	/** Multiplies every delivery delay and timeout: 1 is the provider's real time. */
	timeScale?: number;
	/** How long a delivery attempt may take, in milliseconds; the provider's, times `timeScale`, by default. */
	attemptTimeoutMs?: number;
}

/** A running sandbox: where it listens, the key it accepts, and how to stop it. */
export interface Sandbox {
	/** `http://host:port`, the root of the control API (`/_sandbox`). */
	readonly url: string;
	/** The provider's API base URL, `${url}/v1`. */
	readonly apiUrl: string;
	readonly apiKey: string;
	close(): Promise<void>;
}

/** A call held open until the client gives up or the sandbox closes. */
const HANG = Symbol('hang');

function write(res: ServerResponse, { status, body, headers }: Reply): void {
	const text = JSON.stringify(body);
	res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
	res.end(text);
}

/**
 * Serves a provider module on loopback: its API under `/v1`, its deliveries with their retries,
 * injected faults, and the `/_sandbox` controls every module shares (emit, hooks, deliveries,
 * faults, reset).
 */
export async function startEngine(
	module: ProviderModule,
	options: EngineOptions,
): Promise<Sandbox> {
	const { apiKey } = options;
	const timeScale = options.timeScale ?? 1;
	const hooks = new Map<string, SandboxHook>();
	let faults: Fault[] = [];
	const isLive = (hook: SandboxHook): boolean => hooks.get(hook.id) === hook && hook.active;
	const attemptTimeoutMs = options.attemptTimeoutMs ?? module.policy.attemptTimeoutMs * timeScale;
	const newDeliverer = () =>
		createDeliverer({
			timeScale,
			attemptTimeoutMs,
			isLive,
			policy: (hook) => module.policyOf?.(hook) ?? module.policy,
			headersFor: (hook, body) => module.deliveryHeaders(hook, body),
		});
	let deliverer = newDeliverer();
	const sockets = new Set<Socket>();
	const known = new Set(module.events);

	const failure = (error: unknown): Reply =>
		error instanceof HttpError
			? reply(error.status, module.errorBody(error))
			: module.faultReply('error');

	const listens = (hook: SandboxHook, eventId: string) =>
		hook.events.includes(eventId) ||
		(module.wildcard !== undefined && hook.events.includes(module.wildcard));

	const context: EngineContext = {
		apiKey,
		hooks,
		async broadcast(eventId, body) {
			const text = JSON.stringify(body);
			const targets = [...hooks.values()].filter((hook) => hook.active && listens(hook, eventId));
			const attempts = await Promise.all(
				targets.map((hook) =>
					deliverer.deliver(
						hook,
						eventId,
						module.bodyFor ? JSON.stringify(module.bodyFor(hook, body)) : text,
					),
				),
			);
			return attempts.map((attempt) => ({
				hookId: attempt.hookId,
				status: attempt.status ?? null,
				ok: attempt.ok,
				...(attempt.error ? { error: attempt.error } : {}),
			}));
		},
		deliverOnce: (hook, eventId, body) =>
			deliverer.attempt(hook, eventId, JSON.stringify(module.bodyFor?.(hook, body) ?? body)),
	};

	/** Takes the first injected fault matching this call, if any. */
	function takeFault(req: IncomingMessage, path: string): Fault | undefined {
		const fault = faults.find(
			(candidate) =>
				candidate.remaining > 0 &&
				(candidate.method === undefined || candidate.method === req.method) &&
				(candidate.path === undefined || path.startsWith(candidate.path)),
		);
		if (!fault) return undefined;
		fault.remaining -= 1;
		faults = faults.filter((candidate) => candidate.remaining > 0);
		return fault;
	}

	const faultReply = (fault: Fault): Reply | typeof HANG =>
		fault.kind === 'hang' ? HANG : module.faultReply(fault.kind, fault.retryAfter);

	async function api(req: IncomingMessage, path: string): Promise<Reply | typeof HANG> {
		const fault = takeFault(req, path);
		if (fault && !fault.afterHandling) return faultReply(fault);
		const answer = await module.handle(context, req, path);
		return fault ? faultReply(fault) : answer;
	}

	async function emit(req: IncomingMessage): Promise<Reply> {
		const body = await readJson(req);
		const eventId = body.event;
		if (typeof eventId !== 'string' || !known.has(eventId))
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

	async function control(req: IncomingMessage, path: string): Promise<Reply> {
		const method = req.method ?? 'GET';
		if (method === 'POST' && path === '/emit') return emit(req);
		if (method === 'GET' && path === '/hooks') {
			return reply(
				200,
				[...hooks.values()].map((hook) => ({
					...module.describeHook(hook),
					consecutiveFailures: hook.consecutiveFailures,
					disabledReason: hook.disabledReason ?? null,
				})),
			);
		}
		const hookAction = path.match(/^\/hooks\/([^/]+)(?:\/(disable|enable))?$/);
		if (hookAction) {
			const id = decodeSegment(hookAction[1] ?? '');
			const hook = hooks.get(id);
			if (!hook) throw new HttpError(404, 'not_found', 'Webhook not found');
			if (method === 'DELETE' && !hookAction[2]) {
				hooks.delete(id);
				return reply(200, { deleted: id });
			}
			if (method === 'POST' && hookAction[2] === 'disable') {
				hook.active = false;
				if (module.policy.stoppedStatus !== undefined) hook.status = module.policy.stoppedStatus;
				hook.disabledReason = 'disabled through the sandbox';
				return reply(200, module.describeHook(hook));
			}
			if (method === 'POST' && hookAction[2] === 'enable') {
				hook.active = true;
				if (hook.status !== undefined) hook.status = 'active';
				hook.consecutiveFailures = 0;
				delete hook.disabledReason;
				return reply(200, module.describeHook(hook));
			}
		}
		if (method === 'GET' && path === '/deliveries') return reply(200, deliverer.attempts);
		if (method === 'DELETE' && path === '/deliveries') {
			deliverer.clearAttempts();
			return reply(200, { cleared: true });
		}
		if (method === 'GET' && path === '/faults') return reply(200, faults);
		if (method === 'DELETE' && path === '/faults') {
			faults = [];
			return reply(200, { cleared: true });
		}
		if (method === 'POST' && path === '/faults') {
			const fault = parseFault(await readJson(req));
			faults.push(fault);
			return reply(200, fault);
		}
		if (method === 'POST' && path === '/reset') {
			hooks.clear();
			faults = [];
			module.reset?.();
			deliverer.stop();
			deliverer = newDeliverer();
			return reply(200, { reset: true });
		}
		const own = await module.control?.(context, req, path);
		if (own !== undefined) return own;
		throw new HttpError(404, 'not_found', `No route for ${method} /_sandbox${path}`);
	}

	async function route(req: IncomingMessage): Promise<Reply | typeof HANG> {
		const path = requestPath(req.url ?? '/');
		if (path?.startsWith('/v1/')) return api(req, path.slice(3));
		if (path?.startsWith('/_sandbox/')) return control(req, path.slice(9));
		throw new HttpError(404, 'not_found', 'Not found');
	}

	async function respond(req: IncomingMessage, res: ServerResponse): Promise<void> {
		const answer = await route(req).catch(failure);
		if (answer === HANG) return;
		try {
			write(res, answer);
		} catch (error) {
			write(res, failure(error));
		}
	}

	// Whatever a request does, it must not take the sandbox down with it.
	const server = createServer((req, res) => void respond(req, res).catch(() => res.destroy()));

	server.on('connection', (socket) => {
		sockets.add(socket);
		socket.on('close', () => sockets.delete(socket));
	});

	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
	});
	const address = server.address() as AddressInfo;
	const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
	const url = `http://${host}:${address.port}`;

	return {
		url,
		apiUrl: `${url}/v1`,
		apiKey,
		async close() {
			deliverer.stop();
			for (const socket of sockets) socket.destroy();
			await new Promise<void>((resolve) => server.close(() => resolve()));
		},
	};
}
