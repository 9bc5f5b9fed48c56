import nock from 'nock';
import type { ZObject } from 'zapier-platform-core';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { deliveryFingerprint } from '../../shared/index.js';
import { digestFingerprint } from '../../shared/repeat-guard.js';
import { sign } from '../../shared/sign.js';
import { kakiyo, KAKIYO_EVENTS } from '../../shared/providers/kakiyo/index.js';
import { outputFieldsFor } from '../src/output-fields.js';
import { sampleOf } from '../src/triggers/hook-trigger.js';
import { toZapierError } from '../src/transport.js';
import {
	API,
	API_KEY,
	App,
	appTester,
	bundle,
	handlerOf,
	mockZapierCache,
	rawRequest,
	type RpcCall,
} from './helpers.js';

const triggers = App.triggers!;
type Operation = Record<string, never> & { outputFields: unknown[] };
const operation = (key: string): Operation => triggers[key]!.operation as unknown as Operation;
const hook = operation('new_event');
const received = { operation: operation('linkedin_message_received') };
const SECRET = 'a'.repeat(64);
/** A signed Kakiyo delivery's id: its HMAC, folded (`digestFingerprint`), the same for a retry. */
const deliveryId = (body: string) => digestFingerprint(Buffer.from(sign(body, SECRET), 'hex'));
const TARGET = 'https://hooks.zapier.com/hooks/standard/1/abc/';

async function failure(run: Promise<unknown>): Promise<Error> {
	const error = await run.then(
		() => undefined,
		(thrown: unknown) => thrown,
	);
	expect(error).toBeInstanceOf(Error);
	return error as Error;
}

beforeAll(() => {
	delete process.env.KAKIYO_BASE_URL;
	nock.disableNetConnect();
});
afterEach(() => {
	expect(nock.pendingMocks()).toEqual([]);
	nock.cleanAll();
});

