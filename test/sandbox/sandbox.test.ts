import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';

import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { ProviderError, send, type ApiCall, type Transport } from '../../shared/index.js';
import { parseEvent } from '../../shared/parse-event.js';
import { verifyDelivery } from '../../shared/verify-delivery.js';
import { KAKIYO_EVENTS, kakiyo } from '../../shared/providers/kakiyo/index.js';
import { ATTEMPT_HISTORY } from '../../sandbox/attempt-history.js';
import { MAX_JSON_DEPTH } from '../../sandbox/read-json.js';
import { REQUEST_LOG } from '../../sandbox/request-log.js';
import { startSandbox, type Sandbox } from '../../sandbox/server.js';
import { fetchTransport } from '../helpers/fetch-transport.js';
import { startReceiver, type Receiver } from '../../sandbox/receiver.js';

const SECRET = 'sandbox-test-secret';
const api = kakiyo.api;

let sandbox: Sandbox;
let transport: Transport;
let receiver: Receiver;

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the control API's answers are asserted on, not typed
async function control(method: string, path: string, body?: unknown): Promise<any> {
	const response = await fetch(`${sandbox.url}/_sandbox${path}`, {
		method,
		...(body === undefined
			? {}
			: { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
	});
	return response.json();
}

/** Sends `path` byte for byte, where fetch would normalise `//` or `\\` away. */
function rawRequest(
	method: string,
	path: string,
	body?: string,
	headers: Record<string, string> = {},
): Promise<{ status: number; body: unknown }> {
	const { hostname, port } = new URL(sandbox.url);
	return new Promise((resolve, reject) => {
		const outgoing = request({ host: hostname, port, method, path, headers }, (response) => {
			const chunks: Buffer[] = [];
			response.on('data', (chunk: Buffer) => chunks.push(chunk));
			response.on('end', () =>
				resolve({
					status: response.statusCode ?? 0,
					body: JSON.parse(Buffer.concat(chunks).toString('utf8')),
				}),
			);
		});
		outgoing.on('error', reject);
		outgoing.end(body);
	});
}

const authorized = () => ({ authorization: `Bearer ${sandbox.apiKey}` });

async function failureOf(call: ApiCall<unknown>, via = transport): Promise<ProviderError> {
	const error = await send(via, call).then(
		() => undefined,
		(thrown: unknown) => thrown,
	);
	expect(error).toBeInstanceOf(ProviderError);
	return error as ProviderError;
}

const createHook = (events: string[], secret = SECRET, url = receiver.url) =>
	send(transport, api.createHook({ name: 'test', url, events, secret }));

beforeAll(async () => {
	// Retries in milliseconds, but attempts get real time so a busy machine does not time them out.
	sandbox = await startSandbox({ timeScale: 0.001, attemptTimeoutMs: 5_000 });
	transport = fetchTransport(sandbox.apiUrl, sandbox.apiKey);
});
afterAll(() => sandbox.close());
beforeEach(async () => {
	receiver = await startReceiver();
});
afterEach(async () => {
	await control('POST', '/reset');
	await receiver.close();
});

describe('sandbox API', () => {
	it('verify answers as Kakiyo documents and the API key is 40 characters by default', async () => {
		const response = await fetch(`${sandbox.apiUrl}/verify`, {
			headers: { authorization: `Bearer ${sandbox.apiKey}` },
		});
		expect(await response.json()).toEqual({ status: 'success', message: 'API key is valid' });
		expect(sandbox.apiKey).toHaveLength(40);
	});

	it('a missing, malformed or wrong key gets the documented 401 codes', async () => {
		const cases: Array<[string, string]> = [
			['', 'missing_api_key'],
			['short', 'invalid_api_key_format'],
			['x'.repeat(40), 'invalid_api_key'],
		];
		for (const [key, code] of cases) {
			const error = await failureOf(api.verifyKey(), fetchTransport(sandbox.apiUrl, key));
			expect(error).toMatchObject({ kind: 'invalid-key', status: 401, code });
		}
	});

	it('createHook stores the secret, which the API never returns', async () => {
		const hook = await createHook(['linkedin.message.received']);
		expect(hook).toMatchObject({
			url: receiver.url,
			events: ['linkedin.message.received'],
			active: true,
		});
		expect(hook.id).toMatch(/^webhook_/);
		const listed = await fetch(`${sandbox.apiUrl}/webhooks`, {
			headers: { authorization: `Bearer ${sandbox.apiKey}` },
		});
		expect(await listed.text()).not.toContain(SECRET);
		expect(await control('GET', '/hooks')).toMatchObject([{ id: hook.id, secret: SECRET }]);
		expect(await send(transport, api.getHook(hook.id))).toEqual(hook);
		expect(await send(transport, api.listHooks())).toEqual([hook]);
	});

	it('createHook with a bad url or event gets a 400 validation_error the core reports', async () => {
		const badUrl = await failureOf(
			api.createHook({ name: 'n', url: 'not a url', events: ['*'], secret: 's' }),
		);
		expect(badUrl).toMatchObject({
			kind: 'invalid-request',
			status: 400,
			code: 'validation_error',
		});
		expect(badUrl.message).toContain('url');
		const badEvent = await failureOf(
			api.createHook({ name: 'n', url: receiver.url, events: ['nope'], secret: 's' }),
		);
		expect(badEvent.message).toContain('nope');
		expect(await control('GET', '/hooks')).toEqual([]);
	});

	it('deleteHook deletes, then reports already-gone', async () => {
		const hook = await createHook(['*']);
		expect(await send(transport, api.deleteHook(hook.id))).toBe('deleted');
		expect(await send(transport, api.deleteHook(hook.id))).toBe('already-gone');
		expect(await send(transport, api.getHook(hook.id))).toBeNull();
	});

	it('listEvents and getExample serve the catalogue and examples the core accepts', async () => {
		const events = await send(transport, api.listEvents());
		// The sandbox's own transcription agrees with the connector's catalogue today.
		expect(events.map((entry) => entry.id).sort()).toEqual(
			KAKIYO_EVENTS.map((entry) => entry.id).sort(),
		);
		for (const { id } of events) {
			const example = await send(transport, api.getExample(id));
			expect(parseEvent(kakiyo, example), id).toMatchObject({ ok: true });
			expect(example).toHaveProperty('team.id');
		}
		const invalid = await failureOf(api.getExample('no.such.event'));
		expect(invalid.message).toContain('Invalid Event Type');
	});

	it('GET /requests lists each API call with its status, controls excluded; DELETE and reset clear it', async () => {
		const hook = await createHook(['*']);
		await send(transport, api.deleteHook(hook.id));
		await send(transport, api.deleteHook(hook.id));
		await fetch(`${sandbox.apiUrl}/webhooks?page=2`, { headers: authorized() });
		await fetch(`${sandbox.apiUrl}/verify`);
		await control('GET', '/hooks');
		expect(await control('GET', '/requests')).toEqual([
			{ method: 'POST', path: '/webhooks', status: 200 },
			{ method: 'DELETE', path: `/webhooks/${hook.id}`, status: 200 },
			{ method: 'DELETE', path: `/webhooks/${hook.id}`, status: 404 },
			{ method: 'GET', path: '/webhooks?page=2', status: 200 },
			{ method: 'GET', path: '/verify', status: 401 },
		]);
		expect(await control('DELETE', '/requests')).toEqual({ cleared: true });
		expect(await control('GET', '/requests')).toEqual([]);
		await control('POST', '/faults', { kind: 'error' });
		await failureOf(api.listHooks());
		expect(await control('GET', '/requests')).toEqual([
			{ method: 'GET', path: '/webhooks', status: 500 },
		]);
		await control('POST', '/reset');
		expect(await control('GET', '/requests')).toEqual([]);
	});
});

describe('sandbox deliveries', () => {
	it('emit delivers a signed JSON POST that the core verifies and parses', async () => {
		const hook = await createHook(['linkedin.message.received']);
		const answer = await control('POST', '/emit', { event: 'linkedin.message.received' });
		expect(answer).toEqual({
			event: 'linkedin.message.received',
			deliveries: [{ hookId: hook.id, status: 200, ok: true }],
		});
		const [delivery] = await receiver.waitFor(1);
		expect(delivery?.headers['content-type']).toBe('application/json');
		expect(delivery?.headers['x-kakiyo-signature']).toMatch(/^[0-9a-f]{64}$/);
		expect(
			verifyDelivery(kakiyo, { headers: delivery!.headers, body: delivery!.body }, SECRET),
		).toEqual({ ok: true });
		expect(
			verifyDelivery(kakiyo, { headers: delivery!.headers, body: delivery!.body }, 'wrong'),
		).toEqual({ ok: false, reason: 'mismatch' });
		expect(parseEvent(kakiyo, delivery!.body)).toMatchObject({
			ok: true,
			event: { event: 'linkedin.message.received', teamId: 'team_12345abcde' },
		});
	});

	it('every catalogue event reaches a wildcard hook signed and accepted by its schema', async () => {
		await createHook(['*']);
		for (const { id } of KAKIYO_EVENTS) await control('POST', '/emit', { event: id });
		const received = await receiver.waitFor(KAKIYO_EVENTS.length);
		expect(received.map((delivery) => JSON.parse(delivery.body.toString()).event)).toEqual(
			KAKIYO_EVENTS.map((entry) => entry.id),
		);
		for (const delivery of received) {
			expect(
				verifyDelivery(kakiyo, { headers: delivery.headers, body: delivery.body }, SECRET),
			).toEqual({ ok: true });
			expect(parseEvent(kakiyo, delivery.body).ok).toBe(true);
		}
	});

	it('emit merges data, keeps non-ASCII bytes intact, and switches envelope on request', async () => {
		await createHook(['message.received']);
		await control('POST', '/emit', {
			event: 'message.received',
			data: { message: 'Grüße 👋 你好' },
			envelope: 'teamId',
		});
		const [delivery] = await receiver.waitFor(1);
		expect(
			verifyDelivery(kakiyo, { headers: delivery!.headers, body: delivery!.body }, SECRET).ok,
		).toBe(true);
		const event = JSON.parse(delivery!.body.toString('utf8'));
		expect(event).toMatchObject({
			teamId: 'team_abc',
			data: { message: 'Grüße 👋 你好', prospect: { id: expect.any(String) } },
		});
		expect(event).not.toHaveProperty('team');
	});

	it('emit reaches only hooks subscribed to the event or to *', async () => {
		const wanted = await createHook(['campaign.completed']);
		const other = await startReceiver();
		await createHook(['agent.offline'], SECRET, other.url);
		const answer = await control('POST', '/emit', { event: 'campaign.completed' });
		expect(answer.deliveries).toEqual([{ hookId: wanted.id, status: 200, ok: true }]);
		expect(other.received).toHaveLength(0);
		await other.close();
	});

	it('a hook without a secret gets unsigned deliveries', async () => {
		const created = await fetch(`${sandbox.apiUrl}/webhooks`, {
			method: 'POST',
			headers: { authorization: `Bearer ${sandbox.apiKey}`, 'content-type': 'application/json' },
			body: JSON.stringify({ name: 'unsigned', url: receiver.url, events: ['*'] }),
		});
		expect(created.status).toBe(200);
		await control('POST', '/emit', { event: 'agent.offline' });
		const [delivery] = await receiver.waitFor(1);
		expect(delivery?.headers).not.toHaveProperty('x-kakiyo-signature');
	});

	it('a failing receiver gets 3 retries with growing delays, then the hook is disabled', async () => {
		receiver.status = 500;
		const hook = await createHook(['*']);
		const answer = await control('POST', '/emit', { event: 'agent.offline' });
		expect(answer.deliveries).toEqual([
			{ hookId: hook.id, status: 500, ok: false, error: 'HTTP 500' },
		]);
		await receiver.waitFor(4);
		await new Promise((resolve) => setTimeout(resolve, 100));
		const attempts = await control('GET', '/deliveries');
		expect(attempts.map((attempt: { attempt: number }) => attempt.attempt)).toEqual([1, 2, 3, 4]);
		expect(new Set(attempts.map((attempt: { body: string }) => attempt.body)).size).toBe(1);
		expect(receiver.received).toHaveLength(4);
		expect(await send(transport, api.getHook(hook.id))).toMatchObject({ active: false });
		await control('POST', '/emit', { event: 'agent.offline' });
		expect(receiver.received).toHaveLength(4);
	});

	it('a success resets the failure count, and re-enabling a hook makes it deliver again', async () => {
		receiver.status = 500;
		const hook = await createHook(['*']);
		await control('POST', '/emit', { event: 'agent.offline' });
		await receiver.waitFor(2);
		receiver.status = 200;
		await receiver.waitFor(3);
		await new Promise((resolve) => setTimeout(resolve, 50));
		expect(await control('GET', '/hooks')).toMatchObject([
			{ id: hook.id, active: true, consecutiveFailures: 0 },
		]);
		await control('POST', `/hooks/${hook.id}/disable`);
		expect((await control('POST', '/emit', { event: 'agent.offline' })).deliveries).toEqual([]);
		const enable = await fetch(`${sandbox.apiUrl}/webhooks/${hook.id}`, {
			method: 'PUT',
			headers: { authorization: `Bearer ${sandbox.apiKey}`, 'content-type': 'application/json' },
			body: JSON.stringify({ active: true }),
		});
		expect(enable.status).toBe(200);
		expect((await control('POST', '/emit', { event: 'agent.offline' })).deliveries).toHaveLength(1);
	});

	it('POST /webhooks/test sends the example payload to every active hook for that event', async () => {
		await createHook(['prospect.qualified']);
		await createHook(['*']);
		const response = await send(transport, api.sendTestEvent('prospect.qualified'));
		expect(response).toBeUndefined();
		const received = await receiver.waitFor(2);
		for (const delivery of received) {
			expect(
				verifyDelivery(kakiyo, { headers: delivery.headers, body: delivery.body }, SECRET).ok,
			).toBe(true);
			expect(JSON.parse(delivery.body.toString())).toMatchObject({
				event: 'prospect.qualified',
				team: { id: 'team_abc' },
			});
		}
	});
});

describe('sandbox faults', () => {
	it('an injected rate limit answers 429 with Retry-After, which the core turns into a wait', async () => {
		await control('POST', '/faults', { kind: 'rate-limit', count: 2, retryAfter: 12 });
		for (let i = 0; i < 2; i++) {
			expect(await failureOf(api.verifyKey())).toMatchObject({
				kind: 'rate-limited',
				status: 429,
				retryAfterSeconds: 12,
			});
		}
		await expect(send(transport, api.verifyKey())).resolves.toEqual({});
	});

	it('an injected error answers 500 only for the method and path it names', async () => {
		await control('POST', '/faults', { kind: 'error', method: 'POST', path: '/webhooks' });
		await expect(send(transport, api.listHooks())).resolves.toEqual([]);
		expect(
			await failureOf(api.createHook({ name: 'n', url: receiver.url, events: ['*'], secret: 's' })),
		).toMatchObject({
			kind: 'provider-down',
			status: 500,
		});
		expect(await control('GET', '/hooks')).toEqual([]);
	});

	it('an injected fault after handling creates the hook yet answers 500', async () => {
		await control('POST', '/faults', {
			kind: 'error',
			method: 'POST',
			path: '/webhooks',
			afterHandling: true,
		});
		const error = await failureOf(
			api.createHook({ name: 'n', url: receiver.url, events: ['*'], secret: 's' }),
		);
		expect(error).toMatchObject({ kind: 'provider-down', status: 500 });
		expect(await control('GET', '/hooks')).toMatchObject([{ url: receiver.url }]);
	});

	it('an injected hang never answers', async () => {
		await control('POST', '/faults', { kind: 'hang' });
		const outcome = await fetch(`${sandbox.apiUrl}/verify`, {
			headers: { authorization: `Bearer ${sandbox.apiKey}` },
			signal: AbortSignal.timeout(300),
		}).then(
			() => 'answered',
			() => 'aborted',
		);
		expect(outcome).toBe('aborted');
	});

	it('an inactive subscription answers 403 subscription_inactive', async () => {
		await control('POST', '/subscription', { active: false });
		expect(await failureOf(api.listHooks())).toMatchObject({
			kind: 'subscription-inactive',
			status: 403,
		});
	});

	it('a hook deleted remotely is gone from the API', async () => {
		const hook = await createHook(['*']);
		await control('DELETE', `/hooks/${hook.id}`);
		expect(await send(transport, api.getHook(hook.id))).toBeNull();
	});

	it('a receiver that does not answer in time counts as a failed attempt', async () => {
		const { createServer } = await import('node:http');
		const silent = createServer(() => undefined);
		await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
		const port = (silent.address() as { port: number }).port;
		const hasty = await startSandbox({ timeScale: 0.001 });
		const created = await send(
			fetchTransport(hasty.apiUrl, hasty.apiKey),
			api.createHook({
				name: 't',
				url: `http://127.0.0.1:${port}/hook`,
				events: ['*'],
				secret: SECRET,
			}),
		);
		const answer = await fetch(`${hasty.url}/_sandbox/emit`, {
			method: 'POST',
			body: JSON.stringify({ event: 'agent.offline' }),
		}).then((response) => response.json() as Promise<{ deliveries: unknown[] }>);
		expect(answer.deliveries).toEqual([
			{ hookId: created.id, status: null, ok: false, error: 'timed out' },
		]);
		await hasty.close();
		silent.closeAllConnections();
		silent.close();
	});

	it('an injected lost answer fails an attempt the receiver answered 200, so the same body is retried', async () => {
		const hook = await createHook(['*']);
		await control('POST', '/delivery-faults', { kind: 'lose-answer', count: 2 });
		const answer = await control('POST', '/emit', { event: 'agent.offline' });
		expect(answer.deliveries).toEqual([
			{ hookId: hook.id, status: 200, ok: false, error: 'answer lost' },
		]);
		await receiver.waitFor(3);
		await new Promise((resolve) => setTimeout(resolve, 50));
		const attempts = await control('GET', '/deliveries');
		expect(attempts).toMatchObject([
			{ attempt: 1, status: 200, ok: false, injected: 'lose-answer' },
			{ attempt: 2, status: 200, ok: false, injected: 'lose-answer' },
			{ attempt: 3, status: 200, ok: true },
		]);
		expect(attempts[2]).not.toHaveProperty('injected');
		expect(new Set(receiver.received.map((delivery) => delivery.body.toString())).size).toBe(1);
		expect(await control('GET', '/delivery-faults')).toEqual([]);
		expect(await control('GET', '/hooks')).toMatchObject([
			{ active: true, consecutiveFailures: 0 },
		]);
	});

	it('an injected timeout records a delivered attempt as timed out, without status, and it is retried', async () => {
		await createHook(['*']);
		await control('POST', '/delivery-faults', { kind: 'timeout' });
		const answer = await control('POST', '/emit', { event: 'agent.offline' });
		expect(answer.deliveries).toEqual([
			expect.objectContaining({ status: null, ok: false, error: 'timed out' }),
		]);
		await receiver.waitFor(2);
		await new Promise((resolve) => setTimeout(resolve, 50));
		const attempts = await control('GET', '/deliveries');
		expect(attempts).toMatchObject([
			{ attempt: 1, ok: false, injected: 'timeout' },
			{ attempt: 2, status: 200, ok: true },
		]);
		expect(attempts[0]).not.toHaveProperty('status');
	});

	it('POST /delivery-faults with a bad kind or count answers 400 and adds none; DELETE and reset clear them', async () => {
		for (const body of [{ kind: 'hang' }, { kind: 'timeout', count: 0 }, { count: 2 }]) {
			expect(
				await rawRequest('POST', '/_sandbox/delivery-faults', JSON.stringify(body)),
				JSON.stringify(body),
			).toMatchObject({ status: 400, body: { error: 'validation_error' } });
		}
		expect(await control('GET', '/delivery-faults')).toEqual([]);
		await control('POST', '/delivery-faults', { kind: 'timeout', count: 3 });
		expect(await control('GET', '/delivery-faults')).toEqual([{ kind: 'timeout', remaining: 3 }]);
		await control('DELETE', '/delivery-faults');
		expect(await control('GET', '/delivery-faults')).toEqual([]);
		await control('POST', '/delivery-faults', { kind: 'lose-answer' });
		await control('POST', '/reset');
		expect(await control('GET', '/delivery-faults')).toEqual([]);
	});
});

describe('sandbox on bad input', () => {
	it('GET // and GET /\\ answer 404 not_found and the sandbox keeps serving', async () => {
		for (const path of ['//', '/\\', '//v1/verify', '/\\/_sandbox/hooks']) {
			expect(await rawRequest('GET', path), path).toMatchObject({
				status: 404,
				body: { error: 'not_found' },
			});
		}
		expect(await rawRequest('GET', '/_sandbox/hooks')).toEqual({ status: 200, body: [] });
	});

	it('a malformed percent escape in a path answers 400 validation_error', async () => {
		const cases: Array<[string, string, Record<string, string>]> = [
			['GET', '/v1/webhooks/%E0%A4%A', authorized()],
			['DELETE', '/v1/webhooks/%zz', authorized()],
			['GET', '/v1/webhooks/test/example/%E0', authorized()],
			['DELETE', '/_sandbox/hooks/%zz', {}],
			['POST', '/_sandbox/hooks/%E0%A4%A/disable', {}],
		];
		for (const [method, path, headers] of cases) {
			expect(await rawRequest(method, path, undefined, headers), `${method} ${path}`).toEqual({
				status: 400,
				body: { error: 'validation_error', message: expect.stringContaining('percent') },
			});
		}
	});

	it('POST /faults with a count that is not a positive integer answers 400 and adds no fault', async () => {
		for (const count of ['1.5', '0', '-1', '"2"', '1e7', '1e400', 'true']) {
			const answer = await rawRequest(
				'POST',
				'/_sandbox/faults',
				`{"kind":"error","count":${count}}`,
			);
			expect(answer, count).toMatchObject({
				status: 400,
				body: { error: 'validation_error', message: expect.stringContaining('count') },
			});
		}
		expect(await control('GET', '/faults')).toEqual([]);
		await control('POST', '/faults', { kind: 'error', count: 1_000_000 });
		expect(await control('GET', '/faults')).toMatchObject([{ remaining: 1_000_000 }]);
	});

	it('POST /faults with a bad retryAfter, method or path answers 400 and adds no fault', async () => {
		const bodies = [
			{ kind: 'rate-limit', retryAfter: -1 },
			{ kind: 'rate-limit', retryAfter: 1.5 },
			{ kind: 'rate-limit', retryAfter: 1e300 },
			{ kind: 'error', method: 5 },
			{ kind: 'error', path: ['/webhooks'] },
		];
		for (const body of bodies) {
			expect(
				await rawRequest('POST', '/_sandbox/faults', JSON.stringify(body)),
				JSON.stringify(body),
			).toMatchObject({ status: 400, body: { error: 'validation_error' } });
		}
		expect(await control('GET', '/faults')).toEqual([]);
	});

	it(`a body nested deeper than ${MAX_JSON_DEPTH} levels answers 400 validation_error`, async () => {
		const deep = (levels: number) => '['.repeat(levels) + ']'.repeat(levels);
		const emit = `{"event":"agent.offline","data":{"deep":${deep(100_000)}}}`;
		const create = `{"name":"n","url":"${receiver.url}","events":${deep(100_000)}}`;
		await createHook(['*']);
		expect(await rawRequest('POST', '/_sandbox/emit', emit)).toMatchObject({
			status: 400,
			body: { error: 'validation_error', message: expect.stringContaining('nested') },
		});
		expect(await rawRequest('POST', '/v1/webhooks', create, authorized())).toMatchObject({
			status: 400,
			body: { error: 'validation_error' },
		});
		const shallow = `{"event":"agent.offline","data":{"deep":${deep(MAX_JSON_DEPTH - 3)}}}`;
		expect(await rawRequest('POST', '/_sandbox/emit', shallow)).toMatchObject({ status: 200 });
		expect(receiver.received).toHaveLength(1);
	});

	it('an emit to a receiver that answers without end records its status at once', async () => {
		const chunk = Buffer.alloc(1024 * 1024, 'x');
		const endless = createServer((req, res) => {
			res.writeHead(200);
			const pump = () => {
				while (!res.destroyed && res.write(chunk));
			};
			res.on('drain', pump);
			pump();
		});
		await new Promise<void>((resolve) => endless.listen(0, '127.0.0.1', resolve));
		const { port } = endless.address() as AddressInfo;
		const hook = await createHook(['*'], SECRET, `http://127.0.0.1:${port}/hook`);
		const answer = await control('POST', '/emit', { event: 'agent.offline' });
		expect(answer.deliveries).toEqual([{ hookId: hook.id, status: 200, ok: true }]);
		const [attempt] = await control('GET', '/deliveries');
		expect(attempt.durationMs).toBeLessThan(2_000);
		endless.closeAllConnections();
		endless.close();
	});

	it(`GET /requests keeps the newest ${REQUEST_LOG.maxRequests} calls`, async () => {
		const calls = REQUEST_LOG.maxRequests + 5;
		for (let i = 0; i < calls; i++)
			await fetch(`${sandbox.apiUrl}/verify?i=${i}`, { headers: authorized() });
		const requests: Array<{ path: string }> = await control('GET', '/requests');
		expect(requests).toHaveLength(REQUEST_LOG.maxRequests);
		expect(requests[0]?.path).toBe('/verify?i=5');
		expect(requests.at(-1)?.path).toBe(`/verify?i=${calls - 1}`);
	});

	it(`GET /deliveries keeps the newest ${ATTEMPT_HISTORY.maxAttempts} attempts`, async () => {
		const hooks = 5;
		const emits = Math.ceil(ATTEMPT_HISTORY.maxAttempts / hooks) + 2;
		for (let i = 0; i < hooks; i++) await createHook(['*']);
		for (let i = 0; i < emits; i++) await control('POST', '/emit', { event: 'agent.offline' });
		const attempts: Array<{ id: number; body: string }> = await control('GET', '/deliveries');
		expect(attempts).toHaveLength(ATTEMPT_HISTORY.maxAttempts);
		expect(attempts.at(-1)?.id).toBe(hooks * emits);
		expect(attempts[0]?.id).toBe(hooks * emits - ATTEMPT_HISTORY.maxAttempts + 1);
	});

	it(`GET /deliveries drops the oldest attempts beyond ${ATTEMPT_HISTORY.maxBytes / 2 ** 20} MiB, keeping recent bodies whole`, async () => {
		await createHook(['*']);
		const notes = 'n'.repeat(900 * 1024);
		const emits = Math.ceil(ATTEMPT_HISTORY.maxBytes / notes.length) + 3;
		for (let i = 0; i < emits; i++) {
			await control('POST', '/emit', { event: 'agent.offline', data: { notes, i } });
		}
		const attempts: Array<{ id: number; body: string; url: string }> = await control(
			'GET',
			'/deliveries',
		);
		const bytes = attempts.reduce(
			(sum, attempt) => sum + Buffer.byteLength(attempt.body) + Buffer.byteLength(attempt.url),
			0,
		);
		expect(bytes).toBeLessThanOrEqual(ATTEMPT_HISTORY.maxBytes);
		expect(attempts.length).toBeLessThan(emits);
		expect(attempts.length).toBeGreaterThan(emits - 6);
		expect(attempts.at(-1)?.id).toBe(emits);
		expect(attempts.at(-1)?.body).toBe(receiver.received.at(-1)?.body.toString('utf8'));
		for (const attempt of attempts) expect(JSON.parse(attempt.body).data.notes).toBe(notes);
	});
});
