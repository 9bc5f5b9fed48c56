/**
 * What a forged delivery costs n8n against a genuine one (issue 19): for each trigger in one real
 * n8n, genuine deliveries, forged ones with a proof of the right form, and for Saleshandy forged
 * secrets of the minted form (64 hex that say they were minted now, which only the credential's
 * API key can check). Requests one at a time, in interleaved rounds; for each kind the median
 * answer time and the CPU n8n's process used per request. A genuine delivery also starts a run.
 * Markdown on stdout, progress on stderr.
 *
 * `node --import tsx bench/forged.bench.ts`; `BENCH_REQUESTS` (per kind and round, 200) and
 * `BENCH_ROUNDS` (3) make it shorter or longer.
 */
import { randomBytes } from 'node:crypto';
import { cpus, loadavg } from 'node:os';

import { authKinds } from '../shared/verify-delivery.js';
import { type DeliveryAuth } from '../shared/provider.js';
import { breakcold } from '../shared/providers/breakcold/index.js';
import { kakiyo } from '../shared/providers/kakiyo/index.js';
import { saleshandy } from '../shared/providers/saleshandy/index.js';
import { n8nInstall } from '../test/harness/n8n-process.js';
import { VERSIONS } from '../scripts/toolchain.js';
import { withEndpoints } from './n8n/bench-stack.js';
import { median, percentile, type Delivery, type Endpoint } from './n8n/load.js';
import { cpuMsOf, settle } from './n8n/process-stats.js';

const setting = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const REQUESTS = setting('BENCH_REQUESTS', 200);
const ROUNDS = setting('BENCH_ROUNDS', 3);

const log = (message: string) => process.stderr.write(`[forged bench] ${message}\n`);
const say = (line = '') => process.stdout.write(`${line}\n`);
const hex = (bytes: number) => randomBytes(bytes).toString('hex');

/** The delivery with its proof replaced by `proof`, in the place `auth` carries it. */
function withProof(delivery: Delivery, auth: DeliveryAuth, proof: string): Delivery {
	switch (auth.kind) {
		case 'hmac-sha256-header':
		case 'secret-header':
			return { ...delivery, headers: { ...delivery.headers, [auth.header]: proof } };
		case 'timestamped-hmac':
			return { ...delivery, headers: { ...delivery.headers, [auth.signatureHeader]: proof } };
		case 'secret-in-body':
			return {
				...delivery,
				body: JSON.stringify({ ...(JSON.parse(delivery.body) as object), [auth.field]: proof }),
			};
	}
}

interface Kind {
	label: string;
	endpoint: Endpoint;
	next(): Delivery;
	expected: number;
}

/** Genuine and forged deliveries for each trigger. */
function kindsOf(endpoints: Endpoint[]): Kind[] {
	const byId = (id: string) => endpoints.find((endpoint) => endpoint.id === id)!;
	const [current, legacy] = authKinds(breakcold) as [DeliveryAuth, DeliveryAuth];
	const forged = (endpoint: Endpoint, auth: DeliveryAuth, proof: () => string) => () =>
		withProof(endpoint.next(), auth, proof());
	const rows: Array<[string, Endpoint, DeliveryAuth, () => string, string?]> = [
		['Kakiyo', byId('bench-kakiyo'), authKinds(kakiyo)[0]!, () => hex(32)],
		['Saleshandy', byId('bench-saleshandy'), authKinds(saleshandy)[0]!, () => hex(32)],
		['Breakcold, signed', byId('bench-breakcold-current'), current, () => `sha256=${hex(32)}`],
		['Breakcold, legacy', byId('bench-breakcold-legacy'), legacy, () => `whsec_${hex(16)}`],
	];
	const kinds: Kind[] = [];
	for (const [name, endpoint, auth, proof] of rows) {
		kinds.push({ label: `${name}: genuine`, endpoint, next: () => endpoint.next(), expected: 200 });
		kinds.push({
			label: `${name}: forged proof`,
			endpoint,
			next: forged(endpoint, auth, proof),
			expected: 401,
		});
	}
	const saleshandyEndpoint = byId('bench-saleshandy');
	// 64 hex starting with the time now: the form of a secret minted a moment ago.
	const mintedForm = () => `${Math.floor(Date.now() / 1000).toString(16)}${hex(28)}`;
	kinds.splice(4, 0, {
		label: 'Saleshandy: forged secret of the minted form',
		endpoint: saleshandyEndpoint,
		next: forged(saleshandyEndpoint, authKinds(saleshandy)[0]!, mintedForm),
		expected: 401,
	});
	return kinds;
}

