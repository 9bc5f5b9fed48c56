/**
 * Through a real n8n (issue 10, part 2): every package from its tarball in the project's own
 * n8n, each provider's trigger against n8n's own Webhook node (with Header Auth, the fair peer,
 * and without) in the same n8n, same response mode, bodies and concurrency. Interleaved rounds
 * after a warm-up; every request a distinct delivery, proven and dated when it is sent; every
 * answer's status counted and every run checked in n8n's executions at the end. Then the n8n
 * process's memory after 10,000 deliveries to a trigger and to the Webhook node, each in a freshly
 * started n8n. Markdown on stdout, progress on stderr.
 *
 * `node --import tsx bench/n8n.bench.ts`; for a short run while developing, e.g.
 * `BENCH_SECONDS=3 BENCH_ROUNDS=2 BENCH_RSS_DELIVERIES=500`.
 */
import { existsSync, readdirSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';

import { sleep, type PublicApi } from '../test/harness/driver.js';
import { n8nInstall } from '../test/harness/n8n-process.js';
import type { Stack } from '../test/harness/stack.js';
import { CACHE_ROOT, VERSIONS } from '../scripts/toolchain.js';
import { withEndpoints } from './n8n/bench-stack.js';
import { answering } from './n8n/endpoints.js';
import { load, median, percentile, type Endpoint, type LoadResult } from './n8n/load.js';
import { cpuMsOf, memoryOf, settle } from './n8n/process-stats.js';

const setting = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
/** Seconds each endpoint is loaded in a round. */
const SECONDS = setting('BENCH_SECONDS', 10);
const ROUNDS = setting('BENCH_ROUNDS', 5);
/** Seconds of warm-up per endpoint before the measured rounds. */
const WARMUP_SECONDS = setting('BENCH_WARMUP_SECONDS', Math.min(5, SECONDS));
const CONNECTIONS = setting('BENCH_CONNECTIONS', 8);
/** Deliveries before each memory reading; 0 skips the memory part. */
const RSS_DELIVERIES = setting('BENCH_RSS_DELIVERIES', 10_000);
/** The endpoints whose memory is read: one trigger and the fair peer. */
const RSS_ENDPOINTS = ['bench-kakiyo', 'bench-webhook-header-auth'];
const PEER = 'bench-webhook-header-auth';
const UNSECURED = 'bench-webhook';

const log = (message: string) => process.stderr.write(`[n8n bench] ${message}\n`);
const say = (line = '') => process.stdout.write(`${line}\n`);

/**
 * Waits (up to 15 minutes) while another process installs the pinned n8n, rather than
 * installing it a second time side by side; then installs it if still missing.
 */
async function n8nInstalled(): Promise<void> {
	const folder = `n8n-${VERSIONS.n8n}-node-${VERSIONS.node24}`;
	const installing = () =>
		existsSync(CACHE_ROOT) && readdirSync(CACHE_ROOT).some((name) => /\.partial-\d+$/.test(name));
	const deadline = Date.now() + 15 * 60_000;
	while (!existsSync(join(CACHE_ROOT, folder, '.complete')) && installing()) {
		if (Date.now() > deadline) throw new Error(`n8n is still being installed in ${CACHE_ROOT}`);
		log('another process is installing n8n; waiting');
		await sleep(10_000);
	}
	n8nInstall();
}

/** How many runs each status has in a workflow's executions. */
async function runsOf(api: PublicApi, workflowId: string): Promise<Record<string, number>> {
	const counts: Record<string, number> = {};
	let cursor: string | undefined;
	do {
		const page = await api.call<{ data: Array<{ status: string }>; nextCursor?: string | null }>(
			'GET',
			`/executions?workflowId=${workflowId}&limit=250${cursor ? `&cursor=${cursor}` : ''}`,
		);
		if (page.status !== 200) throw new Error(`executions answered ${page.status}`);
		for (const { status } of page.body.data) counts[status] = (counts[status] ?? 0) + 1;
		cursor = page.body.nextCursor ?? undefined;
	} while (cursor);
	return counts;
}

/** The answers that were not 2xx, e.g. `401×3, errors×1`; `0` when there were none. */
function failures(results: readonly LoadResult[]): string {
	const counts: Record<string, number> = {};
	for (const result of results) {
		for (const [status, count] of Object.entries(result.statuses))
			if (!status.startsWith('2')) counts[status] = (counts[status] ?? 0) + count;
		if (result.errors > 0) counts.errors = (counts.errors ?? 0) + result.errors;
	}
	const text = Object.entries(counts)
		.map(([status, count]) => `${status}×${count}`)
		.join(', ');
	return text === '' ? '0' : text;
}

const fixed = (value: number, digits = 1) => (Number.isFinite(value) ? value.toFixed(digits) : '–');
const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MiB`;

/** A load and the time n8n took afterwards to finish the runs it had answered for. */
interface Measured extends LoadResult {
	drainSeconds: number;
	/** n8n's main-process CPU time per request written, load and drain together, in milliseconds. */
	cpuMs: number;
}

/** Interleaved rounds of every endpoint; each load's result by endpoint id, round by round. */
async function throughput(stack: Stack, endpoints: readonly Endpoint[]) {
	const rounds = new Map<string, Measured[]>(endpoints.map(({ id }) => [id, []]));
	// Each endpoint's probe was one delivery, answered 2xx.
	const accepted = new Map<string, number>(endpoints.map(({ id }) => [id, 1]));
	const sent = new Map<string, number>(endpoints.map(({ id }) => [id, 1]));
	const pass = async (seconds: number, record: boolean) => {
		for (const endpoint of endpoints) {
			const cpuBefore = cpuMsOf(stack.n8n.pid);
			const result = await load(endpoint, { connections: CONNECTIONS, seconds });
			// n8n answers before the run ends: let it finish, so no run is billed to the next load.
			const drainSeconds = (await settle(stack.n8n.pid)) / 1000;
			const cpuMs = (cpuMsOf(stack.n8n.pid) - cpuBefore) / result.sent;
			accepted.set(endpoint.id, accepted.get(endpoint.id)! + result.accepted);
			sent.set(endpoint.id, sent.get(endpoint.id)! + result.sent);
			if (record) rounds.get(endpoint.id)!.push({ ...result, drainSeconds, cpuMs });
			log(
				`${record ? 'round' : 'warm-up'} ${endpoint.id}: ${fixed(result.perSecond)}/s, p50 ${fixed(percentile(result.latencies, 50), 0)} ms, drained in ${fixed(drainSeconds)} s, ${fixed(cpuMs)} ms CPU each, not 2xx: ${failures([result])}`,
			);
		}
	};
	await settle(stack.n8n.pid);
	log(`warm-up, ${WARMUP_SECONDS} s each`);
	await pass(WARMUP_SECONDS, false);
	for (let round = 1; round <= ROUNDS; round++) {
		log(`round ${round} of ${ROUNDS}, ${SECONDS} s each`);
		await pass(SECONDS, true);
	}
	return { rounds, accepted, sent };
}

/** A trigger's rate against a peer's, round by round: the median of the paired ratios. */
function ratio(mine: readonly Measured[], peer: readonly Measured[]): number {
	return median(mine.map((result, round) => result.perSecond / peer[round]!.perSecond));
}

async function throughputTable(stack: Stack, endpoints: readonly Endpoint[]) {
	const { rounds, accepted, sent } = await throughput(stack, endpoints);
	log('counting executions');
	await sleep(2_000);
	say(
		`### Deliveries into a real n8n: ${ROUNDS} interleaved rounds of ${SECONDS} s per endpoint, ${CONNECTIONS} connections`,
	);
	say();
	say(
		'| endpoint | body | deliveries/s (median of rounds) | p50 ms | p99 ms | × Webhook node, Header Auth | × Webhook node, unsecured | n8n CPU ms per delivery | drain s | not 2xx | runs (2xx answers–requests) |',
	);
	say('|---|---|---|---|---|---|---|---|---|---|---|');
	let allRan = true;
	for (const endpoint of endpoints) {
		const results = rounds.get(endpoint.id)!;
		const latencies = results.flatMap((result) => result.latencies);
		const runs = await runsOf(stack.api, endpoint.workflowId);
		const success = runs.success ?? 0;
		const others = Object.entries(runs).filter(([status]) => status !== 'success');
		const answered = accepted.get(endpoint.id)!;
		const written = sent.get(endpoint.id)!;
		if (success < answered || success > written) allRan = false;
		const bytes = Buffer.byteLength(endpoint.next().body);
		const peer = (id: string) =>
			endpoint.id === id ? '1' : fixed(ratio(results, rounds.get(id)!), 2);
		say(
			`| ${endpoint.label} | ${bytes} B | ${fixed(median(results.map((result) => result.perSecond)))} | ${fixed(percentile(latencies, 50), 0)} | ${fixed(percentile(latencies, 99), 0)} | ${peer(PEER)} | ${peer(UNSECURED)} | ${fixed(median(results.map((result) => result.cpuMs)))} | ${fixed(median(results.map((result) => result.drainSeconds)))} | ${failures(results)} | ${success} (${answered}–${written})${others.length > 0 ? ` (${others.map(([s, n]) => `${s} ${n}`).join(', ')})` : ''} |`,
		);
	}
	say();
	say(
		`Load average (1 min) of the machine when the rounds ended: ${fixed(loadavg()[0]!, 2)}, on ${cpus().length} cores; everything else running on it shares them.`,
	);
	say();
	say(
		`Each round loads every endpoint in turn, in this order, after ${WARMUP_SECONDS} s of warm-up each; after each load n8n is let go idle ("drain": the median time it kept working on runs it had already answered for), so no run is billed to the next load; "n8n CPU" is the CPU time n8n's main process used over the load and its drain, per request written (median of rounds), which other processes on the machine disturb less than the rate. Ratios are medians of the per-round ratios. "runs" counts successful executions of the endpoint's workflow in n8n's API (warm-up and the first probe included); it must lie between the 2xx answers and the requests written, since a load that ends on time abandons those in flight, which n8n may still run${allRan ? ': it does for every endpoint.' : ': **it does not**.'}`,
	);
	say();
}

