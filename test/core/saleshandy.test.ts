import { describe, expect, it } from 'vitest';

import {
	confirmHook,
	signDelivery,
	receiveDelivery,
	release,
	send,
	subscribe,
	type ApiResponse,
	type HookRecord,
	type Transport,
} from '../../shared/index.js';
import { type ApiRequest } from '../../shared/api-call.js';
import {
	emailSentSchema,
	saleshandy,
	SALESHANDY_EVENTS,
	SALESHANDY_SECRET_HEADER,
} from '../../shared/providers/saleshandy/index.js';
import { errorOf } from '../helpers/error-of.js';

const api = saleshandy.api;
const URL = 'https://n8n.example.com/webhook/abc/webhook';
const ok = (body: unknown, status = 200): ApiResponse => ({ status, headers: {}, body });
const stored = (fields: Record<string, unknown> = {}) => ({
	id: '69fb3ac1eda582171eb74826',
	name: 'n8n: Replies',
	webhookUrl: URL,
	webhookEvent: ['reply-received'],
	headers: { [SALESHANDY_SECRET_HEADER]: 'the-secret' },
	status: 'active',
	...fields,
});

describe('saleshandy definition', () => {
	it("the catalogue holds the seed's 19 events, each once, each with a sample its schema accepts", () => {
		const ids = SALESHANDY_EVENTS.map((entry) => entry.id);
		expect(ids).toHaveLength(19);
		expect(new Set(ids).size).toBe(19);
		expect(ids).toContain('whatsapp-task-updated');
		for (const id of ids) {
			const sample = saleshandy.sampleFor(id);
			expect(sample.event).toBe(id);
			expect(saleshandy.schemaFor(id).safeParse(sample).success).toBe(true);
		}
	});

	it('the email-sent schema checks the documented payload and keeps unknown fields', () => {
		const sample = saleshandy.sampleFor('email-sent');
		expect(sample).not.toHaveProperty('_connectorSample');
		expect(saleshandy.sampleFor('email-opened')).toHaveProperty('_connectorSample', true);
		expect(emailSentSchema.safeParse({ ...sample, extra: 1 }).data).toHaveProperty('extra', 1);
		expect(emailSentSchema.safeParse({ ...sample, emailSentAt: 12 }).success).toBe(false);
		expect(emailSentSchema.safeParse({ ...sample, prospect: {} }).success).toBe(false);
	});

	it("Saleshandy's own example passes the email-sent schema as it is, numbers written as strings", () => {
		// docs.saleshandy.com "Example Webhook Data", Email Sent: the sequence part, names shortened.
		const documented = {
			event: 'email-sent',
			emailSentAt: '2024-04-23T07:13:42.439Z',
			prospect: { firstName: 'P', lastName: 'P', email: 'p@example.com', tag: ['Saas agency'] },
			sequence: {
				id: '139223',
				sequenceName: 'Outreach to the Agency Owner',
				stepID: 'FUWcw22do',
				stepNumber: '3',
				variant: 'C',
				isSentAsNewThread: false,
				senderEmail: 'sender@example.com',
				latestOutcome: 'Interested',
				dealValue: '90',
			},
			user: { firstName: 'J', lastName: 'D', email: 'j@example.com' },
		};
		expect(emailSentSchema.safeParse(documented).success).toBe(true);
		expect(
			emailSentSchema.safeParse({
				...documented,
				sequence: { ...documented.sequence, stepNumber: [3] },
			}).success,
		).toBe(false);
	});
});

