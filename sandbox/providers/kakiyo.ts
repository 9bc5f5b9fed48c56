import { createHmac, randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

import type { SandboxHook } from '../deliver.js';
import { HttpError } from '../http-error.js';
import { reply, type EngineContext, type ProviderModule, type Reply } from '../module.js';
import { readJson } from '../read-json.js';
import { decodeSegment } from '../request-path.js';
import {
	EXAMPLE_TEAM,
	GUIDE_TEAM_ID,
	KAKIYO_AGENTS,
	KAKIYO_CAMPAIGNS,
	KAKIYO_SANDBOX_EVENTS,
	kakiyoData,
	type KakiyoSubject,
} from './kakiyo-events.js';

const KAKIYO_WILDCARD = '*';
const EVENTS = new Map(KAKIYO_SANDBOX_EVENTS.map((entry) => [entry.id, entry]));
const KNOWN_EVENTS = new Set(EVENTS.keys());
const KEY_SHAPE = /^[A-Za-z0-9_-]{40}$/;

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

/**
 * A delivery of `eventId` as Kakiyo would send it now, in the envelope its document shows: the
 * webhooks guide's flat `teamId` one for its six events, the example endpoint's `team{}` for the
 * rest; `envelope` (`team` or `teamId`) forces one, and `subject` picks its campaign and agent.
 */
function eventBody(
	eventId: string,
	data: unknown,
	envelope: unknown,
	subject: KakiyoSubject = {},
): Record<string, unknown> {
	const event = EVENTS.get(eventId)!;
	const now = new Date().toISOString();
	const native = event.parts[0] === 'guide';
	const teamId = native ? GUIDE_TEAM_ID : EXAMPLE_TEAM.id;
	const flat = envelope === 'teamId' || (envelope !== 'team' && native);
	return {
		event: eventId,
		...(flat ? { teamId } : {}),
		timestamp: now,
		data: { ...kakiyoData(event, now, subject), ...(data as object) },
		...(flat ? {} : { team: { id: teamId, name: EXAMPLE_TEAM.name } }),
	};
}

function authenticate(req: IncomingMessage, apiKey: string): void {
	const header = req.headers.authorization;
	const token = header?.match(/^Bearer\s+(.+)$/i)?.[1]?.trim();
	if (!token) throw new HttpError(401, 'missing_api_key', 'API key is required');
	if (token === apiKey) return;
	if (!KEY_SHAPE.test(token))
		throw new HttpError(401, 'invalid_api_key_format', 'Invalid API key format');
	throw new HttpError(401, 'invalid_api_key', 'Invalid API key');
}

/**
 * Kakiyo as `research/kakiyo.md` documents it, with its own transcription of the events: Bearer keys, `{error, message}` errors, hooks
 * under `/webhooks`, `X-Kakiyo-Signature` (hex HMAC-SHA256 of the body, computed here with
 * `node:crypto`, not the core), retries after 1, 2 and 4 s, disabled after 4 failures in a row.
 */
export function kakiyoModule(): ProviderModule {
	let subscriptionActive = true;

	async function handle(
		context: EngineContext,
		req: IncomingMessage,
		path: string,
	): Promise<Reply> {
		const { hooks } = context;
		authenticate(req, context.apiKey);
		if (!subscriptionActive)
			throw new HttpError(403, 'subscription_inactive', 'Subscription is inactive');
		const method = req.method ?? 'GET';
		const hookMatch = path.match(/^\/webhooks\/([^/]+)$/);

		if (method === 'GET' && path === '/verify')
			return reply(200, { status: 'success', message: 'API key is valid' });
		// Kakiyo documents neither list's wrapper; the connector reads this and the other usual ones.
		if (method === 'GET' && path === '/campaigns') return reply(200, { data: KAKIYO_CAMPAIGNS });
		if (method === 'GET' && path === '/agents') return reply(200, { data: KAKIYO_AGENTS });
		if (method === 'GET' && path === '/webhooks/test/events') {
			return reply(
				200,
				KAKIYO_SANDBOX_EVENTS.map(({ id, name, description, category }) => ({
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
			const deliveries = await context.broadcast(eventId, eventBody(eventId, {}, 'team'));
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
				id: `webhook_${randomBytes(5).toString('hex')}`,
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

	return {
		policy: {
			attemptTimeoutMs: 10_000,
			retryDelaysMs: [1_000, 2_000, 4_000],
			disableAfterFailures: 4,
		},
		events: [...KNOWN_EVENTS],
		wildcard: KAKIYO_WILDCARD,
		handle,
		errorBody: (error) => ({ error: error.code, message: error.message }),
		faultReply: (kind, retryAfter) =>
			kind === 'rate-limit'
				? reply(
						429,
						{ error: 'rate_limit_exceeded', message: 'Rate limit exceeded' },
						{ 'retry-after': String(retryAfter ?? 30) },
					)
				: reply(500, { error: 'internal_error', message: 'Internal server error' }),
		deliveryHeaders: (hook, body): Record<string, string> =>
			hook.secret
				? {
						'x-kakiyo-signature': createHmac('sha256', hook.secret)
							.update(body, 'utf8')
							.digest('hex'),
					}
				: {},
		eventBody: (eventId, data, options) => eventBody(eventId, data, options.envelope, options),
		describeHook: (hook) => ({ ...publicHook(hook), secret: hook.secret ?? null }),
		async control(_context, req, path) {
			if (req.method !== 'POST' || path !== '/subscription') return undefined;
			const body = await readJson(req);
			subscriptionActive = body.active !== false;
			return reply(200, { active: subscriptionActive });
		},
		reset() {
			subscriptionActive = true;
		},
	};
}
