/**
 * What the soak files share: one real n8n from the tarballs with all three providers, one active
 * workflow per provider, the secret each trigger holds, fresh deliveries proven as each provider
 * proves them, and every run n8n made, read back through its public API.
 */
import { randomBytes } from 'node:crypto';

import { signDelivery, receiveDelivery, type ProviderDefinition } from '../../shared/index.js';
import { authKinds } from '../../shared/verify-delivery.js';
import { type DeliveryAuth } from '../../shared/provider.js';
import { breakcold } from '../../shared/providers/breakcold/index.js';
import { kakiyo } from '../../shared/providers/kakiyo/index.js';
import { saleshandy, SALESHANDY_SECRET_HEADER } from '../../shared/providers/saleshandy/index.js';
import {
	createTriggerWorkflow,
	outputOf,
	setActive,
	until,
	type Execution,
	type PublicApi,
} from '../harness/driver.js';
import { n8nInstall } from '../harness/n8n-process.js';
import { startStack, type ProviderStack, type Stack } from '../harness/stack.js';
import { triggerNode } from '../harness/workflow.js';
import {
	evidenceFolder,
	logFileIn,
	scanStack,
	type Finding,
	type Secret,
	type Text,
} from './secret-scan.js';

/** Breakcold's webhook secret, as the user pastes it into the credential. */
export const PASTED_SECRET = `whsec_soak_${randomBytes(16).toString('hex')}`;

/** A way deliveries reach a trigger: a provider, and for Breakcold one of its two formats. */
export type Format = 'kakiyo' | 'saleshandy' | 'breakcold-current' | 'breakcold-legacy';
export const FORMATS: readonly Format[] = [
	'kakiyo',
	'saleshandy',
	'breakcold-current',
	'breakcold-legacy',
];

const [CURRENT_AUTH, LEGACY_AUTH] = authKinds(breakcold) as [DeliveryAuth, DeliveryAuth];

/** The provider of a format, and how its deliveries are proven. */
export const FORMAT: Record<Format, { provider: ProviderDefinition; auth: DeliveryAuth }> = {
	kakiyo: { provider: kakiyo, auth: authKinds(kakiyo)[0]! },
	saleshandy: { provider: saleshandy, auth: authKinds(saleshandy)[0]! },
	'breakcold-current': { provider: breakcold, auth: CURRENT_AUTH },
	'breakcold-legacy': { provider: breakcold, auth: LEGACY_AUTH },
};

/** The event each format's load deliveries carry. */
const EVENT: Record<Format, string> = {
	kakiyo: 'linkedin.message.received',
	saleshandy: 'reply-received',
	'breakcold-current': 'record.updated',
	'breakcold-legacy': 'lead.create',
};

export interface Trigger {
	provider: ProviderDefinition;
	/** The trigger node's name, under which its output is found in a run. */
	node: string;
	workflowId: string;
	/** Its production URL. */
	url: string;
	/** The secret it proves deliveries with. */
	secret: string;
}

export interface SoakStack {
	stack: Stack;
	/** Each provider's trigger, by provider id. */
	triggers: Record<string, Trigger>;
	/** The trigger a format's deliveries go to. */
	triggerOf(format: Format): Trigger;
	/** Where this file's evidence goes: n8n's output and log file, its runs, the test's output. */
	evidence: string;
	/** The secrets in play that no sandbox lists: Breakcold's pasted one, each trigger's. */
	secrets(): Secret[];
}

/** An n8n to activate triggers on: one process, or queue mode's main behind its balancer. */
export interface TriggerHost {
	api: PublicApi;
	/** Each provider's sandbox and the credential for it. */
	providers: Record<string, ProviderStack>;
	/** n8n's `WEBHOOK_URL`, where the triggers' production URLs start. */
	webhookUrl: string;
}

/**
 * One active workflow per provider listening to every event, its trigger's secret read from the
 * sandbox (or pasted, for Breakcold), once each trigger's URL answers.
 */
