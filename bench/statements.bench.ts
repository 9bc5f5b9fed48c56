/**
 * Issue 23: the database statements n8n runs for one delivery to the Kakiyo Trigger and to n8n's
 * Webhook node with Header Auth. n8n logs every TypeORM statement (`DB_LOGGING_ENABLED`); each
 * side gets `BENCH_DELIVERIES` 1 KB signed deliveries one after another, and the statements its
 * log gains are grouped by shape (numbers and literals taken out) and divided by the deliveries.
 *
 * `node --import tsx bench/statements.bench.ts` (about 3 minutes); `BENCH_DELIVERIES`,
 * `BENCH_BYTES`.
 */
import { cpus } from 'node:os';
import { stripVTControlCharacters } from 'node:util';

import { VERSIONS } from '../scripts/toolchain.js';
import { n8nInstall } from '../test/harness/n8n-process.js';
import { withEndpoints } from './n8n/bench-stack.js';
import { answering, deliverOnce, pairedSides, type PairedSide } from './n8n/endpoints.js';

const setting = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const DELIVERIES = setting('BENCH_DELIVERIES', 40);
const BYTES = setting('BENCH_BYTES', 1024);
/** How long n8n gets to finish the runs after the last answer, in milliseconds. */
const DRAIN_MS = 3_000;

const log = (message: string) => process.stderr.write(`[statements bench] ${message}\n`);
const say = (line = '') => process.stdout.write(`${line}\n`);

/** A statement's shape: its text from the verb on, numbers and quoted literals taken out. */
function shapeOf(line: string): string | undefined {
	const text = stripVTControlCharacters(line);
	const at = text.search(/\b(SELECT|INSERT|UPDATE|DELETE|BEGIN|COMMIT|ROLLBACK)\b/);
	if (at < 0) return undefined;
	return text
		.slice(at)
		.replace(/--.*$/, '')
		.replace(/'[^']*'/g, "'…'")
		.replace(/\b\d+\b/g, 'N')
		.replace(/\s+/g, ' ')
		.trim();
}

/** A shape short enough for a table cell: its verb and the table it names first. */
function labelOf(shape: string): string {
	const table = /\b(?:FROM|INTO|UPDATE)\s+"?(\w+)"?/.exec(shape)?.[1];
	const verb = shape.split(' ')[0]!;
	return table === undefined ? shape.slice(0, 40) : `${verb} ${table}`;
}

/** The statements n8n logs while `side` takes `DELIVERIES` deliveries, by shape, per delivery. */
async function statementsOf(logText: () => string, side: PairedSide): Promise<Map<string, number>> {
	const start = logText().length;
	for (let index = 0; index < DELIVERIES; index++) {
		const status = await deliverOnce(side.endpoint);
		if (status !== 200) throw new Error(`${side.label} answered ${status}`);
	}
	await new Promise((resolve) => setTimeout(resolve, DRAIN_MS));
	const counts = new Map<string, number>();
	for (const line of logText().slice(start).split('\n')) {
		if (!/query/i.test(line)) continue;
		const shape = shapeOf(line);
		if (shape === undefined) continue;
		const label = labelOf(shape);
		counts.set(label, (counts.get(label) ?? 0) + 1 / DELIVERIES);
	}
	return counts;
}

async function main(): Promise<void> {
	n8nInstall();
	await withEndpoints(log, async (stack, endpoints) => {
		await stack.restart({
			DB_LOGGING_ENABLED: 'true',
			DB_LOGGING_OPTIONS: 'query',
			N8N_LOG_LEVEL: 'debug',
		});
		const { trigger, webhook } = pairedSides(endpoints, BYTES);
		const sides = [trigger, webhook];
		// Routes, caches and the first runs' one-off statements are behind them once each answers.
		for (const side of sides) {
			await answering(side.endpoint);
			for (let index = 0; index < 5; index++) await deliverOnce(side.endpoint);
		}
		await new Promise((resolve) => setTimeout(resolve, DRAIN_MS));
		const columns: Array<Map<string, number>> = [];
		for (const side of sides) {
			log(`${side.label}: ${DELIVERIES} deliveries`);
			columns.push(await statementsOf(() => stack.n8n.log(), side));
		}
		const total = (column: Map<string, number>) =>
			[...column.values()].reduce((sum, count) => sum + count, 0);
		const labels = [...new Set(columns.flatMap((column) => [...column.keys()]))].sort(
			(a, b) =>
				Math.max(...columns.map((c) => c.get(b) ?? 0)) -
					Math.max(...columns.map((c) => c.get(a) ?? 0)) || a.localeCompare(b),
		);
		say('### The database statements of one delivery');
		say();
		say(
			`${new Date().toISOString().slice(0, 10)}; ${cpus().length} × ${cpus()[0]?.model.trim() ?? 'cpu'}; n8n ${VERSIONS.n8n} on Node ${VERSIONS.node24} (SQLite), default execution saving, \`DB_LOGGING_ENABLED=true\`. ${DELIVERIES} deliveries of ${BYTES} B per side, one at a time, after 5 each to warm up. Command: \`BENCH_DELIVERIES=${DELIVERIES} BENCH_BYTES=${BYTES} node --import tsx bench/statements.bench.ts\`.`,
		);
		say();
		say(`| statements per delivery | ${sides.map((side) => side.label).join(' | ')} |`);
		say(`|---|${sides.map(() => '---|').join('')}`);
		for (const label of labels)
			say(
				`| \`${label}\` | ${columns.map((column) => (column.get(label) ?? 0).toFixed(2)).join(' | ')} |`,
			);
		say(`| **all** | ${columns.map((column) => `**${total(column).toFixed(2)}**`).join(' | ')} |`);
		say();
	});
}

main().catch((error: unknown) => {
	log(error instanceof Error ? (error.stack ?? error.message) : String(error));
	process.exitCode = 1;
});
