/** The Saleshandy app, from the same factory, against the Saleshandy sandbox over real HTTP. */
import zapier from 'zapier-platform-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import { startSandbox, type Sandbox } from '../../sandbox/server.js';
import { startReceiver, type Receiver } from '../../sandbox/receiver.js';
import { deliveryFingerprint } from '../../shared/index.js';
import { saleshandy, SALESHANDY_SECRET_HEADER } from '../../shared/providers/saleshandy/index.js';
import App from '../apps/saleshandy/src/index.js';
import { bundle, rawRequest } from './helpers.js';

const appTester = zapier.createAppTester(App);
type Operation = Record<string, never> & { inputFields: Array<{ key: string }> };
const newEvent = App.triggers!.new_event!.operation as unknown as Operation;

let sandbox: Sandbox;
let receiver: Receiver;

const control = async (method: string, path: string, body?: unknown) =>
	(await fetch(`${sandbox.url}/_sandbox${path}`, {
		method,
		...(body === undefined ? {} : { body: JSON.stringify(body) }),
	}).then((response) => response.json())) as never;

beforeAll(async () => {
	sandbox = await startSandbox({
		provider: 'saleshandy',
		timeScale: 0.001,
		attemptTimeoutMs: 5_000,
	});
	receiver = await startReceiver();
	process.env.SALESHANDY_BASE_URL = sandbox.apiUrl;
});
afterEach(async () => {
	await control('POST', '/reset');
	receiver.received.length = 0;
});
afterAll(async () => {
	delete process.env.SALESHANDY_BASE_URL;
	await receiver.close();
	await sandbox.close();
});

const auth = () => ({ authData: { apiKey: sandbox.apiKey } });
const headersOf = (index: number) =>
	Object.fromEntries(
		Object.entries(receiver.received[index]!.headers).map(([name, value]) => [name, String(value)]),
	);

describe('Saleshandy app', () => {
	it('connects with x-api-key; a refused key pauses the Zap saying where keys are made', async () => {
		await expect(appTester(App.authentication!.test as never, bundle(auth()))).resolves.toEqual({
			valid: true,
		});
		const refused = await appTester(
			App.authentication!.test as never,
			bundle({ authData: { apiKey: 'nope' } }),
		).catch((error: Error) => error);
		expect(refused).toMatchObject({
			name: 'ExpiredAuthError',
			message: expect.stringContaining('Settings > API Key'),
		});
	});

	it('new_event asks for events from the catalogue and sequences, and has no Maximum Age: Saleshandy dates nothing dependably', () => {
		expect(newEvent.inputFields.map((field) => field.key)).toEqual([
			'events',
			'sequences',
			'keep_events_without',
		]);
		expect(Object.keys(App.triggers!)).toEqual(['filter_sequences', 'new_event']);
	});

	it("subscribe registers the Zap's URL with a secret header; Saleshandy's test and forged deliveries produce nothing; a real one runs", async () => {
		const subscribeData = (await appTester(
			newEvent.performSubscribe as never,
			bundle({ ...auth(), targetUrl: receiver.url, inputData: { events: ['reply-received'] } }),
		)) as { id: string; secret: string };
		const [hook] = (await control('GET', '/hooks')) as Array<{
			id: string;
			status: string;
			headers: Record<string, string>;
		}>;
		expect(hook).toMatchObject({
			id: subscribeData.id,
			status: 'active',
			headers: { [SALESHANDY_SECRET_HEADER]: subscribeData.secret },
		});

		// The test delivery reached the Zap's URL before Zapier had the subscribeData.
		const test = receiver.received[0]!.body.toString();
		await expect(
			appTester(
				newEvent.perform as never,
				bundle({
					...auth(),
					inputData: { events: ['reply-received'] },
					rawRequest: rawRequest(test, headersOf(0)),
				}),
			),
		).resolves.toEqual([]);

		await control('POST', '/emit', { event: 'reply-received' });
		const content = receiver.received[1]!.body.toString();
		const zap = { ...auth(), subscribeData, inputData: { events: ['reply-received'] } };
		await expect(
			appTester(
				newEvent.perform as never,
				bundle({ ...zap, rawRequest: rawRequest(content, headersOf(1)) }),
			),
		).resolves.toEqual([{ id: deliveryFingerprint(content), ...JSON.parse(content) }]);
		for (const forged of [{}, { [SALESHANDY_SECRET_HEADER]: 'guess' }] as Array<
			Record<string, string>
		>)
			await expect(
				appTester(
					newEvent.perform as never,
					bundle({ ...zap, rawRequest: rawRequest(content, forged) }),
				),
			).resolves.toEqual([]);
	});

	it('unsubscribe says plainly that the webhook must be removed in Saleshandy when it cannot be deleted', async () => {
		const subscribeData = await appTester(
			newEvent.performSubscribe as never,
			bundle({ ...auth(), targetUrl: receiver.url, inputData: { events: ['email-sent'] } }),
		);
		const error = await appTester(
			newEvent.performUnsubscribe as never,
			bundle({ ...auth(), targetUrl: receiver.url, subscribeData }),
		).catch((caught: Error) => caught);
		expect((error as Error).message).toMatch(
			/Saleshandy did not let the app delete this Zap's webhook.*delete the webhook named .*in Saleshandy/,
		);
		expect((error as Error).message).not.toContain((subscribeData as { secret: string }).secret);

		await control('POST', '/delete', { enabled: true });
		const again = await appTester(
			newEvent.performSubscribe as never,
			bundle({
				...auth(),
				targetUrl: `${receiver.url}/other`,
				inputData: { events: ['email-sent'] },
			}),
		);
		await expect(
			appTester(
				newEvent.performUnsubscribe as never,
				bundle({ ...auth(), targetUrl: `${receiver.url}/other`, subscribeData: again }),
			),
		).resolves.toEqual({});
	});

	it("sample data comes from the definition's samples (Saleshandy has no example endpoint)", async () => {
		const samples = await appTester(
			newEvent.performList as never,
			bundle({ ...auth(), inputData: { events: ['email-sent', 'email-opened'] } }),
		);
		expect(samples).toEqual(
			['email-sent', 'email-opened'].map((id) =>
				expect.objectContaining({ event: id, prospect: saleshandy.sampleFor(id).prospect }),
			),
		);
	});
});
