import { describe, expect, it } from 'vitest';

import { receiveDelivery } from '../../shared/index.js';
import { breakcold } from '../../shared/providers/breakcold/index.js';
import { useSandbox } from '../helpers/sandbox-fixture.js';

const fixture = useSandbox({
	provider: 'breakcold',
	timeScale: 0.001,
	attemptTimeoutMs: 5_000,
});

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- answers are asserted on, not typed
async function control(method: string, path: string, body?: unknown): Promise<any> {
	const response = await fetch(`${fixture.sandbox.url}/_sandbox${path}`, {
		method,
		...(body === undefined ? {} : { body: JSON.stringify(body) }),
	});
	return response.json();
}

/** What the connector makes of a delivery the sandbox sent, with the hook's secret. */
const judged = (index: number, secret: string) =>
	receiveDelivery(
		breakcold,
		{
			headers: fixture.receiver.received[index]!.headers,
			body: fixture.receiver.received[index]!.body,
		},
		{ secret, selected: ['*'] },
	);

describe('breakcold sandbox', () => {
	it('has no webhook API: hooks are made through the controls, as in Breakcold UI', async () => {
		expect((await fetch(`${fixture.sandbox.apiUrl}/webhooks`)).status).toBe(404);
		const hook = await control('POST', '/webhooks', {
			url: fixture.receiver.url,
			format: 'legacy',
		});
		expect(hook).toMatchObject({ id: expect.stringMatching(/^wh_/), format: 'legacy' });
		expect(hook.secret).toMatch(/^whsec_/);
	});

	it('a legacy delivery carries the secret in its body, and the connector accepts it with that secret', async () => {
		const { secret } = await control('POST', '/webhooks', {
			url: fixture.receiver.url,
			format: 'legacy',
		});
		const emitted = await control('POST', '/emit', { event: 'lead.create' });
		expect(emitted.deliveries).toEqual([expect.objectContaining({ status: 200 })]);
		const body = JSON.parse(fixture.receiver.received[0]!.body.toString());
		expect(body).toMatchObject({ event: 'lead.create', secret, payload: { first_name: 'Noor' } });
		expect(judged(0, secret)).toMatchObject({ outcome: 'accepted' });
		expect(judged(0, 'other')).toMatchObject({ outcome: 'refused' });
	});

	it('a current delivery is signed over timestamp.body with its event and delivery id, and the connector accepts it', async () => {
		const { secret } = await control('POST', '/webhooks', {
			url: fixture.receiver.url,
			format: 'current',
		});
		await control('POST', '/emit', { event: 'record.created' });
		const { headers } = fixture.receiver.received[0]!;
		expect(headers).toMatchObject({
			'x-webhook-event': 'record.created',
			'x-webhook-signature': expect.stringMatching(/^sha256=[0-9a-f]{64}$/),
			'x-webhook-timestamp': expect.stringMatching(/^\d{10}$/),
			'user-agent': 'Breakcold-Webhooks/1.0',
		});
		expect(JSON.parse(fixture.receiver.received[0]!.body.toString())).toMatchObject({
			event: 'record.created',
			workspaceId: expect.any(String),
			data: expect.any(Object),
		});
		expect(judged(0, secret)).toMatchObject({ outcome: 'accepted' });
	});

	it('current: 3 attempts with the same delivery id; legacy: no retry', async () => {
		await control('POST', '/webhooks', { url: fixture.receiver.url, format: 'current' });
		await control('POST', '/webhooks', { url: fixture.receiver.url, format: 'legacy' });
		fixture.receiver.status = 500;
		await control('POST', '/emit', { event: 'note.created' });
		await control('POST', '/emit', { event: 'tag.create' });
		await new Promise((resolve) => setTimeout(resolve, 300));
		const current = fixture.receiver.received.filter(
			(delivery) => delivery.headers['x-webhook-event'],
		);
		expect(current).toHaveLength(3);
		expect(new Set(current.map((delivery) => delivery.headers['x-webhook-delivery-id'])).size).toBe(
			1,
		);
		expect(fixture.receiver.received.length - current.length).toBe(1);
	});

	it('a legacy hook is paused after 10 failures in a row', async () => {
		const { id } = await control('POST', '/webhooks', {
			url: fixture.receiver.url,
			format: 'legacy',
		});
		fixture.receiver.status = 500;
		for (let i = 0; i < 10; i++) await control('POST', '/emit', { event: 'lead.update' });
		const [hook] = await control('GET', '/hooks');
		expect(hook).toMatchObject({ id, status: 'paused', active: false });
	});
});
