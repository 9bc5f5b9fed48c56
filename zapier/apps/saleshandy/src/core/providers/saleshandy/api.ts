// Generated from shared/providers/saleshandy/api.ts by zapier/scripts/app-sources.ts: edit that file, then run npm run zapier:sources.
import { z } from 'zod/v4';

import type { ApiCall, ApiRequest } from '../../api-call.js';
import type { CreateHookInput, HookApi, KeyInfo, RemoteHook } from '../../provider.js';
import { callsWith, readHook, UNEXPECTED, unwrap, withoutSecret } from '../../provider-call.js';
import { ProviderError } from '../../provider-error.js';
import { saleshandyWording } from './errors.js';

/** The header the connector registers with each hook; Saleshandy sends it back on every delivery. */
export const SALESHANDY_SECRET_HEADER = 'X-Saleshandy-Trigger-Secret';
/** Hooks read when listing: Saleshandy keeps at most 50 active, so one page holds them. */
const PAGE_SIZE = 100;

const hookSchema = z.looseObject({
	id: z.union([z.string().min(1), z.number()]).transform(String),
	name: z.string().optional(),
	webhookUrl: z.string(),
	webhookEvent: z.array(z.string()),
	headers: z.record(z.string(), z.unknown()).optional().catch(undefined),
	status: z.string().optional(),
});

function toHook(value: z.infer<typeof hookSchema>): RemoteHook {
	const secret = Object.entries(value.headers ?? {}).find(
		([name]) => name.toLowerCase() === SALESHANDY_SECRET_HEADER.toLowerCase(),
	)?.[1];
	return {
		id: value.id,
		url: value.webhookUrl,
		events: value.webhookEvent,
		// Saleshandy leaves a hook `paused` when its test delivery failed.
		active: value.status === undefined || value.status === 'active',
		...(value.name === undefined ? {} : { name: value.name }),
		...(typeof secret === 'string' ? { secret } : {}),
	};
}

function parseHook(body: unknown): RemoteHook | typeof UNEXPECTED {
	const parsed = hookSchema.safeParse(unwrap(body, 'payload', 'data'));
	return parsed.success ? toHook(parsed.data) : UNEXPECTED;
}

/** A page of hooks, in any of the forms a listing may take (Saleshandy documents none). */
function parsePage(body: unknown): RemoteHook[] | typeof UNEXPECTED {
	const payload = unwrap(body, 'payload', 'data');
	const list = Array.isArray(payload) ? payload : unwrap(payload, 'webhooks', 'data', 'items');
	const parsed = z.array(hookSchema).safeParse(list);
	return parsed.success ? parsed.data.map(toHook) : UNEXPECTED;
}

/** Saleshandy's API calls, read and worded as Saleshandy answers. */
const call = callsWith(saleshandyWording);

const hookPath = (id: string) => `/webhook/${encodeURIComponent(id)}`;
const listPage = (page: number, pageSize: number): ApiRequest => ({
	method: 'GET',
	path: '/webhook',
	query: { page: String(page), pageSize: String(pageSize) },
});

/** The hooks of the account: one page of 100, twice the most Saleshandy keeps active. */
function listHooks(): ApiCall<RemoteHook[]> {
	return call(listPage(1, PAGE_SIZE), 'listing the webhooks', parsePage);
}

/**
 * Saleshandy's Open API (`research/saleshandy-breakcold.md`): create, read and list are
 * documented; delete is not, so it is tried and a refusal tells the user to delete by hand.
 * GET requests carry no body, so no `Content-Type` (Saleshandy answers those with 406).
 */
export const saleshandyApi = {
	verifyKey: (): ApiCall<KeyInfo> =>
		call(listPage(1, 1), 'checking the API key', (body) =>
			parsePage(body) === UNEXPECTED ? UNEXPECTED : {},
		),
	createHook: (input: CreateHookInput): ApiCall<RemoteHook> =>
		withoutSecret(
			call(
				{
					method: 'POST',
					path: '/webhook/create',
					body: {
						name: input.name,
						webhookUrl: input.url,
						webhookEvent: [...input.events],
						headers: { [SALESHANDY_SECRET_HEADER]: input.secret },
					},
				},
				'creating the webhook',
				parseHook,
			),
			input.secret,
		),
	getHook: (id: string): ApiCall<RemoteHook | null> => readHook(call, hookPath(id), id, parseHook),
	listHooks,
	deleteHook: (id: string): ApiCall<'deleted' | 'already-gone'> => {
		const inner = call<'deleted' | 'already-gone'>(
			{ method: 'DELETE', path: hookPath(id) },
			`deleting webhook ${id}`,
			() => 'deleted',
		);
		return {
			...inner,
			parse(response) {
				// No documented delete: a 404 or 405 cannot tell a gone hook from a missing route,
				// so the hook is left for the user to remove (a gone hook is then nothing to do).
				if (response.status === 404 || response.status === 405)
					throw new ProviderError(
						`Saleshandy offers no way to delete a webhook through its API: remove webhook ${id} in Saleshandy's webhook settings.`,
						'unsupported',
						response.status,
					);
				return inner.parse(response);
			},
		};
	},
} satisfies HookApi;
