/**
 * The Kakiyo Trigger in n8n's queue mode: activated on main, its hook registered once at the
 * balancer's address, deliveries from the sandbox spread by nginx over both webhook processes
 * and run by the workers, the hook removed on deactivation; then a trigger filtered to one of two
 * campaigns, run by either webhook process only for its deliveries.
 */
import { basename } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { kakiyo } from '../../shared/providers/kakiyo/index.js';
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
import { leftovers } from './leftovers.js';
import { startQueueStack, type QueueStack } from './queue-stack.js';

const DELIVERIES = 20;
const WEBHOOK_ID = 'kakiyo-queue-smoke';
const LABEL = 'smoke';
const FILTERED_ID = 'kakiyo-queue-filtered';
const FILTERED_DELIVERIES = 12;

let stack: QueueStack;
let workflowId: string;
const url = () => `${stack.balancer.webhookUrl}webhook/${WEBHOOK_ID}/webhook`;
const filteredUrl = () => `${stack.balancer.webhookUrl}webhook/${FILTERED_ID}/webhook`;
const control = <T>(method: string, path: string, body?: unknown) =>
	sandboxControl(stack.sandbox.url)<T>(method, path, body);
const hookUrls = async () =>
	(await control<Array<{ url: string }>>('GET', '/hooks')).map((hook) => hook.url);
/** How many lines of a process's log say `pattern`, and the execution ids they name. */
const executionIdsIn = (log: string, pattern: RegExp) =>
	[...log.matchAll(pattern)].map((match) => match[1]!);

beforeAll(async () => {
	n8nInstall();
	stack = await startQueueStack({ providers: ['kakiyo'], label: LABEL });
	const steps = Object.entries(stack.startSteps).map(([step, ms]) => `${step} ${ms} ms`);
	console.log(`queue stack started in ${stack.startedInMs} ms: ${steps.join(', ')}`);
});

afterAll(async () => {
	const began = Date.now();
	await stack?.close();
	console.log(`queue stack closed in ${Date.now() - began} ms`);
	expect(leftovers(LABEL)).toEqual({ databases: [], folders: [], processes: [] });
});

