import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import {
	inspectHook,
	kakiyo,
	ProviderError,
	send,
	subscribe,
	unsubscribe,
	type Transport,
} from '../../shared/index.js';
import { startSandbox, type Sandbox } from '../../sandbox/server.js';
import { fetchTransport } from '../helpers/fetch-transport.js';

const URL_A = 'http://127.0.0.1:9/webhook/a';
const URL_B = 'http://127.0.0.1:9/webhook/b';

let sandbox: Sandbox;
let transport: Transport;

async function control(method: string, path: string, body?: unknown): Promise<unknown> {
	const response = await fetch(`${sandbox.url}/_sandbox${path}`, {
		method,
		...(body === undefined ? {} : { body: JSON.stringify(body) }),
	});
	return response.json();
}

const hooks = () =>
	control('GET', '/hooks') as Promise<Array<{ id: string; url: string; secret: string | null }>>;

beforeAll(async () => {
	sandbox = await startSandbox();
	transport = fetchTransport(sandbox.apiUrl, sandbox.apiKey);
});
afterAll(() => sandbox.close());
afterEach(() => control('POST', '/reset'));

describe('subscribe', () => {
	it('subscribe creates one hook whose secret only the caller and the provider know', async () => {
		const subscription = await subscribe(kakiyo, transport, {
			name: 'n8n',
			url: URL_A,
			events: ['*'],
		});
		expect(subscription.secret).toMatch(/^[0-9a-f]{64}$/);
		expect(await hooks()).toEqual([
			expect.objectContaining({ id: subscription.id, url: URL_A, secret: subscription.secret }),
		]);
	});

	it('subscribe replaces hooks already at the same URL and leaves other URLs alone', async () => {
		await subscribe(kakiyo, transport, { name: 'old', url: URL_A, events: ['*'] });
		await subscribe(kakiyo, transport, { name: 'other', url: URL_B, events: ['*'] });
		const fresh = await subscribe(kakiyo, transport, {
			name: 'new',
			url: URL_A,
			events: ['agent.offline'],
		});
		const urls = (await hooks()).map((hook) => [hook.url, hook.id === fresh.id]);
		expect(urls.sort()).toEqual([
			[URL_A, true],
			[URL_B, false],
		]);
	});

	it('subscribe leaves no hook behind when the provider created it but answered 500', async () => {
		await control('POST', '/faults', {
			kind: 'error',
			method: 'POST',
			path: '/webhooks',
			afterHandling: true,
		});
		const error = await subscribe(kakiyo, transport, {
			name: 'n',
			url: URL_A,
			events: ['*'],
		}).catch((e: unknown) => e);
		expect(error).toBeInstanceOf(ProviderError);
		expect(error).toMatchObject({ kind: 'provider-down' });
		expect(await hooks()).toEqual([]);
	});

	it.each([
		['rate-limit', 'rate-limited'],
		['error', 'provider-down'],
	])('subscribe reports a %s fault on create as %s and leaves no hook', async (kind, expected) => {
		await control('POST', '/faults', { kind, method: 'POST', path: '/webhooks' });
		const error = await subscribe(kakiyo, transport, {
			name: 'n',
			url: URL_A,
			events: ['*'],
		}).catch((e: unknown) => e);
		expect(error).toMatchObject({ kind: expected });
		expect(await hooks()).toEqual([]);
	});

	it('subscribe reports a refused key as invalid-key', async () => {
		const error = await subscribe(kakiyo, fetchTransport(sandbox.apiUrl, 'k'.repeat(40)), {
			name: 'n',
			url: URL_A,
			events: ['*'],
		}).catch((e: unknown) => e);
		expect(error).toMatchObject({
			kind: 'invalid-key',
			message: expect.stringContaining('Team > API Keys'),
		});
	});

	it('subscribe reports a base URL nobody answers as unreachable', async () => {
		const closed = await startSandbox();
		await closed.close();
		const error = await subscribe(kakiyo, fetchTransport(closed.apiUrl, 'k'), {
			name: 'n',
			url: URL_A,
			events: ['*'],
		}).catch((e: unknown) => e);
		expect(error).toMatchObject({ kind: 'unreachable', code: 'ECONNREFUSED' });
		expect((error as Error).message).toContain('Base URL');
	});
});

describe('unsubscribe and inspectHook', () => {
	it('unsubscribe deletes the hook and accepts one already gone', async () => {
		const { id } = await subscribe(kakiyo, transport, { name: 'n', url: URL_A, events: ['*'] });
		await unsubscribe(kakiyo, transport, id);
		await unsubscribe(kakiyo, transport, id);
		expect(await hooks()).toEqual([]);
	});

	it('inspectHook tells ok, missing, disabled and changed apart', async () => {
		const events = ['agent.offline', 'campaign.completed'];
		const { id } = await subscribe(kakiyo, transport, { name: 'n', url: URL_A, events });
		expect(
			await inspectHook(kakiyo, transport, { id, url: URL_A, events: [...events].reverse() }),
		).toBe('ok');
		expect(await inspectHook(kakiyo, transport, { id, url: URL_B, events })).toBe('changed');
		expect(
			await inspectHook(kakiyo, transport, { id, url: URL_A, events: ['agent.offline'] }),
		).toBe('changed');
		await control('POST', `/hooks/${id}/disable`);
		expect(await inspectHook(kakiyo, transport, { id, url: URL_A, events })).toBe('disabled');
		await control('DELETE', `/hooks/${id}`);
		expect(await inspectHook(kakiyo, transport, { id, url: URL_A, events })).toBe('missing');
	});

	it('inspectHook throws the provider error rather than guessing when Kakiyo fails', async () => {
		const { id } = await subscribe(kakiyo, transport, { name: 'n', url: URL_A, events: ['*'] });
		await control('POST', '/faults', { kind: 'error' });
		await expect(
			inspectHook(kakiyo, transport, { id, url: URL_A, events: ['*'] }),
		).rejects.toMatchObject({ kind: 'provider-down' });
		await expect(send(transport, kakiyo.api.getHook(id))).resolves.toMatchObject({ id });
	});
});