interface Tally {
	latencies: number[];
	cpuMs: number;
	requests: number;
	unexpected: number;
}

/** Sends `REQUESTS` of a kind one at a time; n8n's CPU is read around them. */
async function round(pid: number, kind: Kind, tally: Tally): Promise<void> {
	await settle(pid);
	const before = cpuMsOf(pid);
	for (let n = 0; n < REQUESTS; n++) {
		const delivery = kind.next();
		const started = performance.now();
		const response = await fetch(kind.endpoint.url, {
			method: 'POST',
			headers: { 'content-type': 'application/json', ...delivery.headers },
			body: delivery.body,
		});
		await response.arrayBuffer();
		tally.latencies.push(performance.now() - started);
		if (response.status !== kind.expected) tally.unexpected += 1;
	}
	// A genuine delivery's run is saved after the answer: bill it to its kind.
	await settle(pid);
	tally.cpuMs += cpuMsOf(pid) - before;
	tally.requests += REQUESTS;
}

async function main(): Promise<void> {
	n8nInstall();
	await withEndpoints(log, async (stack, all) => {
		const endpoints = all.filter((endpoint) => !endpoint.id.startsWith('bench-webhook'));
		const kinds = kindsOf(endpoints);
		const tallies = new Map(
			kinds.map((kind) => [
				kind.label,
				{ latencies: [], cpuMs: 0, requests: 0, unexpected: 0 } as Tally,
			]),
		);
		// A warm-up round, not counted.
		for (const kind of kinds)
			await round(stack.n8n.pid, kind, { latencies: [], cpuMs: 0, requests: 0, unexpected: 0 });
		for (let r = 1; r <= ROUNDS; r++) {
			log(`round ${r} of ${ROUNDS}`);
			const order = r % 2 === 0 ? [...kinds].reverse() : kinds;
			for (const kind of order) await round(stack.n8n.pid, kind, tallies.get(kind.label)!);
		}
		const cpu = cpus();
		say('## What a forged delivery costs');
		say();
		say(
			`${new Date().toISOString().slice(0, 10)}; ${cpu.length} × ${cpu[0]?.model.trim() ?? 'cpu'}; n8n ${VERSIONS.n8n} on Node ${VERSIONS.node24} (SQLite), one process; requests one at a time from Node ${process.version.slice(1)} on the same machine, loopback; ${ROUNDS} interleaved rounds of ${REQUESTS} per kind after a warm-up round. Load average (1 min) at the end: ${loadavg()[0]!.toFixed(2)}.`,
		);
		say(
			`Command: \`BENCH_REQUESTS=${REQUESTS} BENCH_ROUNDS=${ROUNDS} node --import tsx bench/forged.bench.ts\``,
		);
		say();
		say('| delivery | answer | median ms | p90 ms | n8n CPU ms per request | unexpected answers |');
		say('|---|---|---|---|---|---|');
		for (const kind of kinds) {
			const tally = tallies.get(kind.label)!;
			say(
				`| ${kind.label} | ${kind.expected} | ${median(tally.latencies).toFixed(2)} | ${percentile(tally.latencies, 90).toFixed(2)} | ${(tally.cpuMs / tally.requests).toFixed(2)} | ${tally.unexpected} |`,
			);
		}
		say();
	});
}

main().catch((error: unknown) => {
	log(error instanceof Error ? (error.stack ?? error.message) : String(error));
	process.exitCode = 1;
});
