import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

import { control, type ControlTarget } from './controls.js';
import { createDeliverer, type SandboxHook } from './deliver.js';
import { createDeliveryFaultQueue } from './delivery-fault.js';
import { createFaultQueue, type Fault } from './fault.js';
import { HttpError } from './http-error.js';
import { reply, type EngineContext, type ProviderModule, type Reply } from './module.js';
import { createRequestLog } from './request-log.js';
import { requestPath } from './request-path.js';

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
 * faults, the API calls received, reset).
 */
export async function startEngine(
	module: ProviderModule,
	options: EngineOptions,
): Promise<Sandbox> {
	const { apiKey } = options;
	const timeScale = options.timeScale ?? 1;
	const hooks = new Map<string, SandboxHook>();
	const faults = createFaultQueue();
	const deliveryFaults = createDeliveryFaultQueue();
	const requests = createRequestLog();
	const isLive = (hook: SandboxHook): boolean => hooks.get(hook.id) === hook && hook.active;
	const attemptTimeoutMs = options.attemptTimeoutMs ?? module.policy.attemptTimeoutMs * timeScale;
	const newDeliverer = () =>
		createDeliverer({
			timeScale,
			attemptTimeoutMs,
			isLive,
			policy: (hook) => module.policyOf?.(hook) ?? module.policy,
			headersFor: (hook, body) => module.deliveryHeaders(hook, body),
			takeFault: () => deliveryFaults.take(),
		});
	let deliverer = newDeliverer();
	const sockets = new Set<Socket>();

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

	const faultReply = (fault: Fault): Reply | typeof HANG =>
		fault.kind === 'hang' ? HANG : module.faultReply(fault.kind, fault.retryAfter);

	async function answerApi(req: IncomingMessage, path: string): Promise<Reply | typeof HANG> {
		const fault = faults.take(req.method, path);
		if (fault && !fault.afterHandling) return faultReply(fault);
		const answer = await module.handle(context, req, path);
		return fault ? faultReply(fault) : answer;
	}

	/** Answers a call under `/v1`, logged with its status for `GET /_sandbox/requests`. */
	async function api(req: IncomingMessage, path: string): Promise<Reply | typeof HANG> {
		const target = req.url ?? '';
		const query = target.includes('?') ? target.slice(target.indexOf('?')) : '';
		const logged = requests.add(req.method ?? 'GET', path + query);
		const answer = await answerApi(req, path).catch(failure);
		logged.status = answer === HANG ? null : answer.status;
		return answer;
	}

	const target: ControlTarget = {
		module,
		context,
		faults,
		deliveryFaults,
		requests,
		deliverer: () => deliverer,
		reset() {
			hooks.clear();
			faults.clear();
			deliveryFaults.clear();
			requests.clear();
			module.reset?.();
			deliverer.stop();
			deliverer = newDeliverer();
		},
	};

	async function route(req: IncomingMessage): Promise<Reply | typeof HANG> {
		const path = requestPath(req.url ?? '/');
		if (path?.startsWith('/v1/')) return api(req, path.slice(3));
		if (path?.startsWith('/_sandbox/')) return control(target, req, path.slice(9));
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
