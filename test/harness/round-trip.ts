/**
 * One provider's trigger through a running stack, the shortest path a user takes: a workflow
 * activated through n8n's API, one authentic event from the sandbox run, a forged delivery
 * refused, the workflow deactivated. What the install and compatibility tests check per package.
 */
import { expect } from 'vitest';

import { signDelivery, type ProviderDefinition } from '../../shared/index.js';
import {
	createTriggerWorkflow,
	executionsOf,
	outputOf,
	post,
	sandboxControl,
	setActive,
	settled,
	sleep,
	until,
	type Execution,
} from './driver.js';
import type { Stack } from './stack.js';

/** What happened on the way, for the test to assert. */
export interface RoundTrip {
	/** The trigger's production URL. */
	url: string;
	/** The URLs of the sandbox's hooks once the workflow was active. */
	hooksWhileActive: string[];
	/** The trigger's answer to the sandbox's delivery of one authentic event. */
	deliveryStatus: number | null;
	/** The status of the run that delivery started (`success` expected). */
	status: string;
	/** The first item the trigger output in that run. */
	output: unknown;
	/** n8n's answer to the same event with a proof made from a guessed secret. */
	forgedStatus: number;
	/** The workflow's runs in all, after the forged delivery (1 expected: the authentic one). */
	runs: number;
	/** The URLs of the sandbox's hooks after deactivation. */
	hooksAfter: string[];
}

/** A run's status; n8n 1.x's API has none, only `finished` and `stoppedAt`. */
function statusOf(run: Execution & { finished?: boolean; stoppedAt?: string | null }): string {
	return run.status ?? (run.finished ? 'success' : run.stoppedAt ? 'error' : 'running');
}

/** Breakcold's secret as the user copies it from Breakcold into the credential. */
export const PASTED_SECRET = 'whsec_round_trip_0123456789abcdef';

/**
 * Activates a workflow with `provider`'s trigger (its credential and sandbox from the stack),
 * pastes the trigger's URL into the sandbox where the provider has no hook API (Breakcold, whose
 * credential must hold {@link PASTED_SECRET}), emits one event, forges one, deactivates.
 */
export async function roundTrip(
	stack: Stack,
	provider: ProviderDefinition,
	/** The trigger's webhook id, `<provider>-round-trip` by default: another for a second trip. */
	webhookId = `${provider.id}-round-trip`,
): Promise<RoundTrip> {
	const own = stack.providers[provider.id];
	if (!own) throw new Error(`the stack has no sandbox for ${provider.id}`);
	const control = sandboxControl(own.sandbox.url);
	const hookUrls = async () =>
		(await control<Array<{ url: string }>>('GET', '/hooks')).map((hook) => hook.url);
	const event = provider.sampleEvent ?? provider.events[0]!.id;
	const url = `${stack.n8n.webhookUrl}webhook/${webhookId}/webhook`;
	const name = `${provider.displayName} Trigger`;
	const workflowId = await createTriggerWorkflow(stack.api, {
		name: `${provider.displayName}: round trip`,
		node: {
			provider: provider.id,
			type: stack.nodeType(provider.id),
			webhookId,
			events: provider.wildcard ? [provider.wildcard] : [event],
			credential: own.credential,
			name,
		},
	});
	await setActive(stack.api, workflowId, true);
	await settled(stack, workflowId);
	if (provider.api.createHook === undefined) {
		for (const format of ['legacy', 'current'])
			await control('POST', '/webhooks', { url, format, secret: PASTED_SECRET });
		// Activation registers n8n's route a moment after the API answers.
		await until(
			'the trigger URL to be registered',
			async () => (await post(url, '{}', {})).status,
			(status) => status !== 404,
		);
	} else {
		await until(`${provider.displayName}'s hook for the trigger`, hookUrls, (urls) =>
			urls.includes(url),
		);
	}
	const hooksWhileActive = await hookUrls();

	const emitted = await control<{ deliveries: Array<{ status: number | null }> }>('POST', '/emit', {
		event,
	});
	const [execution] = await until(
		'a finished run of the delivered event',
		async () =>
			(await executionsOf(stack.api, workflowId)).filter(
				(run) => !['running', 'new', 'waiting'].includes(statusOf(run)),
			),
		(finished) => finished.length > 0,
	);

	const body = JSON.stringify(provider.sampleFor(event));
	const forged = signDelivery(provider, body, 'a-guessed-secret');
	const forgedAnswer = await post(url, String(forged.body), forged.headers);
	await sleep(1_500);
	// Counted by total: n8n 1.x's API lists a run only once it has finished.
	const runs = (await executionsOf(stack.api, workflowId)).length;

	await setActive(stack.api, workflowId, false);
	// Deleting the hook at the provider happens after n8n answers; Saleshandy's and Breakcold's stay.
	const hooksAfter =
		provider.id === 'kakiyo'
			? await until('the hook to go', hookUrls, (urls) => !urls.includes(url))
			: await hookUrls();
	return {
		url,
		hooksWhileActive,
		deliveryStatus: emitted.deliveries[0]?.status ?? null,
		status: statusOf(execution!),
		output: outputOf(execution!, name),
		forgedStatus: forgedAnswer.status,
		runs,
		hooksAfter,
	};
}

/**
 * What every round trip must show: the authentic event ran once, the forged one was refused, and
 * a trigger that registers hooks had one at its URL while active and none once deactivated (for
 * Kakiyo, whose sandbox deletes; Saleshandy's may be left for the user).
 */
export function expectRoundTrip(trip: RoundTrip, provider: ProviderDefinition): void {
	expect(trip.deliveryStatus).toBe(200);
	expect(trip.status).toBe('success');
	expect(trip.output).toMatchObject({ event: expect.any(String) });
	expect(trip.forgedStatus).toBe(401);
	expect(trip.runs).toBe(1);
	if (provider.api.createHook !== undefined) expect(trip.hooksWhileActive).toContain(trip.url);
	if (provider.id === 'kakiyo') expect(trip.hooksAfter).not.toContain(trip.url);
}
