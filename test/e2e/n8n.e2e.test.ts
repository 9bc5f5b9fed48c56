/**
 * The Kakiyo Trigger in a real n8n: packed, loaded from outside the repository, driven through
 * n8n's own APIs, against the sandbox over loopback HTTP.
 */
import { createServer } from 'node:http';
import { networkInterfaces } from 'node:os';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { sign } from '../../shared/sign.js';
import { kakiyo, KAKIYO_EVENTS } from '../../shared/providers/kakiyo/index.js';
import type { Sandbox } from '../../sandbox/server.js';
import { n8nInstall, type RunningN8n } from '../harness/n8n-process.js';
import { startStack, type Stack } from '../harness/stack.js';
import {
	createTriggerWorkflow,
	executionsOf,
	outputOf as outputIn,
	post,
	sandboxControl,
	setActive as setActiveIn,
	sleep,
	until,
	type Execution,
	type PublicApi,
} from '../harness/driver.js';
import { CREDENTIAL_TYPE } from '../harness/workflow.js';

interface SandboxHook {
	id: string;
	url: string;
	events: string[];
	active: boolean;
	secret: string | null;
}
const TRIGGER = 'Kakiyo Trigger';
let stack: Stack;
let sandbox: Sandbox;
let n8n: RunningN8n;
let api: PublicApi;
let cookie: string;
let credentialId: string;
const workflows: Record<string, string> = {};

const control = <T>(method: string, path: string, body?: unknown) =>
	sandboxControl(sandbox.url)<T>(method, path, body);
const hooks = () => control<SandboxHook[]>('GET', '/hooks');
const hooksAt = async (url: string) => (await hooks()).filter((hook) => hook.url === url);

const productionUrl = (webhookId: string) => `${n8n.webhookUrl}webhook/${webhookId}/webhook`;

const createWorkflow = (
	name: string,
	webhookId: string,
	events: string[] | string,
	credential = credentialId,
	options?: Record<string, unknown>,
) =>
	createTriggerWorkflow(api, {
		name,
		node: {
			webhookId,
			events: events as string[],
			credential: { id: credential, name: 'Kakiyo' },
			name: TRIGGER,
			...(options ? { options } : {}),
		},
	});

const setActive = (workflowId: string, active: boolean) => setActiveIn(api, workflowId, active);
const executions = (workflowId: string) => executionsOf(api, workflowId);
const outputOf = (execution: Execution) => outputIn(execution, TRIGGER);

/** What n8n's editor shows for a failed publication: the trigger's error message, or null. */
async function activationError(workflowId: string): Promise<string | null> {
	const response = await fetch(`${n8n.url}/rest/workflows/${workflowId}/publication-status`, {
		headers: { cookie },
	});
	const { data } = (await response.json()) as {
		data: { status: string; triggers: Array<{ errorMessage: string | null }> };
	};
	return data.status === 'failed'
		? (data.triggers[0]?.errorMessage ?? 'failed without a message')
		: null;
}

/** Creates and publishes a workflow whose activation is expected to fail; returns n8n's message. */
async function failedActivation(
	webhookId: string,
	credential: string,
	timeoutMs?: number,
): Promise<{ id: string; error: string }> {
	const id = await createWorkflow(webhookId, webhookId, ['*'], credential);
	await setActive(id, true);
	const error = await until(
		`${webhookId}'s activation error`,
		() => activationError(id),
		(text) => text !== null,
		timeoutMs,
	);
	return { id, error: error! };
}

async function restart(env: Record<string, string> = {}): Promise<void> {
	n8n = await stack.restart(env);
}

beforeAll(async () => {
	n8nInstall();
	stack = await startStack({
		credentialName: 'Kakiyo',
		sandbox: { timeScale: 0.01, attemptTimeoutMs: 10_000 },
	});
	({ sandbox, n8n, api } = stack);
	cookie = stack.owner.cookie;
	credentialId = stack.credential.id;
}, 900_000);

afterAll(async () => {
	await stack?.close();
});

