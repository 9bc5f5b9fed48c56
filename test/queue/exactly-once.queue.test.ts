/**
 * Exactly once in n8n's queue mode, under the recipe of the README ("Running at scale"): nginx
 * sends a delivery and each of its retries to the same webhook process (a consistent hash of the
 * body), whose repeat guard then drops the retry. Main activates one workflow per provider (one
 * hook each where the provider registers hooks); a burst of signed deliveries, 10% of them sent
 * again as their provider retries, goes through the balancer while an attacker sends captured
 * deliveries again with every unsigned part changed (issue 19); every delivery must run exactly
 * once, each answered 2xx within the provider's attempt timeout; deactivation removes the hooks.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { setActive, until } from '../harness/driver.js';
import {
	activateTriggers,
	delivery,
	expectAccepted,
	FORMAT,
	FORMATS,
	PASTED_SECRET,
	secretOf,
	type Format,
	type Trigger,
} from '../soak/soak-stack.js';
import { ATTEMPT_TIMEOUT_MS, burst, percentile, runsByMark, type BurstResult } from './burst.js';
import { DELIVERY_KEY } from './nginx-balancer.js';
import { startQueueStack, type QueueStack } from './queue-stack.js';
import { REPLAYED, replayAttack, statusesByCopy, type AttackResult } from './replay.js';

const DELIVERIES = Number(process.env.QUEUE_DELIVERIES ?? 5_000);
const RETRY_SHARE = 0.1;
/** Deliveries in flight at once: what two cores answer within the attempt timeout with room to spare. */
const CONCURRENCY = 25;
const WORKERS = 2;
const WORKER_CONCURRENCY = 5;
/** Per replayed format: captured deliveries sent again, and requests under constant headers. */
const CAPTURED = 8;
const PINNED = 10;

let stack: QueueStack;
let triggers: Record<string, Trigger>;
const triggerOf = (format: Format) => triggers[FORMAT[format].provider.id]!;
const today = () => new Date().toISOString().slice(0, 10);

interface SandboxHook {
	url: string;
}
const hooksOf = async (provider: string) =>
	(await (
		await fetch(`${stack.providers[provider]!.sandbox.url}/_sandbox/hooks`)
	).json()) as SandboxHook[];

beforeAll(async () => {
	stack = await startQueueStack({
		providers: ['kakiyo', 'saleshandy', 'breakcold'],
		balance: { hash: DELIVERY_KEY },
		workers: WORKERS,
		concurrency: WORKER_CONCURRENCY,
		credentialData: { breakcold: { webhookSecret: PASTED_SECRET } },
	});
	// Saleshandy documents no delete; its sandbox offers one here, so deactivation can remove it.
	await fetch(`${stack.providers.saleshandy!.sandbox.url}/_sandbox/delete`, {
		method: 'POST',
		body: JSON.stringify({ enabled: true }),
	});
	triggers = await activateTriggers({
		api: stack.api,
		providers: stack.providers,
		webhookUrl: stack.balancer.webhookUrl,
	});
	for (const format of FORMATS) {
		const { secret } = triggerOf(format);
		expectAccepted(format, secret, delivery(format, secret, 'probe'));
	}
}, 1_800_000);

afterAll(async () => {
	await stack?.close();
});

