import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

import { KAKIYO_EVENTS, KAKIYO_WILDCARD, kakiyo } from '../shared/providers/kakiyo/index.js';
import { createDeliverer, DELIVERY_POLICY, type SandboxHook } from './deliver.js';
import { parseFault, type Fault } from './fault.js';
import { HttpError } from './http-error.js';
import { readJson } from './read-json.js';
import { decodeSegment, requestPath } from './request-path.js';

export interface SandboxOptions {
	/** TCP port; 0 (the default) picks a free one. */
	port?: number;
	/** Interface to listen on; loopback by default. */
	host?: string;
	/** The API key the sandbox accepts; a random 40-character key by default. */
	apiKey?: string;
	/** Multiplies every delivery delay and timeout: 1 is Kakiyo's real time, 0.001 turns seconds into milliseconds. */
	timeScale?: number;
	/** How long a delivery attempt may take, in milliseconds; Kakiyo's 10 s times `timeScale` by default. */
	attemptTimeoutMs?: number;
}

export interface Sandbox {
	/** `http://host:port`, the root of the control API (`/_sandbox`). */
	readonly url: string;
	/** Kakiyo's API base URL, `${url}/v1`. */
	readonly apiUrl: string;
	readonly apiKey: string;
	close(): Promise<void>;
}

const KNOWN_EVENTS = new Set(KAKIYO_EVENTS.map((entry) => entry.id));
const KEY_SHAPE = /^[A-Za-z0-9_-]{40}$/;

interface Reply {
	status: number;
	body: unknown;
	headers?: Record<string, string>;
}

/** A call held open until the client gives up or the sandbox closes. */
const HANG = Symbol('hang');

function reply(status: number, body: unknown, headers?: Record<string, string>): Reply {
	return { status, body, ...(headers ? { headers } : {}) };
}

function write(res: ServerResponse, { status, body, headers }: Reply): void {
	const text = JSON.stringify(body);
	res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
	res.end(text);
}

function failure(error: unknown): Reply {
	return error instanceof HttpError
		? reply(error.status, { error: error.code, message: error.message })
		: reply(500, { error: 'internal_error', message: 'Internal server error' });
}

function newHookId(): string {
	return `webhook_${randomBytes(5).toString('hex')}`;
}

function publicHook(hook: SandboxHook): Record<string, unknown> {
	return {
		id: hook.id,
		name: hook.name,
		url: hook.url,
		events: hook.events,
		active: hook.active,
		createdAt: hook.createdAt,
	};
}

function validateUrl(value: unknown): string {
	if (typeof value !== 'string') throw new HttpError(400, 'validation_error', 'url is required');
	try {
		const url = new URL(value);
		if (url.protocol === 'http:' || url.protocol === 'https:') return value;
	} catch {
		// reported below
	}
	throw new HttpError(400, 'validation_error', 'url must be a valid http(s) URL');
}

function validateEvents(value: unknown): string[] {
	if (!Array.isArray(value) || value.length === 0) {
		throw new HttpError(400, 'validation_error', 'events must be a non-empty array');
	}
	for (const item of value) {
		if (typeof item !== 'string' || (item !== KAKIYO_WILDCARD && !KNOWN_EVENTS.has(item))) {
			throw new HttpError(400, 'validation_error', `Invalid event type: ${String(item)}`);
		}
	}
	return [...new Set(value as string[])];
}

function validateSecret(value: unknown): string | undefined {
	if (value === undefined || value === null) return undefined;
	if (typeof value !== 'string' || value === '')
		throw new HttpError(400, 'validation_error', 'secret must be a non-empty string');
	return value;
}

/** A delivery of `eventId` as Kakiyo would send it now, in the envelope its document shows. */
function eventBody(eventId: string, data: unknown, envelope: unknown): Record<string, unknown> {
	const sample = kakiyo.sampleFor(eventId) as {
		data: Record<string, unknown>;
		[key: string]: unknown;
	};
	const now = new Date().toISOString();
	const body: Record<string, unknown> = {
		...sample,
		timestamp: now,
		data: {
			...sample.data,
			...(typeof sample.data.timestamp === 'string' ? { timestamp: now } : {}),
			...(data as object),
		},
	};
	if (envelope === 'team' && body.teamId !== undefined) {
		body.team = { id: body.teamId, name: 'Sales Team Alpha' };
		delete body.teamId;
	} else if (envelope === 'teamId' && body.team !== undefined) {
		body.teamId = (body.team as { id: string }).id;
		delete body.team;
	}
	return body;
}

