/**
 * The Kakiyo Trigger in a real n8n: packed, loaded from outside the repository, driven through
 * n8n's own APIs, against the sandbox over loopback HTTP.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { KAKIYO_EVENTS, sign } from '../../shared/index.js';
import { startSandbox, type Sandbox } from '../../sandbox/server.js';
import {
	CREDENTIAL_TYPE,
	freePort,
	n8nInstall,
	newUserFolder,
	packExtension,
	publicApi,
	removeFolder,
	setUpOwner,
	startN8n,
	triggerNode,
	type RunningN8n,
} from '../../scripts/n8n-runner.js';

interface SandboxHook {
	id: string;
	url: string;
	events: string[];
	active: boolean;
	secret: string | null;
}
interface Execution {
	id: string;
	status: string;
	mode: string;
	data?: {
		resultData: {
			runData: Record<string, Array<{ data: { main: Array<Array<{ json: unknown }>> } }>>;
		};
	};
}

const TRIGGER = 'Kakiyo Trigger';
let sandbox: Sandbox;
let n8n: RunningN8n;
let extension: string;
let home: string;
let port: number;
let api: ReturnType<typeof publicApi>;
let cookie: string;
let credentialId: string;
const workflows: Record<string, string> = {};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function control<T>(method: string, path: string, body?: unknown): Promise<T> {
	const response = await fetch(`${sandbox.url}/_sandbox${path}`, {
		method,
		...(body === undefined ? {} : { body: JSON.stringify(body) }),
	});
	return (await response.json()) as T;
}
const hooks = () => control<SandboxHook[]>('GET', '/hooks');
const hooksAt = async (url: string) => (await hooks()).filter((hook) => hook.url === url);

/** Waits for a condition the API answered before it held (n8n registers hooks after it answers). */
async function until<T>(
	what: string,
	probe: () => Promise<T>,
	done: (value: T) => boolean,
	timeoutMs = 30_000,
): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	let value = await probe();
	while (!done(value)) {
		if (Date.now() > deadline)
			throw new Error(`timed out waiting for ${what}; last: ${JSON.stringify(value)}`);
		await sleep(200);
		value = await probe();
	}
	return value;
}

const productionUrl = (webhookId: string) => `${n8n.webhookUrl}webhook/${webhookId}/webhook`;

async function createWorkflow(
	name: string,
	webhookId: string,
	events: string[],
	credential = credentialId,
): Promise<string> {
	const created = await api.call<{ id: string }>('POST', '/workflows', {
		name,
		nodes: [
			triggerNode({
				webhookId,
				events,
				credential: { id: credential, name: 'Kakiyo' },
				name: TRIGGER,
			}),
		],
		connections: {},
		settings: { executionOrder: 'v1' },
	});
	expect(created.status).toBe(200);
	return created.body.id;
}

async function setActive(workflowId: string, active: boolean): Promise<void> {
	const answer = await api.call(
		'POST',
		`/workflows/${workflowId}/${active ? 'activate' : 'deactivate'}`,
	);
	expect(answer.status).toBe(200);
}

async function executions(workflowId: string): Promise<Execution[]> {
	const answer = await api.call<{ data: Execution[] }>(
		'GET',
		`/executions?workflowId=${workflowId}&includeData=true&limit=250`,
	);
	return answer.body.data;
}

function outputOf(execution: Execution): unknown {
	return execution.data?.resultData.runData[TRIGGER]?.[0]?.data.main[0]?.[0]?.json;
}

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

async function post(
	url: string,
	body: string,
	headers: Record<string, string>,
): Promise<{ status: number; text: string }> {
	const response = await fetch(url, {
		method: 'POST',
		headers: { 'content-type': 'application/json', ...headers },
		body,
	});
	return { status: response.status, text: await response.text() };
}

async function restart(env: Record<string, string> = {}): Promise<void> {
	await n8n.stop();
	n8n = await startN8n({ extension, userFolder: home, port, env });
}

