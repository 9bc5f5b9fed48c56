/**
 * Issue 23: where n8n's CPU goes for a delivery to the Kakiyo Trigger and to n8n's Webhook node
 * with Header Auth. n8n runs with `--cpu-prof`; each profile is one n8n process from start to
 * stop: idle (the baseline), or loaded with one endpoint's 1 KB deliveries for `BENCH_SECONDS`.
 * The baseline's CPU is taken off each loaded profile, category by category, and the rest is
 * divided by the deliveries n8n answered: what one delivery costs, by who spends it. The
 * trigger's own code is the node package's files; everything else is n8n's, grouped by package.
 *
 * `node --import tsx bench/profile.bench.ts` (about 6 minutes); `BENCH_SECONDS`,
 * `BENCH_CONNECTIONS`, `BENCH_BYTES`; `BENCH_PROFILES=<folder>` keeps the .cpuprofile files.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';

import { VERSIONS } from '../scripts/toolchain.js';
import { n8nInstall } from '../test/harness/n8n-process.js';
import type { Stack } from '../test/harness/stack.js';
import { withEndpoints } from './n8n/bench-stack.js';
import { answering, pairedSides } from './n8n/endpoints.js';
import { load, type Endpoint } from './n8n/load.js';
import { settle } from './n8n/process-stats.js';

const setting = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const SECONDS = setting('BENCH_SECONDS', 60);
const CONNECTIONS = setting('BENCH_CONNECTIONS', 8);
const BYTES = setting('BENCH_BYTES', 1024);
/** The longest wait for n8n to finish the runs it answered for, in milliseconds. */
const DRAIN_MS = 15_000;

const log = (message: string) => process.stderr.write(`[profile bench] ${message}\n`);
const say = (line = '') => process.stdout.write(`${line}\n`);

interface ProfileNode {
	id: number;
	callFrame: { functionName: string; url: string };
	children?: number[];
}
interface CpuProfile {
	nodes: ProfileNode[];
	samples: number[];
	timeDeltas: number[];
}

/** The package a script belongs to: the part of its path after the last `node_modules/`. */
function packageOf(url: string): string | undefined {
	const at = url.lastIndexOf('node_modules/');
	if (at === -1) return undefined;
	const parts = url.slice(at + 'node_modules/'.length).split('/');
	return parts[0]!.startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0];
}

