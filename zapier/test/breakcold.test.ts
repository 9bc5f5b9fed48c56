/** The Breakcold app: a static hook (Breakcold has no API to register one) and a pasted secret. */
import zapier from 'zapier-platform-core';
import { describe, expect, it } from 'vitest';

import { proveDelivery, sign } from '../src/core/index.js';
import { breakcold } from '../src/core/providers/breakcold/index.js';
import App from '../apps/breakcold/src/index.js';
import { bundle, rawRequest } from './helpers.js';

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
		expect(operation.inputFields.map((field) => field.key)).toEqual(['events']);
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
		const fresh = proveDelivery(breakcold, body, SECRET);
		await expect(appTester(operation.perform as never, zap(body, fresh.headers))).resolves.toEqual([
			expect.objectContaining({ event: 'record.created' }),
		]);
		const at = String(Math.floor(Date.now() / 1000) - 3_600);
		const stale = {
			'X-Webhook-Timestamp': at,
			'X-Webhook-Signature': `sha256=${sign(`${at}.${body}`, SECRET)}`,
		};
		await expect(appTester(operation.perform as never, zap(body, stale))).resolves.toEqual([]);
		const other = proveDelivery(breakcold, body, 'another-secret');
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