describe('the Kakiyo Trigger in queue mode behind nginx', () => {
	it('the stack is found by its label while it runs (what afterAll checks is gone)', () => {
		const found = leftovers(LABEL);
		expect(found.databases).toEqual([stack.database]);
		expect(found.folders).toEqual([basename(stack.folder)]);
		expect(found.processes.filter((line) => /nginx: master/.test(line))).toHaveLength(1);
		expect(found.processes.filter((line) => /redis-server/.test(line))).toHaveLength(1);
	});

	it('activation on main registers exactly one hook, at the balancer', async () => {
		workflowId = await createTriggerWorkflow(stack.api, {
			name: 'Kakiyo: queue mode',
			node: {
				provider: 'kakiyo',
				type: stack.nodeType('kakiyo'),
				webhookId: WEBHOOK_ID,
				events: [kakiyo.wildcard!],
				credential: stack.credential,
			},
		});
		await setActive(stack.api, workflowId, true);
		await settled(stack, workflowId);
		const hooks = await until('the hook at the balancer', hookUrls, (urls) => urls.length > 0);
		expect(hooks).toEqual([url()]);
		// Main serves no production webhook: only the webhook processes can take a delivery.
		const onMain = await post(`${stack.main.url}/webhook/${WEBHOOK_ID}/webhook`, '{}', {});
		expect(onMain.status).toBe(404);
	});

	it('deliveries through nginx reach both webhook processes and all run on the workers', async () => {
		const emitted = await Promise.all(
			Array.from({ length: DELIVERIES }, () =>
				control<{ deliveries: Array<{ status: number | null }> }>('POST', '/emit', {
					event: kakiyo.sampleEvent,
				}),
			),
		);
		const statuses = emitted.map((answer) => answer.deliveries[0]?.status ?? null);
		expect(
			statuses.filter((status) => status !== null && status >= 200 && status < 300),
		).toHaveLength(DELIVERIES);

		const runs = await until(
			`${DELIVERIES} finished runs`,
			() => executionsOf(stack.api, workflowId),
			(all) =>
				all.length >= DELIVERIES &&
				all.every((run) => !['new', 'running', 'waiting'].includes(run.status)),
			60_000,
		);
		expect(runs).toHaveLength(DELIVERIES);
		expect(runs.map((run) => run.status)).toEqual(Array(DELIVERIES).fill('success'));
		expect(new Set(runs.map((run) => run.mode))).toEqual(new Set(['webhook']));

		// nginx: every delivery answered 2xx, by both webhook processes.
		const deliveries = stack.balancer
			.requests()
			.filter((request) => request.method === 'POST' && request.path.startsWith('/webhook/'));
		expect(deliveries).toHaveLength(DELIVERIES);
		expect(deliveries.every((request) => request.status >= 200 && request.status < 300)).toBe(true);
		const byProcess = stack.webhooks.map(
			(webhook) =>
				deliveries.filter((request) => request.upstream === new URL(webhook.url).host).length,
		);
		console.log(`deliveries per webhook process (nginx): ${byProcess.join(' / ')}`);
		expect(byProcess.every((count) => count > 0)).toBe(true);
		expect(byProcess.reduce((sum, count) => sum + count, 0)).toBe(DELIVERIES);

		// Each webhook process enqueued the runs of what it received; the workers ran them all.
		const ids = runs.map((run) => String(run.id)).sort();
		const enqueued = stack.webhooks.map((webhook) =>
			executionIdsIn(webhook.log(), /Enqueued execution (\S+) \(job/g),
		);
		console.log(`runs enqueued per webhook process: ${enqueued.map((e) => e.length).join(' / ')}`);
		expect(enqueued.map((list) => list.length)).toEqual(byProcess);
		const finished = stack.workers.map((worker) =>
			executionIdsIn(worker.log(), /Worker finished execution (\S+) \(job/g),
		);
		console.log(`runs finished per worker: ${finished.map((f) => f.length).join(' / ')}`);
		expect(finished.flat().sort()).toEqual(ids);
		expect(executionIdsIn(stack.main.log(), /Worker finished execution (\S+) \(job/g)).toEqual([]);
	});

	it('deactivation on main removes the hook', async () => {
		await setActive(stack.api, workflowId, false);
		expect(await until('the hook to go', hookUrls, (urls) => urls.length === 0)).toEqual([]);
	});

	it('a trigger filtered to one of two campaigns runs only its deliveries on either webhook process, each answered 2xx', async () => {
		const filteredId = await createTriggerWorkflow(stack.api, {
			name: 'Kakiyo: queue mode, one campaign',
			node: {
				provider: 'kakiyo',
				type: stack.nodeType('kakiyo'),
				webhookId: FILTERED_ID,
				events: [kakiyo.wildcard!],
				credential: stack.credential,
				parameters: { campaigns: ['campaign_sbx_2'] },
			},
		});
		await setActive(stack.api, filteredId, true);
		await settled(stack, filteredId);
		await until('its hook', hookUrls, (urls) => urls.includes(filteredUrl()));
		// One at a time, as pairs (1, 1, 2, 2, ...): nginx's round robin alternates the processes, so
		// each receives deliveries of both campaigns whichever it starts with.
		const campaigns = Array.from({ length: FILTERED_DELIVERIES }, (_, index) =>
			index % 4 < 2 ? 'campaign_sbx_1' : 'campaign_sbx_2',
		);
		for (const campaign of campaigns)
			await control('POST', '/emit', { event: 'prospect.qualified', campaign });
		const kept = FILTERED_DELIVERIES / 2;
		const runs = await until(
			`${kept} finished runs`,
			() => executionsOf(stack.api, filteredId),
			(all) =>
				all.length >= kept &&
				all.every((run) => !['new', 'running', 'waiting'].includes(run.status)),
			60_000,
		);
		await sleep(2_000);
		expect(await executionsOf(stack.api, filteredId)).toHaveLength(kept);
		for (const run of runs)
			expect(outputOf(run, 'Kakiyo Trigger')).toMatchObject({
				data: { campaign: { id: 'campaign_sbx_2' } },
			});
		// Every delivery to the filtered URL answered 2xx, and both processes dropped some.
		const path = new URL(filteredUrl()).pathname;
		const deliveries = stack.balancer
			.requests()
			.filter((request) => request.method === 'POST' && request.path === path);
		expect(deliveries).toHaveLength(FILTERED_DELIVERIES);
		expect(deliveries.every((request) => request.status >= 200 && request.status < 300)).toBe(true);
		const byProcess = stack.webhooks.map(
			(webhook) =>
				deliveries.filter((request) => request.upstream === new URL(webhook.url).host).length,
		);
		console.log(`filtered deliveries per webhook process (nginx): ${byProcess.join(' / ')}`);
		expect(byProcess.every((count) => count > 0)).toBe(true);
		await setActive(stack.api, filteredId, false);
	});
});