/** Who spends a sample: the trigger's package, the Webhook node, an npm package, Node, V8. */
function categoryOf(url: string, functionName: string): string {
	if (/\/n8n-nodes-(kakiyo|saleshandy|breakcold)\/dist\//.test(url))
		return 'the trigger (its package)';
	if (url.includes('n8n-nodes-base/dist/nodes/Webhook/')) return 'Webhook node';
	if (functionName === '(garbage collector)') return 'garbage collection';
	const pkg = packageOf(url);
	if (pkg !== undefined) return pkg;
	if (url.startsWith('node:')) return 'Node.js (HTTP, streams, modules)';
	return 'V8 and native code';
}

/** Self CPU time of the main thread by category, in milliseconds, over the whole profile. */
function byCategory(profile: CpuProfile): Map<string, number> {
	const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
	const totals = new Map<string, number>();
	profile.samples.forEach((id, index) => {
		const { url, functionName } = nodes.get(id)!.callFrame;
		if (functionName === '(idle)') return;
		const name = categoryOf(url, functionName);
		totals.set(name, (totals.get(name) ?? 0) + (profile.timeDeltas[index] ?? 0) / 1000);
	});
	return totals;
}

/** The main process's profile: the largest file n8n wrote (its task runner writes one too). */
function mainProfile(folder: string): CpuProfile {
	const files = readdirSync(folder)
		.filter((file) => file.endsWith('.cpuprofile'))
		.map((file) => join(folder, file));
	const largest = files
		.map((file) => ({ file, text: readFileSync(file, 'utf8') }))
		.sort((a, b) => b.text.length - a.text.length)[0];
	if (largest === undefined) throw new Error(`n8n wrote no profile in ${folder}`);
	return JSON.parse(largest.text) as CpuProfile;
}

/**
 * One n8n process from start to stop under `NODE_OPTIONS=--cpu-prof`, loaded by `work` once
 * `endpoint` answers again (n8n registers its routes after it starts).
 */
async function profiled(
	stack: Stack,
	folder: string,
	endpoint: Endpoint,
	work: () => Promise<number>,
): Promise<{ profile: CpuProfile; deliveries: number }> {
	mkdirSync(folder, { recursive: true });
	await stack.restart({ NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${folder}` });
	await answering(endpoint);
	// Under the profiler n8n never quite idles: wait for the runs, not for silence.
	await settle(stack.n8n.pid, DRAIN_MS);
	const deliveries = await work();
	await settle(stack.n8n.pid, DRAIN_MS);
	// A normal exit writes the profile.
	await stack.restart();
	return { profile: mainProfile(folder), deliveries };
}

async function main(): Promise<void> {
	n8nInstall();
	const keep = process.env.BENCH_PROFILES;
	const root = keep ?? mkdtempSync(join(tmpdir(), 'n8n-profiles-'));
	await withEndpoints(log, async (stack, endpoints) => {
		const { trigger, webhook } = pairedSides(endpoints, BYTES);
		const sides = [trigger, webhook];
		log('baseline: n8n started and stopped, no load');
		const idle = byCategory(
			(await profiled(stack, join(root, 'idle'), sides[0]!.endpoint, async () => 0)).profile,
		);
		const columns: Array<{
			label: string;
			perDelivery: Map<string, number>;
			deliveries: number;
		}> = [];
		for (const [index, side] of sides.entries()) {
			log(`${side.label}: ${SECONDS} s at ${CONNECTIONS} connections`);
			const { profile, deliveries } = await profiled(
				stack,
				join(root, `side-${index}`),
				side.endpoint,
				async () => {
					const result = await load(side.endpoint, { connections: CONNECTIONS, seconds: SECONDS });
					if (
						result.errors > 0 ||
						Object.keys(result.statuses).some((code) => !code.startsWith('2'))
					)
						throw new Error(`${side.label}: ${JSON.stringify(result.statuses)}`);
					return result.accepted;
				},
			);
			const perDelivery = new Map(
				[...byCategory(profile)].map(([name, ms]) => [
					name,
					Math.max(0, ms - (idle.get(name) ?? 0)) / deliveries,
				]),
			);
			columns.push({ label: side.label, perDelivery, deliveries });
		}
		const cell = (column: (typeof columns)[number], name: string) =>
			column.perDelivery.get(name) ?? 0;
		const names = [...new Set(columns.flatMap((column) => [...column.perDelivery.keys()]))].sort(
			(a, b) =>
				Math.max(...columns.map((c) => cell(c, b))) - Math.max(...columns.map((c) => cell(c, a))),
		);
		const shown = names.filter((name) => Math.max(...columns.map((c) => cell(c, name))) >= 0.1);
		const rest = names.filter((name) => !shown.includes(name));
		say('### Where n8n spends a delivery: CPU profiles of the n8n process');
		say();
		say(
			`${new Date().toISOString().slice(0, 10)}; ${cpus().length} × ${cpus()[0]?.model.trim() ?? 'cpu'}; n8n ${VERSIONS.n8n} on Node ${VERSIONS.node24} (SQLite). Each side: a fresh n8n under \`--cpu-prof\`, ${SECONDS} s of ${BYTES} B signed deliveries at ${CONNECTIONS} connections (${columns.map((column) => `${column.label}: ${column.deliveries}`).join('; ')}); an idle n8n's profile taken off, category by category. The profile covers n8n's main thread; the expression isolates run on threads of their own (\`bench/paired.bench.ts\` reports the CPU of all threads, without a profiler). Command: \`BENCH_SECONDS=${SECONDS} BENCH_CONNECTIONS=${CONNECTIONS} BENCH_BYTES=${BYTES} node --import tsx bench/profile.bench.ts\`.`,
		);
		say();
		say(
			`| CPU ms per delivery | ${columns.map((column) => column.label).join(' | ')} | difference |`,
		);
		say(`|---|${columns.map(() => '---|').join('')}---|`);
		const row = (name: string, cells: number[]) =>
			say(
				`| ${name} | ${cells.map((ms) => ms.toFixed(2)).join(' | ')} | ${(cells[0]! - cells[1]!).toFixed(2)} |`,
			);
		for (const name of shown)
			row(
				name,
				columns.map((column) => cell(column, name)),
			);
		row(
			`the rest (${rest.length} more)`,
			columns.map((column) => rest.reduce((sum, name) => sum + cell(column, name), 0)),
		);
		row(
			'**main thread, all**',
			columns.map((column) => [...column.perDelivery.values()].reduce((sum, ms) => sum + ms, 0)),
		);
		say();
	});
	if (keep === undefined) rmSync(root, { recursive: true, force: true });
}

main().catch((error: unknown) => {
	log(error instanceof Error ? (error.stack ?? error.message) : String(error));
	process.exitCode = 1;
});
