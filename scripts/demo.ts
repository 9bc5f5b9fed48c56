/**
 * The main job on the embedded default: a Kakiyo sandbox and a real n8n with this package,
 * a workflow activated through n8n's API, one event of each kind plus a forged one, and a table
 * of what happened. `--keep` leaves both running for a look in n8n's editor.
 */
import { parseArgs } from 'node:util';

import { KAKIYO_EVENTS, sign } from '../shared/index.js';
import { startSandbox } from '../sandbox/server.js';
import {
	CREDENTIAL_TYPE,
	freePort,
	newUserFolder,
	NODE_TYPE,
	packExtension,
	publicApi,
	removeFolder,
	setUpOwner,
	startN8n,
} from './n8n-runner.js';
import { zapierDemo } from './zapier-demo.js';

interface Execution {
	id: string;
	status: string;
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

async function main(): Promise<void> {
	say(
		'Building and packing n8n-nodes-kakiyo, installing n8n if needed (first time: several minutes)...',
	);
	const extension = packExtension();
	const sandbox = await startSandbox({ port: 0 });
	const home = newUserFolder();
	const n8n = await startN8n({ extension, userFolder: home, port: await freePort() });
	say(`Kakiyo sandbox: ${sandbox.apiUrl}`);
	say(`n8n:            ${n8n.url}`);

	const owner = await setUpOwner(n8n.url);
	const api = publicApi(n8n.url, owner.apiKey);
	const credential = await api.call<{ id: string }>('POST', '/credentials', {
		name: 'Kakiyo (sandbox)',
		type: CREDENTIAL_TYPE,
		data: { apiKey: sandbox.apiKey, baseUrl: sandbox.apiUrl },
	});
	const webhookId = 'kakiyo-demo';
	const workflow = await api.call<{ id: string }>('POST', '/workflows', {
		name: 'Kakiyo demo: every outreach event',
		nodes: [
			{
				id: 'trigger',
				name: 'Kakiyo Trigger',
				type: NODE_TYPE,
				typeVersion: 1,
				position: [0, 0],
				webhookId,
				parameters: { events: ['*'] },
				credentials: { [CREDENTIAL_TYPE]: { id: credential.body.id, name: 'Kakiyo (sandbox)' } },
			},
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

	const hooks = async () =>
		(await (await fetch(`${sandbox.url}/_sandbox/hooks`)).json()) as Array<{
			id: string;
			url: string;
			secret: string;
		}>;
	let hook: { id: string; url: string; secret: string } | undefined;
	for (let waited = 0; !hook && waited < 60_000; waited += 250) {
		hook = (await hooks())[0];
		if (!hook) await sleep(250);
	}
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
		let run: Execution | undefined;
		for (let waited = 0; waited < 15_000; waited += 200) {
			run = (await executions()).find(
				(execution) =>
					!before.has(execution.id) && execution.status !== 'running' && execution.status !== 'new',
			);
			if (run) break;
			await sleep(200);
		}
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

	if (values.keep) {
		say();
		say(`Left running. Open ${n8n.url} and log in as ${owner.email} / ${owner.password}`);
		say(`Sandbox controls: ${sandbox.url}/_sandbox (see sandbox/README.md). Ctrl-C stops both.`);
		await new Promise<void>((resolve) => process.once('SIGINT', () => resolve()));
	} else {
		await api.call('POST', `/workflows/${workflowId}/deactivate`);
		let left = await hooks();
		for (let waited = 0; left.length > 0 && waited < 30_000; waited += 250) {
			await sleep(250);
			left = await hooks();
		}
		say(
			`Deactivated the workflow: ${left.length === 0 ? `hook ${hook.id} is gone from Kakiyo` : `hooks left: ${left.map((h) => h.id).join(', ')}`}.`,
		);
	}
	await n8n.stop();

	say();
	say("Zapier: the built app in Zapier's runtime, against the same sandbox");
	const zapierOk = await zapierDemo(sandbox, say);
	await sandbox.close();
	removeFolder(home);
	removeFolder(extension.replace(/\/n8n-nodes-kakiyo$/, ''));
	const n8nOk = executed === KAKIYO_EVENTS.length && forged.status === 401 && forgedRuns === 0;
	if (!n8nOk || !zapierOk) process.exitCode = 1;
}

main().catch((error: unknown) => {
	console.error(error instanceof Error ? error.message : error);
	process.exit(1);
});
