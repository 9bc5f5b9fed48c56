import { createHash, createHmac, randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

import type { SandboxHook } from '../deliver.js';
import { HttpError } from '../http-error.js';
import { reply, type ProviderModule, type Reply } from '../module.js';
import { readJson } from '../read-json.js';

/** Breakcold's webhook page (seed `003`) and docs.breakcold.com, transcribed here by format. */
const LEGACY_EVENTS = `lead.create lead.update lead.delete lead.status.update lead.list.update
lead.tags.update lead.track lead.task.create lead.task.update lead.task.delete lead.note.create
lead.note.update lead.note.delete lead.linkedin.new lead.twitter.new lead.email.new
campaign.create campaign.update campaign.delete campaign.email.sent campaign.email.reply
campaign.email.open campaign.email.click campaign.email.bounce campaign.email.unsubscribe
list.create list.update list.delete status.create status.update status.delete tag.create
tag.update tag.delete`.split(/\s+/);
const CURRENT_EVENTS = `record.created record.updated record.deleted task.created task.completed
note.created note.updated note.deleted call.linked call.unlinked file.uploaded file.deleted`.split(
	/\s+/,
);

type Format = 'legacy' | 'current';

/** Legacy: no retries, paused after 10 failures. Current: 3 attempts (~5 s, ~30 s), 10 s each, disabled after 50. */
const POLICIES = {
	legacy: {
		attemptTimeoutMs: 10_000,
		retryDelaysMs: [],
		disableAfterFailures: 10,
		stoppedStatus: 'paused',
	},
	current: {
		attemptTimeoutMs: 10_000,
		retryDelaysMs: [5_000, 30_000],
		disableAfterFailures: 50,
		stoppedStatus: 'disabled',
	},
} as const;

const SPACE = '0c9f4d2e-5b1a-4e7d-9a63-2f8b1c0d7e54';

/**
 * What the event's data is about, from its id: a lead for `lead.*`, else the first word. A current
 * record that exists carries its object type's slug and name (docs.breakcold.com's record events).
 */
function subjectOf(eventId: string, now: string): Record<string, unknown> {
	const [subject = 'lead'] = eventId.split('.');
	const typed =
		eventId === 'record.created' || eventId === 'record.updated'
			? { objectType: 'person', objectTypeName: 'Person' }
			: {};
	return subject === 'lead' || subject === 'record'
		? {
				...typed,
				id: '3f1e9b7c-2d4a-4c8e-b5f6-0a9d8c7b6e5f',
				first_name: 'Noor',
				last_name: 'Haddad',
				email: 'noor.haddad@example.org',
				company: 'Contoso',
				created_at: now,
			}
		: { id: `${subject}-7d2c`, name: `Sandbox ${subject}`, created_at: now };
}

/**
 * Breakcold as the sandbox plays it. It has no API to register webhooks (its UI makes them), so
 * hooks are made through the controls: `POST /_sandbox/webhooks {url, format, secret?, events?}`.
 * A legacy hook receives `{id_space, event, secret, payload}`; a current one the signed envelope
 * `{eventId, timestamp, workspaceId, event, data}` with `X-Webhook-Signature: sha256=<hex>` over
 * `${X-Webhook-Timestamp}.${body}`, `X-Webhook-Event` and `X-Webhook-Delivery-Id` (the same on
 * each retry), computed here with `node:crypto`.
 */
export function breakcoldModule(): ProviderModule {
	const formatOf = (hook: SandboxHook): Format =>
		hook.variant === 'legacy' ? 'legacy' : 'current';

	async function createHook(context: { hooks: Map<string, SandboxHook> }, req: IncomingMessage) {
		const body = await readJson(req);
		const format = body.format === 'legacy' ? 'legacy' : 'current';
		if (typeof body.url !== 'string' || !/^https?:\/\//.test(body.url))
			throw new HttpError(400, 'validation_error', 'url must be an http(s) URL');
		const own = format === 'legacy' ? LEGACY_EVENTS : CURRENT_EVENTS;
		const events = Array.isArray(body.events) ? (body.events as string[]) : own;
		if (events.some((event) => !own.includes(event)))
			throw new HttpError(400, 'validation_error', `events must be ${format} events`);
		const hook: SandboxHook = {
			id: `wh_${randomBytes(6).toString('hex')}`,
			name: typeof body.name === 'string' ? body.name : 'Sandbox webhook',
			url: body.url,
			events,
			secret:
				typeof body.secret === 'string' && body.secret !== ''
					? body.secret
					: `whsec_${randomBytes(16).toString('hex')}`,
			variant: format,
			status: 'active',
			active: true,
			createdAt: new Date().toISOString(),
			consecutiveFailures: 0,
		};
		context.hooks.set(hook.id, hook);
		return reply(200, { id: hook.id, url: hook.url, format, secret: hook.secret, events });
	}

	return {
		policy: POLICIES.current,
		policyOf: (hook) => POLICIES[formatOf(hook)],
		events: [...LEGACY_EVENTS, ...CURRENT_EVENTS],
		async handle(): Promise<Reply> {
			throw new HttpError(404, 'not_found', 'Breakcold has no API for webhooks: use its UI');
		},
		errorBody: (error) => ({ error: error.code, message: error.message }),
		faultReply: (kind, retryAfter) =>
			kind === 'rate-limit'
				? reply(429, { message: 'Too many requests' }, { 'retry-after': String(retryAfter ?? 30) })
				: reply(500, { message: 'Internal server error' }),
		bodyFor(hook, body) {
			const event = String(body.event);
			if (formatOf(hook) === 'legacy')
				return { id_space: SPACE, event, secret: hook.secret, payload: body.payload };
			return {
				eventId: body.eventId,
				timestamp: body.timestamp,
				workspaceId: SPACE,
				event,
				data: body.payload,
			};
		},
		deliveryHeaders(hook, body): Record<string, string> {
			if (formatOf(hook) === 'legacy') return {};
			const timestamp = String(Math.floor(Date.now() / 1000));
			const { eventId, event } = JSON.parse(body) as { eventId: string; event: string };
			return {
				'user-agent': 'Breakcold-Webhooks/1.0',
				'x-webhook-event': event,
				'x-webhook-delivery-id': `dlv_${createHash('sha256').update(`${hook.id}:${eventId}`).digest('hex').slice(0, 24)}`,
				'x-webhook-timestamp': timestamp,
				'x-webhook-signature': `sha256=${createHmac('sha256', hook.secret ?? '')
					.update(`${timestamp}.${body}`)
					.digest('hex')}`,
			};
		},
		eventBody(eventId, data) {
			const now = new Date().toISOString();
			return {
				event: eventId,
				eventId: `evt_${randomBytes(8).toString('hex')}`,
				timestamp: now,
				payload: { ...subjectOf(eventId, now), ...data },
			};
		},
		describeHook: (hook) => ({
			id: hook.id,
			name: hook.name,
			url: hook.url,
			events: hook.events,
			format: formatOf(hook),
			secret: hook.secret ?? null,
			status: hook.status,
			active: hook.active,
		}),
		async control(context, req, path) {
			return req.method === 'POST' && path === '/webhooks' ? createHook(context, req) : undefined;
		},
	};
}