describe('authentication', () => {
	it('the connection test calls GET /verify with the key as Bearer', async () => {
		nock(API)
			.get('/verify')
			.matchHeader('authorization', `Bearer ${API_KEY}`)
			.reply(200, { status: 'success', message: 'API key is valid' });
		await expect(appTester(App.authentication!.test as never, bundle())).resolves.toEqual({
			valid: true,
		});
	});

	it('a refused key becomes ExpiredAuthError saying where keys are made', async () => {
		nock(API).get('/verify').reply(401, { error: 'invalid_api_key', message: 'Invalid API key' });
		const error = await failure(appTester(App.authentication!.test as never, bundle()));
		expect(error.name).toBe('ExpiredAuthError');
		expect(error.message).toContain('Team > API Keys');
		expect(error.message).not.toContain(API_KEY);
	});

	it('an inactive subscription says so', async () => {
		nock(API)
			.get('/verify')
			.reply(403, { error: 'subscription_inactive', message: 'Subscription is inactive' });
		expect((await failure(appTester(App.authentication!.test as never, bundle()))).message).toMatch(
			/subscription is inactive/,
		);
	});

	it('a 429 becomes ThrottledError carrying the wait', async () => {
		nock(API)
			.get('/verify')
			.reply(429, { error: 'rate_limit_exceeded', message: 'slow down' }, { 'Retry-After': '17' });
		const error = await failure(appTester(App.authentication!.test as never, bundle()));
		expect(error.name).toBe('ThrottledError');
		expect(JSON.parse(error.message)).toEqual({
			message: expect.stringContaining('Wait 17 seconds'),
			delay: 17,
		});
	});

	it('afterResponse maps Kakiyo errors on requests that do not read statuses themselves', async () => {
		// Every trigger goes through the core's transport, which reads statuses itself; this is
		// the net for any other z.request the app makes.
		const direct = (path: string) => async (z: ZObject) => z.request({ url: `${API}${path}` });
		nock(API).get('/verify').reply(401, { error: 'invalid_api_key', message: 'Invalid API key' });
		const expired = await failure(appTester(direct('/verify'), bundle()));
		expect(expired.name).toBe('ExpiredAuthError');
		nock(API).get('/webhooks').reply(503, { error: 'internal_error', message: 'down' });
		expect((await failure(appTester(direct('/webhooks'), bundle()))).message).toContain('HTTP 503');
	});

	it('the base URL comes from KAKIYO_BASE_URL', async () => {
		process.env.KAKIYO_BASE_URL = 'https://kakiyo.test/v1/';
		nock('https://kakiyo.test').get('/v1/verify').reply(200, { status: 'success' });
		try {
			await expect(appTester(App.authentication!.test as never, bundle())).resolves.toEqual({
				valid: true,
			});
		} finally {
			delete process.env.KAKIYO_BASE_URL;
		}
	});

	it('a KAKIYO_BASE_URL that is not https is refused before the key is sent', async () => {
		process.env.KAKIYO_BASE_URL = 'http://kakiyo.test/v1';
		try {
			const error = await failure(appTester(App.authentication!.test as never, bundle()));
			expect(error.message).toMatch(/not https, so the API key would travel unencrypted/);
		} finally {
			delete process.env.KAKIYO_BASE_URL;
		}
	});

	it("the connection label is the team's name where /verify gives one, else a fingerprint of the key", async () => {
		const label = App.authentication!.connectionLabel as (
			z: unknown,
			b: unknown,
		) => Promise<string>;
		nock(API)
			.get('/verify')
			.reply(200, { status: 'success', team: { name: 'Sales Team Alpha' } });
		const tested = await appTester(App.authentication!.test as never, bundle());
		expect(tested).toEqual({ valid: true, team: 'Sales Team Alpha' });
		expect(await appTester(label as never, bundle({ inputData: tested }))).toBe('Sales Team Alpha');
		const other = await appTester(
			label as never,
			bundle({ inputData: { valid: true }, authData: { apiKey: 'o'.repeat(40) } }),
		);
		const mine = await appTester(label as never, bundle({ inputData: { valid: true } }));
		expect(mine).toMatch(/^Kakiyo key [0-9a-f]{6}$/);
		expect(other).toMatch(/^Kakiyo key [0-9a-f]{6}$/);
		expect(mine).not.toBe(other);
		expect(mine).not.toContain(API_KEY.slice(0, 6));
	});

	it('the API key field is a password with help that says where Kakiyo shows it', () => {
		const [field] = (App.authentication as unknown as { fields: Array<Record<string, unknown>> })
			.fields;
		expect(field).toMatchObject({ key: 'apiKey', type: 'password', required: true });
		expect(field?.helpText).toContain('Team > API Keys');
		expect(App.authentication).toMatchObject({
			type: 'custom',
			connectionLabel: expect.not.stringContaining('apiKey'),
		});
	});
});

