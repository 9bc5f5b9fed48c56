import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import {
	confirmHook,
	eventChoices,
	loadEventChoices,
	ProviderError,
	release,
	send,
	subscribe as subscribeWith,
	type HookRecord,
	type ProviderDefinition,
	type Transport,
} from '../../shared/index.js';
import { inspectHook, type SubscribeInput } from '../../shared/hook-lifecycle.js';
import { kakiyo } from '../../shared/providers/kakiyo/index.js';
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
	control('GET', '/hooks') as Promise<
		Array<{ id: string; url: string; secret: string | null; active: boolean }>
	>;

/** `subscribe` with a fresh record, as most cases need. */
const subscribe = (via: Transport, input: SubscribeInput, record: HookRecord = {}) =>
	subscribeWith(kakiyo, via, record, input);

beforeAll(async () => {
	sandbox = await startSandbox();
	transport = fetchTransport(sandbox.apiUrl, sandbox.apiKey);
});
afterAll(() => sandbox.close());
afterEach(() => control('POST', '/reset'));

describe('subscribe', () => {
	it('subscribe creates one hook whose secret only the caller and the provider know', async () => {
		const subscription = await subscribe(transport, {
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
		await subscribe(transport, { name: 'old', url: URL_A, events: ['*'] });
		await subscribe(transport, { name: 'other', url: URL_B, events: ['*'] });
		const fresh = await subscribe(transport, {
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
		const error = await subscribe(transport, {
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
		const error = await subscribe(transport, {
			name: 'n',
			url: URL_A,
			events: ['*'],
		}).catch((e: unknown) => e);
		expect(error).toMatchObject({ kind: expected });
		expect(await hooks()).toEqual([]);
	});

	it('subscribe reports a refused key as invalid-key, at the first call it refuses, creating nothing', async () => {
		await control('DELETE', '/requests');
		const error = await subscribe(fetchTransport(sandbox.apiUrl, 'k'.repeat(40)), {
			name: 'n',
			url: URL_A,
			events: ['*'],
		}).catch((e: unknown) => e);
		expect(error).toMatchObject({
			kind: 'invalid-key',
			message: expect.stringContaining('Team > API Keys'),
		});
		// The list was refused for the key, so the create, refused alike, was not sent.
		expect(await control('GET', '/requests')).toEqual([
			{ method: 'GET', path: '/webhooks', status: 401 },
		]);
	});

	it('subscribe reports a base URL nobody answers as unreachable', async () => {
		const closed = await startSandbox();
		await closed.close();
		const error = await subscribe(fetchTransport(closed.apiUrl, 'k'), {
			name: 'n',
			url: URL_A,
			events: ['*'],
		}).catch((e: unknown) => e);
		expect(error).toMatchObject({ kind: 'unreachable', code: 'ECONNREFUSED' });
		expect((error as Error).message).toContain('Base URL');
	});
});

describe('release and inspectHook', () => {
	it('release deletes the recorded hook, clears the record, and accepts one already gone', async () => {
		const record: HookRecord = {};
		const { id } = await subscribe(transport, { name: 'n', url: URL_A, events: ['*'] }, record);
		expect(record).toMatchObject({ hookId: id, secret: expect.any(String) });
		const again = { ...record };
		await release(kakiyo, transport, record, URL_A);
		expect(record).toEqual({});
		await release(kakiyo, transport, again, URL_A);
		expect(await hooks()).toEqual([]);
	});

	it('inspectHook tells ok, missing, disabled and changed apart', async () => {
		const events = ['agent.offline', 'campaign.completed'];
		const { id } = await subscribe(transport, { name: 'n', url: URL_A, events });
		expect(
			await inspectHook(kakiyo, transport, { id, url: URL_A, events: [...events].reverse() }),
		).toBe('ok');
		expect(await inspectHook(kakiyo, transport, { id, url: URL_B, events })).toBe('elsewhere');
		expect(
			await inspectHook(kakiyo, transport, { id, url: URL_A, events: ['agent.offline'] }),
		).toBe('changed');
		await control('POST', `/hooks/${id}/disable`);
		expect(await inspectHook(kakiyo, transport, { id, url: URL_A, events })).toBe('disabled');
		await control('DELETE', `/hooks/${id}`);
		expect(await inspectHook(kakiyo, transport, { id, url: URL_A, events })).toBe('missing');
	});

	it('inspectHook throws the provider error rather than guessing when Kakiyo fails', async () => {
		const { id } = await subscribe(transport, { name: 'n', url: URL_A, events: ['*'] });
		await control('POST', '/faults', { kind: 'error' });
		await expect(
			inspectHook(kakiyo, transport, { id, url: URL_A, events: ['*'] }),
		).rejects.toMatchObject({ kind: 'provider-down' });
		await expect(send(transport, kakiyo.api.getHook(id))).resolves.toMatchObject({ id });
	});
});

describe('whose hook it is', () => {
	it("confirmHook forgets, never deletes, a recorded hook serving another URL (a copied workflow's)", async () => {
		const original: HookRecord = {};
		await subscribe(transport, { name: 'original', url: URL_A, events: ['*'] }, original);
		const copy: HookRecord = { ...original };
		expect(await confirmHook(kakiyo, transport, copy, { url: URL_B, events: ['*'] })).toBe(false);
		expect(copy).toEqual({});
		expect(await hooks()).toEqual([expect.objectContaining({ id: original.hookId, url: URL_A })]);
	});

	it('release forgets, never deletes, a recorded hook serving another URL', async () => {
		const original: HookRecord = {};
		await subscribe(transport, { name: 'original', url: URL_A, events: ['*'] }, original);
		const copy: HookRecord = { ...original };
		await release(kakiyo, transport, copy, URL_B);
		expect(copy).toEqual({});
		expect(await hooks()).toEqual([expect.objectContaining({ id: original.hookId, url: URL_A })]);
	});

	it('release with nothing recorded never throws: when Kakiyo cannot list, it says hooks may remain', async () => {
		const orphan = await subscribe(transport, { name: 'orphan', url: URL_A, events: ['*'] });
		await control('POST', '/faults', { kind: 'error', method: 'GET', path: '/webhooks', count: 1 });
		const record: HookRecord = {};
		await expect(release(kakiyo, transport, record, URL_A)).resolves.toBe(false);
		expect(record).toEqual({});
		expect(await hooks()).toEqual([expect.objectContaining({ id: orphan.id })]);
		await expect(release(kakiyo, transport, record, URL_A)).resolves.toBe(true);
		expect(await hooks()).toEqual([]);
	});

	it('release with nothing recorded removes every hook at its URL, and only there', async () => {
		await subscribe(transport, { name: 'a1', url: URL_A, events: ['*'] });
		await send(
			transport,
			kakiyo.api.createHook({ name: 'a2', url: URL_A, events: ['*'], secret: 's' }),
		);
		await subscribe(transport, { name: 'b', url: URL_B, events: ['*'] });
		await release(kakiyo, transport, {}, URL_A);
		expect((await hooks()).map((hook) => hook.url)).toEqual([URL_B]);
	});

	it('confirmHook replaces a disabled hook of ours: deleted, record cleared', async () => {
		const record: HookRecord = {};
		const { id } = await subscribe(transport, { name: 'n', url: URL_A, events: ['*'] }, record);
		await control('POST', `/hooks/${id}/disable`);
		expect(await confirmHook(kakiyo, transport, record, { url: URL_A, events: ['*'] })).toBe(false);
		expect(record).toEqual({});
		expect(await hooks()).toEqual([]);
	});
});

describe('no hook the connector cannot account for', () => {
	it('a create answered 500 after creating, while listing fails too, is finished by the next subscribe', async () => {
		const record: HookRecord = {};
		await control('POST', '/faults', { kind: 'error', method: 'GET', path: '/webhooks', count: 2 });
		await control('POST', '/faults', {
			kind: 'error',
			method: 'POST',
			path: '/webhooks',
			afterHandling: true,
		});
		const error = await subscribe(
			transport,
			{ name: 'n', url: URL_A, events: ['*'] },
			record,
		).catch((e: unknown) => e);
		expect(error).toMatchObject({ kind: 'provider-down' });
		const [orphan] = await hooks();
		expect(orphan).toBeDefined();
		expect(record).toEqual({ unsure: true });

		const fresh = await subscribe(transport, { name: 'n', url: URL_A, events: ['*'] }, record);
		expect(await hooks()).toEqual([expect.objectContaining({ id: fresh.id })]);
		expect(record).toEqual({ hookId: fresh.id, secret: fresh.secret });
	});

	it('an orphan left by an ambiguous create is removed by the next confirmHook, keeping the live hook', async () => {
		const record: HookRecord = {};
		const live = await subscribe(transport, { name: 'n', url: URL_A, events: ['*'] }, record);
		await send(
			transport,
			kakiyo.api.createHook({ name: 'orphan', url: URL_A, events: ['*'], secret: 'x' }),
		);
		record.unsure = true;
		expect(await confirmHook(kakiyo, transport, record, { url: URL_A, events: ['*'] })).toBe(true);
		expect(await hooks()).toEqual([expect.objectContaining({ id: live.id })]);
		expect(record).toEqual({ hookId: live.id, secret: live.secret });
	});

	it('a stale hook whose delete answers 500 is kept as a leftover and removed at the next call', async () => {
		const record: HookRecord = {};
		const stale = await subscribe(transport, { name: 'n', url: URL_A, events: ['*'] }, record);
		await control('POST', `/hooks/${stale.id}/disable`);
		// The delete in confirmHook and the one in subscribe's clean-up both fail.
		await control('POST', '/faults', { kind: 'error', method: 'DELETE', count: 2 });
		expect(await confirmHook(kakiyo, transport, record, { url: URL_A, events: ['*'] })).toBe(false);
		expect(record).toEqual({ leftovers: [stale.id] });
		const fresh = await subscribe(transport, { name: 'n', url: URL_A, events: ['*'] }, record);
		expect(record).toEqual({ hookId: fresh.id, secret: fresh.secret, leftovers: [stale.id] });
		expect((await hooks()).map((hook) => hook.id).sort()).toEqual([fresh.id, stale.id].sort());

		expect(await confirmHook(kakiyo, transport, record, { url: URL_A, events: ['*'] })).toBe(true);
		expect(await hooks()).toEqual([expect.objectContaining({ id: fresh.id, active: true })]);
		expect(record).toEqual({ hookId: fresh.id, secret: fresh.secret });
	});
});

describe('a provider that hangs', () => {
	const quick = () => fetchTransport(sandbox.apiUrl, sandbox.apiKey, 300);

	it('a create that never answers fails as unreachable within the timeout, saying so', async () => {
		await control('POST', '/faults', { kind: 'hang', method: 'POST', path: '/webhooks' });
		const started = Date.now();
		const error = await subscribe(quick(), { name: 'n', url: URL_A, events: ['*'] }).catch(
			(e: unknown) => e,
		);
		expect(Date.now() - started).toBeLessThan(5_000);
		expect(error).toMatchObject({
			kind: 'unreachable',
			message: expect.stringContaining(
				'did not answer within 10 seconds while creating the webhook',
			),
		});
		expect(await hooks()).toEqual([]);
	});

	it('a create that is made but never answered is cleaned up after the timeout', async () => {
		await control('POST', '/faults', {
			kind: 'hang',
			method: 'POST',
			path: '/webhooks',
			afterHandling: true,
		});
		const record: HookRecord = {};
		await subscribe(quick(), { name: 'n', url: URL_A, events: ['*'] }, record).catch(
			() => undefined,
		);
		expect(await hooks()).toEqual([]);
		expect(record).toEqual({});
	});
});

describe('a provider that lacks calls', () => {
	/** Kakiyo's definition without listing, deleting or the event list, as some providers are. */
	const lean: ProviderDefinition = {
		...kakiyo,
		api: { createHook: kakiyo.api.createHook, getHook: kakiyo.api.getHook },
	};

	it('loadEventChoices offers the static catalogue without asking', async () => {
		const offline: Transport = () => Promise.reject(new Error('no call expected'));
		const choices = await loadEventChoices(lean, offline, () => {
			throw new Error('no warning expected');
		});
		expect(choices.map((entry) => entry.id)).toEqual(eventChoices(kakiyo).map((entry) => entry.id));
	});

	it('release without delete leaves the hook, forgets it, and says hooks remain', async () => {
		const record: HookRecord = {};
		const { id } = await subscribeWith(lean, transport, record, {
			name: 'n',
			url: URL_A,
			events: ['*'],
		});
		await expect(release(lean, transport, record, URL_A)).resolves.toBe(false);
		expect(record).toEqual({ kept: { id, secret: expect.any(String), url: URL_A } });
		expect(await hooks()).toEqual([expect.objectContaining({ id })]);
		await expect(release(lean, transport, {}, URL_A)).resolves.toBe(false);
	});

	it('a disabled hook that cannot be deleted stays a leftover, and a new one is made', async () => {
		const record: HookRecord = {};
		const stale = await subscribeWith(lean, transport, record, {
			name: 'n',
			url: URL_A,
			events: ['*'],
		});
		await control('POST', `/hooks/${stale.id}/disable`);
		expect(await confirmHook(lean, transport, record, { url: URL_A, events: ['*'] })).toBe(false);
		expect(record).toEqual({ leftovers: [stale.id] });
		const fresh = await subscribeWith(lean, transport, record, {
			name: 'n',
			url: URL_A,
			events: ['*'],
		});
		expect(record).toEqual({ hookId: fresh.id, secret: fresh.secret, leftovers: [stale.id] });
	});

	it('a provider with no registration API: subscribe says to add the URL by hand, release has nothing to do, the record is trusted', async () => {
		const pasted: ProviderDefinition = { ...kakiyo, api: {} };
		const offline: Transport = () => Promise.reject(new Error('no call expected'));
		const error = await subscribeWith(
			pasted,
			offline,
			{},
			{
				name: 'n',
				url: URL_A,
				events: ['*'],
			},
		).catch((caught: unknown) => caught);
		expect(error).toMatchObject({ kind: 'unsupported' });
		expect((error as Error).message).toContain("add the trigger's URL in Kakiyo itself");
		await expect(release(pasted, offline, {}, URL_A)).resolves.toBe(true);
		const record: HookRecord = { hookId: 'h', secret: 's' };
		await expect(confirmHook(pasted, offline, record, { url: URL_A, events: ['*'] })).resolves.toBe(
			true,
		);
	});

	it('without a way to read a hook, release deletes the recorded one by id', async () => {
		const blind: ProviderDefinition = {
			...kakiyo,
			api: { createHook: kakiyo.api.createHook, deleteHook: kakiyo.api.deleteHook },
		};
		const record: HookRecord = {};
		await subscribeWith(blind, transport, record, { name: 'n', url: URL_A, events: ['*'] });
		await expect(release(blind, transport, record, URL_A)).resolves.toBe(true);
		expect(await hooks()).toEqual([]);
	});

	/** Kakiyo's definition that can list and read hooks but not delete them, as Saleshandy's may. */
	const undeletable: ProviderDefinition = {
		...kakiyo,
		api: {
			createHook: kakiyo.api.createHook,
			getHook: kakiyo.api.getHook,
			listHooks: kakiyo.api.listHooks,
		},
	};
	const input = { name: 'n', url: URL_A, events: ['*'] };

	/** A hook made, then released without being deleted: the record keeps it for the next activation. */
	async function left(record: HookRecord) {
		const made = await subscribeWith(undeletable, transport, record, input);
		await expect(release(undeletable, transport, record, URL_A)).resolves.toBe(false);
		expect(record).toEqual({ kept: { id: made.id, secret: made.secret, url: URL_A } });
		return made;
	}

	it('a hook the provider would not delete is taken over by the next activation, even while listing fails', async () => {
		const record: HookRecord = {};
		const made = await left(record);
		await control('POST', '/faults', { kind: 'error', method: 'GET', path: '/webhooks', count: 1 });
		const again = await subscribeWith(undeletable, transport, record, input);
		expect(again).toEqual({ id: made.id, secret: made.secret, active: true });
		expect(record).toEqual({ hookId: made.id, secret: made.secret });
		expect(await hooks()).toHaveLength(1);
	});

	it('with listing working, the kept secret lets the activation take over a hook whose secret the provider never shows', async () => {
		const record: HookRecord = {};
		const made = await left(record);
		const again = await subscribeWith(undeletable, transport, record, input);
		expect(again).toEqual({ id: made.id, secret: made.secret, active: true });
		expect(await hooks()).toHaveLength(1);
	});

	it('while neither listing nor reading works, the activation fails and makes no second hook', async () => {
		const record: HookRecord = {};
		const made = await left(record);
		await control('POST', '/faults', { kind: 'error', method: 'GET', path: '/webhooks', count: 2 });
		const error = await subscribeWith(undeletable, transport, record, input).catch(
			(caught: unknown) => caught,
		);
		expect(error).toBeInstanceOf(ProviderError);
		expect(await hooks()).toEqual([expect.objectContaining({ id: made.id })]);
		const again = await subscribeWith(undeletable, transport, record, input);
		expect(again.id).toBe(made.id);
	});

	it('a kept hook disabled remotely while listing fails becomes a leftover, and a new one is made', async () => {
		const record: HookRecord = {};
		const made = await left(record);
		await control('POST', `/hooks/${made.id}/disable`);
		await control('POST', '/faults', { kind: 'error', method: 'GET', path: '/webhooks', count: 1 });
		const fresh = await subscribeWith(undeletable, transport, record, input);
		expect(fresh.id).not.toBe(made.id);
		expect(record).toEqual({ hookId: fresh.id, secret: fresh.secret, leftovers: [made.id] });
	});

	it('a kept hook for another URL is left alone by an activation at this one', async () => {
		const record: HookRecord = {};
		const made = await left(record);
		await control('POST', '/faults', { kind: 'error', method: 'GET', path: '/webhooks', count: 1 });
		const other = await subscribeWith(undeletable, transport, record, { ...input, url: URL_B });
		expect(record).toEqual({
			hookId: other.id,
			secret: other.secret,
			kept: { id: made.id, secret: made.secret, url: URL_A },
		});
	});
});
