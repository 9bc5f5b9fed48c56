/**
 * The main job on the embedded default: a sandbox per provider (Kakiyo, Saleshandy, Breakcold)
 * and a real n8n with every package installed into `~/.n8n/nodes` as users install them; for
 * each provider a workflow activated through n8n's API, one event of each kind plus a forged
 * one, and a table of what happened; then each Zapier app against the same sandboxes. `--keep` leaves everything running for a look in n8n's editor.
 */
import { parseArgs } from 'node:util';

import { signDelivery, type ProviderDefinition } from '../shared/index.js';
import { breakcold } from '../shared/providers/breakcold/index.js';
import { kakiyo } from '../shared/providers/kakiyo/index.js';
import { saleshandy } from '../shared/providers/saleshandy/index.js';
import type { SandboxProvider } from '../sandbox/server.js';
import { settled } from '../test/harness/driver.js';
import { startStack, type ProviderStack, type Stack } from '../test/harness/stack.js';
import { triggerNode } from '../test/harness/workflow.js';
import { FILTER_DEMOS } from './filter-demos.js';
import { table } from './table.js';
import { zapierDemo, zapierFilterDemo } from './zapier-demo.js';

interface Execution {
	id: string;
	status: string;
}
interface Hook {
	id: string;
	url: string;
}

const PROVIDERS: readonly ProviderDefinition[] = [kakiyo, saleshandy, breakcold];
/** Breakcold's webhook secret, as the user would copy it from Breakcold into the credential. */
const PASTED_SECRET = `whsec_demo_${Date.now().toString(36)}`;

const { values } = parseArgs({ options: { keep: { type: 'boolean', default: false } } });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const say = (line = '') => process.stdout.write(`${line}\n`);

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

