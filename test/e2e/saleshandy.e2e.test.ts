/**
 * The Saleshandy Trigger in a real n8n: its own package, packed and loaded from outside the
 * repository, against the Saleshandy sandbox over loopback HTTP. Saleshandy signs nothing: the
 * proof is a secret header the trigger registers; it tests each hook while creating it; and it
 * documents no delete.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { mintedRecently } from '../../shared/secret.js';
import { SALESHANDY_SECRET_HEADER } from '../../shared/providers/saleshandy/index.js';
import type { Sandbox } from '../../sandbox/server.js';
import {
	createTriggerWorkflow,
	executionsOf,
	outputOf,
	post,
	sandboxControl,
	setActive,
	sleep,
	until,
	type PublicApi,
} from '../harness/driver.js';
import { n8nInstall, type RunningN8n } from '../harness/n8n-process.js';
import { startStack, type Stack } from '../harness/stack.js';
import { credentialType } from '../harness/workflow.js';

interface Hook {
	id: string;
	url: string;
	events: string[];
	status: string;
	active: boolean;
	headers: Record<string, string>;
}

const TRIGGER = 'Saleshandy Trigger';
let stack: Stack;
let sandbox: Sandbox;
let n8n: RunningN8n;
let api: PublicApi;
let credential: { id: string; name: string };

const control = <T>(method: string, path: string, body?: unknown) =>
	sandboxControl(sandbox.url)<T>(method, path, body);
const hooksAt = async (url: string) =>
	(await control<Hook[]>('GET', '/hooks')).filter((hook) => hook.url === url);
const productionUrl = (webhookId: string) => `${n8n.webhookUrl}webhook/${webhookId}/webhook`;
const workflow = (webhookId: string, events: string[], options?: Record<string, unknown>) =>
	createTriggerWorkflow(api, {
		name: webhookId,
		node: {
			provider: 'saleshandy',
			webhookId,
			events,
			credential,
			name: TRIGGER,
			...(options ? { options } : {}),
		},
	});
/** Starts "Listen for test event" on the trigger, as the editor does. */
const listen = async (id: string) => {
	const listening = await fetch(`${n8n.url}/rest/workflows/${id}/run`, {
		method: 'POST',
		headers: { cookie: stack.owner.cookie, 'content-type': 'application/json' },
		body: JSON.stringify({ triggerToStartFrom: { name: TRIGGER } }),
	});
	expect(await listening.json()).toEqual({ data: { waitingForWebhook: true } });
};
const runs = async (workflowId: string) =>
	(await executionsOf(api, workflowId)).filter((execution) => execution.mode !== 'manual');

beforeAll(async () => {
	n8nInstall();
	stack = await startStack({
		providers: ['saleshandy'],
		credentialName: 'Saleshandy',
		sandbox: { timeScale: 0.01, attemptTimeoutMs: 10_000 },
	});
	({ sandbox, credential } = stack);
	({ n8n, api } = stack);
}, 900_000);

afterAll(async () => {
	await stack?.close();
});