describe('n8n queue mode: main, 2 webhook processes behind nginx, 2 workers', () => {
	it('activation on main registers exactly one hook per workflow, at the balancer, for each provider that registers hooks', async () => {
		for (const provider of ['kakiyo', 'saleshandy']) {
			const trigger = triggers[provider]!;
			expect(trigger.url.startsWith(stack.balancer.webhookUrl)).toBe(true);
			const hooks = await hooksOf(provider);
			expect(hooks.filter((hook) => hook.url === trigger.url)).toHaveLength(1);
			expect(hooks).toHaveLength(1);
			// The secret main stored is the one every webhook process proves deliveries with.
			expect(await secretOf(stack, trigger.provider, trigger.url)).toBe(trigger.secret);
		}
	});

	let sent: BurstResult;
	let attack: AttackResult;
	let counts: Map<unknown, number>;
	it(`${DELIVERIES} signed deliveries through the balancer, ${RETRY_SHARE * 100}% sent again as their provider retries, while captured ones are sent again with unsigned parts changed: 0 lost, 0 run twice, each answered 2xx within ${ATTEMPT_TIMEOUT_MS / 1000} s`, async () => {
		const attacked = replayAttack(triggerOf, { captured: CAPTURED, pinned: PINNED, limit: 3 });
		sent = await burst(triggerOf, {
			deliveries: DELIVERIES,
			retryShare: RETRY_SHARE,
			concurrency: CONCURRENCY,
		});
		attack = await attacked;
		const marks = [...sent.marks, ...attack.marks];
		const settled = await runsByMark(stack.api, Object.values(triggers), marks.length);
		counts = settled.counts;
		const { runs, settledAfterMs } = settled;
		const lost = marks.filter((mark) => (counts.get(mark) ?? 0) === 0).length;
		const twice = marks.filter((mark) => (counts.get(mark) ?? 0) > 1).length;
		const late = sent.answers.filter((answer) => answer.status < 200 || answer.status > 299);
		const ms = sent.answers.map((answer) => answer.ms);
		const spread = stack.balancer
			.requests()
			.filter((request) => request.path.startsWith('/webhook/'))
			.reduce<Record<string, number>>((by, request) => {
				by[request.upstream] = (by[request.upstream] ?? 0) + 1;
				return by;
			}, {});
		console.log(
			`[queue ${today()}] ${sent.answers.length} requests (${DELIVERIES} deliveries, ${sent.retries} retries; ${FORMATS.join(', ')} in turn) at concurrency ${CONCURRENCY} through nginx (consistent hash of ${DELIVERY_KEY}) to 2 webhook processes, ${WORKERS} workers × ${WORKER_CONCURRENCY}, beside ${attack.answers.length} requests of the attack: answered in ${sent.seconds.toFixed(1)} s (${(sent.answers.length / sent.seconds).toFixed(0)} req/s), p50 ${percentile(ms, 0.5).toFixed(0)} ms, p99 ${percentile(ms, 0.99).toFixed(0)} ms, max ${Math.max(...ms).toFixed(0)} ms; not 2xx in time ${late.length}; all run ${(settledAfterMs / 1000).toFixed(0)} s after the last answer (${(DELIVERIES / (sent.seconds + settledAfterMs / 1000) || 0).toFixed(0)} runs/s end to end); runs ${runs} of ${marks.length} deliveries, lost ${lost}, run twice ${twice}; requests per webhook process ${JSON.stringify(spread)}`,
		);
		if (late.length > 0 || lost > 0 || twice > 0) {
			const odd = new Set([
				...late.map((answer) => answer.mark),
				...marks.filter((mark) => (counts.get(mark) ?? 0) !== 1),
			]);
			console.log(
				`deliveries not run once or not answered 2xx, with their runs and attempts: ${JSON.stringify(
					[...odd].map((mark) => ({
						mark,
						runs: counts.get(mark) ?? 0,
						attempts: sent.answers.filter((answer) => answer.mark === mark),
					})),
				)}\nthe balancer's answers other than 200: ${JSON.stringify(
					stack.balancer
						.requests()
						.filter((request) => request.status !== 200 && request.status !== 401),
				)}\nnginx's error log: ${readFileSync(join(stack.folder, 'error.log'), 'utf8').slice(-4000)}`,
			);
		}
		expect(late).toEqual([]);
		expect(lost).toBe(0);
		expect(twice).toBe(0);
		// Nothing else stored an execution: no copy of the attack left an error behind.
		expect(runs).toBe(marks.length);
		// Both webhook processes took deliveries: the hash balances, it does not pin everything to one.
		expect(Object.keys(spread).length).toBeGreaterThanOrEqual(2);
	}, 1_800_000);

	it('a captured delivery sent again inside Maximum Age with made-up, constant, doubled or no delivery id, other headers, query, path case, gzip, deflate, br or chunked runs once in all; constant unsigned headers reach both webhook processes', () => {
		const table = statusesByCopy(attack.answers);
		console.log(
			`[queue ${today()}] issue 19's attack, ${CAPTURED} captured deliveries per format (${REPLAYED.join(', ')}) and ${PINNED} genuine and ${PINNED} forged ones per format under constant headers: answers by copy ${JSON.stringify(table)}`,
		);
		const replayed = attack.marks.filter((mark) => mark.startsWith('replay-'));
		expect(replayed).toHaveLength(CAPTURED * REPLAYED.length);
		expect(replayed.filter((mark) => counts.get(mark) !== 1)).toEqual([]);
		expect(table.genuine).toEqual({ 200: CAPTURED * REPLAYED.length });
		expect(table['genuine, constant headers']).toEqual({ 200: PINNED * REPLAYED.length });
		expect(table['forged, constant headers']).toEqual({ 401: PINNED * REPLAYED.length });
		// n8n never inflates what nginx hashed: a compressed copy is refused, never run.
		for (const coding of ['gzip', 'deflate', 'br'])
			expect(Object.keys(table[coding]!).every((status) => Number(status) >= 400)).toBe(true);
		expect(table.chunked).toEqual({ 411: CAPTURED * REPLAYED.length });
		const requests = stack.balancer.requests();
		for (const query of Object.values(attack.pinnedQuery)) {
			const upstreams = new Set(
				requests.filter((request) => request.path.includes(query)).map((r) => r.upstream),
			);
			expect(upstreams.size, query).toBe(2);
		}
	});

	it('deactivation on main removes each hook', async () => {
		for (const trigger of Object.values(triggers))
			await setActive(stack.api, trigger.workflowId, false);
		for (const provider of ['kakiyo', 'saleshandy'])
			await until(
				`${provider}'s hook to go`,
				() => hooksOf(provider),
				(hooks) => hooks.length === 0,
				60_000,
			);
	});
});
