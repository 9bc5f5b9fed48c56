/** What a real-n8n test does between n8n and a sandbox: wait, post, read executions. */
import type { publicApi } from './n8n-api.js';
import { triggerNode } from './workflow.js';

export type PublicApi = ReturnType<typeof publicApi>;

export interface Execution {
	id: string;
	status: string;
	mode: string;
	data?: {
		resultData: {
			// A node that output nothing may have no `data`.
			runData: Record<string, Array<{ data?: { main: Array<Array<{ json: unknown }>> } }>>;
		};
	};
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits for a condition the API answered before it held (n8n registers hooks after it answers). */
export async function until<T>(
	what: string,
	probe: () => Promise<T>,
	done: (value: T) => boolean,
	timeoutMs = 30_000,
): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	let value = await probe();
	while (!done(value)) {
		if (Date.now() > deadline)
			throw new Error(`timed out waiting for ${what}; last: ${JSON.stringify(value)}`);
		await sleep(200);
		value = await probe();
	}
	return value;
}

/** A call of a sandbox's `/_sandbox` control API. */
export function sandboxControl(sandboxUrl: string) {
	return async function control<T>(method: string, path: string, body?: unknown): Promise<T> {
		const response = await fetch(`${sandboxUrl}/_sandbox${path}`, {
			method,
			...(body === undefined ? {} : { body: JSON.stringify(body) }),
		});
		return (await response.json()) as T;
	};
}

/** Posts a delivery as a provider would; the answer's status and text. */
export async function post(
	url: string,
	body: string,
	headers: Record<string, string>,
): Promise<{ status: number; text: string }> {
	const response = await fetch(url, {
		method: 'POST',
		headers: { 'content-type': 'application/json', ...headers },
		body,
	});
	return { status: response.status, text: await response.text() };
}

/** Publishes or unpublishes a workflow through n8n's public API. */
export async function setActive(api: PublicApi, workflowId: string, active: boolean) {
	const answer = await api.call(
		'POST',
		`/workflows/${workflowId}/${active ? 'activate' : 'deactivate'}`,
	);
	if (answer.status !== 200)
		throw new Error(`${active ? 'activate' : 'deactivate'} answered ${answer.status}`);
}

/** A workflow's executions with their data, newest first. */
export async function executionsOf(api: PublicApi, workflowId: string): Promise<Execution[]> {
	const answer = await api.call<{ data: Execution[] }>(
		'GET',
		`/executions?workflowId=${workflowId}&includeData=true&limit=250`,
	);
	return answer.body.data;
}

/** The first item the named node output in an execution. */
export function outputOf(execution: Execution, node: string): unknown {
	return execution.data?.resultData.runData[node]?.[0]?.data?.main[0]?.[0]?.json;
}

/**
 * Creates a workflow holding one trigger node (Kakiyo's unless `provider` says) and, if given,
 * nodes run after it one by one (`then`, each with a unique `name`); its id.
 */
export async function createTriggerWorkflow(
	api: PublicApi,
	workflow: {
		name: string;
		node: Parameters<typeof triggerNode>[0];
		then?: ReadonlyArray<Record<string, unknown> & { name: string }>;
	},
): Promise<string> {
	const trigger = triggerNode(workflow.node) as { name: string };
	const chain = [trigger, ...(workflow.then ?? [])];
	const connections = Object.fromEntries(
		chain
			.slice(0, -1)
			.map((node, index) => [
				node.name,
				{ main: [[{ node: chain[index + 1]!.name, type: 'main', index: 0 }]] },
			]),
	);
	const created = await api.call<{ id: string }>('POST', '/workflows', {
		name: workflow.name,
		nodes: chain,
		connections,
		settings: { executionOrder: 'v1' },
	});
	if (created.status !== 200) throw new Error(`workflow creation answered ${created.status}`);
	return created.body.id;
}

/**
 * Waits until n8n 2.x has finished publishing the workflow: its API answers first, and a
 * delivery before the trigger's `create()` has stored its secret is refused. n8n 1.x activates
 * before it answers and has no such status (404).
 */
export async function settled(
	stack: { n8n: { url: string }; owner: { cookie: string } },
	workflowId: string,
): Promise<void> {
	const status = await until(
		'the publication to settle',
		async () => {
			const response = await fetch(
				`${stack.n8n.url}/rest/workflows/${workflowId}/publication-status`,
				{ headers: { cookie: stack.owner.cookie } },
			);
			if (response.status === 404) return 'published';
			return ((await response.json()) as { data: { status: string } }).data.status;
		},
		(current) => !['in_progress', 'not_published'].includes(current),
	);
	if (status !== 'published') throw new Error(`publishing the workflow ended ${status}`);
}
