import { describe, expect, it } from 'vitest';

import type { ApiRequest, ApiResponse } from '../../shared/api-call.js';
import { kakiyo } from '../../shared/providers/kakiyo/index.js';
import { saleshandy } from '../../shared/providers/saleshandy/index.js';
import {
	credentialFingerprint,
	REFUSAL_MEMORY_MS,
	rememberingRefusals,
} from '../../shared/refused-keys.js';

const request: ApiRequest = { method: 'GET', path: '/webhooks' };

/** A provider answering `status` (with `body`), counting the calls that reached it. */
function provider(status: number, body: unknown = { error: `answered ${status}` }) {
	const calls: ApiRequest[] = [];
	const transport = async (sent: ApiRequest): Promise<ApiResponse> => {
		calls.push(sent);
		return { status, headers: {}, body };
	};
	return { calls, transport };
}

describe('a key the provider refused is not sent again for a while', () => {
	it('answers a refused key with the remembered 401 until the memory runs out', async () => {
		let clock = 1_000_000;
		const { calls, transport } = provider(401);
		const key = credentialFingerprint('https://api.example.com', `refused-${Math.random()}`);
		const send = rememberingRefusals(
			transport,
			kakiyo,
			async () => key,
			() => clock,
		);
		const first = await send(request);
		expect(first.status).toBe(401);
		clock += REFUSAL_MEMORY_MS - 1;
		expect(await send({ method: 'POST', path: '/webhooks' })).toEqual(first);
		expect(calls).toHaveLength(1);
		clock += 1;
		await send(request);
		expect(calls).toHaveLength(2);
	});

	it("calls made together with a new key wait for the first one's answer: a refused key reaches the provider once", async () => {
		const refused = provider(401);
		const key = credentialFingerprint('https://api.example.com', `together-${Math.random()}`);
		const send = rememberingRefusals(refused.transport, kakiyo, async () => key);
		const answers = await Promise.all([send(request), send(request), send(request)]);
		expect(answers.map((answer) => answer.status)).toEqual([401, 401, 401]);
		expect(refused.calls).toHaveLength(1);

		// A key the provider accepts is not held up: each call is its own.
		const good = provider(200, []);
		const other = credentialFingerprint('https://api.example.com', `good-${Math.random()}`);
		const sendGood = rememberingRefusals(good.transport, kakiyo, async () => other);
		await Promise.all([sendGood(request), sendGood(request), sendGood(request)]);
		expect(good.calls).toHaveLength(3);
		await Promise.all([sendGood(request), sendGood(request)]);
		expect(good.calls).toHaveLength(5);
	});

	it('a first call that fails without an answer does not hold the others: they are sent', async () => {
		let calls = 0;
		const key = credentialFingerprint('https://api.example.com', `down-${Math.random()}`);
		const send = rememberingRefusals(
			async () => {
				calls += 1;
				if (calls === 1) throw new Error('ECONNRESET');
				return { status: 200, headers: {}, body: [] };
			},
			kakiyo,
			async () => key,
		);
		const results = await Promise.allSettled([send(request), send(request)]);
		expect(results.map((result) => result.status)).toEqual(['rejected', 'fulfilled']);
		expect(calls).toBe(2);
	});

	it("another key, or the same key at another base URL, is sent: a user's fix is tried at once", async () => {
		const { calls, transport } = provider(401);
		const key = `k-${Math.random()}`;
		await rememberingRefusals(transport, kakiyo, async () =>
			credentialFingerprint('https://a', key),
		)(request);
		await rememberingRefusals(transport, kakiyo, async () =>
			credentialFingerprint('https://b', key),
		)(request);
		await rememberingRefusals(transport, kakiyo, async () =>
			credentialFingerprint('https://a', `${key}-new`),
		)(request);
		expect(calls).toHaveLength(3);
	});

	it.each([200, 403, 429, 500])('an answer %i is not remembered', async (status) => {
		const { calls, transport } = provider(status);
		const key = credentialFingerprint('https://a', `k-${Math.random()}`);
		const send = rememberingRefusals(transport, kakiyo, async () => key);
		await send(request);
		await send(request);
		expect(calls).toHaveLength(2);
	});

	it("reads the refusal in the provider's words: Saleshandy refuses a key with 400 1001, and says other 400s too", async () => {
		const refused = provider(400, { message: '1001: Invalid token' });
		const key = credentialFingerprint('https://a', `k-${Math.random()}`);
		const send = rememberingRefusals(refused.transport, saleshandy, async () => key);
		await send(request);
		await send(request);
		expect(refused.calls).toHaveLength(1);
		const invalid = provider(400, { message: 'pageSize must be a number' });
		const other = credentialFingerprint('https://a', `k-${Math.random()}`);
		const sendOther = rememberingRefusals(invalid.transport, saleshandy, async () => other);
		await sendOther(request);
		await sendOther(request);
		expect(invalid.calls).toHaveLength(2);
	});

	it('names a credential without holding its key', () => {
		const key = 'secret-key-0123456789';
		const fingerprint = credentialFingerprint('https://a', key);
		expect(fingerprint).toMatch(/^[0-9a-f]{64}$/);
		expect(fingerprint).not.toContain(key);
		expect(credentialFingerprint('https://b', key)).not.toBe(fingerprint);
	});
});
