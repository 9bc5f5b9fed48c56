import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

import type { SandboxHook } from '../deliver.js';
import { HttpError } from '../http-error.js';
import { reply, type EngineContext, type ProviderModule, type Reply } from '../module.js';
import { readJson } from '../read-json.js';
import { decodeSegment } from '../request-path.js';

/** The `webhookEvent` values Saleshandy's create-webhook page lists (seed `002`), transcribed here. */
const EVENTS = [
	'email-sent',
	'email-opened',
	'email-link-clicked',
	'reply-received',
	'email-bounced',
	'prospect-unsubscribed',
	'prospect-finished',
	'prospect-outcome-updated',
	'sequence-paused',
	'email-account-disconnected',
	'email-account-paused',
	'inbox-analyser-test-completed',
	'task-created',
	'task-updated',
	'bulk-task-updated',
	'call-task-updated',
	'linkedin-task-updated',
	'custom-task-updated',
	'whatsapp-task-updated',
];
const KNOWN = new Set(EVENTS);
/** Saleshandy's cap on active webhooks per account. */
export const MAX_ACTIVE_HOOKS = 50;

/**
 * Saleshandy's error shape is not documented; what third parties report is a message carrying
 * the code (`400 1001: Invalid token`, `500 5001: Internal server error`). Played here as
 * `{message, errorCode}` with the code also leading the message.
 */
const CODES: Readonly<Record<number, number>> = { 400: 1001, 401: 1001, 500: 5001 };

/**
 * What a delivery looks like: `email-sent`'s documented fields (`research/saleshandy-breakcold.md`);
 * the other events' payloads are not public, so this sandbox guesses its own, on purpose not
 * the connector's.
 */
function eventBody(eventId: string, data: Record<string, unknown>): Record<string, unknown> {
	const now = new Date().toISOString();
	const prospect = {
		firstName: 'Lee',
		lastName: 'Okafor',
		email: 'lee.okafor@example.org',
		jobTitle: 'Operations Manager',
		company: 'Fabrikam',
		tag: ['sandbox'],
		latestStatus: 'Contacted',
	};
	const sequence = {
		id: 101,
		sequenceName: 'Sandbox sequence',
		stepID: 5001,
		stepNumber: 1,
		variant: 'A',
		emailSubject: 'Hello from the sandbox',
		emailBody: '<p>Hi Lee</p>',
		senderEmail: 'rep@example.org',
		latestOutcome: 'Positive',
	};
	const user = { firstName: 'Rene', lastName: 'Rep', email: 'rep@example.org' };
	const base: Record<string, unknown> =
		eventId === 'email-sent'
			? { event: eventId, emailSentAt: now, prospect, sequence, user }
			: { event: eventId, occurredAt: now, prospect, sequence, user };
	return { ...base, ...data };
}

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

function validate(body: Record<string, unknown>) {
	if (typeof body.name !== 'string' || body.name.trim() === '')
		throw new HttpError(400, '1002', 'name is required');
	if (typeof body.webhookUrl !== 'string' || !/^https?:\/\//.test(body.webhookUrl))
		throw new HttpError(400, '1002', 'webhookUrl must be a valid URL');
	const events = body.webhookEvent;
	if (!Array.isArray(events) || events.length === 0 || events.some((e) => !KNOWN.has(e as string)))
		throw new HttpError(400, '1002', 'webhookEvent must list one or more valid events');
	const headers = body.headers;
	if (headers === null || typeof headers !== 'object' || Array.isArray(headers))
		throw new HttpError(400, '1002', 'headers is required (pass {} for none)');
	if (Object.values(headers).some((value) => typeof value !== 'string'))
		throw new HttpError(400, '1002', 'headers values must be strings');
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
			throw new HttpError(
				400,
				'1003',
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
		const test = await context.deliverOnce(hook, input.events[0] ?? 'email-sent', {
			...eventBody(input.events[0] ?? 'email-sent', {}),
			test: true,
		});
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
			throw new HttpError(400, '1001', 'Invalid token');
		const method = req.method ?? 'GET';
		if (method === 'GET' && req.headers['content-type'] !== undefined)
			throw new HttpError(406, '1006', 'Not Acceptable');
		if (method === 'POST' && path === '/webhook/create') return create(context, req);
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
			if (!hook) throw new HttpError(404, '4004', 'Webhook not found');
			if (method === 'DELETE') {
				context.hooks.delete(id);
				return reply(200, { message: 'Webhook deleted successfully' });
			}
			return reply(200, {
				message: 'Webhook fetched successfully',
				payload: publicHook(hook, {
					failed: hook.consecutiveFailures,
					lastFailure: hook.disabledReason
						? { failedAt: hook.createdAt, message: hook.disabledReason }
						: null,
				}),
			});
		}
		throw new HttpError(404, '4004', `Cannot ${method} /v1${path}`);
	}

	return {
		displayName: 'Saleshandy',
		policy: {
			attemptTimeoutMs: 10_000,
			retryDelaysMs: [5_000, 30_000],
			disableAfterFailures: 10,
			stoppedStatus: 'paused',
		},
		events: EVENTS,
		handle,
		errorBody: (error) => {
			const code = Number(error.code) || CODES[error.status] || error.status;
			return { message: `${code}: ${error.message}`, errorCode: code };
		},
		faultReply: (kind, retryAfter) =>
			kind === 'rate-limit'
				? reply(
						429,
						{ message: '1029: Too many requests', errorCode: 1029 },
						{ 'retry-after': String(retryAfter ?? 30) },
					)
				: reply(500, { message: '5001: Internal server error', errorCode: 5001 }),
		deliveryHeaders: (hook) => ({ ...hook.headers }),
		eventBody: (eventId, data) => eventBody(eventId, data),
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
