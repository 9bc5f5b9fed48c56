import { z } from 'zod/v4';

import type { ApiCall, ApiRequest, ApiResponse } from '../../api-call.js';
import type {
	CatalogueEvent,
	CreateHookInput,
	HookApi,
	KeyInfo,
	RemoteHook,
} from '../../provider.js';
import { ProviderError } from '../../provider-error.js';
import { kakiyoError, kakiyoUnexpected, kakiyoUnreachable } from './errors.js';

const hookSchema = z.looseObject({
	id: z.string().min(1),
	url: z.string(),
	events: z.array(z.string()),
	active: z.boolean().optional(),
	name: z.string().optional(),
});

const teamName = z.string().trim().min(1).max(100);
const namedTeam = z.looseObject({ name: teamName });
const verifySchema = z.looseObject({
	team: namedTeam.optional().catch(undefined),
	teamName: teamName.optional().catch(undefined),
	data: z
		.looseObject({ team: namedTeam.optional().catch(undefined) })
		.optional()
		.catch(undefined),
});

const eventInfoSchema = z.looseObject({
	id: z.string().min(1),
	name: z.string().optional(),
	description: z.string().optional(),
	category: z.string().optional(),
});

/** Kakiyo documents some answers bare and leaves others open: accept `{webhook}`/`{data}` wraps. */
function unwrap(body: unknown, ...keys: string[]): unknown {
	if (body === null || typeof body !== 'object' || Array.isArray(body)) return body;
	for (const key of keys) {
		const inner = (body as Record<string, unknown>)[key];
		if (inner !== undefined) return inner;
	}
	return body;
}

function toHook(value: z.infer<typeof hookSchema>): RemoteHook {
	return {
		id: value.id,
		url: value.url,
		events: value.events,
		active: value.active ?? true,
		...(value.name === undefined ? {} : { name: value.name }),
	};
}

/** Returned by a success parser when a 2xx body is not what Kakiyo documents. */
const UNEXPECTED = Symbol('unexpected');

function call<T>(
	request: ApiRequest,
	doing: string,
	onSuccess: (body: unknown) => T | typeof UNEXPECTED,
	onNotFound?: () => T,
): ApiCall<T> {
	return {
		request,
		parse(response: ApiResponse): T {
			if (response.status === 404 && onNotFound) return onNotFound();
			if (response.status < 200 || response.status > 299) throw kakiyoError(response, doing);
			const result = onSuccess(response.body);
			if (result === UNEXPECTED) throw kakiyoUnexpected(response, doing);
			return result;
		},
		unreachable: (cause: unknown) => kakiyoUnreachable(cause, doing),
	};
}

/**
 * The call, with `secret` blanked out of any error message: Kakiyo's own text is quoted, and a
 * validation message may echo what was posted.
 */
function withoutSecret<T>(inner: ApiCall<T>, secret: string): ApiCall<T> {
	return {
		...inner,
		parse(response: ApiResponse): T {
			try {
				return inner.parse(response);
			} catch (error) {
				// eslint-disable-next-line @n8n/community-nodes/require-node-api-error -- the core knows no platform; the n8n node wraps this in NodeApiError
				if (!(error instanceof ProviderError) || !error.message.includes(secret)) throw error;
				// eslint-disable-next-line @n8n/community-nodes/require-node-api-error -- as above
				throw new ProviderError(
					error.message.split(secret).join('[secret]'),
					error.kind,
					error.status,
					error.code,
					error.retryAfterSeconds,
				);
			}
		},
	};
}

function parseHook(body: unknown): RemoteHook | typeof UNEXPECTED {
	const parsed = hookSchema.safeParse(unwrap(body, 'webhook', 'data'));
	return parsed.success ? toHook(parsed.data) : UNEXPECTED;
}

const ignoreBody = (): void => undefined;

function hookPath(id: string): string {
	return `/webhooks/${encodeURIComponent(id)}`;
}

/** Kakiyo's hook API (`research/kakiyo.md`), as request descriptions for an adapter to send. */
export const kakiyoApi: HookApi = {
	verifyKey: (): ApiCall<KeyInfo> =>
		call({ method: 'GET', path: '/verify' }, 'checking the API key', (body) => {
			// Kakiyo documents only {status, message}; a team name, where it sends one, labels the key.
			const parsed = verifySchema.safeParse(body);
			const label = parsed.success
				? (parsed.data.team?.name ?? parsed.data.teamName ?? parsed.data.data?.team?.name)
				: undefined;
			return label ? { label } : {};
		}),
	listEvents: (): ApiCall<CatalogueEvent[]> =>
		call({ method: 'GET', path: '/webhooks/test/events' }, 'listing the webhook events', (body) => {
			const parsed = z.array(eventInfoSchema).safeParse(unwrap(body, 'events', 'data'));
			if (!parsed.success) return UNEXPECTED;
			return parsed.data.map((entry) => ({
				id: entry.id,
				name: entry.name ?? entry.id,
				description: entry.description ?? '',
				category: entry.category ?? entry.id.split('.')[0] ?? 'other',
			}));
		}),
	getExample: (eventId: string): ApiCall<unknown> =>
		call(
			{ method: 'GET', path: `/webhooks/test/example/${encodeURIComponent(eventId)}` },
			`fetching the example of the "${eventId}" event`,
			(body) =>
				body !== null && typeof body === 'object' && !Array.isArray(body) ? body : UNEXPECTED,
		),
	createHook: (input: CreateHookInput): ApiCall<RemoteHook> =>
		withoutSecret(
			call(
				{
					method: 'POST',
					path: '/webhooks',
					body: {
						name: input.name,
						url: input.url,
						events: [...input.events],
						secret: input.secret,
					},
				},
				'creating the webhook',
				parseHook,
			),
			input.secret,
		),
	listHooks: (): ApiCall<RemoteHook[]> =>
		call({ method: 'GET', path: '/webhooks' }, 'listing the webhooks', (body) => {
			const parsed = z.array(hookSchema).safeParse(unwrap(body, 'webhooks', 'data'));
			return parsed.success ? parsed.data.map(toHook) : UNEXPECTED;
		}),
	getHook: (id: string): ApiCall<RemoteHook | null> =>
		call<RemoteHook | null>(
			{ method: 'GET', path: hookPath(id) },
			`reading webhook ${id}`,
			parseHook,
			() => null,
		),
	deleteHook: (id: string): ApiCall<'deleted' | 'already-gone'> =>
		call<'deleted' | 'already-gone'>(
			{ method: 'DELETE', path: hookPath(id) },
			`deleting webhook ${id}`,
			() => 'deleted',
			() => 'already-gone',
		),
	sendTestEvent: (eventId: string): ApiCall<void> =>
		call<void>(
			{ method: 'POST', path: '/webhooks/test', body: { event: eventId } },
			'sending a test event',
			ignoreBody,
		),
};