describe('subscribe and unsubscribe', () => {
	it('performSubscribe registers the Zap URL with a generated secret and returns id and secret', async () => {
		let sent: Record<string, unknown> = {};
		nock(API).get('/webhooks').reply(200, { webhooks: [] });
		nock(API)
			.post('/webhooks', (body: Record<string, unknown>) => {
				sent = body;
				return true;
			})
			.reply(200, {
				id: 'webhook_1',
				name: 'n',
				url: TARGET,
				events: ['linkedin.message.received'],
				active: true,
			});
		const data = (await appTester(
			received.operation.performSubscribe as never,
			bundle({ targetUrl: TARGET }),
		)) as { id: string; secret: string };
		expect(data.id).toBe('webhook_1');
		expect(data.secret).toMatch(/^[0-9a-f]{64}$/);
		expect(sent).toMatchObject({
			url: TARGET,
			events: ['linkedin.message.received'],
			secret: data.secret,
		});
		expect(sent.name).toMatch(/^Zapier: LinkedIn Message Received/);
	});

	it('performSubscribe of new_event sends the picked events', async () => {
		nock(API).get('/webhooks').reply(200, []);
		nock(API)
			.post(
				'/webhooks',
				(body: { events: string[] }) => body.events.join() === 'agent.offline,campaign.completed',
			)
			.reply(201, {
				id: 'webhook_2',
				url: TARGET,
				events: ['agent.offline', 'campaign.completed'],
			});
		const data = await appTester(
			hook.performSubscribe as never,
			bundle({ targetUrl: TARGET, inputData: { events: ['agent.offline', 'campaign.completed'] } }),
		);
		expect(data).toMatchObject({ id: 'webhook_2' });
	});

	it('performSubscribe removes a hook left at the same URL before creating one', async () => {
		nock(API)
			.get('/webhooks')
			.reply(200, [{ id: 'webhook_old', url: TARGET, events: ['*'], active: true }]);
		nock(API).delete('/webhooks/webhook_old').reply(200, { message: 'deleted' });
		nock(API)
			.post('/webhooks')
			.reply(200, { id: 'webhook_new', url: TARGET, events: ['*'] });
		await expect(
			appTester(received.operation.performSubscribe as never, bundle({ targetUrl: TARGET })),
		).resolves.toMatchObject({ id: 'webhook_new' });
	});

	it('performSubscribe reports a 500 with a message and cleans up a hook it may have made', async () => {
		nock(API).get('/webhooks').reply(200, []);
		nock(API).post('/webhooks').reply(500, { error: 'internal_error', message: 'boom' });
		nock(API)
			.get('/webhooks')
			.reply(200, [{ id: 'webhook_half', url: TARGET, events: ['*'], active: true }]);
		nock(API).delete('/webhooks/webhook_half').reply(200, {});
		const error = await failure(
			appTester(received.operation.performSubscribe as never, bundle({ targetUrl: TARGET })),
		);
		expect(error.message).toContain(
			'Kakiyo is having trouble (HTTP 500) while creating the webhook',
		);
	});

	it('performSubscribe reports a 429 as ThrottledError', async () => {
		nock(API).get('/webhooks').reply(200, []);
		nock(API)
			.post('/webhooks')
			.reply(429, { error: 'rate_limit_exceeded', message: 'slow' }, { 'Retry-After': '30' });
		expect(
			(
				await failure(
					appTester(received.operation.performSubscribe as never, bundle({ targetUrl: TARGET })),
				)
			).name,
		).toBe('ThrottledError');
	});

	it('performUnsubscribe deletes the hook, and a hook already gone is fine', async () => {
		const stored = { subscribeData: { id: 'webhook_1', secret: SECRET }, targetUrl: TARGET };
		nock(API)
			.get('/webhooks/webhook_1')
			.reply(200, { id: 'webhook_1', url: TARGET, events: ['*'], active: true });
		nock(API).delete('/webhooks/webhook_1').reply(200, { message: 'deleted' });
		await expect(
			appTester(received.operation.performUnsubscribe as never, bundle(stored)),
		).resolves.toEqual({});
		nock(API)
			.get('/webhooks/webhook_1')
			.reply(404, { error: 'not_found', message: 'Webhook not found' });
		await expect(
			appTester(received.operation.performUnsubscribe as never, bundle(stored)),
		).resolves.toEqual({});
	});

	it('performUnsubscribe leaves alone a stored hook that now serves another URL', async () => {
		nock(API)
			.get('/webhooks/webhook_1')
			.reply(200, { id: 'webhook_1', url: 'https://elsewhere.example/hook', events: ['*'] });
		await expect(
			appTester(
				received.operation.performUnsubscribe as never,
				bundle({ subscribeData: { id: 'webhook_1', secret: SECRET }, targetUrl: TARGET }),
			),
		).resolves.toEqual({});
	});

	it('performUnsubscribe with no stored id says so plainly when Kakiyo cannot list its hooks', async () => {
		nock(API).get('/webhooks').reply(500, { error: 'internal_error' });
		const error = await failure(
			appTester(received.operation.performUnsubscribe as never, bundle({ targetUrl: TARGET })),
		);
		expect(error.message).toMatch(/may remain at Kakiyo.*Delete the webhook named/);
	});

	it("performUnsubscribe with no stored id removes the hooks at the Zap's URL, and only those", async () => {
		nock(API)
			.get('/webhooks')
			.reply(200, [
				{ id: 'webhook_mine', url: TARGET, events: ['*'] },
				{ id: 'webhook_other', url: 'https://elsewhere.example/hook', events: ['*'] },
			]);
		nock(API).delete('/webhooks/webhook_mine').reply(200, { message: 'deleted' });
		await expect(
			appTester(received.operation.performUnsubscribe as never, bundle({ targetUrl: TARGET })),
		).resolves.toEqual({});
	});
});

