/**
 * The routes to exactly once in n8n's queue mode, side by side: the same burst of signed
 * deliveries with 10% sent again as their provider retries (1 s after the answer for Kakiyo and
 * Saleshandy, 5 s for Breakcold's signed format), into main + 2 webhook processes behind nginx +
 * 2 workers, once per route, counting the deliveries that ran twice:
 * - round-robin, the triggers' own repeat guard only (each process has its own);
 * - round-robin, and n8n's Remove Duplicates node on the trigger's `deliveryId` after it
 *   ("Remove Items Processed in Previous Executions");
 * - nginx's consistent hash of the delivery key (the README's recipe, `DELIVERY_KEY`).
 *
 * `node --import tsx bench/queue-routes.bench.ts`: progress on stderr, the table on stdout.
 * `BENCH_DELIVERIES` sets the burst (default 1,000); each route starts its own stack.
 */
import { cpus, totalmem } from 'node:os';

import { burst, runsByMark } from '../test/queue/burst.js';
import { DELIVERY_KEY, type Balance } from '../test/queue/nginx-balancer.js';
import { startQueueStack } from '../test/queue/queue-stack.js';
import {
	activateTriggers,
	FORMAT,
	PASTED_SECRET,
	type Format,
	type Trigger,
} from '../test/soak/soak-stack.js';

const DELIVERIES = Number(process.env.BENCH_DELIVERIES ?? 1_000);
const RETRY_SHARE = 0.1;
const log = (message: string) => process.stderr.write(`[queue routes] ${message}\n`);

/** Remove Duplicates after the trigger, keyed on the delivery's id across executions. */
const REMOVE_DUPLICATES = {
	id: 'remove-duplicates',
	name: 'Remove Duplicates',
	type: 'n8n-nodes-base.removeDuplicates',
	typeVersion: 2,
	position: [220, 0],
	parameters: {
		operation: 'removeItemsSeenInPreviousExecutions',
		dedupeValue: '={{ $json.deliveryId }}',
	},
};

interface Route {
	name: string;
	balance: Balance;
	/** Nodes after the trigger; the last one's output is what counts as having run. */
	then?: Array<Record<string, unknown> & { name: string }>;
}

/** `BENCH_ROUTES=2,3` measures only those (1-based). */
const CHOSEN = process.env.BENCH_ROUTES?.split(',').map(Number);

const ROUTES: Route[] = [
	{ name: 'round-robin, the trigger’s repeat guard only', balance: 'round-robin' },
	{
		name: 'round-robin + Remove Duplicates on deliveryId',
		balance: 'round-robin',
		then: [REMOVE_DUPLICATES],
	},
	{ name: `consistent hash of the delivery key (recipe)`, balance: { hash: DELIVERY_KEY } },
];

async function measure(route: Route) {
	log(`${route.name}: starting the stack`);
	const stack = await startQueueStack({
		providers: ['kakiyo', 'saleshandy', 'breakcold'],
		balance: route.balance,
		credentialData: { breakcold: { webhookSecret: PASTED_SECRET } },
	});
	try {
		const triggers = await activateTriggers(
			{ api: stack.api, providers: stack.providers, webhookUrl: stack.balancer.webhookUrl },
			undefined,
			route.then,
		);
		const triggerOf = (format: Format) => triggers[FORMAT[format].provider.id]!;
		log(`${route.name}: ${DELIVERIES} deliveries`);
		const sent = await burst(triggerOf, {
			deliveries: DELIVERIES,
			retryShare: RETRY_SHARE,
			concurrency: 50,
		});
		// What ran: the trigger's output, or past Remove Duplicates, that node's.
		const last = route.then?.at(-1)?.name;
		const counted: Trigger[] = Object.values(triggers).map((trigger) =>
			last === undefined ? trigger : { ...trigger, node: last },
		);
		const { counts } = await runsByMark(stack.api, counted, DELIVERIES);
		const twice = sent.marks.filter((mark) => (counts.get(mark) ?? 0) > 1).length;
		const lost = sent.marks.filter((mark) => (counts.get(mark) ?? 0) === 0).length;
		const failed = sent.answers.filter((answer) => answer.status < 200 || answer.status > 299);
		return { twice, lost, retries: sent.retries, failed: failed.length };
	} finally {
		await stack.close();
	}
}

async function main() {
	const rows: string[] = [];
	for (const [index, route] of ROUTES.entries()) {
		if (CHOSEN !== undefined && !CHOSEN.includes(index + 1)) continue;
		const result = await measure(route);
		log(`${route.name}: ${JSON.stringify(result)}`);
		rows.push(
			`| ${route.name} | ${DELIVERIES} | ${result.retries} | ${result.twice} | ${result.lost} | ${result.failed} |`,
		);
	}
	const cpu = cpus();
	console.log(
		`${cpu.length} × ${cpu[0]?.model ?? 'unknown CPU'}, ${Math.round(totalmem() / 2 ** 30)} GiB, ${new Date().toISOString().slice(0, 10)}; \`node --import tsx bench/queue-routes.bench.ts\`\n`,
	);
	console.log('| route | deliveries | retries | ran twice | lost | not 2xx |');
	console.log('|---|---|---|---|---|---|');
	for (const row of rows) console.log(row);
}

main().catch((error: unknown) => {
	console.error(error);
	process.exitCode = 1;
});
