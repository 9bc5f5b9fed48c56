/**
 * The Breakcold Trigger in a real n8n: its own package from its tarball, nothing registered (the
 * user pastes the URL into Breakcold), hooks made in the sandbox as Breakcold's UI would, both
 * delivery formats, against a credential holding the webhook's secret.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { sign } from '../../shared/sign.js';
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
import { rawPost } from '../soak/raw-http.js';

const TRIGGER = 'Breakcold Trigger';
const SECRET = 'whsec_e2e_9f8e7d6c5b4a39281706f5e4';
let stack: Stack;
let sandbox: Sandbox;
let n8n: RunningN8n;
let api: PublicApi;
let workflow: string;

const control = <T>(method: string, path: string, body?: unknown) =>
	sandboxControl(sandbox.url)<T>(method, path, body);
const url = () => `${n8n.webhookUrl}webhook/breakcold-e2e/webhook`;
const runs = async () =>
	(await executionsOf(api, workflow)).filter((execution) => execution.mode !== 'manual');
const seconds = (ms: number) => String(Math.floor(ms / 1000));
const signed = (body: string, at = Date.now(), id = `dlv_${at}`) => ({
	'X-Webhook-Timestamp': seconds(at),
	'X-Webhook-Signature': `sha256=${sign(`${seconds(at)}.${body}`, SECRET)}`,
	'X-Webhook-Delivery-Id': id,
	'X-Webhook-Event': 'record.updated',
});
const current = () =>
	JSON.stringify({
		eventId: `evt_${Date.now()}`,
		timestamp: new Date().toISOString(),
		workspaceId: 'ws_e2e',
		event: 'record.updated',
		data: { id: 'rec_1', name: 'Ada' },
	});

beforeAll(async () => {
	n8nInstall();
	stack = await startStack({
		providers: ['breakcold'],
		credentialName: 'Breakcold',
		sandbox: { timeScale: 0.01, attemptTimeoutMs: 10_000 },
		credentialData: { breakcold: { webhookSecret: SECRET } },
	});
	({ sandbox, n8n, api } = stack);
	workflow = await createTriggerWorkflow(api, {
		name: 'Breakcold e2e',
		node: {
			provider: 'breakcold',
			webhookId: 'breakcold-e2e',
			events: ['*'],
			credential: stack.credential,
			name: TRIGGER,
		},
	});
	await setActive(api, workflow, true);
	// Nothing is registered anywhere, so the only sign of activation is the URL answering.
	await until(
		'the production URL',
		async () => (await post(url(), '{}', {})).status,
		(status) => status !== 404,
		60_000,
	).catch((error: Error) => {
		throw new Error(`${error.message}\n${n8n.log().slice(-4000)}`);
	});
	// As the user does in Breakcold's UI: one webhook per format, with the secret it shows.
	for (const format of ['legacy', 'current'])
		await control('POST', '/webhooks', { url: url(), format, secret: SECRET });
}, 900_000);

afterAll(async () => {
	await stack?.close();
});

describe('Breakcold Trigger in n8n', { timeout: 180_000 }, () => {
	it("the package holds its own node, credential and the core, and no other provider's code", () => {
		const folder = stack.extensions.packages['n8n-nodes-breakcold']!;
		const files = readdirSync(folder, { recursive: true, encoding: 'utf8' });
		expect(files).toContain(join('dist', 'nodes', 'BreakcoldTrigger', 'BreakcoldTrigger.node.js'));
		expect(files).toContain(join('dist', 'credentials', 'BreakcoldApi.credentials.js'));
		expect(files.filter((file) => /kakiyo|saleshandy/i.test(file))).toEqual([]);
	});

	it('"Listen for test event" shows a sample signed with the pasted secret at once', async () => {
		const id = await createTriggerWorkflow(api, {
			name: 'Breakcold listen',
			node: {
				provider: 'breakcold',
				webhookId: 'breakcold-e2e-listen',
				events: ['lead.create'],
				credential: stack.credential,
				name: TRIGGER,
			},
		});
		const listening = await fetch(`${n8n.url}/rest/workflows/${id}/run`, {
			method: 'POST',
			headers: { cookie: stack.owner.cookie, 'content-type': 'application/json' },
			body: JSON.stringify({ triggerToStartFrom: { name: TRIGGER } }),
		});
		expect(await listening.json()).toEqual({ data: { waitingForWebhook: true } });
		const [run] = await until(
			'the sample run',
			() => executionsOf(api, id),
			(list) => list.length === 1 && list[0]!.status === 'success',
		);
		expect(outputOf(run!, TRIGGER)).toMatchObject({ event: 'lead.create', _sample: true });
		expect(JSON.stringify(run)).not.toContain(SECRET);
	});

	it('a legacy and a current delivery with the right secret each run once, the secret absent from the output', async () => {
		const legacy = await control<{ deliveries: Array<{ status: number }> }>('POST', '/emit', {
			event: 'lead.create',
		});
		const signedOne = await control<{ deliveries: Array<{ status: number }> }>('POST', '/emit', {
			event: 'record.created',
		});
		expect(legacy.deliveries).toEqual([expect.objectContaining({ status: 200 })]);
		expect(signedOne.deliveries).toEqual([expect.objectContaining({ status: 200 })]);
		const done = await until('two runs', runs, (list) => list.length === 2);
		const outputs = done.map((run) => outputOf(run, TRIGGER) as Record<string, unknown>);
		expect(outputs.map((output) => output.event).sort()).toEqual(['lead.create', 'record.created']);
		expect(JSON.stringify(done)).not.toContain(SECRET);
	});

	it('a wrong secret, a bad signature, a stale or future timestamp get 401 and run nothing', async () => {
		const before = (await runs()).length;
		const legacy = (secret: string) =>
			JSON.stringify({ id_space: 's', event: 'lead.update', secret, payload: { id: 'l1' } });
		expect((await post(url(), legacy('whsec_guess'), {})).status).toBe(401);
		expect((await post(url(), legacy(''), {})).status).toBe(401);
		const body = current();
		const bad = { ...signed(body), 'X-Webhook-Signature': `sha256=${'0'.repeat(64)}` };
		expect((await post(url(), body, bad)).status).toBe(401);
		expect((await post(url(), body, signed(body, Date.now() - 600_000))).status).toBe(401);
		expect((await post(url(), body, signed(body, Date.now() + 600_000))).status).toBe(401);
		// A signature header that is wrong never falls back to a right secret in the body.
		expect((await post(url(), legacy(SECRET), bad)).status).toBe(401);
		await sleep(1_500);
		expect(await runs()).toHaveLength(before);
	});

	it('a repeated delivery id runs once: a retry with a new timestamp is answered 200 and not run', async () => {
		const before = (await runs()).length;
		const body = current();
		expect((await post(url(), body, signed(body, Date.now(), 'dlv_repeat'))).status).toBe(200);
		await until('the run', runs, (list) => list.length === before + 1);
		const retry = signed(body, Date.now() + 5_000, 'dlv_repeat');
		expect((await post(url(), body, retry)).status).toBe(200);
		await sleep(1_500);
		expect(await runs()).toHaveLength(before + 1);
	});

	it('a captured current delivery re-sent with X-Webhook-Delivery-Id changed, removed, doubled or upper-cased runs nothing more', async () => {
		const before = (await runs()).length;
		const body = current();
		const captured: Array<[string, string]> = [
			['Content-Type', 'application/json'],
			['User-Agent', 'Breakcold-Webhooks/1.0'],
			...Object.entries(signed(body, Date.now(), 'dlv_captured')),
		];
		expect((await rawPost(url(), captured, body)).status).toBe(200);
		await until('the run', runs, (list) => list.length === before + 1);
		const id = 'X-Webhook-Delivery-Id';
		const others = captured.filter(([name]) => name !== id);
		const variants: Record<string, Array<[string, string]>> = {
			changed: [...others, [id, 'dlv_made_up']],
			removed: others,
			// Two lines, which Node joins into `dlv_captured, dlv_captured`.
			doubled: [...captured, [id, 'dlv_captured']],
			'upper-cased name': [...others, [id.toUpperCase(), 'dlv_captured']],
			'upper-cased value': [...others, [id, 'DLV_CAPTURED']],
		};
		const statuses: Record<string, number> = {};
		for (const [variant, lines] of Object.entries(variants))
			statuses[variant] = (await rawPost(url(), lines, body)).status;
		expect(statuses).toEqual(Object.fromEntries(Object.keys(variants).map((key) => [key, 200])));
		await sleep(1_500);
		expect(await runs()).toHaveLength(before + 1);
	});

	it('a captured legacy body re-sent with a delivery id header added runs nothing more', async () => {
		const before = (await runs()).length;
		const body = JSON.stringify({
			id_space: 's',
			event: 'lead.update',
			secret: SECRET,
			payload: { id: `lead_${Date.now()}` },
		});
		const json: [string, string] = ['Content-Type', 'application/json'];
		expect((await rawPost(url(), [json], body)).status).toBe(200);
		await until('the run', runs, (list) => list.length === before + 1);
		const resent = await rawPost(url(), [json, ['X-Webhook-Delivery-Id', 'dlv_made_up']], body);
		expect(resent.status).toBe(200);
		await sleep(1_500);
		expect(await runs()).toHaveLength(before + 1);
	});
});