describe('saleshandy hook API requests', () => {
	it("createHook posts the seed's body, the secret as a registered header", () => {
		const call = api.createHook({
			name: 'n8n: Replies',
			url: URL,
			events: ['reply-received', 'email-opened'],
			secret: 's3cret',
		});
		expect(call.request).toEqual({
			method: 'POST',
			path: '/webhook/create',
			body: {
				name: 'n8n: Replies',
				webhookUrl: URL,
				webhookEvent: ['reply-received', 'email-opened'],
				headers: { [SALESHANDY_SECRET_HEADER]: 's3cret' },
			},
		});
	});

	it('reads carry no body (Saleshandy answers a GET with a Content-Type 406), ids encoded', () => {
		const gets: ApiRequest[] = [
			api.getHook('a/b').request,
			api.listHooks().request,
			api.verifyKey().request,
		];
		for (const request of gets) {
			expect(request.method).toBe('GET');
			expect(request).not.toHaveProperty('body');
		}
		expect(gets[0]?.path).toBe('/webhook/a%2Fb');
		expect(gets[1]).toMatchObject({ path: '/webhook', query: { page: '1', pageSize: '100' } });
		expect(api.deleteHook('h1').request).toEqual({ method: 'DELETE', path: '/webhook/h1' });
	});

	it('reads the documented create answer: a paused hook is not active; the registered secret comes back', () => {
		const created = api.createHook({ name: 'n', url: URL, events: ['email-sent'], secret: 's' });
		const hook = created.parse(
			ok(
				{
					message: 'Webhook created successfully',
					payload: stored({ status: 'paused', testDelivery: { status: 'failed' } }),
				},
				201,
			),
		);
		expect(hook).toEqual({
			id: '69fb3ac1eda582171eb74826',
			name: 'n8n: Replies',
			url: URL,
			events: ['reply-received'],
			active: false,
			secret: 'the-secret',
		});
	});

	it('reads a listing in any of its likely forms, and a gone hook as null', () => {
		for (const body of [
			{ payload: [stored()] },
			{ payload: { webhooks: [stored()], total: 1 } },
			{ data: { items: [stored()] } },
		])
			expect(api.listHooks().parse(ok(body))).toEqual([expect.objectContaining({ url: URL })]);
		expect(api.getHook('x').parse(ok({ message: 'Not found' }, 404))).toBeNull();
		expect(errorOf(() => api.listHooks().parse(ok({ payload: 'nope' })))).toMatchObject({
			kind: 'unexpected-response',
		});
	});
});

describe('saleshandy errors', () => {
	const fail = (status: number, body: unknown) => () =>
		api.createHook({ name: 'n', url: URL, events: ['email-sent'], secret: 'the-secret' }).parse({
			status,
			headers: {},
			body,
		});

	it('400 "1001: Invalid token" is an invalid key, in any of its forms, with where to make one', () => {
		for (const body of [
			{ message: '1001: Invalid token' },
			{ message: 'Invalid token', errorCode: 1001 },
			{ error: { code: '1001', message: 'Invalid token' } },
		]) {
			const error = errorOf(fail(400, body));
			expect(error).toMatchObject({ kind: 'invalid-key', status: 400 });
			expect(error.message).toContain('Settings > API Key');
		}
	});

	it('the 50-hook limit says what to do; 500 5001 is on Saleshandy; the secret is never quoted', () => {
		const limit = errorOf(fail(400, { message: 'Maximum limit of 50 active webhooks reached' }));
		expect(limit.message).toContain('50 active webhooks');
		expect(errorOf(fail(500, { message: '5001: Internal server error' }))).toMatchObject({
			kind: 'provider-down',
		});
		const echoed = errorOf(fail(400, { message: 'bad header the-secret' }));
		expect(echoed.message).not.toContain('the-secret');
	});

	it('a refused delete (404, 405) tells the user to remove the hook in Saleshandy', () => {
		for (const status of [404, 405]) {
			const error = errorOf(() => api.deleteHook('h1').parse(ok({}, status)));
			expect(error).toMatchObject({ kind: 'unsupported' });
			expect(error.message).toContain("remove webhook h1 in Saleshandy's webhook settings");
		}
		expect(api.deleteHook('h1').parse(ok({ message: 'deleted' }))).toBe('deleted');
	});
});

describe('saleshandy deliveries', () => {
	const body = JSON.stringify(saleshandy.sampleFor('reply-received'));
	const receive = (headers: Record<string, string>, pending?: string[]) =>
		receiveDelivery(
			saleshandy,
			{ headers, body },
			{ secret: 'the-secret', selected: ['reply-received'], ...(pending ? { pending } : {}) },
		);

	it('the registered header, compared in constant time, is the only proof: right runs, wrong or none is 401', () => {
		expect(receive(signDelivery(saleshandy, body, 'the-secret').headers)).toMatchObject({
			outcome: 'accepted',
		});
		expect(receive({ 'x-saleshandy-trigger-secret': 'the-secret' })).toMatchObject({
			outcome: 'accepted',
		});
		expect(receive({ [SALESHANDY_SECRET_HEADER]: 'the-secreT' })).toMatchObject({
			outcome: 'refused',
			status: 401,
		});
		expect(receive({})).toMatchObject({ outcome: 'refused', status: 401 });
	});

	it('an old delivery still runs and is not warned about: Saleshandy dates nothing dependably', () => {
		const old = JSON.stringify({
			...saleshandy.sampleFor('email-sent'),
			timestamp: '2001-01-01T00:00:00Z',
		});
		const reception = receiveDelivery(
			saleshandy,
			{ headers: { [SALESHANDY_SECRET_HEADER]: 'the-secret' }, body: old },
			{ secret: 'the-secret', selected: ['email-sent'] },
		);
		expect(reception).toMatchObject({ outcome: 'accepted' });
		expect(reception).not.toHaveProperty('warning');
	});
});

