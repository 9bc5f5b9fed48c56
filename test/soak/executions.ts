/** n8n's executions through its public API, every page, and what a soak reads from them. */
import { until, type Execution, type PublicApi } from '../harness/driver.js';

/** Every execution n8n lists under `query`, page after page. */
export async function executionsWhere(api: PublicApi, query: string): Promise<Execution[]> {
	const all: Execution[] = [];
	let cursor: string | null | undefined;
	do {
		const path = `/executions?${query}&limit=250${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
		// n8n answers 503 while its database ping is late (a busy machine): asked again until ready.
		const answer = await until(
			'n8n to list executions',
			() => api.call<{ data: Execution[]; nextCursor: string | null }>('GET', path),
			(reply) => reply.status !== 503,
			60_000,
		);
		if (answer.status !== 200) throw new Error(`listing executions answered ${answer.status}`);
		all.push(...answer.body.data);
		cursor = answer.body.nextCursor;
	} while (cursor);
	return all;
}

/**
 * Every run of a workflow with its data, once none is running. n8n creates a webhook's run before
 * it answers the delivery, so after the last answer the set is complete; its public API leaves
 * out the runs still going, so they are waited for.
 */
export async function runsOf(api: PublicApi, workflowId: string): Promise<Execution[]> {
	await until(
		'no run still going',
		() => executionsWhere(api, `workflowId=${workflowId}&status=running`),
		(running) => running.length === 0,
		120_000,
	);
	return executionsWhere(api, `workflowId=${workflowId}&includeData=true&ignoreDataSizeLimit=true`);
}

/** Every execution of every workflow, with all its data. */
export function allRuns(api: PublicApi): Promise<Execution[]> {
	return executionsWhere(api, 'includeData=true&ignoreDataSizeLimit=true');
}

/** An execution as n8n's list gives it, with the workflow it belongs to. */
export type StoredExecution = Execution & { workflowId: string };

/**
 * Every execution n8n stored, of every workflow and in every status (error, crashed, canceled,
 * waiting as well as success), once none is running: what a request that must leave nothing
 * behind compares before and after. An Error Workflow's runs are among them.
 */
export async function storedExecutions(api: PublicApi): Promise<StoredExecution[]> {
	await until(
		'no execution still going',
		() => executionsWhere(api, 'status=running'),
		(running) => running.length === 0,
		120_000,
	);
	return (await executionsWhere(api, 'includeData=false')) as StoredExecution[];
}

/** One execution with all its data. */
export async function executionWithData(api: PublicApi, id: string): Promise<Execution> {
	const answer = await api.call<Execution>(
		'GET',
		`/executions/${id}?includeData=true&ignoreDataSizeLimit=true`,
	);
	if (answer.status !== 200) throw new Error(`reading execution ${id} answered ${answer.status}`);
	return answer.body;
}
