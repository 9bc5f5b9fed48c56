import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

import type { SandboxHook } from '../deliver.js';
import { HttpError } from '../http-error.js';
import { reply, type EngineContext, type ProviderModule, type Reply } from '../module.js';
import { readJson } from '../read-json.js';
import { decodeSegment } from '../request-path.js';
import {
	SALESHANDY_SANDBOX_EVENTS,
	SALESHANDY_SEQUENCES,
	saleshandyEventBody,
} from './saleshandy-events.js';

const KNOWN = new Set(SALESHANDY_SANDBOX_EVENTS);
/** Saleshandy's cap on active webhooks per account. */
export const MAX_ACTIVE_HOOKS = 50;

/**
 * Saleshandy's error shape is not documented; third parties report a message carrying a code
 * (`400 1001: Invalid token`, `500 5001: Internal server error`). Played as `{message, errorCode}`
 * with the code leading the message. Only 1001 and 5001 are reported; the other codes are the
 * sandbox's own, one per kind of refusal, so 1001 never stands for anything but a bad key.
 */
const CODES = {
	invalidToken: 1001,
	invalid: 1002,
	hookLimit: 1003,
	notFound: 1004,
	notAcceptable: 1006,
	rateLimit: 1029,
	internal: 5001,
} as const;
/** The code of an error raised outside this module (a body the engine refuses), by status. */
const CODE_OF_STATUS: Readonly<Record<number, number>> = {
	404: CODES.notFound,
	500: CODES.internal,
};
/** Header names a delivery can carry: RFC 9110 tokens. */
const HEADER_NAME = /^[!#$%&'*+.^`|~\w-]+$/;

const refusal = (status: number, code: number, message: string) =>
	new HttpError(status, String(code), message);
const invalid = (message: string) => refusal(400, CODES.invalid, message);

/** A delivery of a known event now, about `sequence`, `data` merged over the sandbox's payload. */
function eventBody(
	eventId: string,
	data: Record<string, unknown> = {},
	sequence?: unknown,
): Record<string, unknown> {
	return saleshandyEventBody(eventId, new Date().toISOString(), data, sequence);
}

/** `GET /sequences` as Saleshandy's API reference shows it; `pageSize` up to 1000. */
function listSequences(req: IncomingMessage): Reply {
	const url = new URL(req.url ?? '/', 'http://sandbox');
	const page = Math.max(1, Number(url.searchParams.get('page')) || 1);
	const size = Math.min(1000, Math.max(1, Number(url.searchParams.get('pageSize')) || 100));
	const user = { id: 7, firstName: 'Rene', lastName: 'Rep', email: 'rep@example.org' };
	return reply(200, {
		message: 'Successfully fetched all sequences and their associated steps',
		payload: SALESHANDY_SEQUENCES.slice((page - 1) * size, page * size).map((sequence) => ({
			id: sequence.listedId,
			title: sequence.sequenceName,
			active: sequence.active,
			steps: [{ id: `${sequence.listedId}-1`, name: 'Step 1' }],
			client: null,
			user,
		})),
	});
}

/** A hook as Saleshandy's API shows it, `extra` fields added. */
function publicHook(
	hook: SandboxHook,
	extra: Record<string, unknown> = {},
): Record<string, unknown> {
	return {
		id: hook.id,
		name: hook.name,
		webhookUrl: hook.url,
		webhookEvent: hook.events,
		headers: hook.headers ?? {},
		status: hook.status ?? (hook.active ? 'active' : 'paused'),
		...extra,
	};
}

/** `GET /webhook/{id}`'s failure fields: how many deliveries failed in a row, and the last. */
function failures(hook: SandboxHook): Record<string, unknown> {
	const last = hook.lastFailure;
	return {
		failed: hook.consecutiveFailures,
		lastFailure: last
			? { failedAt: last.at, statusCode: last.status ?? null, message: last.error }
			: null,
	};
}

function isHttpUrl(value: unknown): value is string {
	if (typeof value !== 'string') return false;
	try {
		const { protocol } = new URL(value);
		return protocol === 'http:' || protocol === 'https:';
	} catch {
		return false;
	}
}

/** The fields of a create body, or a 400 naming the first that is wrong. */
function validate(body: Record<string, unknown>) {
	if (typeof body.name !== 'string' || body.name.trim() === '') throw invalid('name is required');
	if (!isHttpUrl(body.webhookUrl)) throw invalid('webhookUrl must be a valid URL');
	const events = body.webhookEvent;
	if (!Array.isArray(events) || events.length === 0 || events.some((e) => !KNOWN.has(e as string)))
		throw invalid('webhookEvent must list one or more valid events');
	const headers = body.headers;
	if (headers === null || typeof headers !== 'object' || Array.isArray(headers))
		throw invalid('headers is required (pass {} for none)');
	for (const [name, value] of Object.entries(headers)) {
		if (!HEADER_NAME.test(name)) throw invalid(`headers: ${name} is not a valid header name`);
		if (typeof value !== 'string' || /[\r\n\0]/.test(value))
			throw invalid(`headers: ${name} must be a single-line string`);
	}
	return {
		name: body.name,
		url: body.webhookUrl,
		events: [...new Set(events as string[])],
		headers: headers as Record<string, string>,
	};
}

/**
 * Saleshandy's Open API as documented (create, read, list; `x-api-key`), plus what is inferred:
 * a GET with a `Content-Type` answers 406, a test delivery on create that leaves the hook
 * `paused` when it fails, 50 active hooks at most, and no delete unless `deleteEnabled`.
 * Deliveries carry the hook's registered headers (Saleshandy signs nothing); retries are
 * assumed (3 attempts, 5 and 30 s apart: Saleshandy publishes none), and a hook is paused after
 * 10 failures in a row.
 */
export function saleshandyModule(options: { deleteEnabled?: boolean } = {}): ProviderModule {
	let deleteEnabled = options.deleteEnabled ?? false;

	async function create(context: EngineContext, req: IncomingMessage): Promise<Reply> {
		const input = validate(await readJson(req));
		const active = [...context.hooks.values()].filter((hook) => hook.active).length;
		if (active >= MAX_ACTIVE_HOOKS)
			throw refusal(
				400,
				CODES.hookLimit,
				`Maximum limit of ${MAX_ACTIVE_HOOKS} active webhooks reached for this account`,
			);
		const hook: SandboxHook = {
			id: randomBytes(12).toString('hex'),
			...input,
			status: 'active',
			active: true,
			createdAt: new Date().toISOString(),
			consecutiveFailures: 0,
		};
		context.hooks.set(hook.id, hook);
		const [first = 'email-sent'] = input.events;
		const test = await context.deliverOnce(hook, first, { ...eventBody(first), test: true });
		hook.consecutiveFailures = 0;
		if (!test.ok) {
			hook.active = false;
			hook.status = 'paused';
			hook.disabledReason = 'the test delivery on create failed';
		}
		return reply(201, {
			message: 'Webhook created successfully',
			payload: publicHook(hook, { testDelivery: { status: test.ok ? 'success' : 'failed' } }),
		});
	}

	async function handle(
		context: EngineContext,
		req: IncomingMessage,
		path: string,
	): Promise<Reply> {
		const key = req.headers['x-api-key'];
		if (typeof key !== 'string' || key !== context.apiKey)
			throw refusal(400, CODES.invalidToken, 'Invalid token');
		const method = req.method ?? 'GET';
		if (method === 'GET' && req.headers['content-type'] !== undefined)
			throw refusal(406, CODES.notAcceptable, 'Not Acceptable');
		if (method === 'POST' && path === '/webhook/create') return create(context, req);
		if (method === 'GET' && path === '/sequences') return listSequences(req);
		if (method === 'GET' && path === '/webhook') {
			const url = new URL(req.url ?? '/', 'http://sandbox');
			const page = Math.max(1, Number(url.searchParams.get('page')) || 1);
			const size = Math.min(100, Math.max(1, Number(url.searchParams.get('pageSize')) || 10));
			const all = [...context.hooks.values()];
			return reply(200, {
				message: 'Webhooks fetched successfully',
				payload: {
					webhooks: all.slice((page - 1) * size, page * size).map((hook) => publicHook(hook)),
					total: all.length,
				},
			});
		}
		const one = path.match(/^\/webhook\/([^/]+)$/);
		if (one && (method === 'GET' || (method === 'DELETE' && deleteEnabled))) {
			const id = decodeSegment(one[1] ?? '');
			const hook = context.hooks.get(id);
			if (!hook) throw refusal(404, CODES.notFound, 'Webhook not found');
			if (method === 'DELETE') {
				context.hooks.delete(id);
				return reply(200, { message: 'Webhook deleted successfully' });
			}
			return reply(200, {
				message: 'Webhook fetched successfully',
				payload: publicHook(hook, failures(hook)),
			});
		}
		throw refusal(404, CODES.notFound, `Cannot ${method} /v1${path}`);
	}

	return {
		policy: {
			attemptTimeoutMs: 10_000,
			retryDelaysMs: [5_000, 30_000],
			disableAfterFailures: 10,
			stoppedStatus: 'paused',
		},
		events: SALESHANDY_SANDBOX_EVENTS,
		handle,
		errorBody: (error) => {
			const code = Number(error.code) || CODE_OF_STATUS[error.status] || CODES.invalid;
			return { message: `${code}: ${error.message}`, errorCode: code };
		},
		faultReply: (kind, retryAfter) =>
			kind === 'rate-limit'
				? reply(
						429,
						{ message: `${CODES.rateLimit}: Too many requests`, errorCode: CODES.rateLimit },
						{ 'retry-after': String(retryAfter ?? 30) },
					)
				: reply(500, {
						message: `${CODES.internal}: Internal server error`,
						errorCode: CODES.internal,
					}),
		deliveryHeaders: (hook) => ({ ...hook.headers }),
		eventBody: (eventId, data, options) => eventBody(eventId, data, options.sequence),
		describeHook: (hook) => ({
			...publicHook(hook),
			url: hook.url,
			events: hook.events,
			active: hook.active,
		}),
		async control(_context, req, path) {
			if (req.method !== 'POST' || path !== '/delete') return undefined;
			const body = await readJson(req);
			deleteEnabled = body.enabled === true;
			return reply(200, { deleteEnabled });
		},
		reset() {
			deleteEnabled = options.deleteEnabled ?? false;
		},
	};
}
