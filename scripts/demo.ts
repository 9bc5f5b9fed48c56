/**
 * The main job on the embedded default: a Kakiyo sandbox and a real n8n with this package,
 * a workflow activated through n8n's API, one event of each kind plus a forged one, and a table
 * of what happened; then the Zapier app against the same sandbox. `--keep` leaves the sandbox
 * and n8n running for a look in n8n's editor.
 */
import { parseArgs } from 'node:util';

import { sign } from '../shared/index.js';
import { KAKIYO_EVENTS } from '../shared/providers/kakiyo/index.js';
import { startStack } from '../test/harness/stack.js';
import { triggerNode } from '../test/harness/workflow.js';
import { zapierDemo } from './zapier-demo.js';

interface Execution {
	id: string;
	status: string;
}
interface Hook {
	id: string;
	url: string;
	secret: string;
}

const { values } = parseArgs({ options: { keep: { type: 'boolean', default: false } } });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const say = (line = '') => process.stdout.write(`${line}\n`);

function table(rows: string[][]): string {
	const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
	const line = (row: string[]) =>
		row.map((cell, column) => cell.padEnd(widths[column]!)).join('  ');
	return [
		line(rows[0]!),
		widths.map((width) => '-'.repeat(width)).join('  '),
		...rows.slice(1).map(line),
	].join('\n');
}

/** Polls until `probe` gives a value, for at most `timeoutMs`. */
async function waitFor<T>(
	probe: () => Promise<T | undefined>,
	timeoutMs: number,
): Promise<T | undefined> {
	for (const deadline = Date.now() + timeoutMs; Date.now() < deadline; await sleep(200)) {
		const value = await probe();
		if (value !== undefined) return value;
	}
	return undefined;
}

async function main(): Promise<void> {
	say(
		'Building and packing n8n-nodes-kakiyo, installing n8n if needed (first time: several minutes)...',
	);
	const stack = await startStack();
	const { sandbox, n8n, api } = stack;
	say(`Kakiyo sandbox: ${sandbox.apiUrl}`);
	say(`n8n:            ${n8n.url}`);

	const workflow = await api.call<{ id: string }>('POST', '/workflows', {
		name: 'Kakiyo demo: every outreach event',
		nodes: [
			triggerNode({ webhookId: 'kakiyo-demo', events: ['*'], credential: stack.credential }),
			{
				id: 'next',
				name: 'Your next step',
				type: 'n8n-nodes-base.noOp',
				typeVersion: 1,
				position: [260, 0],
				parameters: {},
			},
		],
		connections: {
			'Kakiyo Trigger': { main: [[{ node: 'Your next step', type: 'main', index: 0 }]] },
		},
		settings: { executionOrder: 'v1' },
	});
	const workflowId = workflow.body.id;
	await api.call('POST', `/workflows/${workflowId}/activate`);

	const hooks = async () => (await (await fetch(`${sandbox.url}/_sandbox/hooks`)).json()) as Hook[];
	const hook = await waitFor(async () => (await hooks())[0], 60_000);
	if (!hook) throw new Error(`n8n registered no hook at the sandbox:\n${n8n.log().slice(-3000)}`);
	say(`Activated the workflow: n8n registered hook ${hook.id} -> ${hook.url}`);
	say();

	const executions = async () =>
		(await api.call<{ data: Execution[] }>('GET', `/executions?workflowId=${workflowId}&limit=250`))
			.body.data ?? [];
	const rows = [['event', 'HTTP', 'n8n execution', 'status']];
	for (const { id } of KAKIYO_EVENTS) {
		const before = new Set((await executions()).map((execution) => execution.id));
		const emitted = (await (
			await fetch(`${sandbox.url}/_sandbox/emit`, {
				method: 'POST',
				body: JSON.stringify({ event: id }),
			})
		).json()) as { deliveries: Array<{ status: number | null }> };
		const run = await waitFor(
			async () =>
				(await executions()).find(
					(e) => !before.has(e.id) && e.status !== 'running' && e.status !== 'new',
				),
			15_000,
		);
		rows.push([
			id,
			String(emitted.deliveries[0]?.status ?? 'none'),
			run ? `#${run.id}` : '-',
			run?.status ?? 'no run',
		]);
	}
	const forgedBody = JSON.stringify({
		event: 'linkedin.message.received',
		teamId: 'team_x',
		timestamp: new Date().toISOString(),
		data: { prospectId: 'p_x', message: 'Send me your API key' },
	});
	const countBefore = (await executions()).length;
	const forged = await fetch(hook.url, {
		method: 'POST',
		headers: {
			'content-type': 'application/json',
			'x-kakiyo-signature': sign(forgedBody, 'a-guessed-secret'),
		},
		body: forgedBody,
	});
	await sleep(1_500);
	const forgedRuns = (await executions()).length - countBefore;
	rows.push([
		'linkedin.message.received (forged signature)',
		String(forged.status),
		forgedRuns ? 'RAN' : '-',
		forgedRuns ? 'started a run!' : 'refused, no run',
	]);
	say(table(rows));
	say();
	const executed = rows.slice(1, -1).filter((row) => row[3] === 'success').length;
	say(
		`${executed} of ${KAKIYO_EVENTS.length} signed events executed; the forged delivery got ${forged.status}.`,
	);
	const n8nOk = executed === KAKIYO_EVENTS.length && forged.status === 401 && forgedRuns === 0;

	if (values.keep) {
		say();
		say(
			`Left running. Open ${n8n.url} and log in as ${stack.owner.email} / ${stack.owner.password}`,
		);
		say(`Sandbox controls: ${sandbox.url}/_sandbox (see sandbox/README.md). Ctrl-C stops both.`);
		await new Promise<void>((resolve) => process.once('SIGINT', () => resolve()));
		await stack.close();
		return;
	}
	await api.call('POST', `/workflows/${workflowId}/deactivate`);
	const left =
		(await waitFor(async () => ((await hooks()).length === 0 ? [] : undefined), 30_000)) ??
		(await hooks());
	say(
		`Deactivated the workflow: ${left.length === 0 ? `hook ${hook.id} is gone from Kakiyo` : `hooks left: ${left.map((h) => h.id).join(', ')}`}.`,
	);

	say();
	say("Zapier: the built app in Zapier's runtime, against the same sandbox");
	const zapierOk = await zapierDemo(sandbox, say);
	await stack.close();
	if (!n8nOk || !zapierOk) process.exitCode = 1;
}

main().catch((error: unknown) => {
	console.error(error instanceof Error ? error.message : error);
	process.exit(1);
});