export async function activateTriggers(
	host: TriggerHost,
	workflowOptions?: Record<string, unknown>,
	then?: ReadonlyArray<Record<string, unknown> & { name: string }>,
): Promise<Record<string, Trigger>> {
	const triggers: Record<string, Trigger> = {};
	for (const provider of [kakiyo, saleshandy, breakcold] as ProviderDefinition[]) {
		const webhookId = `soak-${provider.id}`;
		const node = `${provider.displayName} Trigger`;
		const workflowId = await createTriggerWorkflow(host.api, {
			name: `soak: ${provider.displayName}`,
			node: {
				provider: provider.id,
				webhookId,
				events: provider.wildcard ? [provider.wildcard] : provider.events.map((e) => e.id),
				credential: host.providers[provider.id]!.credential,
				name: node,
				...(workflowOptions ? { options: workflowOptions } : {}),
			},
			...(then ? { then } : {}),
		});
		await setActive(host.api, workflowId, true);
		const url = `${host.webhookUrl}webhook/${webhookId}/webhook`;
		triggers[provider.id] = {
			provider,
			node,
			workflowId,
			url,
			secret: await secretOf(host, provider, url),
		};
	}
	// Activation opens n8n's route a moment after the API answers.
	for (const trigger of Object.values(triggers))
		await until(
			`${trigger.node}'s URL`,
			async () => (await fetch(trigger.url, { method: 'POST', body: '{}' })).status,
			(status) => status !== 404,
			60_000,
		);
	return triggers;
}

/**
 * Starts the sandboxes and one n8n with every package, logging to a file as well (kept in the
 * evidence folder), with one active workflow per provider listening to every event, and waits
 * until each trigger's URL answers.
 */
export async function startSoakStack(
	name: string,
	options: { env?: Record<string, string>; workflowOptions?: Record<string, unknown> } = {},
): Promise<SoakStack> {
	n8nInstall();
	const evidence = evidenceFolder(name);
	const stack = await startStack({
		providers: ['kakiyo', 'saleshandy', 'breakcold'],
		sandbox: { timeScale: 0.01, attemptTimeoutMs: 10_000 },
		credentialData: { breakcold: { webhookSecret: PASTED_SECRET } },
		env: {
			N8N_LOG_OUTPUT: 'console,file',
			N8N_LOG_FILE_LOCATION: logFileIn(evidence),
			...options.env,
		},
	});
	let triggers: Record<string, Trigger>;
	try {
		triggers = await activateTriggers(
			{ api: stack.api, providers: stack.providers, webhookUrl: stack.n8n.webhookUrl },
			options.workflowOptions,
		);
	} catch (error) {
		await stack.close();
		throw error;
	}
	const triggerOf = (format: Format) => triggers[FORMAT[format].provider.id]!;
	const secrets = () => [
		{ label: "Breakcold's pasted secret", value: PASTED_SECRET },
		...Object.entries(triggers).map(([id, trigger]) => ({
			label: `${id} trigger's secret`,
			value: trigger.secret,
		})),
	];
	return { stack, triggers, triggerOf, evidence, secrets };
}

interface SandboxHook {
	url: string;
	secret?: string | null;
	headers?: Record<string, string>;
}

/** The secret a trigger proves deliveries with: registered at the provider, or pasted. */
export async function secretOf(
	stack: Pick<TriggerHost, 'providers'>,
	provider: ProviderDefinition,
	url: string,
): Promise<string> {
	if (provider.api.createHook === undefined) return PASTED_SECRET;
	const sandbox = stack.providers[provider.id]!.sandbox;
	const hooks = await until(
		`${provider.displayName}'s hook for ${url}`,
		async () => (await (await fetch(`${sandbox.url}/_sandbox/hooks`)).json()) as SandboxHook[],
		(list) => list.some((hook) => hook.url === url),
		60_000,
	);
	const hook = hooks.find((entry) => entry.url === url)!;
	const secret = hook.secret ?? hook.headers?.[SALESHANDY_SECRET_HEADER];
	if (!secret) throw new Error(`${provider.displayName}'s hook has no secret`);
	return secret;
}