/** One provider in n8n: activate, every event, a forged one, deactivate. Whether all held. */
async function n8nDemo(
	stack: Stack,
	provider: ProviderDefinition,
	own: ProviderStack,
): Promise<{ ok: boolean; workflowId: string }> {
	const { n8n, api } = stack;
	const { sandbox } = own;
	const trigger = `${provider.displayName} Trigger`;
	const events = provider.wildcard ? [provider.wildcard] : provider.events.map((entry) => entry.id);
	const workflow = await api.call<{ id: string }>('POST', '/workflows', {
		name: `${provider.displayName} demo: every event`,
		nodes: [
			triggerNode({
				provider: provider.id,
				webhookId: `${provider.id}-demo`,
				events,
				credential: own.credential,
				name: trigger,
				type: stack.nodeType(provider.id),
			}),
			{
				id: 'next',
				name: 'Your next step',
				type: 'n8n-nodes-base.noOp',
				typeVersion: 1,
				position: [260, 0],
				parameters: {},
			},
		],
		connections: { [trigger]: { main: [[{ node: 'Your next step', type: 'main', index: 0 }]] } },
		settings: { executionOrder: 'v1' },
	});
	const workflowId = workflow.body.id;
	await api.call('POST', `/workflows/${workflowId}/activate`);

	const hooks = async () => (await (await fetch(`${sandbox.url}/_sandbox/hooks`)).json()) as Hook[];
	const url = `${n8n.webhookUrl}webhook/${provider.id}-demo/webhook`;
	if (provider.api.createHook === undefined) {
		// As the user does in Breakcold's UI: a webhook per format at the trigger's URL, its secret
		// the one pasted into the credential. Activation itself registers nothing.
		for (const format of ['legacy', 'current'])
			await fetch(`${sandbox.url}/_sandbox/webhooks`, {
				method: 'POST',
				body: JSON.stringify({ url, format, secret: PASTED_SECRET }),
			});
		await waitFor(
			async () =>
				(await fetch(url, { method: 'POST', body: '{}' })).status === 404 ? undefined : true,
			60_000,
		);
	}
	const hook = await waitFor(async () => (await hooks())[0], 60_000);
	if (!hook) throw new Error(`n8n registered no hook at the sandbox:\n${n8n.log().slice(-3000)}`);
	say(
		provider.api.createHook === undefined
			? `Activated the workflow; pasted its URL into ${provider.displayName} (both formats): ${url}`
			: `Activated the workflow: n8n registered ${provider.displayName} hook ${hook.id} -> ${hook.url}`,
	);

	const executions = async () =>
		(await api.call<{ data: Execution[] }>('GET', `/executions?workflowId=${workflowId}&limit=250`))
			.body.data ?? [];
	const rows = [['event', 'HTTP', 'n8n execution', 'status']];
	for (const { id } of provider.events) {
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
	const sample = provider.sampleFor(provider.sampleEvent ?? provider.events[0]!.id);
	const forgedBody = JSON.stringify(sample);
	const proof = signDelivery(provider, forgedBody, 'a-guessed-secret');
	const countBefore = (await executions()).length;
	const forged = await fetch(hook.url, {
		method: 'POST',
		headers: { 'content-type': 'application/json', ...proof.headers },
		body: proof.body,
	});
	await sleep(1_500);
	const forgedRuns = (await executions()).length - countBefore;
	rows.push([
		`${String(sample.event)} (forged proof)`,
		String(forged.status),
		forgedRuns ? 'RAN' : '-',
		forgedRuns ? 'started a run!' : 'refused, no run',
	]);
	say(table(rows));
	const executed = rows.slice(1, -1).filter((row) => row[3] === 'success').length;
	say(
		`${executed} of ${provider.events.length} authentic events executed; the forged delivery got ${forged.status}.`,
	);
	const ok = executed === provider.events.length && forged.status === 401 && forgedRuns === 0;
	return { ok, workflowId };
}

/**
 * A second workflow whose trigger keeps one of two campaigns (sequences, object types): each
 * event about either, and a forged one about the kept one; the runs it saved. Whether all held.
 */
async function filterDemo(
	stack: Stack,
	provider: ProviderDefinition,
	own: ProviderStack,
): Promise<boolean> {
	const demo = FILTER_DEMOS[provider.id]!;
	const { api } = stack;
	const trigger = `${provider.displayName} Trigger`;
	const webhookId = `${provider.id}-filter-demo`;
	const workflow = await api.call<{ id: string }>('POST', '/workflows', {
		name: `${provider.displayName} demo: only ${demo.keeps}`,
		nodes: [
			triggerNode({
				provider: provider.id,
				webhookId,
				events: [...demo.events],
				credential: own.credential,
				name: trigger,
				type: stack.nodeType(provider.id),
				parameters: demo.parameters,
			}),
		],
		connections: {},
		settings: { executionOrder: 'v1' },
	});
	const workflowId = workflow.body.id;
	const url = `${stack.n8n.webhookUrl}webhook/${webhookId}/webhook`;
	if (provider.api.createHook === undefined)
		await fetch(`${own.sandbox.url}/_sandbox/webhooks`, {
			method: 'POST',
			body: JSON.stringify({ url, format: 'current', secret: PASTED_SECRET }),
		});
	await api.call('POST', `/workflows/${workflowId}/activate`);
	// n8n answers before publishing is done: a delivery before then finds no webhook (404).
	await settled(stack, workflowId);
	const hooks = async () =>
		((await (await fetch(`${own.sandbox.url}/_sandbox/hooks`)).json()) as Hook[]).filter(
			(hook) => hook.url === url,
		);
	await waitFor(async () => ((await hooks()).length > 0 ? true : undefined), 60_000);
	// A pasted URL is n8n's once activation has opened it.
	if (provider.api.createHook === undefined)
		await waitFor(
			async () =>
				(await fetch(url, { method: 'POST', body: '{}' })).status === 404 ? undefined : true,
			60_000,
		);
	const executions = async () =>
		(await api.call<{ data: Execution[] }>('GET', `/executions?workflowId=${workflowId}&limit=250`))
			.body.data ?? [];

	say(`Filtered workflow: only ${demo.keeps}`);
	const rows = [['event', 'about', 'HTTP', 'n8n execution']];
	let delivered = 0;
	for (const event of demo.events)
		for (const [about, options] of Object.entries(demo.about)) {
			const before = new Set((await executions()).map((execution) => execution.id));
			const emitted = (await (
				await fetch(`${own.sandbox.url}/_sandbox/emit`, {
					method: 'POST',
					body: JSON.stringify({ event, ...options }),
				})
			).json()) as { deliveries: Array<{ hookId: string; status: number | null }> };
			const mine = (await hooks()).map((hook) => hook.id);
			const status = emitted.deliveries.find((entry) => mine.includes(entry.hookId))?.status;
			if (status === 200) delivered += 1;
			const run = await waitFor(
				async () => (await executions()).find((e) => !before.has(e.id)),
				about === Object.keys(demo.about)[1] ? 15_000 : 2_000,
			);
			rows.push([event, about, String(status ?? 'none'), run ? `#${run.id}` : '- (filtered)']);
		}
	const forgedBody = JSON.stringify(provider.sampleFor(demo.events[0]!));
	const proof = signDelivery(provider, forgedBody, 'a-guessed-secret');
	const runsBefore = (await executions()).length;
	const forged = await fetch(url, {
		method: 'POST',
		headers: { 'content-type': 'application/json', ...proof.headers },
		body: proof.body,
	});
	await sleep(1_500);
	const runs = (await executions()).length;
	rows.push([
		`${demo.events[0]!} (forged proof)`,
		'the sample',
		String(forged.status),
		runs > runsBefore ? 'RAN' : '- (refused)',
	]);
	say(table(rows));
	const saved = delivered - runs;
	say(
		`${delivered} genuine deliveries answered 200, ${runs} runs: ${saved} execution${saved === 1 ? '' : 's'} saved (${Math.round((100 * saved) / Math.max(1, delivered))}%); the forged delivery got ${forged.status}.`,
	);
	await api.call('POST', `/workflows/${workflowId}/deactivate`);
	// One of the two runs for each event; the other is answered and dropped.
	return (
		delivered === demo.events.length * 2 && runs === demo.events.length && forged.status === 401
	);
}

/** Deactivates the provider's demo workflow and says what is left at the provider. */
async function deactivate(stack: Stack, provider: ProviderDefinition, workflowId: string) {
	const { sandbox } = stack.providers[provider.id]!;
	const hooks = async () => (await (await fetch(`${sandbox.url}/_sandbox/hooks`)).json()) as Hook[];
	await stack.api.call('POST', `/workflows/${workflowId}/deactivate`);
	const left =
		(await waitFor(async () => ((await hooks()).length === 0 ? [] : undefined), 10_000)) ??
		(await hooks());
	say(
		`Deactivated the ${provider.displayName} workflow: ${
			left.length === 0
				? `its hook is gone from ${provider.displayName}`
				: provider.api.createHook === undefined
					? `nothing was registered, so the webhooks stay in ${provider.displayName} until the user deletes them there`
					: `hook ${left.map((h) => h.id).join(', ')} stays (the sandbox plays ${provider.displayName} without a delete, as documented; n8n's log says to remove it by hand)`
		}.`,
	);
	return left.length === 0 || provider.id !== 'kakiyo';
}

async function main(): Promise<void> {
	say(
		'Building and packing the n8n packages, installing n8n if needed (first time: several minutes)...',
	);
	const stack = await startStack({
		// The sandbox plays each of these providers, by the same ids.
		providers: PROVIDERS.map((provider) => provider.id as SandboxProvider),
		credentialData: { breakcold: { webhookSecret: PASTED_SECRET } },
		// As users install them: n8n hides the credential checks of a custom-extension folder.
		install: 'nodes-folder',
	});
	say(`n8n: ${stack.n8n.url}`);
	const results: boolean[] = [];
	const workflows: Array<[ProviderDefinition, string]> = [];
	for (const provider of PROVIDERS) {
		say();
		say(
			`== ${provider.displayName} in n8n (sandbox ${stack.providers[provider.id]!.sandbox.apiUrl})`,
		);
		const { ok, workflowId } = await n8nDemo(stack, provider, stack.providers[provider.id]!);
		results.push(ok);
		results.push(await filterDemo(stack, provider, stack.providers[provider.id]!));
		workflows.push([provider, workflowId]);
	}

	if (values.keep) {
		say();
		say(
			`Left running. Open ${stack.n8n.url} and log in as ${stack.owner.email} / ${stack.owner.password}`,
		);
		say('Sandbox controls under each sandbox /_sandbox (see sandbox/README.md). Ctrl-C stops all.');
		await new Promise<void>((resolve) => process.once('SIGINT', () => resolve()));
		await stack.close();
		return;
	}
	say();
	for (const [provider, workflowId] of workflows)
		results.push(await deactivate(stack, provider, workflowId));

	for (const provider of PROVIDERS) {
		say();
		say(`== ${provider.displayName} in Zapier's runtime, against the same sandbox`);
		results.push(
			await zapierDemo(provider, stack.providers[provider.id]!.sandbox, say, PASTED_SECRET),
		);
		results.push(
			await zapierFilterDemo(provider, stack.providers[provider.id]!.sandbox, say, PASTED_SECRET),
		);
	}
	await stack.close();
	if (results.includes(false)) process.exitCode = 1;
}

main().catch((error: unknown) => {
	console.error(error instanceof Error ? error.message : error);
	process.exit(1);
});
