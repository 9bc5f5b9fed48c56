/**
 * Provider retries soak (issue 11): each provider's sandbox re-sends deliveries by its own policy
 * (Kakiyo after 1, 2 and 4 s; Breakcold's current format after 5 and 30 s; Saleshandy's, which
 * it does not publish, as the sandbox assumes it: 5 and 30 s), scaled down. The sandbox makes it
 * retry deliveries n8n did receive and answer (`/_sandbox/delivery-faults`: the answer is lost or
 * the attempt counted as timed out), so every retry reaches the trigger. With the trigger's
 * default, Ignore Repeated Deliveries, each authenticated event must run exactly once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
	createTriggerWorkflow,
	sandboxControl,
	setActive,
	until,
	type Execution,
	type PublicApi,
} from '../harness/driver.js';
import { n8nInstall } from '../harness/n8n-process.js';
import { startStack, type Stack } from '../harness/stack.js';

type ProviderId = 'kakiyo' | 'saleshandy' | 'breakcold';

interface Attempt {
	hookId: string;
	attempt: number;
	status?: number;
	ok: boolean;
	injected?: 'lose-answer' | 'timeout';
	body: string;
}

/** The provider's retries, as its sandbox module plays them, before the time scale. */
const POLICY: Record<ProviderId, { retriesMs: number[]; event: string; events: string[] }> = {
	kakiyo: { retriesMs: [1_000, 2_000, 4_000], event: 'prospect.replied', events: ['*'] },
	saleshandy: {
		retriesMs: [5_000, 30_000],
		event: 'reply-received',
		events: ['reply-received'],
	},
	breakcold: { retriesMs: [5_000, 30_000], event: 'record.updated', events: ['*'] },
};
/** Events per provider: each gets 0 to all of its provider's retries, answer lost or timed out. */
const EVENTS = 12;
/** Retry delays times this: Kakiyo's 1 s is 50 ms, Breakcold's 30 s is 1.5 s. */
const TIME_SCALE = 0.05;
const BREAKCOLD_SECRET = 'whsec_soak_retries_0123456789abcdef';
const today = () => new Date().toISOString().slice(0, 10);

let stack: Stack;
let api: PublicApi;
const workflows: Partial<Record<ProviderId, string>> = {};

/** Every run of a workflow started by a delivery, once none is still going. */
async function runsOf(workflowId: string, atLeast: number): Promise<Execution[]> {
	return until(
		`${atLeast} finished runs of ${workflowId}`,
		async () => {
			const answer = await api.call<{ data: Execution[] }>(
				'GET',
				`/executions?workflowId=${workflowId}&includeData=true&limit=250`,
			);
			return answer.body.data.filter((run) => run.mode === 'webhook');
		},
		(runs) => runs.length >= atLeast && runs.every((run) => run.status !== 'running'),
		120_000,
	);
}

/** The soak mark an event carried, wherever the provider put the emitted data. */
const markOf = (text: string) => /"soakMark":"([^"]+)"/.exec(text)?.[1];

beforeAll(async () => {
	n8nInstall();
	stack = await startStack({
		providers: ['kakiyo', 'saleshandy', 'breakcold'],
		sandbox: { timeScale: TIME_SCALE, attemptTimeoutMs: 10_000 },
		credentialData: { breakcold: { webhookSecret: BREAKCOLD_SECRET } },
	});
	api = stack.api;
	for (const id of Object.keys(POLICY) as ProviderId[]) {
		const webhookId = `soak-retries-${id}`;
		workflows[id] = await createTriggerWorkflow(api, {
			name: webhookId,
			node: {
				provider: id,
				webhookId,
				events: POLICY[id].events,
				credential: stack.providers[id]!.credential,
				name: 'Trigger',
			},
		});
		await setActive(api, workflows[id], true);
		const url = `${stack.n8n.webhookUrl}webhook/${webhookId}/webhook`;
		const control = sandboxControl(stack.providers[id]!.sandbox.url);
		// Breakcold's user pastes the URL into its UI, in the format that retries.
		if (id === 'breakcold')
			await control('POST', '/webhooks', { url, format: 'current', secret: BREAKCOLD_SECRET });
		// Reduced to what is waited for: a timeout prints the last value, secrets included.
		await until(
			`${id}'s active hook for ${url}`,
			async () =>
				(await control<Array<{ url: string; active: boolean }>>('GET', '/hooks')).map(
					({ url: at, active }) => ({ url: at, active }),
				),
			(hooks) => hooks.some((hook) => hook.url === url && hook.active),
			60_000,
		);
		// Saleshandy's test delivery on create is done: the faults below are for the events.
		await until(
			`${id}'s URL to serve`,
			async () => (await fetch(url, { method: 'POST', body: '{}' })).status,
			(status) => status !== 404,
		);
		await control('DELETE', '/deliveries');
	}
}, 900_000);

