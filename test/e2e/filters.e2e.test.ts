/**
 * Issue 22's filters in a real n8n, for the three providers against their sandboxes over
 * loopback: the dropdowns load from the provider's list, a filtered trigger runs only for
 * matching deliveries, and every delivery, matching or not, is authenticated first: a genuine
 * one is answered 200, a forged one 401, and neither a non-matching nor a forged one runs.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { signDelivery, type ProviderDefinition } from '../../shared/index.js';
import { breakcold } from '../../shared/providers/breakcold/index.js';
import { kakiyo } from '../../shared/providers/kakiyo/index.js';
import { saleshandy } from '../../shared/providers/saleshandy/index.js';
import {
	createTriggerWorkflow,
	executionsOf,
	outputOf,
	post,
	sandboxControl,
	setActive,
	settled,
	sleep,
	until,
} from '../harness/driver.js';
import { n8nInstall } from '../harness/n8n-process.js';
import { startStack, type Stack } from '../harness/stack.js';
import { credentialType } from '../harness/workflow.js';

/** Breakcold's webhook secret, as the user copies it into the credential. */
const PASTED = `whsec_filters_${Date.now().toString(36)}`;
let stack: Stack;

interface Emitted {
	deliveries: Array<{ hookId: string; status: number | null }>;
}

const control = (provider: ProviderDefinition) =>
	sandboxControl(stack.providers[provider.id]!.sandbox.url);
const trigger = (provider: ProviderDefinition) => `${provider.displayName} Trigger`;

/** The dropdown's choices, as the editor asks n8n for them. */
async function optionsOf(provider: ProviderDefinition, methodName: string, parameter: string) {
	const own = stack.providers[provider.id]!;
	const response = await fetch(`${stack.n8n.url}/rest/dynamic-node-parameters/options`, {
		method: 'POST',
		headers: { 'content-type': 'application/json', cookie: stack.owner.cookie },
		body: JSON.stringify({
			nodeTypeAndVersion: { name: stack.nodeType(provider.id), version: 1.1 },
			path: `parameters.${parameter}`,
			methodName,
			currentNodeParameters: { events: [] },
			credentials: { [credentialType(provider.id)]: own.credential },
		}),
	});
	expect(response.status).toBe(200);
	return ((await response.json()) as { data: Array<{ name: string; value: string }> }).data;
}

/** An activated workflow of the provider's trigger with these parameters; its id and URL. */
async function filtered(
	provider: ProviderDefinition,
	events: string[],
	parameters: Record<string, unknown>,
	options?: Record<string, unknown>,
) {
	const webhookId = `${provider.id}-filtered-${Math.random().toString(36).slice(2, 8)}`;
	const id = await createTriggerWorkflow(stack.api, {
		name: webhookId,
		node: {
			provider: provider.id,
			webhookId,
			events,
			credential: stack.providers[provider.id]!.credential,
			name: trigger(provider),
			type: stack.nodeType(provider.id),
			parameters,
			...(options ? { options } : {}),
		},
	});
	const url = `${stack.n8n.webhookUrl}webhook/${webhookId}/webhook`;
	if (provider.api.createHook === undefined)
		await control(provider)('POST', '/webhooks', { url, format: 'current', secret: PASTED });
	await setActive(stack.api, id, true);
	// n8n answers before publishing is done: a delivery before then finds no webhook (404).
	await settled(stack, id);
	return { id, url };
}

const runsOf = async (workflowId: string) =>
	(await executionsOf(stack.api, workflowId)).filter((run) => run.mode !== 'manual');

/** Emits the event at the sandbox; the status each hook at `url` answered. */
async function emit(provider: ProviderDefinition, body: Record<string, unknown>) {
	const emitted = await control(provider)<Emitted>('POST', '/emit', body);
	return emitted.deliveries.map((delivery) => delivery.status);
}

/** A delivery signed with a guessed secret, as an attacker who knows the filter would send. */
async function forge(provider: ProviderDefinition, url: string, body: Record<string, unknown>) {
	const proof = signDelivery(provider, JSON.stringify(body), 'a-guessed-secret');
	return (await post(url, String(proof.body), proof.headers)).status;
}

