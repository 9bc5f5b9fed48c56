/** The Breakcold app: a static hook (Breakcold has no API to register one) and a pasted secret. */
import nock from 'nock';
import zapier from 'zapier-platform-core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { signDelivery } from '../../shared/index.js';
import { sign } from '../../shared/sign.js';
import { breakcold } from '../../shared/providers/breakcold/index.js';
import App from '../apps/breakcold/src/index.js';
import { bundle, handlerOf, mockZapierCache, rawRequest, type RpcCall } from './helpers.js';

const appTester = zapier.createAppTester(App);
type Operation = Record<string, never> & { inputFields: Array<{ key: string }> };
const newEvent = App.triggers!.new_event!;
const operation = newEvent.operation as unknown as Operation;
const SECRET = 'whsec_zapier_0123456789';
const zap = (content: string, headers: Record<string, string>) =>
	bundle({
		authData: { webhookSecret: SECRET },
		inputData: { events: ['*'] },
		meta: { zap: { id: 42 } },
		rawRequest: rawRequest(content, headers),
	});

describe('Breakcold app', () => {
	it('its connection holds the webhook secret, checked for form only', async () => {
		expect(App.authentication?.fields).toEqual([
			expect.objectContaining({ key: 'webhookSecret', type: 'password', required: true }),
		]);
		await expect(
			appTester(App.authentication!.test as never, bundle({ authData: { webhookSecret: SECRET } })),
		).resolves.toEqual({ valid: true });
		const blank = await appTester(
			App.authentication!.test as never,
			bundle({ authData: { webhookSecret: ' ' } }),
		).catch((error: Error) => error);
		expect((blank as Error).message).toContain("Paste the webhook's secret from Breakcold");
	});

	it('new_event is a static hook that tells the user where to paste its URL', () => {
		expect(operation.performSubscribe).toBeUndefined();
		expect(operation.performUnsubscribe).toBeUndefined();
		expect(newEvent.display.directions).toContain('Settings > Webhook');
		expect(operation.inputFields.map((field) => field.key)).toEqual([
			'events',
			'objectTypes',
			'keep_events_without',
		]);
	});

	it('legacy: the pasted secret in the body runs the Zap without the secret; a wrong one produces nothing', async () => {
		const legacy = JSON.stringify({ ...breakcold.sampleFor('lead.create'), secret: SECRET });
		const records = (await appTester(operation.perform as never, zap(legacy, {}))) as Array<
			Record<string, unknown>
		>;
		expect(records).toEqual([expect.objectContaining({ event: 'lead.create' })]);
		expect(JSON.stringify(records)).not.toContain(SECRET);
		const wrong = legacy.replace(SECRET, 'whsec_guess');
		await expect(appTester(operation.perform as never, zap(wrong, {}))).resolves.toEqual([]);
	});

	it('current: a fresh signature runs the Zap; a stale one or another secret produces nothing', async () => {
		const body = JSON.stringify(breakcold.sampleFor('record.created'));
		const fresh = signDelivery(breakcold, body, SECRET);
		await expect(appTester(operation.perform as never, zap(body, fresh.headers))).resolves.toEqual([
			expect.objectContaining({ event: 'record.created' }),
		]);
		const at = String(Math.floor(Date.now() / 1000) - 3_600);
		const stale = {
			'X-Webhook-Timestamp': at,
			'X-Webhook-Signature': `sha256=${sign(`${at}.${body}`, SECRET)}`,
		};
		await expect(appTester(operation.perform as never, zap(body, stale))).resolves.toEqual([]);
		const other = signDelivery(breakcold, body, 'another-secret');
		await expect(appTester(operation.perform as never, zap(body, other.headers))).resolves.toEqual(
			[],
		);
	});

	it("sample data comes from the definition's samples, never with a secret", async () => {
		const samples = await appTester(
			operation.performList as never,
			bundle({ authData: { webhookSecret: SECRET }, inputData: { events: ['lead.create'] } }),
		);
		expect(samples).toEqual([
			expect.objectContaining({ event: 'lead.create', id_space: expect.any(String) }),
		]);
		expect(JSON.stringify(samples)).not.toContain('secret');
	});
});

describe("a captured Breakcold delivery sent again, against Zapier's cache (its RPC mocked)", () => {
	const handler = handlerOf(App);
	let cache: Map<string, { value: string; ttl: number }>;
	let calls: RpcCall[];
	const perform = (content: string, headers: Record<string, string>) =>
		handler('triggers.new_event.operation.perform', zap(content, headers));

	beforeEach(() => {
		cache = new Map();
		calls = [];
		nock.disableNetConnect();
		process.env.ZAPIER_DEPLOY_KEY = 'deploy-key-for-tests';
		mockZapierCache(cache, calls, 2);
	});
	afterEach(() => {
		delete process.env.ZAPIER_DEPLOY_KEY;
		expect(nock.pendingMocks()).toEqual([]);
		nock.cleanAll();
		nock.enableNetConnect();
	});

	/** A current-format delivery as Breakcold sends it: only the body and timestamp are signed. */
	function captured(): { body: string; headers: Record<string, string> } {
		const body = JSON.stringify({
			...breakcold.sampleFor('record.updated'),
			eventId: `evt_${Math.random().toString(36).slice(2)}`,
		});
		return {
			body,
			headers: {
				'Content-Type': 'application/json',
				'User-Agent': 'Breakcold-Webhooks/1.0',
				'X-Webhook-Event': 'record.updated',
				'X-Webhook-Delivery-Id': 'dlv_1',
				...signDelivery(breakcold, body, SECRET).headers,
			},
		};
	}
	const without = (headers: Record<string, string>) =>
		Object.fromEntries(
			Object.entries(headers).filter(([name]) => name !== 'X-Webhook-Delivery-Id'),
		);

	it.each([
		[
			'changed',
			(headers: Record<string, string>) => ({ ...headers, 'X-Webhook-Delivery-Id': 'dlv_2' }),
		],
		['removed', without],
		// Two header lines, as Node and Zapier hand them on.
		[
			'doubled',
			(headers: Record<string, string>) => ({
				...headers,
				'X-Webhook-Delivery-Id': 'dlv_1, dlv_1',
			}),
		],
		[
			'upper-cased',
			(headers: Record<string, string>) => ({
				...without(headers),
				'X-WEBHOOK-DELIVERY-ID': 'dlv_1',
			}),
		],
		[
			'with its value upper-cased',
			(headers: Record<string, string>) => ({ ...headers, 'X-Webhook-Delivery-Id': 'DLV_1' }),
		],
	])(
		'perform of a current delivery re-sent with X-Webhook-Delivery-Id %s gives no second record',
		async (_variant, vary) => {
			const { body, headers } = captured();
			expect(await perform(body, headers)).toEqual([
				expect.objectContaining({ event: 'record.updated' }),
			]);
			expect(await perform(body, vary(headers))).toEqual([]);
			expect(calls.map((call) => call.params[0])).toEqual([...cache.keys(), ...cache.keys()]);
		},
	);

	it('perform of a captured legacy body re-sent with a delivery id header added gives no second record', async () => {
		const legacy = JSON.stringify({ ...breakcold.sampleFor('lead.create'), secret: SECRET });
		expect(await perform(legacy, {})).toEqual([expect.objectContaining({ event: 'lead.create' })]);
		expect(await perform(legacy, { 'X-Webhook-Delivery-Id': 'dlv_made_up' })).toEqual([]);
		expect(cache.size).toBe(1);
	});
});