describe('perform', () => {
	const event = {
		...kakiyo.sampleFor('linkedin.message.received'),
		timestamp: new Date().toISOString(),
	};
	const body = JSON.stringify(event);
	const deliver = (content: string, headers: Record<string, string>, inputData = {}) =>
		appTester(
			received.operation.perform as never,
			bundle({
				rawRequest: rawRequest(content, headers),
				subscribeData: { id: 'w', secret: SECRET },
				inputData,
			}),
		);

	it('perform returns the event for a delivery signed with the stored secret', async () => {
		await expect(deliver(body, { 'x-kakiyo-signature': sign(body, SECRET) })).resolves.toEqual([
			{ id: deliveryId(body), ...event },
		]);
	});

	it('perform returns nothing for a forged, unsigned or re-serialised delivery', async () => {
		await expect(deliver(body, { 'x-kakiyo-signature': sign(body, 'guessed') })).resolves.toEqual(
			[],
		);
		await expect(deliver(body, {})).resolves.toEqual([]);
		await expect(
			deliver(JSON.stringify(event, null, 1), { 'x-kakiyo-signature': sign(body, SECRET) }),
		).resolves.toEqual([]);
	});

	it('perform returns nothing for a signed body that is not an event', async () => {
		const junk = '{"hello":';
		await expect(deliver(junk, { 'x-kakiyo-signature': sign(junk, SECRET) })).resolves.toEqual([]);
	});

	it('perform runs a signed event its schema refuses, as sent', async () => {
		const odd = JSON.stringify({ event: 'prospect.replied', timestamp: event.timestamp, data: {} });
		await expect(
			deliver(odd, { 'x-kakiyo-signature': sign(odd, SECRET) }, { events: ['*'] }),
		).resolves.toEqual([]);
		await expect(
			appTester(
				hook.perform as never,
				bundle({
					rawRequest: rawRequest(odd, { 'x-kakiyo-signature': sign(odd, SECRET) }),
					subscribeData: { id: 'w', secret: SECRET },
					inputData: { events: ['*'] },
				}),
			),
		).resolves.toEqual([{ id: deliveryId(odd), ...JSON.parse(odd) }]);
	});

	it('perform drops a signed delivery dated beyond Maximum Age, unless the Zap turned the check off', async () => {
		const old = JSON.stringify({
			...event,
			timestamp: new Date(Date.now() - 2 * 86_400_000).toISOString(),
		});
		const headers = { 'x-kakiyo-signature': sign(old, SECRET) };
		await expect(deliver(old, headers)).resolves.toEqual([]);
		await expect(deliver(old, headers, { max_age_hours: '' })).resolves.toEqual([]);
		await expect(deliver(old, headers, { max_age_hours: 'soon' })).resolves.toEqual([]);
		await expect(deliver(old, headers, { max_age_hours: [] })).resolves.toEqual([]);
		await expect(deliver(old, headers, { max_age_hours: '72' })).resolves.toHaveLength(1);
		await expect(deliver(old, headers, { max_age_hours: 0 })).resolves.toHaveLength(1);
	});

	it('an unexpected failure becomes a Zapier error, which Zapier does not extend with the bundle and its secret', async () => {
		const shown = (await appTester(
			async (z: ZObject) => toZapierError(z, new TypeError('boom'), 'Kakiyo') as never,
			bundle(),
		)) as unknown as Error & { doNotContextify?: boolean };
		expect(shown.name).toBe('AppError');
		expect(shown.doNotContextify).toBe(true);
		expect(shown.message).toContain('Unexpected failure in the Kakiyo app: boom');
	});

	it('perform reads a body that is not text as empty, refusing it without throwing', async () => {
		await expect(
			appTester(
				received.operation.perform as never,
				bundle({
					rawRequest: { method: 'POST', querystring: '', headers: {}, content: { a: 1 } },
					subscribeData: { id: 'w', secret: SECRET },
				}),
			),
		).resolves.toEqual([]);
	});

	it("a body's own id never replaces the record id Zapier dedupes on", async () => {
		const withOwnId = JSON.stringify({ ...event, id: 'evt_1' });
		await expect(
			deliver(withOwnId, { 'x-kakiyo-signature': sign(withOwnId, SECRET) }),
		).resolves.toEqual([{ ...event, body_id: 'evt_1', id: deliveryId(withOwnId) }]);
	});

	it('perform of new_event returns only the picked events', async () => {
		const run = (events: string[]) =>
			appTester(
				hook.perform as never,
				bundle({
					rawRequest: rawRequest(body, { 'x-kakiyo-signature': sign(body, SECRET) }),
					subscribeData: { id: 'w', secret: SECRET },
					inputData: { events },
				}),
			);
		await expect(run(['agent.offline'])).resolves.toEqual([]);
		const record = { id: deliveryId(body), ...event };
		await expect(run(['*'])).resolves.toEqual([record]);
		await expect(run(['linkedin.message.received'])).resolves.toEqual([record]);
	});
});