beforeAll(async () => {
	n8nInstall();
	stack = await startStack({
		providers: ['kakiyo', 'saleshandy', 'breakcold'],
		credentialData: { breakcold: { webhookSecret: PASTED } },
		sandbox: { timeScale: 0.01, attemptTimeoutMs: 10_000 },
	});
}, 900_000);

afterAll(async () => {
	await stack?.close();
});

describe('filters in n8n', { timeout: 180_000 }, () => {
	it("load each dropdown from the provider's list", async () => {
		expect(await optionsOf(kakiyo, 'getCampaigns', 'campaigns')).toEqual([
			{ name: 'Sandbox founders (active)', value: 'campaign_sbx_1' },
			{ name: 'Sandbox agencies (active)', value: 'campaign_sbx_2' },
		]);
		expect((await optionsOf(kakiyo, 'getAgents', 'agents')).map((o) => o.value)).toEqual([
			'agent_sbx_1',
			'agent_sbx_2',
		]);
		expect(await optionsOf(saleshandy, 'getSequences', 'sequences')).toEqual([
			{ name: 'Sandbox sequence', value: 'Sandbox sequence' },
			{ name: 'Sandbox follow-up', value: 'Sandbox follow-up' },
		]);
	});

	it("a refused key shows in the dropdown in the provider's words, the key nowhere", async () => {
		const own = stack.providers.kakiyo!;
		const wrongKey = 'k'.repeat(40);
		const created = await stack.api.call<{ id: string; name: string }>('POST', '/credentials', {
			name: 'Kakiyo (revoked key)',
			type: credentialType('kakiyo'),
			data: { apiKey: wrongKey, baseUrl: own.sandbox.apiUrl },
		});
		expect(created.status).toBe(200);
		const response = await fetch(`${stack.n8n.url}/rest/dynamic-node-parameters/options`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', cookie: stack.owner.cookie },
			body: JSON.stringify({
				nodeTypeAndVersion: { name: stack.nodeType('kakiyo'), version: 1.1 },
				path: 'parameters.campaigns',
				methodName: 'getCampaigns',
				currentNodeParameters: {},
				credentials: { kakiyoApi: { id: created.body.id, name: created.body.name } },
			}),
		});
		const text = await response.text();
		expect(response.status).toBeGreaterThanOrEqual(400);
		expect(text).toMatch(/Kakiyo API key is invalid or was revoked/);
		expect(text).not.toContain(wrongKey);
	});

	it('Kakiyo: one of two campaigns runs, the other is answered 200 and runs nothing; forged ones get 401 either way', async () => {
		const { id, url } = await filtered(kakiyo, ['*'], { campaigns: ['campaign_sbx_2'] });
		await until(
			'the hook',
			() => control(kakiyo)<unknown[]>('GET', '/hooks'),
			(h) => h.length > 0,
		);
		const events = ['linkedin.message.received', 'prospect.qualified', 'campaign.completed'];
		for (const event of events) {
			expect(await emit(kakiyo, { event, campaign: 'campaign_sbx_1' })).toEqual([200]);
			expect(await emit(kakiyo, { event, campaign: 'campaign_sbx_2' })).toEqual([200]);
		}
		// An agent's event carries no campaign: it runs, as the field's help says.
		expect(await emit(kakiyo, { event: 'agent.offline' })).toEqual([200]);
		const sample = { ...kakiyo.sampleFor('campaign.completed') };
		expect(await forge(kakiyo, url, sample)).toBe(401);
		const matching = { ...sample, data: { campaign: { id: 'campaign_sbx_2' } } };
		expect(await forge(kakiyo, url, matching)).toBe(401);
		const done = await until(
			'four runs',
			() => runsOf(id),
			(runs) => runs.length >= 4,
		);
		await sleep(1_500);
		const outputs = (await runsOf(id)).map(
			(run) =>
				outputOf(run, trigger(kakiyo)) as {
					event: string;
					data: { campaignId?: string; campaign?: { id: string } };
				},
		);
		expect(outputs).toHaveLength(4);
		expect(done.every((run) => run.status === 'success')).toBe(true);
		for (const output of outputs.filter((o) => o.event !== 'agent.offline'))
			expect(output.data.campaignId ?? output.data.campaign?.id).toBe('campaign_sbx_2');
		expect(outputs.map((o) => o.event).sort()).toEqual([...events, 'agent.offline'].sort());
		await setActive(stack.api, id, false);
	});

	it('Kakiyo: with events without the field turned off, an agent event runs nothing', async () => {
		const { id } = await filtered(
			kakiyo,
			['*'],
			{ campaigns: ['campaign_sbx_2'] },
			{ keepEventsWithout: false },
		);
		await until(
			'the hook',
			() => control(kakiyo)<unknown[]>('GET', '/hooks'),
			(h) => h.length > 0,
		);
		expect(await emit(kakiyo, { event: 'agent.offline' })).toEqual([200]);
		expect(await emit(kakiyo, { event: 'prospect.qualified', campaign: 'campaign_sbx_2' })).toEqual(
			[200],
		);
		await until(
			'one run',
			() => runsOf(id),
			(runs) => runs.length >= 1,
		);
		await sleep(1_500);
		const runs = await runsOf(id);
		expect(runs.map((run) => (outputOf(run, trigger(kakiyo)) as { event: string }).event)).toEqual([
			'prospect.qualified',
		]);
		await setActive(stack.api, id, false);
	});

	it('Saleshandy: a sequence chosen by name runs only its own deliveries; a forged one gets 401', async () => {
		const { id, url } = await filtered(saleshandy, ['email-sent', 'reply-received'], {
			sequences: ['Sandbox follow-up'],
		});
		await until(
			'the hook',
			() => control(saleshandy)<Array<{ active: boolean }>>('GET', '/hooks'),
			(hooks) => hooks.some((hook) => hook.active),
		);
		for (const event of ['email-sent', 'reply-received']) {
			expect(await emit(saleshandy, { event, sequence: 'Sandbox sequence' })).toEqual([200]);
			expect(await emit(saleshandy, { event, sequence: 'Sandbox follow-up' })).toEqual([200]);
		}
		const forged = { ...saleshandy.sampleFor('email-sent'), sequence: { id: 102 } };
		expect(await forge(saleshandy, url, forged)).toBe(401);
		await until(
			'two runs',
			() => runsOf(id),
			(runs) => runs.length >= 2,
		);
		await sleep(1_500);
		const outputs = (await runsOf(id)).map(
			(run) => outputOf(run, trigger(saleshandy)) as { sequence: { sequenceName: string } },
		);
		expect(outputs.map((o) => o.sequence.sequenceName)).toEqual([
			'Sandbox follow-up',
			'Sandbox follow-up',
		]);
		await setActive(stack.api, id, false);
	});

	it('Breakcold: a typed object type runs only its records; a forged one gets 401', async () => {
		const { id, url } = await filtered(breakcold, ['record.created'], { objectTypes: 'company' });
		await until(
			'the webhook URL',
			async () => (await fetch(url, { method: 'POST', body: '{}' })).status,
			(status) => status !== 404,
			60_000,
		);
		expect(await emit(breakcold, { event: 'record.created' })).toEqual([200]);
		expect(
			await emit(breakcold, {
				event: 'record.created',
				data: { objectType: 'company', objectTypeName: 'Company' },
			}),
		).toEqual([200]);
		const forged = { ...breakcold.sampleFor('record.created'), data: { objectType: 'company' } };
		expect(await forge(breakcold, url, forged)).toBe(401);
		await until(
			'one run',
			() => runsOf(id),
			(runs) => runs.length >= 1,
		);
		await sleep(1_500);
		const outputs = (await runsOf(id)).map(
			(run) => outputOf(run, trigger(breakcold)) as { data: { objectType: string } },
		);
		expect(outputs.map((o) => o.data.objectType)).toEqual(['company']);
		await setActive(stack.api, id, false);
	});
});
