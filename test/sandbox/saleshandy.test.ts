import { describe, expect, it } from 'vitest';

import { ProviderError, send, type ApiCall, type Transport } from '../../shared/index.js';
import { saleshandy, SALESHANDY_EVENTS } from '../../shared/providers/saleshandy/index.js';
import { MAX_ACTIVE_HOOKS } from '../../sandbox/providers/saleshandy.js';
import { SALESHANDY_SANDBOX_EVENTS } from '../../sandbox/providers/saleshandy-events.js';
import { fetchTransport } from '../helpers/fetch-transport.js';
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

/** Sends a raw body, so a test can send what `JSON.stringify` never makes. */
async function post(path: string, body: string): Promise<{ status: number; body: Json }> {
	const response = await fetch(`${fixture.sandbox.apiUrl}${path}`, {
		method: 'POST',
		headers: { 'x-api-key': fixture.sandbox.apiKey, 'content-type': 'application/json' },
		body,
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
			await call('GET', '/webhook', { headers: { 'content-type': 'application/json' } }),
		).toEqual({ status: 406, body: { message: '1006: Not Acceptable', errorCode: 1006 } });
		expect((await call('GET', '/webhook')).status).toBe(200);
	});

	it('other refusals carry their own codes, never 1001, which means a bad key', async () => {
		expect(await post('/webhook/create', '{not json')).toEqual({
			status: 400,
			body: { message: '1002: Request body is not valid JSON', errorCode: 1002 },
		});
		expect(await call('GET', '/webhook/nope')).toEqual({
			status: 404,
			body: { message: '1004: Webhook not found', errorCode: 1004 },
		});
		expect(await call('PUT', '/webhook/nope', { body: {} })).toEqual({
			status: 404,
			body: { message: '1004: Cannot PUT /v1/webhook/nope', errorCode: 1004 },
		});
	});

	it('injected faults answer as Saleshandy: 500 5001, and 429 with Retry-After', async () => {
		await control('POST', '/faults', { kind: 'error', method: 'GET', path: '/webhook' });
		expect(await call('GET', '/webhook')).toEqual({
			status: 500,
			body: { message: '5001: Internal server error', errorCode: 5001 },
		});
		await control('POST', '/faults', { kind: 'rate-limit', retryAfter: 7 });
		const limited = await fetch(`${fixture.sandbox.apiUrl}/webhook`, {
			headers: { 'x-api-key': fixture.sandbox.apiKey },
		});
		expect(limited.status).toBe(429);
		expect(limited.headers.get('retry-after')).toBe('7');
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
		expect((await call('GET', `/webhook/${body.payload.id}`)).body.payload).toMatchObject({
			status: 'paused',
			lastFailure: { failedAt: expect.any(String), statusCode: 401, message: 'HTTP 401' },
		});
	});

	it('a receiver that refuses the connection also leaves the hook paused, with no status code', async () => {
		const { body } = await create({ webhookUrl: 'http://127.0.0.1:1/hook' });
		expect(body.payload).toMatchObject({ status: 'paused', testDelivery: { status: 'failed' } });
		expect((await call('GET', `/webhook/${body.payload.id}`)).body.payload.lastFailure).toEqual({
			failedAt: expect.any(String),
			statusCode: null,
			message: expect.any(String),
		});
	});

	it('get and list show the hook; an unknown id is 404; delete is not there unless enabled', async () => {
		const { body } = await create();
		const id = body.payload.id;
		expect((await call('GET', `/webhook/${id}`)).body).toEqual({
			message: 'Webhook fetched successfully',
			payload: {
				id,
				name: 'Replies',
				webhookUrl: fixture.receiver.url,
				webhookEvent: ['reply-received'],
				headers: { 'X-Secret': 'shh' },
				status: 'active',
				failed: 0,
				lastFailure: null,
			},
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

	it('list pages by page and pageSize, with the total', async () => {
		const ids: string[] = [];
		for (const name of ['a', 'b', 'c']) ids.push((await create({ name })).body.payload.id);
		const page = async (query: string) =>
			(await call('GET', `/webhook?${query}`)).body.payload as {
				webhooks: Array<{ id: string }>;
				total: number;
			};
		expect(await page('page=1&pageSize=2')).toMatchObject({ total: 3 });
		expect((await page('page=1&pageSize=2')).webhooks.map((hook) => hook.id)).toEqual(
			ids.slice(0, 2),
		);
		expect((await page('page=2&pageSize=2')).webhooks.map((hook) => hook.id)).toEqual(ids.slice(2));
		expect((await page('page=3&pageSize=2')).webhooks).toEqual([]);
	});

	it(`the ${MAX_ACTIVE_HOOKS + 1}st active hook is refused with a message naming the limit; paused ones do not count`, async () => {
		fixture.receiver.status = 500;
		expect((await create()).body.payload.status).toBe('paused');
		fixture.receiver.status = 200;
		for (let i = 0; i < MAX_ACTIVE_HOOKS; i++) expect((await create()).status).toBe(201);
		const refused = await create();
		expect(refused.status).toBe(400);
		expect(refused.body.message).toMatch(/limit of 50 active webhooks/);
	});

	it('refuses an unknown event, a bad URL, a missing headers object or a header it could not send', async () => {
		for (const fields of [
			{ webhookEvent: ['email.sent'] },
			{ webhookEvent: [] },
			{ webhookUrl: 'ftp://example.org/hook' },
			{ webhookUrl: 'http://' },
			{ headers: undefined },
			{ headers: { 'Bad Name': 'x' } },
			{ headers: { 'X-Ok': 'line\nbreak' } },
			{ headers: { 'X-Ok': 1 } },
		]) {
			const refused = await create(fields);
			expect(refused).toMatchObject({ status: 400, body: { errorCode: 1002 } });
		}
		expect(fixture.receiver.received).toEqual([]);
		expect(await control('GET', '/hooks')).toEqual([]);
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
		expect(delivery?.headers['content-type']).toBe('application/json');
		expect(Object.keys(delivery!.headers).filter((name) => /signature/i.test(name))).toEqual([]);
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
		const [hook] = await control('GET', '/hooks');
		expect((await call('GET', `/webhook/${hook.id}`)).body.payload).toMatchObject({
			status: 'active',
			failed: 3,
			lastFailure: { statusCode: 500, message: 'HTTP 500' },
		});
	});

	it("every one of the 19 events reaches a hook subscribed to all, dated, and the connector's schema accepts it", async () => {
		expect(new Set(SALESHANDY_SANDBOX_EVENTS).size).toBe(19);
		await create({ webhookEvent: [...SALESHANDY_SANDBOX_EVENTS] });
		fixture.receiver.received.length = 0;
		for (const event of SALESHANDY_SANDBOX_EVENTS)
			expect((await control('POST', '/emit', { event })).deliveries).toHaveLength(1);
		const bodies = fixture.receiver.received.map((delivery) =>
			JSON.parse(delivery.body.toString()),
		);
		expect(bodies.map((body) => body.event)).toEqual(SALESHANDY_SANDBOX_EVENTS);
		for (const body of bodies) {
			const dates = Object.entries(body).filter(([name]) => name.endsWith('At'));
			expect(dates, body.event).toEqual([[expect.any(String), expect.any(String)]]);
			expect(saleshandy.schemaFor(body.event).safeParse(body).success, body.event).toBe(true);
		}
		expect(bodies[0]).toEqual({
			event: 'email-sent',
			emailSentAt: expect.any(String),
			prospect: expect.objectContaining({ email: expect.any(String), tag: expect.any(Array) }),
			sequence: expect.objectContaining({
				id: expect.anything(),
				sequenceName: expect.any(String),
			}),
			user: expect.objectContaining({ email: expect.any(String) }),
		});
	});

	it("the sandbox's events and the connector's catalogue name the same 19 events", () => {
		expect([...SALESHANDY_SANDBOX_EVENTS].sort()).toEqual(
			SALESHANDY_EVENTS.map((entry) => entry.id).sort(),
		);
	});

	it('a hook paused through the controls gets nothing; enabled again, it does', async () => {
		const { body } = await create();
		fixture.receiver.received.length = 0;
		const paused = await control('POST', `/hooks/${body.payload.id}/disable`);
		expect(paused).toMatchObject({ status: 'paused', active: false });
		expect((await control('POST', '/emit', { event: 'reply-received' })).deliveries).toEqual([]);
		expect(await control('POST', `/hooks/${body.payload.id}/enable`)).toMatchObject({
			status: 'active',
		});
		await control('POST', '/emit', { event: 'reply-received' });
		expect(fixture.receiver.received).toHaveLength(1);
	});

	it('10 failed deliveries in a row pause the hook, as the sandbox assumes', async () => {
		const { body } = await create();
		fixture.receiver.status = 500;
		for (let i = 0; i < 4; i++) await control('POST', '/emit', { event: 'reply-received' });
		// The retries run in the background: wait for them rather than for a fixed time, which a
		// busy machine overruns. An attempt already under way when the hook pauses still counts.
		const hook = async () => (await call('GET', `/webhook/${body.payload.id}`)).body.payload;
		for (let waited = 0; waited < 10_000 && (await hook()).status !== 'paused'; waited += 50)
			await new Promise((resolve) => setTimeout(resolve, 50));
		expect(await hook()).toMatchObject({ status: 'paused' });
		const [paused] = (await control('GET', '/hooks')) as Array<{ disabledReason: string }>;
		expect(paused?.disabledReason).toBe('10 consecutive failed deliveries');
	});
});

describe("the connector's Saleshandy API against the sandbox", () => {
	const transport = () =>
		fetchTransport(fixture.sandbox.apiUrl, fixture.sandbox.apiKey, 10_000, saleshandy);

	/** The `ProviderError` the call fails with. */
	async function failureOf(call: ApiCall<unknown>, via: Transport = transport()) {
		const error: unknown = await send(via, call).then(
			() => undefined,
			(thrown: unknown) => thrown,
		);
		expect(error).toBeInstanceOf(ProviderError);
		return error as ProviderError;
	}

	it('creates, reads and lists a hook with its secret header; delete is refused until enabled', async () => {
		const hook = await send(
			transport(),
			saleshandy.api.createHook({
				name: 'n8n: Replies',
				url: fixture.receiver.url,
				events: ['reply-received'],
				secret: 'the-secret',
			}),
		);
		expect(hook).toMatchObject({ url: fixture.receiver.url, active: true });
		expect(await send(transport(), saleshandy.api.getHook(hook.id))).toMatchObject({
			id: hook.id,
			secret: 'the-secret',
		});
		expect(await send(transport(), saleshandy.api.listHooks())).toEqual([
			expect.objectContaining({ id: hook.id }),
		]);
		expect(await failureOf(saleshandy.api.deleteHook(hook.id))).toMatchObject({
			kind: 'unsupported',
		});
		await control('POST', '/delete', { enabled: true });
		expect(await send(transport(), saleshandy.api.deleteHook(hook.id))).toBe('deleted');
	});

	it('reads a wrong key as an invalid key and the 51st hook as the limit', async () => {
		const wrong = fetchTransport(fixture.sandbox.apiUrl, 'wrong', 10_000, saleshandy);
		expect(await failureOf(saleshandy.api.verifyKey(), wrong)).toMatchObject({
			kind: 'invalid-key',
		});
		for (let i = 0; i < MAX_ACTIVE_HOOKS; i++) await create();
		const input = {
			name: 'x',
			url: fixture.receiver.url,
			events: ['email-sent'],
			secret: 'x'.repeat(40),
		};
		expect(await failureOf(saleshandy.api.createHook(input))).toMatchObject({
			kind: 'invalid-request',
			message: expect.stringContaining('50 active webhooks'),
		});
	});
});