describe("perform against Zapier's cache (its RPC mocked)", () => {
	const handler = handlerOf(App);
	const event = {
		...kakiyo.sampleFor('linkedin.invitation.accepted'),
		timestamp: new Date().toISOString(),
	};
	const body = JSON.stringify(event);
	let cache: Map<string, { value: string; ttl: number }>;
	let calls: RpcCall[];
	const mockRpc = (times: number, fail = false) => mockZapierCache(cache, calls, times, fail);

	const perform = async (
		subscribeData: Record<string, unknown> = { id: 'webhook_9', secret: SECRET },
	) =>
		handler(
			'triggers.linkedin_invitation_accepted.operation.perform',
			bundle({
				rawRequest: rawRequest(body, { 'x-kakiyo-signature': sign(body, SECRET) }),
				subscribeData,
			}),
		);

	beforeEach(() => {
		cache = new Map();
		calls = [];
		// How core authenticates RPC outside Zapier's servers; with no event token it also sends no logs.
		process.env.ZAPIER_DEPLOY_KEY = 'deploy-key-for-tests';
	});
	afterEach(() => {
		delete process.env.ZAPIER_DEPLOY_KEY;
	});

	it("a retry of a delivery runs the Zap once: the fingerprint is set in Zapier's cache with nx for the window", async () => {
		mockRpc(3);
		expect(await perform()).toHaveLength(1);
		expect(await perform()).toEqual([]);
		expect(await perform({ id: 'webhook_other', secret: SECRET })).toHaveLength(1);
		const [first] = calls;
		expect(first?.method).toBe('zcache_set');
		const [key, , ttl, , nx] = first!.params as [string, string, number, unknown, boolean];
		expect(key).toBe(`kakiyo:webhook_9:${deliveryId(body)}`);
		expect(nx).toBe(true);
		expect(ttl).toBeGreaterThan(86_400 - 60);
		expect(ttl).toBeLessThanOrEqual(86_400);
	});

	it('when the cache cannot be reached the delivery runs rather than being lost', async () => {
		mockRpc(3, true);
		expect(await perform()).toHaveLength(1);
	});
});