/** An in-memory Saleshandy that cannot delete, answering the definition's requests. */
function noDeleteSaleshandy(createAs = 'active') {
	const hooks = new Map<string, ReturnType<typeof stored>>();
	let next = 1;
	let creates = 0;
	const transport: Transport = async (request) => {
		if (request.method === 'POST' && request.path === '/webhook/create') {
			creates += 1;
			const body = request.body as {
				webhookUrl: string;
				webhookEvent: string[];
				headers: Record<string, string>;
			};
			const hook = stored({ id: `h${next++}`, ...body, status: createAs });
			hooks.set(hook.id, hook);
			return ok({ message: 'Webhook created successfully', payload: hook }, 201);
		}
		if (request.method === 'GET' && request.path === '/webhook')
			return ok({ payload: [...hooks.values()] });
		if (request.method === 'GET') {
			const hook = hooks.get(decodeURIComponent(request.path.split('/')[2] ?? ''));
			return hook ? ok({ payload: hook }) : ok({ message: 'Not found' }, 404);
		}
		return ok({ message: 'Cannot DELETE' }, 404);
	};
	return { hooks, transport, creates: () => creates };
}

describe('saleshandy hooks that cannot be deleted', () => {
	const input = { name: 'n8n: Replies', url: URL, events: ['reply-received'] };

	it('re-activation takes over the hook already serving the URL instead of piling up another', async () => {
		const remote = noDeleteSaleshandy();
		const first: HookRecord = {};
		const made = await subscribe(saleshandy, remote.transport, first, input);
		expect(await release(saleshandy, remote.transport, first, URL)).toBe(false);

		const again: HookRecord = {};
		const taken = await subscribe(saleshandy, remote.transport, again, input);
		expect(taken).toEqual(made);
		expect(again).toEqual({ hookId: made.id, secret: made.secret });
		expect(remote.creates()).toBe(1);
		expect(remote.hooks.size).toBe(1);
	});

	it('a hook with other events, or paused, is not taken over: a new one is made and the old one stays a leftover', async () => {
		const remote = noDeleteSaleshandy();
		await subscribe(saleshandy, remote.transport, {}, { ...input, events: ['email-opened'] });
		const record: HookRecord = {};
		await subscribe(saleshandy, remote.transport, record, input);
		expect(remote.creates()).toBe(2);
		expect(record.leftovers).toEqual(['h1']);

		const paused = noDeleteSaleshandy();
		await subscribe(saleshandy, paused.transport, {}, input);
		paused.hooks.set('h1', { ...paused.hooks.get('h1')!, status: 'paused' });
		const other: HookRecord = {};
		const made = await subscribe(saleshandy, paused.transport, other, input);
		expect(made.id).toBe('h2');
		expect(
			await confirmHook(saleshandy, paused.transport, other, { url: URL, events: input.events }),
		).toBe(true);
		expect(other.leftovers).toEqual(['h1']);
	});

	it('a hook Saleshandy creates paused (its test did not get through) fails the activation, saying why, and stays a leftover', async () => {
		const remote = noDeleteSaleshandy('paused');
		const record: HookRecord = {};
		const error = (await subscribe(saleshandy, remote.transport, record, input).catch(
			(caught: unknown) => caught,
		)) as Error;
		expect(error).toMatchObject({ kind: 'hook-paused' });
		expect(error.message).toContain(`test delivery to ${URL} did not get through`);
		expect(error.message).toContain('Remove the paused webhook h1 in Saleshandy');
		expect(error.message).not.toContain(remote.hooks.get('h1')!.headers[SALESHANDY_SECRET_HEADER]);
		expect(record).toEqual({ leftovers: ['h1'] });
	});

	it('deactivation keeps the hook for the next activation and says one remains, without throwing', async () => {
		const remote = noDeleteSaleshandy();
		const record: HookRecord = {};
		const { secret } = await subscribe(saleshandy, remote.transport, record, input);
		await expect(release(saleshandy, remote.transport, record, URL)).resolves.toBe(false);
		expect(record).toEqual({ kept: { id: 'h1', secret, url: URL } });
		await expect(send(remote.transport, api.getHook('h1'))).resolves.toMatchObject({ id: 'h1' });
	});
});