beforeAll(async () => {
	n8nInstall();
	extension = packExtension();
	sandbox = await startSandbox({ timeScale: 0.01, attemptTimeoutMs: 10_000 });
	home = newUserFolder();
	port = await freePort();
	n8n = await startN8n({ extension, userFolder: home, port });
	const owner = await setUpOwner(n8n.url);
	cookie = owner.cookie;
	api = publicApi(n8n.url, owner.apiKey);
	const credential = await api.call<{ id: string }>('POST', '/credentials', {
		name: 'Kakiyo',
		type: CREDENTIAL_TYPE,
		data: { apiKey: sandbox.apiKey, baseUrl: sandbox.apiUrl },
	});
	expect(credential.status).toBe(200);
	credentialId = credential.body.id;
}, 900_000);

afterAll(async () => {
	await n8n?.stop();
	await sandbox?.close();
	if (home) removeFolder(home);
	if (extension) removeFolder(extension.replace(/\/n8n-nodes-kakiyo$/, ''));
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
		for (const body of delivered) expect(outputs).toContainEqual(body);
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
		expect(JSON.parse(forged.text)).toEqual({ error: 'invalid_signature', reason: 'mismatch' });
		expect(JSON.parse(unsigned.text)).toEqual({
			error: 'invalid_signature',
			reason: 'missing-signature',
		});
		await sleep(1_500);
		expect(await executions(workflows.main!)).toHaveLength(before);
	});

	it('a signed body that is not an event gets 400 with a reason, and malformed JSON is refused by n8n; neither runs', async () => {
		const before = (await executions(workflows.main!)).length;
		const [hook] = await hooksAt(productionUrl('kakiyo-e2e-all'));
		const notAnEvent = JSON.stringify({ hello: 'world' });
		const answer = await post(productionUrl('kakiyo-e2e-all'), notAnEvent, {
			'x-kakiyo-signature': sign(notAnEvent, hook!.secret!),
		});
		expect(answer.status).toBe(400);
		expect(JSON.parse(answer.text)).toMatchObject({
			error: 'not-an-event',
			message: expect.stringContaining('"event"'),
		});
		const malformed = '{"event":';
		const refused = await post(productionUrl('kakiyo-e2e-all'), malformed, {
			'x-kakiyo-signature': sign(malformed, hook!.secret!),
		});
		// n8n parses application/json itself before the node runs and answers 422.
		expect(refused.status).toBe(422);
		await sleep(1_500);
		expect(await executions(workflows.main!)).toHaveLength(before);
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
		const answer = await post(productionUrl('kakiyo-e2e-selective'), body, {
			'x-kakiyo-signature': sign(body, hook!.secret!),
		});
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

	it('"Listen for test event" registers a hook at the /webhook-test/ URL, runs once, then removes it', async () => {
		const id = await createWorkflow('Listening for a test event', 'kakiyo-e2e-manual', [
			'prospect.replied',
		]);
		const testUrl = `${n8n.webhookUrl}webhook-test/kakiyo-e2e-manual/webhook`;
		const listen = await fetch(`${n8n.url}/rest/workflows/${id}/run`, {
			method: 'POST',
			headers: { cookie, 'content-type': 'application/json' },
			body: JSON.stringify({ triggerToStartFrom: { name: TRIGGER } }),
		});
		expect(await listen.json()).toEqual({ data: { waitingForWebhook: true } });
		const [hook] = await until(
			'the test hook',
			() => hooksAt(testUrl),
			(list) => list.length === 1,
		);
		expect(hook?.events).toEqual(['prospect.replied']);
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
			const id = await createWorkflow(webhookId, webhookId, ['*'], credential);
			await setActive(id, true);
			const error = await until(
				`${webhookId}'s activation error`,
				() => activationError(id),
				(text) => text !== null,
			);
			expect(error).toMatch(message);
			expect(error).not.toContain(sandbox.apiKey);
			expect(await hooksAt(productionUrl(webhookId))).toEqual([]);
			await setActive(id, false);
		}
		await control('DELETE', '/faults');
		expect(n8n.log()).not.toContain(sandbox.apiKey);
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