afterAll(async () => {
	await stack?.close();
});

/**
 * Emits the provider's events one after another, the first `lost` attempts of each counted as
 * failed after n8n answered them, and waits for its last attempt; then reads the runs.
 */
async function soak(id: ProviderId) {
	const control = sandboxControl(stack.providers[id]!.sandbox.url);
	const retries = POLICY[id].retriesMs.length;
	const marks: string[] = [];
	let injected = 0;
	for (let n = 0; n < EVENTS; n++) {
		const mark = `${id}-${n}-${Date.now()}`;
		marks.push(mark);
		// 0 to every retry the policy has, so the last attempt of some events is its last retry.
		const lost = n % (retries + 1);
		if (lost > 0)
			await control('POST', '/delivery-faults', {
				kind: n % 2 === 0 ? 'lose-answer' : 'timeout',
				count: lost,
			});
		injected += lost;
		await control('POST', '/emit', { event: POLICY[id].event, data: { soakMark: mark } });
		await until(
			`${id}: the attempt of ${mark} that counts`,
			async () =>
				(await control<Attempt[]>('GET', '/deliveries')).map((attempt) => ({
					mark: markOf(attempt.body),
					attempt: attempt.attempt,
					ok: attempt.ok,
				})),
			(attempts) => attempts.some((attempt) => attempt.ok && attempt.mark === mark),
			60_000,
		);
	}
	// Saleshandy's test delivery on create is no event: its record has twice landed after the clear
	// in beforeAll on a loaded machine, one unmarked attempt too many, so it is set aside by its mark.
	const attempts = (await control<Attempt[]>('GET', '/deliveries')).filter(
		(attempt) => markOf(attempt.body) !== undefined || !/"test":\s*true/.test(attempt.body),
	);
	const runs = await runsOf(workflows[id]!, marks.length);
	return { marks, attempts, runs, injected };
}

describe('provider retries soak: with repeats ignored, each event runs once', () => {
	it('Kakiyo, Saleshandy and Breakcold (current format) re-send deliveries n8n answered; every event runs exactly once', async () => {
		const results = await Promise.all(
			(Object.keys(POLICY) as ProviderId[]).map(async (id) => ({ id, ...(await soak(id)) })),
		);
		// Every provider's line first, then the checks (on counts: an attempt carries its proof).
		const checked = results.map(({ id, marks, attempts, runs, injected }) => {
			const retried = attempts.filter((attempt) => attempt.attempt > 1).length;
			const lost = attempts.filter((attempt) => attempt.injected !== undefined).length;
			// n8n answered every attempt 200: the ones counted lost too, where their status is kept.
			const notOk = attempts.filter(
				(attempt) => attempt.injected !== 'timeout' && attempt.status !== 200,
			).length;
			const ran = runs.map((run) => markOf(JSON.stringify(run.data?.resultData.runData)));
			const policy = POLICY[id].retriesMs.map((ms) => `${ms / 1000}`).join('/');
			console.log(
				`[retries soak ${today()}] ${id}: ${marks.length} events, ${attempts.length} deliveries ` +
					`(${retried} retries after ${lost} answers lost or timed out; ` +
					`policy ${policy} s x${TIME_SCALE}), ${runs.length} runs, ` +
					`repeats run ${runs.length - new Set(ran).size}`,
			);
			return { id, marks, attempts, runs, injected, retried, lost, notOk, ran };
		});
		for (const { id, marks, attempts, runs, injected, retried, lost, notOk, ran } of checked) {
			expect(notOk, `${id}: attempts n8n did not answer 200`).toBe(0);
			expect(lost, `${id}: attempts counted failed`).toBe(injected);
			expect(retried, `${id}: retries`).toBe(injected);
			// Every attempt, reduced to what tells them apart, should the count be off.
			const seen = attempts.map((attempt) => ({
				mark: markOf(attempt.body),
				attempt: attempt.attempt,
				status: attempt.status,
				injected: attempt.injected,
			}));
			expect(attempts.length, `${id}: deliveries ${JSON.stringify(seen)}`).toBe(
				marks.length + injected,
			);
			expect(ran.sort(), `${id}: the events that ran`).toEqual([...marks].sort());
			expect(runs.every((run) => run.status === 'success')).toBe(true);
		}
	});
});