/** Starts a Kakiyo simulator on loopback: the documented `/v1` API, deliveries, and `/_sandbox` controls. */
export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
	const apiKey = options.apiKey ?? `sandbox_${randomBytes(16).toString('hex')}`;
	const timeScale = options.timeScale ?? 1;
	const hooks = new Map<string, SandboxHook>();
	let faults: Fault[] = [];
	let subscriptionActive = true;
	const isLive = (hook: SandboxHook): boolean => hooks.get(hook.id) === hook && hook.active;
	const attemptTimeoutMs = options.attemptTimeoutMs ?? DELIVERY_POLICY.attemptTimeoutMs * timeScale;
	const newDeliverer = () => createDeliverer({ timeScale, attemptTimeoutMs, isLive });
	let deliverer = newDeliverer();
	const sockets = new Set<Socket>();

	async function broadcast(eventId: string, body: Record<string, unknown>) {
		const text = JSON.stringify(body);
		const targets = [...hooks.values()].filter(
			(hook) =>
				hook.active && (hook.events.includes(eventId) || hook.events.includes(KAKIYO_WILDCARD)),
		);
		const attempts = await Promise.all(
			targets.map((hook) => deliverer.deliver(hook, eventId, text)),
		);
		return attempts.map((attempt) => ({
			hookId: attempt.hookId,
			status: attempt.status ?? null,
			ok: attempt.ok,
			...(attempt.error ? { error: attempt.error } : {}),
		}));
	}

	function authenticate(req: IncomingMessage): void {
		const header = req.headers.authorization;
		const token = header?.match(/^Bearer\s+(.+)$/i)?.[1]?.trim();
		if (!token) throw new HttpError(401, 'missing_api_key', 'API key is required');
		if (token === apiKey) return;
		if (!KEY_SHAPE.test(token))
			throw new HttpError(401, 'invalid_api_key_format', 'Invalid API key format');
		throw new HttpError(401, 'invalid_api_key', 'Invalid API key');
	}

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

	function faultReply(fault: Fault): Reply | typeof HANG {
		if (fault.kind === 'hang') return HANG;
		if (fault.kind === 'rate-limit') {
			return reply(
				429,
				{ error: 'rate_limit_exceeded', message: 'Rate limit exceeded' },
				{ 'retry-after': String(fault.retryAfter ?? 30) },
			);
		}
		return reply(500, { error: 'internal_error', message: 'Internal server error' });
	}

	async function api(req: IncomingMessage, path: string): Promise<Reply | typeof HANG> {
		const fault = takeFault(req, path);
		if (fault && !fault.afterHandling) return faultReply(fault);
		const answer = await handleApi(req, path);
		return fault ? faultReply(fault) : answer;
	}

	async function handleApi(req: IncomingMessage, path: string): Promise<Reply> {
		authenticate(req);
		if (!subscriptionActive)
			throw new HttpError(403, 'subscription_inactive', 'Subscription is inactive');
		const method = req.method ?? 'GET';
		const hookMatch = path.match(/^\/webhooks\/([^/]+)$/);

		if (method === 'GET' && path === '/verify')
			return reply(200, { status: 'success', message: 'API key is valid' });
		if (method === 'GET' && path === '/webhooks/test/events') {
			return reply(
				200,
				KAKIYO_EVENTS.map(({ id, name, description, category }) => ({
					id,
					name,
					description,
					category,
				})),
			);
		}
		const example = path.match(/^\/webhooks\/test\/example\/([^/]+)$/);
		if (method === 'GET' && example) {
			const eventId = decodeSegment(example[1] ?? '');
			if (!KNOWN_EVENTS.has(eventId))
				throw new HttpError(400, 'validation_error', 'Invalid Event Type');
			return reply(200, eventBody(eventId, {}, 'team'));
		}
		if (method === 'POST' && path === '/webhooks/test') {
			const body = await readJson(req);
			const eventId = body.event;
			if (typeof eventId !== 'string' || !KNOWN_EVENTS.has(eventId))
				throw new HttpError(400, 'validation_error', 'Invalid Event Type');
			const deliveries = await broadcast(eventId, eventBody(eventId, {}, 'team'));
			return reply(200, {
				message: 'Test webhook sent',
				event: eventId,
				webhooks: deliveries.length,
			});
		}
		if (method === 'POST' && path === '/webhooks') {
			const body = await readJson(req);
			if (typeof body.name !== 'string' || body.name.trim() === '')
				throw new HttpError(400, 'validation_error', 'name is required');
			const secret = validateSecret(body.secret);
			const hook: SandboxHook = {
				id: newHookId(),
				name: body.name,
				url: validateUrl(body.url),
				events: validateEvents(body.events),
				...(secret ? { secret } : {}),
				active: true,
				createdAt: new Date().toISOString(),
				consecutiveFailures: 0,
			};
			hooks.set(hook.id, hook);
			return reply(200, { ...publicHook(hook), message: 'Webhook created successfully' });
		}
		if (method === 'GET' && path === '/webhooks')
			return reply(200, { webhooks: [...hooks.values()].map(publicHook) });
		if (hookMatch) {
			const id = decodeSegment(hookMatch[1] ?? '');
			const hook = hooks.get(id);
			if (!hook) throw new HttpError(404, 'not_found', 'Webhook not found');
			if (method === 'GET') return reply(200, publicHook(hook));
			if (method === 'DELETE') {
				hooks.delete(id);
				return reply(200, { message: 'Webhook deleted successfully' });
			}
			if (method === 'PUT') {
				const body = await readJson(req);
				if (body.name !== undefined) hook.name = String(body.name);
				if (body.url !== undefined) hook.url = validateUrl(body.url);
				if (body.events !== undefined) hook.events = validateEvents(body.events);
				if (body.secret !== undefined) {
					const secret = validateSecret(body.secret);
					if (secret) hook.secret = secret;
				}
				if (body.active === true && !hook.active) {
					hook.active = true;
					hook.consecutiveFailures = 0;
					delete hook.disabledReason;
				} else if (body.active === false) {
					hook.active = false;
				}
				return reply(200, { ...publicHook(hook), message: 'Webhook updated successfully' });
			}
		}
		throw new HttpError(404, 'not_found', `No route for ${method} /v1${path}`);
	}

	async function control(req: IncomingMessage, path: string): Promise<Reply> {
		const method = req.method ?? 'GET';
		if (method === 'POST' && path === '/emit') {
			const body = await readJson(req);
			const eventId = body.event;
			if (typeof eventId !== 'string' || !KNOWN_EVENTS.has(eventId))
				throw new HttpError(400, 'validation_error', `Unknown event: ${String(eventId)}`);
			if (
				body.data !== undefined &&
				(body.data === null || typeof body.data !== 'object' || Array.isArray(body.data))
			) {
				throw new HttpError(400, 'validation_error', 'data must be an object');
			}
			const deliveries = await broadcast(
				eventId,
				eventBody(eventId, body.data ?? {}, body.envelope),
			);
			return reply(200, { event: eventId, deliveries });
		}
		if (method === 'GET' && path === '/hooks') {
			return reply(
				200,
				[...hooks.values()].map((hook) => ({
					...publicHook(hook),
					secret: hook.secret ?? null,
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
				hook.disabledReason = 'disabled through the sandbox';
				return reply(200, publicHook(hook));
			}
			if (method === 'POST' && hookAction[2] === 'enable') {
				hook.active = true;
				hook.consecutiveFailures = 0;
				delete hook.disabledReason;
				return reply(200, publicHook(hook));
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
		if (method === 'POST' && path === '/subscription') {
			const body = await readJson(req);
			subscriptionActive = body.active !== false;
			return reply(200, { active: subscriptionActive });
		}
		if (method === 'POST' && path === '/reset') {
			hooks.clear();
			faults = [];
			subscriptionActive = true;
			deliverer.stop();
			deliverer = newDeliverer();
			return reply(200, { reset: true });
		}
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
