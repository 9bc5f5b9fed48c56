/**
 * Issue 23: the Kakiyo Trigger against n8n's own Webhook node with Header Auth (its fair peer:
 * both carry a credential), paired and interleaved in one n8n. Each round loads the two in turn,
 * the order swapped every round so neither always follows the other; each load sends 1 KB signed
 * deliveries from `BENCH_CONNECTIONS` connections for `BENCH_SECONDS`, then lets n8n go idle. The
 * figure is the median of the per-round ratios (trigger ÷ Webhook node), with their spread; p99
 * is given both ways, pooled over every 2xx answer of a side and as the median of per-round
 * ratios. `BENCH_WARMUP_ROUNDS` rounds alike come first, unrecorded. The machine's load average is
 * sampled every 2 s while the loads run, since other work on it moves the rates.
 *
 * `node --import tsx bench/paired.bench.ts` measures one n8n process (SQLite); `BENCH_MODE=queue`
 * measures queue mode as the README sets it up (PostgreSQL, Redis, main, 2 `n8n webhook`
 * processes behind nginx, 1 worker). About 10 minutes each with the defaults; `BENCH_ROUNDS`,
 * `BENCH_WARMUP_ROUNDS`, `BENCH_SECONDS`, `BENCH_CONNECTIONS`, `BENCH_BYTES` change the design.
 * CPU is the n8n processes' (in queue mode: main, webhook processes and worker together) per
 * request written.
 */
import { cpus, loadavg } from 'node:os';

import { VERSIONS } from '../scripts/toolchain.js';
import { n8nInstall } from '../test/harness/n8n-process.js';
import { startQueueStack } from '../test/queue/queue-stack.js';
import { withEndpoints } from './n8n/bench-stack.js';
import { answering, BREAKCOLD_SECRET, openEndpoints, pairedSides } from './n8n/endpoints.js';
import { load, median, percentile, type Endpoint, type LoadResult } from './n8n/load.js';
import { cpuMsOf, settle } from './n8n/process-stats.js';

const setting = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const ROUNDS = setting('BENCH_ROUNDS', 10);
const SECONDS = setting('BENCH_SECONDS', 15);
const WARMUP_ROUNDS = setting('BENCH_WARMUP_ROUNDS', 2);
const CONNECTIONS = setting('BENCH_CONNECTIONS', 8);
const BYTES = setting('BENCH_BYTES', 1024);
const QUEUE = process.env.BENCH_MODE === 'queue';
/**
 * `BENCH_LAZY_ISOLATES=1`: every n8n process creates an expression isolate only when an
 * expression needs one (`N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE`), which takes its largest fixed cost
 * per delivery off both sides and leaves what differs between them.
 */
const LAZY = process.env.BENCH_LAZY_ISOLATES === '1';
const N8N_ENV: Record<string, string> = LAZY ? { N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE: 'true' } : {};

const log = (message: string) => process.stderr.write(`[paired bench] ${message}\n`);
const say = (line = '') => process.stdout.write(`${line}\n`);
const fixed = (value: number, digits = 1) => (Number.isFinite(value) ? value.toFixed(digits) : '–');

interface Side {
	readonly label: string;
	readonly endpoint: Endpoint;
	readonly loads: Array<LoadResult & { cpuMs: number }>;
}

/** The load average (1 min), sampled every 2 s until `stop` is called. */
function sampleLoad(): { stop(): number[] } {
	const samples: number[] = [];
	const timer = setInterval(() => samples.push(loadavg()[0]!), 2_000);
	return {
		stop() {
			clearInterval(timer);
			return samples;
		},
	};
}

/** The n8n processes a load keeps busy. */
type Pids = readonly number[];
const cpuOf = (pids: Pids) => pids.reduce((sum, pid) => sum + cpuMsOf(pid), 0);

/** Loads one side for `seconds`, then waits for n8n to go idle; its CPU per request written. */
async function loadOnce(pids: Pids, side: Side, seconds: number, record: boolean) {
	const before = cpuOf(pids);
	const result = await load(side.endpoint, { connections: CONNECTIONS, seconds });
	let idleAfterMs = 0;
	for (const pid of pids) idleAfterMs += await settle(pid);
	const cpuMs = (cpuOf(pids) - before) / result.sent;
	const bad = result.sent - result.accepted;
	log(
		`${record ? 'round' : 'warm-up'} ${side.label}: ${fixed(result.perSecond)}/s, p99 ${fixed(percentile(result.latencies, 99), 0)} ms, ${fixed(cpuMs)} ms CPU each, idle ${fixed(idleAfterMs / 1000)} s after${bad > 0 ? `, ${bad} still in flight when it ended` : ''}`,
	);
	if (Object.keys(result.statuses).some((status) => !status.startsWith('2')) || result.errors > 0)
		throw new Error(`${side.label} answered ${JSON.stringify(result.statuses)}`);
	if (record) side.loads.push({ ...result, cpuMs });
}

function quartiles(values: readonly number[]) {
	return { q1: percentile(values, 25), q3: percentile(values, 75) };
}

