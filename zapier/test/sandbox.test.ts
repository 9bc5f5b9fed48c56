/** The Zapier app against the Kakiyo sandbox over real HTTP: what Zapier would do, end to end. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startSandbox, type Sandbox } from '../../sandbox/server.js';
import { startReceiver, type Receiver } from '../../sandbox/receiver.js';
import { digestFingerprint } from '../../shared/repeat-guard.js';
import { sign } from '../../shared/sign.js';
import { App, appTester, bundle, rawRequest } from './helpers.js';

type Operation = Record<string, never>;
const operation = (key: string): Operation => App.triggers![key]!.operation as unknown as Operation;

let sandbox: Sandbox;
let receiver: Receiver;

async function sandboxHooks(): Promise<
	Array<{ id: string; url: string; secret: string | null; events: string[] }>
> {
	return (await (await fetch(`${sandbox.url}/_sandbox/hooks`)).json()) as never;
}

beforeAll(async () => {
	sandbox = await startSandbox({ timeScale: 0.01, attemptTimeoutMs: 5_000 });
	receiver = await startReceiver();
	process.env.KAKIYO_BASE_URL = sandbox.apiUrl;
});
afterAll(async () => {
	delete process.env.KAKIYO_BASE_URL;
	await receiver.close();
	await sandbox.close();
});

describe('Zapier app against the Kakiyo sandbox', () => {
	it('the connection test accepts the sandbox key and refuses another', async () => {
		await expect(
			appTester(
				App.authentication!.test as never,
				bundle({ authData: { apiKey: sandbox.apiKey } }),
			),
		).resolves.toEqual({ valid: true });
		const refused = await appTester(
			App.authentication!.test as never,
			bundle({ authData: { apiKey: 'z'.repeat(40) } }),
		).catch((error: Error) => error);
		expect(refused).toMatchObject({
			name: 'ExpiredAuthError',
			message: expect.stringContaining('Team > API Keys'),
		});
	});

	it('subscribe, a signed delivery through perform, sample data, unsubscribe', async () => {
		const auth = { authData: { apiKey: sandbox.apiKey } };
		const subscribeData = (await appTester(
			operation('linkedin_message_received').performSubscribe as never,
			bundle({ ...auth, targetUrl: receiver.url }),
		)) as { id: string; secret: string; url: string };
		expect(subscribeData.url).toBe(receiver.url);
		expect(await sandboxHooks()).toEqual([
			expect.objectContaining({
				id: subscribeData.id,
				url: receiver.url,
				secret: subscribeData.secret,
				events: ['linkedin.message.received'],
			}),
		]);

		const emitted = (await (
			await fetch(`${sandbox.url}/_sandbox/emit`, {
				method: 'POST',
				body: JSON.stringify({
					event: 'linkedin.message.received',
					data: { message: 'Ça marche 👍' },
				}),
			})
		).json()) as { deliveries: unknown[] };
		expect(emitted.deliveries).toEqual([{ hookId: subscribeData.id, status: 200, ok: true }]);
		const [delivery] = await receiver.waitFor(1);
		const content = delivery!.body.toString('utf8');
		const headers = Object.fromEntries(
			Object.entries(delivery!.headers).map(([name, value]) => [name, String(value)]),
		);

		const records = await appTester(
			operation('linkedin_message_received').perform as never,
			bundle({ ...auth, subscribeData, rawRequest: rawRequest(content, headers) }),
		);
		// The record's id is the delivery's HMAC, folded: the same for a retry of it.
		const id = digestFingerprint(Buffer.from(sign(content, subscribeData.secret), 'hex'));
		expect(records).toEqual([{ id, ...JSON.parse(content) }]);

		const forged = await appTester(
			operation('linkedin_message_received').perform as never,
			bundle({
				...auth,
				subscribeData: { ...subscribeData, secret: 'f'.repeat(64) },
				rawRequest: rawRequest(content, headers),
			}),
		);
		expect(forged).toEqual([]);

		const samples = (await appTester(
			operation('linkedin_message_received').performList as never,
			bundle(auth),
		)) as Array<Record<string, unknown>>;
		expect(samples).toEqual([
			expect.objectContaining({
				event: 'linkedin.message.received',
				team: expect.objectContaining({ name: 'Sales Team Alpha' }),
			}),
		]);

		await appTester(
			operation('linkedin_message_received').performUnsubscribe as never,
			bundle({ ...auth, subscribeData }),
		);
		expect(await sandboxHooks()).toEqual([]);
	});

	it('a failed subscribe leaves no hook behind', async () => {
		await fetch(`${sandbox.url}/_sandbox/faults`, {
			method: 'POST',
			body: JSON.stringify({
				kind: 'error',
				method: 'POST',
				path: '/webhooks',
				afterHandling: true,
			}),
		});
		const error = await appTester(
			operation('new_event').performSubscribe as never,
			bundle({
				authData: { apiKey: sandbox.apiKey },
				targetUrl: receiver.url,
				inputData: { events: ['*'] },
			}),
		).catch((thrown: Error) => thrown);
		expect(error).toMatchObject({
			message: expect.stringContaining(
				'Kakiyo is having trouble (HTTP 500) while creating the webhook',
			),
		});
		expect(await sandboxHooks()).toEqual([]);
	});
});