describe('Saleshandy Trigger in n8n', { timeout: 180_000 }, () => {
	it("the package holds its own node, credential and the core, and no other provider's code", () => {
		const folder = stack.extensions.packages['n8n-nodes-saleshandy']!;
		const files = readdirSync(folder, { recursive: true, encoding: 'utf8' });
		expect(files).toContain(
			join('dist', 'nodes', 'SaleshandyTrigger', 'SaleshandyTrigger.node.js'),
		);
		expect(files).toContain(join('dist', 'credentials', 'SaleshandyApi.credentials.js'));
		expect(files.filter((file) => /kakiyo|breakcold/i.test(file))).toEqual([]);
		expect(readdirSync(join(folder, 'dist', 'nodes', 'shared', 'providers'))).toEqual([
			'saleshandy',
		]);
	});

	it("n8n's credential test passes against Saleshandy's API (a GET without Content-Type)", async () => {
		const response = await fetch(`${n8n.url}/rest/credentials/test`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', cookie: stack.owner.cookie },
			body: JSON.stringify({
				credentials: {
					id: credential.id,
					name: credential.name,
					type: credentialType('saleshandy'),
					data: { apiKey: sandbox.apiKey, baseUrl: sandbox.apiUrl },
				},
			}),
		});
		const { data } = (await response.json()) as { data: { status: string; message: string } };
		expect(data).toMatchObject({ status: 'OK' });
	});

	let main: string;
	let hook: Hook;
	it("activation registers one hook with a secret header; Saleshandy's test delivery on create runs nothing and leaves it active", async () => {
		main = await workflow('saleshandy-e2e', ['reply-received', 'email-sent']);
		await setActive(api, main, true);
		[hook] = (await until(
			'the hook',
			() => hooksAt(productionUrl('saleshandy-e2e')),
			(list) => list.length > 0,
		)) as [Hook];
		expect(await hooksAt(productionUrl('saleshandy-e2e'))).toHaveLength(1);
		expect(hook).toMatchObject({ status: 'active', active: true });
		expect(hook.events.sort()).toEqual(['email-sent', 'reply-received']);
		// Minted with the credential's API key, so a queue-mode webhook process knows its test too.
		expect(mintedRecently(hook.headers[SALESHANDY_SECRET_HEADER] ?? '')).toBe(true);
		// Saleshandy shows the hook before its test delivery is done: wait for the attempt.
		const [test] = await until(
			'the test delivery',
			() => control<Array<{ status?: number; body: string }>>('GET', '/deliveries'),
			(list) => list.length > 0,
		);
		expect(await hooksAt(productionUrl('saleshandy-e2e'))).toEqual([
			expect.objectContaining({ id: hook.id, status: 'active' }),
		]);
		expect(test?.status).toBe(200);
		expect(JSON.parse(test!.body)).toMatchObject({ test: true });
		await sleep(1_000);
		expect(await runs(main)).toEqual([]);
	});

	it('"Listen for test event" shows a signed sample at once and registers nothing at Saleshandy, listen after listen', async () => {
		for (const [index, events] of [
			['email-sent'],
			['reply-received'],
			['email-sent', 'email-opened'],
		].entries()) {
			const id = await workflow(`saleshandy-e2e-sample-${index}`, events);
			await listen(id);
			const [run] = await until(
				'the sample run',
				() => executionsOf(api, id),
				(list) => list.length === 1 && list[0]!.status === 'success',
			);
			expect(outputOf(run!, TRIGGER)).toMatchObject({ event: events[0], _sample: true });
		}
		const testHooks = (await control<Hook[]>('GET', '/hooks')).filter((hook) =>
			hook.url.includes('/webhook-test/'),
		);
		expect(testHooks).toEqual([]);
	});

	it('"Listen for test event" with the sample off: Saleshandy\'s test of the /webhook-test/ hook is answered without a run, and the hook stays active', async () => {
		// An event the production workflow does not take, so that its emission reaches this hook only.
		const id = await workflow('saleshandy-e2e-listen', ['email-link-clicked'], {
			sendSample: false,
		});
		await listen(id);
		// The test hook is registered: Saleshandy tested it while it was made, and nothing ran.
		const registered = await until(
			'the test hook',
			() => hooksAt(`${n8n.webhookUrl}webhook-test/saleshandy-e2e-listen/webhook`),
			(list) => list.length === 1,
		);
		expect(registered).toEqual([expect.objectContaining({ status: 'active' })]);
		await control('POST', '/emit', { event: 'email-link-clicked' });
		const [run] = await until(
			'the real run',
			() => executionsOf(api, id),
			(list) => list.length === 1 && list[0]!.status === 'success',
		);
		expect(outputOf(run!, TRIGGER)).toMatchObject({ event: 'email-link-clicked' });
		expect(outputOf(run!, TRIGGER)).not.toHaveProperty('_sample');
	});

	it('a delivery with the registered header runs; without it or with a wrong one: 401 and no run', async () => {
		const emitted = await control<{ deliveries: Array<{ status: number }> }>('POST', '/emit', {
			event: 'reply-received',
		});
		expect(emitted.deliveries).toEqual([expect.objectContaining({ status: 200 })]);
		const [run] = await until(
			'the run',
			() => runs(main),
			(list) => list.length === 1,
		);
		expect(outputOf(run!, TRIGGER)).toMatchObject({ event: 'reply-received' });
		expect(JSON.stringify(run)).not.toContain(hook.headers[SALESHANDY_SECRET_HEADER]);

		const body = JSON.stringify({ event: 'reply-received', prospect: { email: 'x@example.com' } });
		const url = productionUrl('saleshandy-e2e');
		expect((await post(url, body, {})).status).toBe(401);
		expect((await post(url, body, { [SALESHANDY_SECRET_HEADER]: 'forged' })).status).toBe(401);
		expect((await post(url, body, { [SALESHANDY_SECRET_HEADER]: '' })).status).toBe(401);
		await sleep(1_000);
		expect(await runs(main)).toHaveLength(1);
	});

	it('re-activation and a restart take over the same hook when Saleshandy cannot delete: no pile-up', async () => {
		await setActive(api, main, false);
		await until(
			'the warning',
			async () => n8n.log(),
			(log) => log.includes('Delete it in Saleshandy'),
		);
		expect(await hooksAt(productionUrl('saleshandy-e2e'))).toHaveLength(1);
		await setActive(api, main, true);
		await sleep(2_000);
		expect(await hooksAt(productionUrl('saleshandy-e2e'))).toEqual([
			expect.objectContaining({ id: hook.id, status: 'active' }),
		]);
		n8n = await stack.restart();
		await sleep(2_000);
		expect(await hooksAt(productionUrl('saleshandy-e2e'))).toEqual([
			expect.objectContaining({ id: hook.id }),
		]);
		await control('POST', '/emit', { event: 'email-sent' });
		await until(
			'the second run',
			() => runs(main),
			(list) => list.length === 2,
		);
	});

	it('with delete available, deactivation removes the hook', async () => {
		await control('POST', '/delete', { enabled: true });
		await setActive(api, main, false);
		await until(
			'no hook',
			() => hooksAt(productionUrl('saleshandy-e2e')),
			(list) => list.length === 0,
		);
		await control('POST', '/delete', { enabled: false });
	});
});
