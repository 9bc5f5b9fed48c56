// Generated from shared/providers/kakiyo/api.ts by zapier/scripts/app-sources.ts: edit that file, then run npm run zapier:sources.
import { z } from 'zod/v4';

import type { ApiCall } from '../../api-call.js';
import type {
	CatalogueEvent,
	CreateHookInput,
	HookApi,
	KeyInfo,
	RemoteHook,
} from '../../provider.js';
import { callsWith, readHook, UNEXPECTED, unwrap, withoutSecret } from '../../provider-call.js';
import { kakiyoWording } from './errors.js';

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

function toHook(value: z.infer<typeof hookSchema>): RemoteHook {
	return {
		id: value.id,
		url: value.url,
		events: value.events,
		active: value.active ?? true,
		...(value.name === undefined ? {} : { name: value.name }),
	};
}

function parseHook(body: unknown): RemoteHook | typeof UNEXPECTED {
	const parsed = hookSchema.safeParse(unwrap(body, 'webhook', 'data'));
	return parsed.success ? toHook(parsed.data) : UNEXPECTED;
}

/** Kakiyo's API calls, read and worded as Kakiyo answers. */
const call = callsWith(kakiyoWording);

const ignoreBody = (): void => undefined;

function hookPath(id: string): string {
	return `/webhooks/${encodeURIComponent(id)}`;
}

/** Kakiyo's hook API (`research/kakiyo.md`), as request descriptions for an adapter to send. */
export const kakiyoApi: Required<HookApi> = {
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
	getHook: (id: string): ApiCall<RemoteHook | null> => readHook(call, hookPath(id), id, parseHook),
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