/** Runs `measure` with every endpoint open, in one n8n or in queue mode. */
async function withTarget(measure: (pids: Pids, endpoints: Endpoint[]) => Promise<void>) {
	if (!QUEUE) {
		await withEndpoints(log, (stack, endpoints) => measure([stack.n8n.pid], endpoints), N8N_ENV);
		return;
	}
	log('starting queue mode: PostgreSQL, Redis, main, 2 webhook processes behind nginx, 1 worker');
	const stack = await startQueueStack({
		providers: ['kakiyo', 'saleshandy', 'breakcold'],
		credentialData: { breakcold: { webhookSecret: BREAKCOLD_SECRET } },
		webhookProcesses: 2,
		workers: 1,
		label: 'bench',
		env: N8N_ENV,
	});
	try {
		const endpoints = await openEndpoints(stack);
		for (const endpoint of endpoints) await answering(endpoint);
		await measure(
			[stack.main.pid, ...stack.webhooks.map((p) => p.pid), ...stack.workers.map((p) => p.pid)],
			endpoints,
		);
	} finally {
		await stack.close();
	}
}

async function main(): Promise<void> {
	n8nInstall();
	await withTarget(async (pids, endpoints) => {
		const sides = pairedSides(endpoints, BYTES);
		const trigger: Side = { ...sides.trigger, loads: [] };
		const webhook: Side = { ...sides.webhook, loads: [] };
		for (const pid of pids) await settle(pid);
		// Warm-up rounds are rounds as any other, unrecorded: an n8n that has just started does
		// work of its own for a minute or two, which would fall on whichever side it met.
		const round = async (index: number, record: boolean) => {
			const order = index % 2 === 1 ? [trigger, webhook] : [webhook, trigger];
			log(
				`${record ? 'round' : 'warm-up round'} ${index} of ${record ? ROUNDS : WARMUP_ROUNDS}: ${order.map((side) => side.label).join(', then ')}`,
			);
			for (const side of order) await loadOnce(pids, side, SECONDS, record);
		};
		for (let index = 1; index <= WARMUP_ROUNDS; index++) await round(index, false);
		const machine = sampleLoad();
		for (let index = 1; index <= ROUNDS; index++) await round(index, true);
		const loads = machine.stop();

		const ratios = trigger.loads.map(
			(mine, round) => mine.perSecond / webhook.loads[round]!.perSecond,
		);
		const spread = quartiles(ratios);
		const p99 = (result: LoadResult) => percentile(result.latencies, 99);
		const p99Ratios = trigger.loads.map((mine, index) => p99(mine) / p99(webhook.loads[index]!));
		const p99Spread = quartiles(p99Ratios);
		const cpu = new Date().toISOString().slice(0, 10);
		say(
			`### Paired with the Webhook node (Header Auth), ${QUEUE ? 'queue mode (main, 2 webhook processes behind nginx, 1 worker; PostgreSQL, Redis)' : 'one n8n process (SQLite)'}${LAZY ? ', isolates created only when needed' : ''}`,
		);
		say();
		say(
			`${cpu}; ${cpus().length} × ${cpus()[0]?.model.trim() ?? 'cpu'}; n8n ${VERSIONS.n8n} on Node ${VERSIONS.node24}, default execution saving; autocannon on Node ${process.version.slice(1)}, loopback. ${ROUNDS} rounds, ${SECONDS} s per side per round after ${WARMUP_ROUNDS} warm-up rounds alike, ${CONNECTIONS} connections, ${BYTES} B signed deliveries.`,
		);
		say(
			`Command: \`${QUEUE ? 'BENCH_MODE=queue ' : ''}${LAZY ? 'BENCH_LAZY_ISOLATES=1 ' : ''}BENCH_ROUNDS=${ROUNDS} BENCH_SECONDS=${SECONDS} BENCH_WARMUP_ROUNDS=${WARMUP_ROUNDS} BENCH_CONNECTIONS=${CONNECTIONS} BENCH_BYTES=${BYTES} node --import tsx bench/paired.bench.ts\``,
		);
		say();
		say(
			'| endpoint | deliveries/s (median of rounds) | p50 ms | p99 ms (all rounds pooled) | p99 ms (median of rounds) | n8n CPU ms per delivery |',
		);
		say('|---|---|---|---|---|---|');
		for (const side of [trigger, webhook]) {
			const latencies = side.loads.flatMap((result) => result.latencies);
			say(
				`| ${side.label} | ${fixed(median(side.loads.map((result) => result.perSecond)))} | ${fixed(percentile(latencies, 50), 0)} | ${fixed(percentile(latencies, 99), 0)} | ${fixed(median(side.loads.map(p99)), 0)} | ${fixed(median(side.loads.map((result) => result.cpuMs)))} |`,
			);
		}
		say();
		say(
			`**Trigger ÷ Webhook node: ${fixed(median(ratios), 2)}×** (median of ${ROUNDS} per-round ratios; quartiles ${fixed(spread.q1, 2)}–${fixed(spread.q3, 2)}, range ${fixed(Math.min(...ratios), 2)}–${fixed(Math.max(...ratios), 2)}). Per round: ${ratios.map((ratio) => fixed(ratio, 2)).join(', ')}.`,
		);
		say(
			`p99, trigger ÷ Webhook node: ${fixed(median(p99Ratios), 2)}× (median of the per-round ratios, below 1 is better for the trigger; quartiles ${fixed(p99Spread.q1, 2)}–${fixed(p99Spread.q3, 2)}). Per round: ${p99Ratios.map((ratio) => fixed(ratio, 2)).join(', ')}.`,
		);
		say(
			`Load average (1 min) while the rounds ran: median ${fixed(median(loads), 2)}, highest ${fixed(Math.max(...loads), 2)}, on ${cpus().length} cores.`,
		);
		say();
	});
}

main().catch((error: unknown) => {
	log(error instanceof Error ? (error.stack ?? error.message) : String(error));
	process.exitCode = 1;
});