/** A delivery as sent: its headers and body. */
export interface Sent {
	headers: Record<string, string>;
	body: string;
}

/**
 * A fresh delivery in `format`, dated now and marked `soakId: mark`, proven with `secret` as the
 * provider proves it (Breakcold's current format with a delivery id of its own).
 */
export function delivery(format: Format, secret: string, mark: string, now = Date.now()): Sent {
	const { provider, auth } = FORMAT[format];
	const body: Record<string, unknown> = { ...provider.sampleFor(EVENT[format]), soakId: mark };
	delete body._connectorSample;
	if (provider.dateField !== null)
		body[provider.dateField ?? 'timestamp'] = new Date(now).toISOString();
	if (format === 'breakcold-current') {
		body.eventId = `evt_${mark}`;
		body.timestamp = new Date(now).toISOString();
	}
	const proven = signDelivery(provider, JSON.stringify(body), secret, now, auth);
	const headers: Record<string, string> = {
		'content-type': 'application/json',
		...proven.headers,
	};
	if (format === 'breakcold-current') {
		headers['X-Webhook-Delivery-Id'] = `dlv_${mark}`;
		headers['X-Webhook-Event'] = EVENT[format];
	}
	return { headers, body: String(proven.body) };
}

/**
 * The provider's retry of `sent` at `now`: the same bytes, or for Breakcold's signed format the
 * same delivery (and delivery id) signed anew at that time.
 */
export function retryOf(
	format: Format,
	secret: string,
	mark: string,
	sent: Sent,
	now: number,
): Sent {
	return format === 'breakcold-current' ? delivery(format, secret, mark, now) : sent;
}

/** Throws unless the trigger would run `sent` as is: a soak of refusals proves nothing. */
export function expectAccepted(format: Format, secret: string, sent: Sent): void {
	const { provider } = FORMAT[format];
	const reception = receiveDelivery(
		provider,
		{ headers: sent.headers, body: Buffer.from(sent.body) },
		{ secret, selected: [provider.wildcard ?? EVENT[format]] },
	);
	if (reception.outcome !== 'accepted' || reception.warning !== undefined)
		throw new Error(
			`a ${format} soak delivery would not run cleanly: ${JSON.stringify(reception)}`,
		);
}

/** Posts a delivery; its status, or 0 when n8n answered nothing. */
export async function send(url: string, sent: Sent): Promise<number> {
	try {
		const response = await fetch(url, { method: 'POST', headers: sent.headers, body: sent.body });
		await response.arrayBuffer();
		return response.status;
	} catch {
		return 0;
	}
}

/** The trigger's output in a run. */
export function outputIn(run: Execution, trigger: Trigger): Record<string, unknown> | undefined {
	return outputOf(run, trigger.node) as Record<string, unknown> | undefined;
}

/** How many times each value of `field` appears among the runs' outputs. */
export function tally(runs: Execution[], trigger: Trigger, field: string): Map<unknown, number> {
	const counts = new Map<unknown, number>();
	for (const run of runs) {
		const value = outputIn(run, trigger)?.[field];
		counts.set(value, (counts.get(value) ?? 0) + 1);
	}
	return counts;
}

/** Whether n8n's process is still there. */
export function alive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch {
		return false;
	}
}

/** The secret scan of what a soak file on this stack produced (see `secret-scan.ts`). */
export function scanSoak(
	soak: SoakStack,
	extra: { secrets?: readonly Secret[]; texts?: readonly Text[] } = {},
): Promise<Finding[]> {
	return scanStack(soak.stack, soak.evidence, {
		secrets: [...soak.secrets(), ...(extra.secrets ?? [])],
		...(extra.texts ? { texts: extra.texts } : {}),
	});
}