describe('Kakiyo Trigger in n8n', { timeout: 180_000 }, () => {
	it('activating registers exactly one hook with the production URL and a secret', async () => {
		workflows.main = await createWorkflow('All Kakiyo events', 'kakiyo-e2e-all', ['*']);
		await setActive(workflows.main, true);
		const registered = await until(
			'the hook',
			() => hooksAt(productionUrl('kakiyo-e2e-all')),
			(list) => list.length > 0,
		);
		await sleep(1_000);
		expect(await hooks()).toEqual([
			expect.objectContaining({
				id: registered[0]?.id,
				url: productionUrl('kakiyo-e2e-all'),
				events: ['*'],
				active: true,
			}),
		]);
		expect(registered[0]?.secret).toMatch(/^[0-9a-f]{64}$/);
	});

	it('every catalogue event emitted by the sandbox ends in one successful execution with the payload intact', async () => {
		for (const { id } of KAKIYO_EVENTS) {
			const answer = await control<{ deliveries: Array<{ status: number }> }>('POST', '/emit', {
				event: id,
			});
			expect(answer.deliveries, id).toEqual([expect.objectContaining({ status: 200, ok: true })]);
		}
		const done = await until(
			'the executions',
			() => executions(workflows.main!),
			(list) =>
				list.length >= KAKIYO_EVENTS.length &&
				list.every((e) => e.status !== 'running' && e.status !== 'new'),
		);
		expect(done).toHaveLength(KAKIYO_EVENTS.length);
		expect(
			done.every((execution) => execution.status === 'success' && execution.mode === 'webhook'),
		).toBe(true);
		const delivered = (await control<Array<{ body: string; ok: boolean }>>('GET', '/deliveries'))
			.filter((d) => d.ok)
			.map((d) => JSON.parse(d.body) as unknown);
		const outputs = done.map(outputOf);
		expect(outputs).toHaveLength(delivered.length);
		for (const body of delivered)
			expect(outputs).toContainEqual({ ...(body as object), deliveryId: expect.any(String) });
		// Each delivery its own id: a retry's would be the same, another delivery's is not.
		const ids = new Set(outputs.map((output) => (output as { deliveryId: string }).deliveryId));
		expect(ids.size).toBe(outputs.length);
	});

	it('forged and unsigned deliveries get 401 and add no execution', async () => {
		const before = (await executions(workflows.main!)).length;
		const body = JSON.stringify({
			event: 'prospect.replied',
			teamId: 'team_1',
			timestamp: new Date().toISOString(),
			data: { prospectId: 'p_1' },
		});
		const forged = await post(productionUrl('kakiyo-e2e-all'), body, {
			'x-kakiyo-signature': sign(body, 'not-the-secret'),
		});
		const unsigned = await post(productionUrl('kakiyo-e2e-all'), body, {});
		const garbage = await post(productionUrl('kakiyo-e2e-all'), body, {
			'x-kakiyo-signature': 'sha256=zz',
		});
		expect([forged.status, unsigned.status, garbage.status]).toEqual([401, 401, 401]);
		// The caller learns nothing about why; n8n's log does.
		for (const answer of [forged, unsigned, garbage])
			expect(JSON.parse(answer.text)).toEqual({ error: 'unauthorized' });
		expect(n8n.log()).toMatch(/refused a delivery: mismatch/);
		await sleep(1_500);
		expect(await executions(workflows.main!)).toHaveLength(before);
	});

	it('a signed body that is not an event gets 200 and no run (Kakiyo would disable a failing hook); malformed JSON is refused by n8n', async () => {
		const before = (await executions(workflows.main!)).length;
		const [hook] = await hooksAt(productionUrl('kakiyo-e2e-all'));
		const notAnEvent = JSON.stringify({ hello: 'world' });
		const answer = await post(productionUrl('kakiyo-e2e-all'), notAnEvent, {
			'x-kakiyo-signature': sign(notAnEvent, hook!.secret!),
		});
		expect(answer.status).toBe(200);
		const malformed = '{"event":';
		const refused = await post(productionUrl('kakiyo-e2e-all'), malformed, {
			'x-kakiyo-signature': sign(malformed, hook!.secret!),
		});
		// n8n parses application/json itself before the node runs and answers 422.
		expect(refused.status).toBe(422);
		await sleep(1_500);
		expect(await executions(workflows.main!)).toHaveLength(before);
		expect(n8n.log()).toMatch(/A signed delivery is no event: The body has no "event" field/);
	});

	it('a signed event our schema disagrees with gets 200 and runs as sent, with a warning in the log', async () => {
		const before = (await executions(workflows.main!)).length;
		const [hook] = await hooksAt(productionUrl('kakiyo-e2e-all'));
		const odd = JSON.stringify({
			event: 'prospect.replied',
			timestamp: new Date().toISOString(),
			data: { prospectId: 7, newField: { nested: true } },
		});
		const answer = await post(productionUrl('kakiyo-e2e-all'), odd, {
			'x-kakiyo-signature': sign(odd, hook!.secret!),
		});
		expect(answer.status).toBe(200);
		const runs = await until(
			'the odd run',
			() => executions(workflows.main!),
			(list) => list.length === before + 1 && list[0]!.status === 'success',
		);
		expect(runs.map(outputOf)).toContainEqual({
			...(JSON.parse(odd) as object),
			deliveryId: expect.any(String),
		});
		expect(n8n.log()).toMatch(
			/"prospect\.replied" event does not have the expected shape.*runs as sent/,
		);
	});

	it('a signed delivery dated two days ago gets 200 and no run; one within the window runs', async () => {
		const before = (await executions(workflows.main!)).length;
		const [hook] = await hooksAt(productionUrl('kakiyo-e2e-all'));
		const dated = (ms: number) =>
			JSON.stringify({
				event: 'campaign.completed',
				teamId: 'team_1',
				timestamp: new Date(Date.now() - ms).toISOString(),
				data: { campaignId: `c_${ms}` },
			});
		const stale = dated(2 * 24 * 3_600_000);
		const answer = await post(productionUrl('kakiyo-e2e-all'), stale, {
			'x-kakiyo-signature': sign(stale, hook!.secret!),
		});
		expect(answer.status).toBe(200);
		const recent = dated(23 * 3_600_000);
		await post(productionUrl('kakiyo-e2e-all'), recent, {
			'x-kakiyo-signature': sign(recent, hook!.secret!),
		});
		const runs = await until(
			'the recent run',
			() => executions(workflows.main!),
			(list) => list.length === before + 1,
		);
		await sleep(1_500);
		expect(await executions(workflows.main!)).toHaveLength(before + 1);
		expect(outputOf(runs[0]!)).toEqual({
			...(JSON.parse(recent) as object),
			deliveryId: expect.stringMatching(/^[\w-]{22}$/),
		});
		expect(n8n.log()).toMatch(
			/more than 24 hours old \(Maximum Age\), so it may be a replay: no run/,
		);
	});

	it('the same delivery arriving twice (a retry) runs once', async () => {
		const before = (await executions(workflows.main!)).length;
		const [hook] = await hooksAt(productionUrl('kakiyo-e2e-all'));
		const body = JSON.stringify({
			event: 'linkedin.invitation.accepted',
			teamId: 'team_1',
			timestamp: new Date().toISOString(),
			data: { prospectId: 'p_retry' },
		});
		const headers = { 'x-kakiyo-signature': sign(body, hook!.secret!) };
		expect((await post(productionUrl('kakiyo-e2e-all'), body, headers)).status).toBe(200);
		await until(
			'the first run',
			() => executions(workflows.main!),
			(list) => list.length === before + 1,
		);
		expect((await post(productionUrl('kakiyo-e2e-all'), body, headers)).status).toBe(200);
		await sleep(1_500);
		expect(await executions(workflows.main!)).toHaveLength(before + 1);
	});

	it('an event the workflow did not select answers 200 and runs nothing', async () => {
		workflows.selective = await createWorkflow('Completed campaigns', 'kakiyo-e2e-selective', [
			'campaign.completed',
		]);
		await setActive(workflows.selective, true);
		const [hook] = await until(
			'the hook',
			() => hooksAt(productionUrl('kakiyo-e2e-selective')),
			(list) => list.length === 1,
		);
		expect(hook?.events).toEqual(['campaign.completed']);
		const body = JSON.stringify({
			event: 'agent.offline',
			teamId: 'team_1',
			timestamp: new Date().toISOString(),
			data: { agentId: 'a_1' },
		});
		// Kakiyo lists the hook a moment before n8n has stored its secret, and a delivery in that
		// moment gets 401, which Kakiyo retries: so does this test.
		const answer = await until(
			'the trigger to hold the new secret',
			() =>
				post(productionUrl('kakiyo-e2e-selective'), body, {
					'x-kakiyo-signature': sign(body, hook!.secret!),
				}),
			(response) => response.status !== 401,
		);
		expect(answer.status).toBe(200);
		await control('POST', '/emit', { event: 'campaign.completed' });
		await until(
			'the selected run',
			() => executions(workflows.selective!),
			(list) => list.length === 1,
		);
		await sleep(1_000);
		const runs = await executions(workflows.selective);
		expect(runs.map((run) => (outputOf(run) as { event: string }).event)).toEqual([
			'campaign.completed',
		]);
	});

	async function listen(workflowId: string): Promise<void> {
		const listening = await fetch(`${n8n.url}/rest/workflows/${workflowId}/run`, {
			method: 'POST',
			headers: { cookie, 'content-type': 'application/json' },
			body: JSON.stringify({ triggerToStartFrom: { name: TRIGGER } }),
		});
		expect(await listening.json()).toEqual({ data: { waitingForWebhook: true } });
	}

	it('"Listen for test event" shows Kakiyo\'s example of a selected event at once, marked as a sample, then removes the test hook', async () => {
		const id = await createWorkflow('Sample on listen', 'kakiyo-e2e-sample', [
			'campaign.completed',
		]);
		const testUrl = `${n8n.webhookUrl}webhook-test/kakiyo-e2e-sample/webhook`;
		await listen(id);
		const [run] = await until(
			'the sample run',
			() => executions(id),
			(list) => list.length === 1 && list[0]!.status === 'success',
		);
		expect(run?.mode).toBe('manual');
		// The sandbox's example endpoint answers the team{} envelope with a "Sales Team Alpha" team.
		expect(outputOf(run!)).toMatchObject({
			event: 'campaign.completed',
			team: { name: 'Sales Team Alpha' },
			data: { campaign: expect.objectContaining({ id: expect.any(String) }) },
			_sample: true,
		});
		// From Kakiyo's example endpoint (the sandbox stamps it now), not the built-in sample.
		const { timestamp } = outputOf(run!) as { timestamp: string };
		expect(timestamp).not.toBe(kakiyo.sampleFor('campaign.completed').timestamp);
		expect(Math.abs(Date.now() - Date.parse(timestamp))).toBeLessThan(5 * 60_000);
		await until(
			'the test hook to go',
			() => hooksAt(testUrl),
			(list) => list.length === 0,
		);
		// A production hook never gets a sample.
		expect(await hooksAt(productionUrl('kakiyo-e2e-sample'))).toEqual([]);
	});

	it('"Listen for test event" on a published workflow leaves its production hook alone', async () => {
		const url = productionUrl('kakiyo-e2e-all');
		const [production] = await hooksAt(url);
		const before = (await executions(workflows.main!)).filter((run) => run.mode === 'manual');
		await listen(workflows.main!);
		const manual = await until(
			'the sample run',
			async () => (await executions(workflows.main!)).filter((run) => run.mode === 'manual'),
			(list) => list.length === before.length + 1 && list[0]!.status === 'success',
		);
		// With All Events selected, the sample is the webhooks guide's flagship event.
		expect(outputOf(manual[0]!)).toMatchObject({
			event: 'linkedin.message.received',
			_sample: true,
		});
		await until(
			'the test hook to go',
			() => hooksAt(`${n8n.webhookUrl}webhook-test/kakiyo-e2e-all/webhook`),
			(list) => list.length === 0,
		);
		expect(await hooksAt(url)).toEqual([
			expect.objectContaining({ id: production!.id, secret: production!.secret, active: true }),
		]);
	});

	it('"Listen for test event" with the sample turned off registers a hook at the /webhook-test/ URL, runs once on a real event, then removes it', async () => {
		const id = await createWorkflow(
			'Listening for a test event',
			'kakiyo-e2e-manual',
			['prospect.replied'],
			credentialId,
			{ sendSample: false },
		);
		const testUrl = `${n8n.webhookUrl}webhook-test/kakiyo-e2e-manual/webhook`;
		await listen(id);
		const [hook] = await until(
			'the test hook',
			() => hooksAt(testUrl),
			(list) => list.length === 1,
		);
		expect(hook?.events).toEqual(['prospect.replied']);
		await sleep(1_500);
		expect(await executions(id)).toEqual([]);
		const emitted = await control<{ deliveries: Array<{ hookId: string; status: number }> }>(
			'POST',
			'/emit',
			{
				event: 'prospect.replied',
			},
		);
		expect(emitted.deliveries).toContainEqual(
			expect.objectContaining({ hookId: hook!.id, status: 200 }),
		);
		const [run] = await until(
			'the manual run',
			() => executions(id),
			(list) => list.length === 1 && list[0]!.status === 'success',
		);
		expect(run?.mode).toBe('manual');
		expect(outputOf(run!)).toMatchObject({ event: 'prospect.replied' });
		expect(outputOf(run!)).not.toHaveProperty('_sample');
		await until(
			'the test hook to go',
			() => hooksAt(testUrl),
			(list) => list.length === 0,
		);
	});

	it('deactivating deletes the hook and re-activating leaves exactly one', async () => {
		const url = productionUrl('kakiyo-e2e-selective');
		await setActive(workflows.selective!, false);
		await until(
			'the hook to go',
			() => hooksAt(url),
			(list) => list.length === 0,
		);
		await setActive(workflows.selective!, true);
		await until(
			'the new hook',
			() => hooksAt(url),
			(list) => list.length === 1,
		);
		await setActive(workflows.selective!, true);
		await sleep(1_500);
		expect(await hooksAt(url)).toHaveLength(1);
	});

	it('restarting n8n keeps exactly one hook per workflow, and deliveries still run', async () => {
		const before = await hooks();
		await restart();
		await sleep(2_000);
		expect((await hooks()).map((hook) => hook.id).sort()).toEqual(
			before.map((hook) => hook.id).sort(),
		);
		const runsBefore = (await executions(workflows.main!)).length;
		await control('POST', '/emit', { event: 'prospect.qualified' });
		await until(
			'the run after restart',
			() => executions(workflows.main!),
			(list) => list.length === runsBefore + 1,
		);
	});

	it('in the default mode, a hook deleted at Kakiyo comes back when the workflow is published again', async () => {
		const url = productionUrl('kakiyo-e2e-selective');
		const [gone] = await hooksAt(url);
		await control('DELETE', `/hooks/${gone!.id}`);
		await setActive(workflows.selective!, false);
		await setActive(workflows.selective!, true);
		const [back] = await until(
			'the re-created hook',
			() => hooksAt(url),
			(list) => list.length === 1,
		);
		expect(back?.id).not.toBe(gone!.id);
		expect(back?.secret).toMatch(/^[0-9a-f]{64}$/);
	});

	it('re-publishing after the stored hook was re-pointed elsewhere at Kakiyo leaves that hook alone', async () => {
		const url = productionUrl('kakiyo-e2e-selective');
		const [stored] = await hooksAt(url);
		const elsewhere = 'https://elsewhere.example/hook';
		const moved = await fetch(`${sandbox.apiUrl}/webhooks/${stored!.id}`, {
			method: 'PUT',
			headers: { authorization: `Bearer ${sandbox.apiKey}`, 'content-type': 'application/json' },
			body: JSON.stringify({ url: elsewhere }),
		});
		expect(moved.status).toBe(200);
		await setActive(workflows.selective!, false);
		await setActive(workflows.selective!, true);
		const [fresh] = await until(
			'a new hook at the trigger URL',
			() => hooksAt(url),
			(list) => list.length === 1,
		);
		expect(fresh!.id).not.toBe(stored!.id);
		await setActive(workflows.selective!, false);
		await until(
			'the new hook to go',
			() => hooksAt(url),
			(list) => list.length === 0,
		);
		expect(await hooksAt(elsewhere)).toEqual([expect.objectContaining({ id: stored!.id })]);
		await control('DELETE', `/hooks/${stored!.id}`);
		await setActive(workflows.selective!, true);
		await until(
			'the selective hook back',
			() => hooksAt(url),
			(list) => list.length === 1,
		);
	});

	it('an events expression yielding a comma list works, and Include Headers leaves the signature out', async () => {
		const id = await createWorkflow(
			'Expression events with headers',
			'kakiyo-e2e-expression',
			"={{ 'campaign.completed, agent.offline' }}",
			credentialId,
			{ includeHeaders: true },
		);
		await setActive(id, true);
		const [hook] = await until(
			'the hook',
			() => hooksAt(productionUrl('kakiyo-e2e-expression')),
			(list) => list.length === 1,
		);
		expect([...hook!.events].sort()).toEqual(['agent.offline', 'campaign.completed']);
		await control('POST', '/emit', { event: 'agent.offline' });
		const [run] = await until(
			'the run',
			() => executions(id),
			(list) => list.length === 1 && list[0]!.status === 'success',
		);
		const output = outputOf(run!) as { event: string; headers: Record<string, string> };
		expect(output.event).toBe('agent.offline');
		expect(output.headers['content-type']).toBe('application/json');
		expect(Object.keys(output.headers).map((name) => name.toLowerCase())).not.toContain(
			'x-kakiyo-signature',
		);
		await setActive(id, false);
	});

	it('a create that hangs once lets the activation settle within a minute, with at most one hook', async () => {
		await control('DELETE', '/faults');
		await control('POST', '/faults', { kind: 'hang', method: 'POST', path: '/webhooks', count: 1 });
		const url = productionUrl('kakiyo-e2e-hang');
		const id = await createWorkflow('Kakiyo hangs once', 'kakiyo-e2e-hang', ['*']);
		const started = Date.now();
		await setActive(id, true);
		const outcome = await until(
			'the activation to settle',
			async () => ({ error: await activationError(id), hooks: await hooksAt(url) }),
			(state) => state.error !== null || state.hooks.length > 0,
			60_000,
		);
		expect(Date.now() - started).toBeLessThan(60_000);
		if (outcome.error !== null) {
			expect(outcome.error).toMatch(
				/Kakiyo did not answer within 10 seconds while creating the webhook/,
			);
		}
		await sleep(2_000);
		expect((await hooksAt(url)).length).toBeLessThanOrEqual(1);
		await setActive(id, false);
		await until(
			'no hook',
			() => hooksAt(url),
			(list) => list.length === 0,
		);
	});

	it("publishing again with a refused key: the provider sees that key once despite n8n's retries, and the error says the workflow hears nothing now", async () => {
		const refused = await api.call<{ id: string }>('POST', '/credentials', {
			name: 'Kakiyo refused',
			type: CREDENTIAL_TYPE,
			data: { apiKey: 'q'.repeat(40), baseUrl: sandbox.apiUrl },
		});
		const webhookId = 'kakiyo-e2e-republish';
		const id = await createWorkflow(webhookId, webhookId, ['*']);
		await setActive(id, true);
		await until(
			'the working hook',
			() => hooksAt(productionUrl(webhookId)),
			(list) => list.length === 1,
		);
		await control('DELETE', '/requests');
		const swapped = await api.call<{ nodes: Array<Record<string, unknown>> }>(
			'GET',
			`/workflows/${id}`,
		);
		const nodes = swapped.body.nodes.map((node) => ({
			...node,
			credentials: { [CREDENTIAL_TYPE]: { id: refused.body.id, name: 'Kakiyo refused' } },
		}));
		const put = await api.call('PUT', `/workflows/${id}`, {
			name: webhookId,
			nodes,
			connections: {},
			settings: { executionOrder: 'v1' },
		});
		expect(put.status).toBe(200);
		await setActive(id, true);
		// n8n 2.40 tries 5 times within 15 s before it reports the failure.
		const error = await until(
			'the failed publication',
			() => activationError(id),
			(text) => text !== null,
			60_000,
		);
		expect(error).toMatch(/API key is invalid or was revoked.*Team > API Keys/);
		expect(error).toMatch(
			/receives no Kakiyo events until it is published again with a working key \(n8n removes a previous version's webhook/,
		);
		// n8n tore the working hook down first, with the key that made it; the refused key reached
		// Kakiyo once, for the list that told the create would be refused too.
		const calls = (
			await control<Array<{ method: string; path: string; status: number }>>('GET', '/requests')
		).map((call) => `${call.method} ${call.path.split('?')[0]} ${call.status}`);
		expect(calls.filter((call) => call.endsWith(' 401'))).toEqual(['GET /webhooks 401']);
		expect(calls).not.toContain('POST /webhooks 401');
		expect(await hooksAt(productionUrl(webhookId))).toEqual([]);
		await setActive(id, false);
	});

	it('a provider fault during activation shows n8n a clear error and leaves no hook', async () => {
		const badKey = await api.call<{ id: string }>('POST', '/credentials', {
			name: 'Kakiyo revoked',
			type: CREDENTIAL_TYPE,
			data: { apiKey: 'r'.repeat(40), baseUrl: sandbox.apiUrl },
		});
		const cases: Array<[string, string, () => Promise<unknown>, RegExp]> = [
			[
				'kakiyo-e2e-401',
				badKey.body.id,
				async () => undefined,
				/API key is invalid or was revoked.*Team > API Keys/,
			],
			[
				'kakiyo-e2e-429',
				credentialId,
				() =>
					control('POST', '/faults', {
						kind: 'rate-limit',
						method: 'POST',
						path: '/webhooks',
						count: 100,
						retryAfter: 42,
					}),
				/limiting.*Wait 42 seconds/,
			],
			[
				'kakiyo-e2e-500',
				credentialId,
				() =>
					control('POST', '/faults', {
						kind: 'error',
						method: 'POST',
						path: '/webhooks',
						count: 100,
					}),
				/Kakiyo is having trouble \(HTTP 500\)/,
			],
		];
		for (const [webhookId, credential, inject, message] of cases) {
			await control('DELETE', '/faults');
			await inject();
			const { id, error } = await failedActivation(webhookId, credential);
			expect(error).toMatch(message);
			expect(error).not.toContain(sandbox.apiKey);
			expect(await hooksAt(productionUrl(webhookId))).toEqual([]);
			await setActive(id, false);
		}
		await control('DELETE', '/faults');
		expect(n8n.log()).not.toContain(sandbox.apiKey);
	});

	it('activation refuses, with the fix, a webhook URL Kakiyo cannot reach and a Base URL that is not https', async () => {
		const cases: Array<[string, string, RegExp]> = [
			// n8n's WEBHOOK_URL here is loopback, fine for the sandbox but not for Kakiyo itself.
			[
				'https://api.kakiyo.com/v1',
				'kakiyo-e2e-local',
				/cannot deliver to http:\/\/127\.0\.0\.1.*WEBHOOK_URL/,
			],
			[
				'http://kakiyo.example/v1',
				'kakiyo-e2e-http',
				/not https, so the API key would travel unencrypted/,
			],
		];
		for (const [baseUrl, webhookId, message] of cases) {
			const credential = await api.call<{ id: string }>('POST', '/credentials', {
				name: webhookId,
				type: CREDENTIAL_TYPE,
				data: { apiKey: sandbox.apiKey, baseUrl },
			});
			const { id, error } = await failedActivation(webhookId, credential.body.id);
			expect(error).toMatch(message);
			await setActive(id, false);
		}
		expect(n8n.log()).not.toContain(sandbox.apiKey);
	});

	it('after an activation that failed with Kakiyo down, activating again registers the hook', async () => {
		const url = productionUrl('kakiyo-e2e-down');
		await control('DELETE', '/faults');
		await control('POST', '/faults', { kind: 'error', count: 1000 });
		const { id, error } = await failedActivation('kakiyo-e2e-down', credentialId, 90_000);
		expect(error).toMatch(/Kakiyo is having trouble \(HTTP 500\)/);
		await control('DELETE', '/faults');
		await setActive(id, true);
		const [hook] = await until(
			'the hook, once Kakiyo is back',
			() => hooksAt(url),
			(list) => list.length === 1,
			60_000,
		);
		await control('POST', '/emit', { event: 'agent.offline' });
		await until(
			'a run through the new hook',
			() => executions(id),
			(list) => list.length === 1,
		);
		expect(hook?.active).toBe(true);
		await setActive(id, false);
	});

	it('the credential test follows the trigger: plain http only on this machine, so the key never leaves in clear', async () => {
		const heard: string[] = [];
		const listener = createServer((req, res) => {
			heard.push(req.headers.authorization ?? '');
			res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"success"}');
		});
		// A non-loopback address of this machine, or loopback written so no loopback rule knows it.
		const address =
			Object.values(networkInterfaces())
				.flat()
				.find((entry) => entry?.family === 'IPv4' && !entry.internal)?.address ?? '[::ffff:7f00:1]';
		await new Promise<void>((resolve) =>
			listener.listen(0, address.startsWith('[') ? '::' : address, resolve),
		);
		const { port } = listener.address() as { port: number };
		const test = async (baseUrl: string, apiKey = sandbox.apiKey) => {
			const response = await fetch(`${n8n.url}/rest/credentials/test`, {
				method: 'POST',
				headers: { cookie, 'content-type': 'application/json' },
				body: JSON.stringify({
					credentials: {
						// n8n requires an id; the data given is what is tested.
						id: credentialId,
						name: 'probe',
						type: CREDENTIAL_TYPE,
						data: { apiKey, baseUrl },
					},
				}),
			});
			return ((await response.json()) as { data: { status: string; message: string } }).data;
		};
		try {
			// Refused before anything is sent, in activation's words.
			expect(await test(`http://${address}:${port}/v1`)).toMatchObject({
				status: 'Error',
				message: expect.stringContaining('is not https, so the API key would travel unencrypted'),
			});
			expect(await test(`${address}:${port}/v1`)).toMatchObject({
				status: 'Error',
				message: expect.stringContaining('is not a web address'),
			});
			expect(heard).toEqual([]);
			// A wrong key gets what activation says of it, not n8n's "Unauthorized".
			expect(await test(sandbox.apiUrl, 'k'.repeat(40))).toMatchObject({
				status: 'Error',
				message: expect.stringContaining(kakiyo.wording.keyHelp),
			});
			expect(await test(sandbox.apiUrl)).toMatchObject({ status: 'OK' });
			expect(await test(`  ${sandbox.apiUrl}/  `)).toMatchObject({ status: 'OK' });
		} finally {
			listener.closeAllConnections();
			await new Promise<void>((resolve) => listener.close(() => resolve()));
		}
	});

	it('with the publication service off, restart heals a hook deleted or disabled at Kakiyo', async () => {
		const mainUrl = productionUrl('kakiyo-e2e-all');
		const selectiveUrl = productionUrl('kakiyo-e2e-selective');
		const [deleted] = await hooksAt(mainUrl);
		const [disabled] = await hooksAt(selectiveUrl);
		await control('DELETE', `/hooks/${deleted!.id}`);
		await control('POST', `/hooks/${disabled!.id}/disable`);
		await restart({ N8N_USE_WORKFLOW_PUBLICATION_SERVICE: 'false' });
		const healed = await until(
			'both hooks',
			async () => [...(await hooksAt(mainUrl)), ...(await hooksAt(selectiveUrl))],
			(list) => list.length === 2 && list.every((hook) => hook.active),
		);
		expect(healed.map((hook) => hook.id)).not.toContain(deleted!.id);
		expect(healed.map((hook) => hook.id)).not.toContain(disabled!.id);
		await restart({ N8N_USE_WORKFLOW_PUBLICATION_SERVICE: 'false' });
		await sleep(2_000);
		expect((await hooks()).map((hook) => hook.id).sort()).toEqual(
			healed.map((hook) => hook.id).sort(),
		);
	});
});