async function memoryTable(stack: Stack, endpoints: readonly Endpoint[]) {
	say(
		`### Memory of the n8n process: ${RSS_DELIVERIES.toLocaleString('en')} deliveries, a fresh n8n each`,
	);
	say();
	say(
		'| endpoint | RSS after start and one delivery | RSS after | growth | peak RSS | runs / 2xx answers |',
	);
	say('|---|---|---|---|---|---|');
	for (const endpoint of endpoints.filter(({ id }) => RSS_ENDPOINTS.includes(id))) {
		log(`memory: restarting n8n for ${RSS_DELIVERIES} deliveries to ${endpoint.id}`);
		const n8n = await stack.restart();
		await answering(endpoint);
		await settle(n8n.pid);
		const before = memoryOf(n8n.pid);
		const runsBefore = (await runsOf(stack.api, endpoint.workflowId)).success ?? 0;
		const result = await load(endpoint, { connections: CONNECTIONS, amount: RSS_DELIVERIES });
		await settle(n8n.pid);
		await sleep(2_000);
		const after = memoryOf(n8n.pid);
		const ran = ((await runsOf(stack.api, endpoint.workflowId)).success ?? 0) - runsBefore;
		log(`memory ${endpoint.id}: ${mib(before.rss)} -> ${mib(after.rss)}, peak ${mib(after.peak)}`);
		say(
			`| ${endpoint.label} | ${mib(before.rss)} | ${mib(after.rss)} | ${mib(after.rss - before.rss)} | ${mib(after.peak)} | ${ran} / ${result.accepted}${result.accepted === RSS_DELIVERIES ? '' : ` (not 2xx: ${failures([result])})`} |`,
		);
	}
	say();
	say(
		`Read from /proc (VmRSS, VmHWM) of n8n's main process, its task runner not included, after n8n went idle. Each endpoint gets a freshly started n8n on the same database, and is loaded at ${CONNECTIONS} connections until it has answered ${RSS_DELIVERIES.toLocaleString('en')} times.`,
	);
	say();
}

async function main(): Promise<void> {
	await n8nInstalled();
	await withEndpoints(log, async (stack, endpoints) => {
		const cpu = cpus();
		say(`## Through a real n8n`);
		say();
		say(
			`${new Date().toISOString().slice(0, 10)}; ${cpu.length} × ${cpu[0]?.model.trim() ?? 'cpu'}; n8n ${VERSIONS.n8n} on Node ${VERSIONS.node24} (SQLite, default execution saving); load from autocannon on Node ${process.version.slice(1)} on the same machine, loopback.`,
		);
		say(
			`Command: \`BENCH_SECONDS=${SECONDS} BENCH_ROUNDS=${ROUNDS} BENCH_WARMUP_SECONDS=${WARMUP_SECONDS} BENCH_CONNECTIONS=${CONNECTIONS} BENCH_RSS_DELIVERIES=${RSS_DELIVERIES} node --import tsx bench/n8n.bench.ts\``,
		);
		say();
		await throughputTable(stack, endpoints);
		if (RSS_DELIVERIES > 0) await memoryTable(stack, endpoints);
	});
}

main().catch((error: unknown) => {
	log(error instanceof Error ? (error.stack ?? error.message) : String(error));
	process.exitCode = 1;
});