/** Waits until n8n serves a workflow's production URL (a moment after its API answered). */
async function served(url: string): Promise<void> {
	await until(
		`${url} to be served`,
		async () => (await fetch(url, { method: 'POST', body: '{}' })).status,
		(status) => status !== 404,
		60_000,
	);
}

/** Creates and publishes a workflow of one Error Trigger, for others to name as their Error Workflow; its id. */
export async function activateErrorWorkflow(api: PublicApi, name: string): Promise<string> {
	const created = await api.call<{ id: string }>('POST', '/workflows', {
		name,
		nodes: [
			{
				id: 'error-trigger',
				name: 'Error Trigger',
				type: 'n8n-nodes-base.errorTrigger',
				typeVersion: 1,
				position: [0, 0],
				parameters: {},
			},
		],
		connections: {},
		settings: { executionOrder: 'v1' },
	});
	if (created.status !== 200) throw new Error(`workflow creation answered ${created.status}`);
	// n8n starts only a published Error Workflow.
	await setActive(api, created.body.id, true);
	return created.body.id;
}

/**
 * A published workflow that fails on every request to its production URL (n8n's Webhook node,
 * then Stop and Error), with `errorWorkflow` as its Error Workflow: proof that the Error
 * Workflow runs on this n8n when a workflow fails. Its URL.
 */
export async function activateFailingWorkflow(
	host: Pick<TriggerHost, 'api' | 'webhookUrl'>,
	options: { webhookId: string; errorWorkflow: string },
): Promise<string> {
	const created = await host.api.call<{ id: string }>('POST', '/workflows', {
		name: `fails: ${options.webhookId}`,
		nodes: [
			{
				id: 'webhook',
				name: 'Webhook',
				type: 'n8n-nodes-base.webhook',
				typeVersion: 2,
				position: [0, 0],
				webhookId: options.webhookId,
				parameters: { httpMethod: 'POST', path: options.webhookId, responseMode: 'onReceived' },
			},
			{
				id: 'stop',
				name: 'Stop and Error',
				type: 'n8n-nodes-base.stopAndError',
				typeVersion: 1,
				position: [200, 0],
				parameters: { errorMessage: 'failed on purpose' },
			},
		],
		connections: { Webhook: { main: [[{ node: 'Stop and Error', type: 'main', index: 0 }]] } },
		settings: { executionOrder: 'v1', errorWorkflow: options.errorWorkflow },
	});
	if (created.status !== 200) throw new Error(`workflow creation answered ${created.status}`);
	await setActive(host.api, created.body.id, true);
	const url = `${host.webhookUrl}webhook/${options.webhookId}`;
	await served(url);
	return url;
}

/**
 * One more active workflow for `provider` listening to every event at `webhookId`, its trigger
 * node at `typeVersion` (users' workflows hold 1 or 1.1, and n8n reads bodies differently for
 * each) and with workflow `settings` such as an Error Workflow, once its URL answers.
 */
export async function activateTrigger(
	host: TriggerHost,
	provider: ProviderDefinition,
	options: { webhookId: string; typeVersion: number; settings?: Record<string, unknown> },
): Promise<Trigger> {
	const node = `${provider.displayName} Trigger`;
	const trigger = {
		...triggerNode({
			provider: provider.id,
			webhookId: options.webhookId,
			events: provider.wildcard ? [provider.wildcard] : provider.events.map((e) => e.id),
			credential: host.providers[provider.id]!.credential,
			name: node,
		}),
		typeVersion: options.typeVersion,
	};
	const created = await host.api.call<{ id: string }>('POST', '/workflows', {
		name: `${provider.displayName}: ${options.webhookId}`,
		nodes: [trigger],
		connections: {},
		settings: { executionOrder: 'v1', ...options.settings },
	});
	if (created.status !== 200) throw new Error(`workflow creation answered ${created.status}`);
	await setActive(host.api, created.body.id, true);
	const url = `${host.webhookUrl}webhook/${options.webhookId}/webhook`;
	const secret = await secretOf(host, provider, url);
	await served(url);
	return { provider, node, workflowId: created.body.id, url, secret };
}
