import { describe, expect, it } from 'vitest';

import { MAX_ACTIVE_HOOKS } from '../../sandbox/providers/saleshandy.js';
import { useSandbox } from '../helpers/sandbox-fixture.js';

// Attempts get real time; only the retry delays shrink.
const fixture = useSandbox({
	provider: 'saleshandy',
	timeScale: 0.001,
	attemptTimeoutMs: 10_000,
});

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- answers are asserted on, not typed
type Json = any;

async function call(
	method: string,
	path: string,
	options: { body?: unknown; key?: string | null; headers?: Record<string, string> } = {},
): Promise<{ status: number; body: Json }> {
	const key = options.key === undefined ? fixture.sandbox.apiKey : options.key;
	const response = await fetch(`${fixture.sandbox.apiUrl}${path}`, {
		method,
		headers: {
			...(key === null ? {} : { 'x-api-key': key }),
			...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
			...options.headers,
		},
		...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
	});
	return { status: response.status, body: await response.json() };
}

async function control(method: string, path: string, body?: unknown): Promise<Json> {
	const response = await fetch(`${fixture.sandbox.url}/_sandbox${path}`, {
		method,
		...(body === undefined ? {} : { body: JSON.stringify(body) }),
	});
	return response.json();
}

const create = (fields: Record<string, unknown> = {}) =>
	call('POST', '/webhook/create', {
		body: {
			name: 'Replies',
			webhookUrl: fixture.receiver.url,
			webhookEvent: ['reply-received'],
			headers: { 'X-Secret': 'shh' },
			...fields,
		},
	});

describe('saleshandy sandbox API', () => {
	it('refuses a missing or wrong x-api-key with 400 1001, and a GET carrying a Content-Type with 406', async () => {
		for (const key of [null, 'wrong'])
			expect(await call('GET', '/webhook', { key })).toEqual({
				status: 400,
				body: { message: '1001: Invalid token', errorCode: 1001 },
			});
		expect(
			(await call('GET', '/webhook', { headers: { 'content-type': 'application/json' } })).status,
		).toBe(406);
		expect((await call('GET', '/webhook')).status).toBe(200);
	});

	it('create tests the hook with its registered headers first: active when the test gets 2xx', async () => {
		const { status, body } = await create();
		expect(status).toBe(201);
		expect(body).toMatchObject({
			message: 'Webhook created successfully',
			payload: {
				id: expect.stringMatching(/^[0-9a-f]{24}$/),
				webhookUrl: fixture.receiver.url,
				webhookEvent: ['reply-received'],
				headers: { 'X-Secret': 'shh' },
				status: 'active',
				testDelivery: { status: 'success' },
			},
		});
		expect(fixture.receiver.received).toHaveLength(1);
		expect(fixture.receiver.received[0]?.headers['x-secret']).toBe('shh');
		expect(JSON.parse(fixture.receiver.received[0]!.body.toString())).toMatchObject({
			event: 'reply-received',
			test: true,
		});
	});

	it('a failed test leaves the hook paused, and a paused hook gets no deliveries', async () => {
		fixture.receiver.status = 401;
		const { body } = await create();
		expect(body.payload).toMatchObject({ status: 'paused', testDelivery: { status: 'failed' } });
		fixture.receiver.status = 200;
		expect((await control('POST', '/emit', { event: 'reply-received' })).deliveries).toEqual([]);
		expect((await call('GET', `/webhook/${body.payload.id}`)).body.payload.status).toBe('paused');
	});

	it('get and list show the hook; an unknown id is 404; delete is not there unless enabled', async () => {
		const { body } = await create();
		const id = body.payload.id;
		expect((await call('GET', `/webhook/${id}`)).body.payload).toMatchObject({
			id,
			status: 'active',
		});
		expect((await call('GET', '/webhook?page=1&pageSize=10')).body.payload).toMatchObject({
			webhooks: [expect.objectContaining({ id })],
			total: 1,
		});
		expect((await call('GET', '/webhook/nope')).status).toBe(404);
		expect((await call('DELETE', `/webhook/${id}`)).status).toBe(404);
		await control('POST', '/delete', { enabled: true });
		expect((await call('DELETE', `/webhook/${id}`)).status).toBe(200);
		expect((await call('GET', `/webhook/${id}`)).status).toBe(404);
	});

	it(`the ${MAX_ACTIVE_HOOKS + 1}st active hook is refused with a message naming the limit`, async () => {
		for (let i = 0; i < MAX_ACTIVE_HOOKS; i++) expect((await create()).status).toBe(201);
		const refused = await create();
		expect(refused.status).toBe(400);
		expect(refused.body.message).toMatch(/limit of 50 active webhooks/);
	});

	it('refuses an unknown event or a missing headers object', async () => {
		expect((await create({ webhookEvent: ['email.sent'] })).status).toBe(400);
		expect((await create({ headers: undefined })).status).toBe(400);
	});
});

describe('saleshandy sandbox deliveries', () => {
	it("emit delivers the sandbox's own payload with the hook's registered headers, and retries a failure", async () => {
		await create({ webhookEvent: ['email-sent'] });
		fixture.receiver.received.length = 0;
		const emitted = await control('POST', '/emit', { event: 'email-sent', data: { extra: 1 } });
		expect(emitted.deliveries).toEqual([expect.objectContaining({ status: 200, ok: true })]);
		const [delivery] = fixture.receiver.received;
		expect(delivery?.headers['x-secret']).toBe('shh');
		expect(JSON.parse(delivery!.body.toString())).toMatchObject({
			event: 'email-sent',
			emailSentAt: expect.any(String),
			prospect: expect.objectContaining({ email: expect.any(String) }),
			extra: 1,
		});

		fixture.receiver.status = 500;
		fixture.receiver.received.length = 0;
		await control('POST', '/emit', { event: 'email-sent' });
		await new Promise((resolve) => setTimeout(resolve, 200));
		expect(fixture.receiver.received).toHaveLength(3);
	});
});