describe('sample data', () => {
	it("performList returns Kakiyo's examples for the picked events", async () => {
		const example = {
			event: 'campaign.completed',
			timestamp: 't',
			data: { campaign: { id: 'c' } },
			team: { id: 'team_abc' },
		};
		nock(API).get('/webhooks/test/example/campaign.completed').reply(200, example);
		await expect(
			appTester(
				hook.performList as never,
				bundle({ inputData: { events: ['campaign.completed'] } }),
			),
		).resolves.toEqual([{ id: deliveryFingerprint(JSON.stringify(example)), ...example }]);
	});

	it('performList asks Kakiyo for an event only its live list knows', async () => {
		const example = {
			event: 'prospect.meeting_booked',
			timestamp: 't',
			data: {},
			team: { id: 'team_abc' },
		};
		nock(API).get('/webhooks/test/example/prospect.meeting_booked').reply(200, example);
		const samples = await appTester(
			hook.performList as never,
			bundle({ inputData: { events: ['prospect.meeting_booked'] } }),
		);
		expect(samples).toEqual([{ id: deliveryFingerprint(JSON.stringify(example)), ...example }]);
	});

	it('performList falls back to the built-in sample when Kakiyo fails', async () => {
		nock(API)
			.get('/webhooks/test/example/linkedin.message.received')
			.reply(500, { error: 'internal_error' });
		await expect(appTester(received.operation.performList as never, bundle())).resolves.toEqual([
			sampleOf(kakiyo, 'linkedin.message.received'),
		]);
	});

	it('the event list is live from Kakiyo and completed from the catalogue, or static when Kakiyo fails', async () => {
		nock(API)
			.get('/webhooks/test/events')
			.reply(200, [
				{
					id: 'prospect.meeting_booked',
					name: 'Meeting Booked',
					description: '',
					category: 'prospect',
				},
			]);
		const live = (await appTester(operation('event_type').perform as never, bundle())) as Array<{
			id: string;
		}>;
		expect(live.slice(0, 2).map((entry) => entry.id)).toEqual(['*', 'prospect.meeting_booked']);
		expect(live).toHaveLength(KAKIYO_EVENTS.length + 2);
		nock(API).get('/webhooks/test/events').reply(503, {});
		const fallback = (await appTester(
			operation('event_type').perform as never,
			bundle(),
		)) as Array<{
			id: string;
		}>;
		expect(fallback.map((entry) => entry.id)).toEqual([
			'*',
			...KAKIYO_EVENTS.map((entry) => entry.id),
		]);
	});

	it.each(
		Object.values(triggers)
			.filter((trigger) => trigger.operation.type === 'hook')
			.map((trigger) => [trigger.key, trigger]),
	)("%s's sample is accepted by its schema and matches its output fields", (_key, trigger) => {
		const sample = trigger.operation.sample as Record<string, unknown>;
		expect(kakiyo.schemaFor(String(sample.event)).safeParse(sample).success).toBe(true);
		const fields =
			Array.isArray(trigger.operation.outputFields) &&
			typeof trigger.operation.outputFields[0] !== 'function'
				? (trigger.operation.outputFields as Array<{ key: string; type: string }>)
				: outputFieldsFor(kakiyo, [String(sample.event)]);
		const flat = (value: unknown, path: string[] = []): Array<[string, unknown]> =>
			value !== null && typeof value === 'object'
				? Object.entries(value).flatMap(([key, inner]) => flat(inner, [...path, key]))
				: [[path.join('__'), value]];
		const leaves = new Map(flat(sample));
		expect(fields.map((field) => field.key).sort()).toEqual([...leaves.keys()].sort());
		for (const field of fields) {
			const value = leaves.get(field.key);
			const expected =
				typeof value === 'number'
					? 'number'
					: typeof value === 'boolean'
						? 'boolean'
						: ['string', 'datetime'];
			expect(expected, field.key).toContain(field.type);
		}
	});

	it('trigger keys, labels and descriptions follow Zapier style', () => {
		for (const trigger of Object.values(triggers)) {
			expect(trigger.key).toMatch(/^[a-zA-Z][a-zA-Z0-9_]*$/);
			expect(trigger.display.label).toMatch(/^([A-Z][A-Za-z]*)( [A-Z][A-Za-z]*)*$/);
			expect(trigger.display.description).toMatch(/^(Triggers when|Lists) .+\.$/);
		}
		expect(Object.keys(triggers).sort()).toEqual(
			[
				'event_type',
				'filter_campaigns',
				'filter_agents',
				'new_event',
				'linkedin_message_sent',
				'linkedin_message_received',
				'linkedin_invitation_sent',
				'linkedin_invitation_accepted',
				'prospect_qualification_manual',
				'prospect_unqualified',
			].sort(),
		);
	});

	it("new_event's output fields follow the picked events", async () => {
		const [fields] = hook.outputFields as Array<
			(z: unknown, bundle: unknown) => Promise<Array<{ key: string }>>
		>;
		const picked = await fields!({}, bundle({ inputData: { events: ['campaign.completed'] } }));
		expect(picked.map((field) => field.key)).toContain('data__campaign__stats__responseRate');
	});
});
