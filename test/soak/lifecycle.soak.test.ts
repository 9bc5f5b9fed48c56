/**
 * Lifecycle soak (issue 11): in one real n8n from the tarballs, Kakiyo and Saleshandy triggers
 * (the providers with a hook API) are activated and deactivated again and again, over six phases
 * split by five restarts that alternate n8n's publication modes, while their sandboxes answer
 * 429 with Retry-After, 500, hang, create a hook yet answer 500, and hooks are deleted, disabled
 * or paused behind the trigger's back. An activation may fail under a fault; nothing may be left
 * behind. After every cycle and phase, and at the end: no hook for a workflow that is not active
 * (an orphan), at most one hook per trigger URL (no duplicate), and each remaining hook's secret
 * known to its trigger (one event emitted to every hook runs each active workflow exactly once).
 * Breakcold registers nothing: its sandbox must see no API call through all its activations.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { SALESHANDY_SECRET_HEADER } from '../../shared/providers/saleshandy/index.js';
import {
	createTriggerWorkflow,
	executionsOf,
	post,
	sandboxControl,
	until,
	type PublicApi,
} from '../harness/driver.js';
import { n8nInstall } from '../harness/n8n-process.js';
import { startStack, type Stack } from '../harness/stack.js';

type ProviderId = 'kakiyo' | 'saleshandy';
/** n8n's two ways of activating: its publication service (the default) or the legacy manager. */
type Mode = 'publication' | 'legacy';

/** What the sandbox is made to do during one cycle. */
type FaultKind =
	| 'rate-limit'
	| 'error'
	| 'hang'
	| 'created-500'
	| 'list-error'
	| 'delete-error'
	| 'delete-rate-limit';
/** What is done to an active hook behind the trigger's back. */
type Tamper = 'deleted' | 'disabled';

interface Plan {
	fault?: FaultKind;
	/** How many calls the fault answers (1 by default): five fail all of n8n's tries of an activation. */
	count?: number;
	tamper?: Tamper;
}

/** A hook as the sandbox holds it, its secret reduced to whether it has one (failures print it). */
interface SandboxHook {
	id: string;
	url: string;
	active: boolean;
	hasSecret: boolean;
}

interface Workflow {
	id: string;
	url: string;
	active: boolean;
	/** Runs of this workflow so far, as the soak expects them. */
	runs: number;
	/** A hook it left at the provider on purpose (Saleshandy while delete is off). */
	leftHook?: string;
}

interface Tally {
	cycles: number;
	faults: Map<string, number>;
	remote: Map<string, number>;
	failed: number;
	/** Hooks that stayed after a deactivation because the provider could not delete them. */
	remained: number;
	secretsChecked: number;
	orphans: number;
	duplicates: number;
}

/** The API paths (below `/v1`) a fault matches, per provider. */
const PATHS: Record<ProviderId, { create: string; read: string; remove: string }> = {
	kakiyo: { create: '/webhooks', read: '/webhooks', remove: '/webhooks/' },
	saleshandy: { create: '/webhook/create', read: '/webhook', remove: '/webhook/' },
};
const EVENTS: Record<ProviderId, string[]> = {
	kakiyo: ['*'],
	saleshandy: ['email-sent', 'reply-received'],
};
/** The event emitted to check secrets: one every workflow listens to. */
const PROBE: Record<ProviderId, string> = {
	kakiyo: 'prospect.replied',
	saleshandy: 'reply-received',
};
const WORD: Record<Tamper, Record<ProviderId, string>> = {
	deleted: { kakiyo: 'deleted', saleshandy: 'deleted' },
	disabled: { kakiyo: 'disabled', saleshandy: 'paused' },
};
/** Modes of the six phases: the start, then one per restart. */
const PHASES: Mode[] = ['publication', 'legacy', 'publication', 'legacy', 'publication', 'legacy'];
/** The phase in which Saleshandy cannot delete (its documented API has no delete). */
const NO_DELETE_PHASE = 2;

/** The cycles of a phase, the same for both providers; one more kind per phase where it costs time. */
function plansFor(phase: number, mode: Mode, provider: ProviderId): Plan[] {
	const plans: Plan[] = [
		{},
		{ fault: 'rate-limit' },
		{ fault: 'error' },
		{ fault: 'created-500' },
		{ tamper: 'deleted' },
		{ fault: 'list-error' },
		{ tamper: 'disabled' },
	];
	// Without n8n's retries of a teardown (the legacy mode), a failed delete leaves the hook.
	if (mode === 'publication') plans.push({ fault: 'delete-error' }, { fault: 'delete-rate-limit' });
	if (phase === 0 || phase === 3) plans.push({ fault: 'hang' });
	// Every one of n8n's five tries creates a hook yet fails: the activation fails, and all five go.
	if (phase === 4) plans.push({ fault: 'created-500', count: 5 });
	// While Saleshandy cannot delete, a hook stays at the URL for the next activation to take
	// over, by its listing or, when that fails, by the id the trigger kept. Not paused: a paused
	// one can be neither taken over nor removed, so a second hook beside it cannot be helped.
	return provider === 'saleshandy' && phase === NO_DELETE_PHASE
		? plans.filter((plan) => plan.tamper !== 'disabled')
		: plans;
}

const today = () => new Date().toISOString().slice(0, 10);
const seconds = (ms: number) => `${Math.round(ms / 1000)} s`;
const timings: string[] = [];
let stack: Stack;
let api: PublicApi;
let mode: Mode = 'publication';
const started = Date.now();
const restarts = { publication: 0, legacy: 0 };

class Soak {
	readonly control: ReturnType<typeof sandboxControl>;
	readonly tally: Tally = {
		cycles: 0,
		faults: new Map(),
		remote: new Map(),
		failed: 0,
		remained: 0,
		secretsChecked: 0,
		orphans: 0,
		duplicates: 0,
	};
	/** `steady` stays active through the run; the others are cycled. */
	readonly workflows: Record<'steady' | 'a' | 'b', Workflow> = {} as never;
	canDelete = true;

	constructor(readonly id: ProviderId) {
		this.control = sandboxControl(stack.providers[id]!.sandbox.url);
	}

	async create(): Promise<void> {
		for (const name of ['steady', 'a', 'b'] as const) {
			const webhookId = `soak-lifecycle-${this.id}-${name}`;
			const id = await createTriggerWorkflow(api, {
				name: webhookId,
				node: {
					provider: this.id,
					webhookId,
					events: EVENTS[this.id],
					credential: stack.providers[this.id]!.credential,
					name: 'Trigger',
				},
			});
			this.workflows[name] = {
				id,
				url: `${stack.n8n.webhookUrl}webhook/${webhookId}/webhook`,
				active: false,
				runs: 0,
			};
		}
	}

	async hooks(): Promise<SandboxHook[]> {
		const hooks = await this.control<
			Array<{
				id: string;
				url: string;
				active: boolean;
				secret?: string | null;
				headers?: Record<string, string>;
			}>
		>('GET', '/hooks');
		return hooks.map(({ id, url, active, secret, headers }) => ({
			id,
			url,
			active,
			hasSecret: Boolean(secret ?? headers?.[SALESHANDY_SECRET_HEADER]),
		}));
	}

	async hooksAt(url: string): Promise<SandboxHook[]> {
		return (await this.hooks()).filter((hook) => hook.url === url);
	}

	count(map: Map<string, number>, key: string, by = 1): void {
		if (by > 0) map.set(key, (map.get(key) ?? 0) + by);
	}

	async setDelete(enabled: boolean): Promise<void> {
		if (this.id !== 'saleshandy') return;
		await this.control('POST', '/delete', { enabled });
		this.canDelete = enabled;
	}

	/** Queues the plan's fault at the sandbox; what it asked for, to count what was used. */
	async inject(plan: Plan, when: 'activate' | 'deactivate'): Promise<number> {
		const deleting = plan.fault === 'delete-error' || plan.fault === 'delete-rate-limit';
		if (plan.fault === undefined || deleting !== (when === 'deactivate')) return 0;
		const paths = PATHS[this.id];
		const count = plan.count ?? 1;
		const fault = {
			'rate-limit': { kind: 'rate-limit', retryAfter: 1, method: 'POST', path: paths.create },
			error: { kind: 'error', method: 'POST', path: paths.create },
			hang: { kind: 'hang', method: 'POST', path: paths.create },
			'created-500': { kind: 'error', method: 'POST', path: paths.create, afterHandling: true },
			'list-error': { kind: 'error', method: 'GET', path: paths.read },
			'delete-error': { kind: 'error', method: 'DELETE', path: paths.remove },
			'delete-rate-limit': {
				kind: 'rate-limit',
				retryAfter: 1,
				method: 'DELETE',
				path: paths.remove,
			},
		}[plan.fault];
		await this.control('POST', '/faults', { ...fault, count });
		return count;
	}

	/** Counts the uses the sandbox made of the queued fault, then drops what is left of it. */
	async settleFault(plan: Plan, asked: number): Promise<void> {
		if (asked === 0) return;
		const left = await this.control<Array<{ remaining: number }>>('GET', '/faults');
		const used = asked - left.reduce((sum, fault) => sum + fault.remaining, 0);
		await this.control('DELETE', '/faults');
		this.count(this.tally.faults, plan.fault!, used);
	}

	/**
	 * At most one hook per trigger URL; none for a workflow not active, but for one left on
	 * purpose where delete is off. Every hook belongs to one of this soak's workflows.
	 */
	async checkHooks(where: string): Promise<SandboxHook[]> {
		const hooks = await this.hooks();
		const byUrl = new Map<string, number>();
		for (const hook of hooks) byUrl.set(hook.url, (byUrl.get(hook.url) ?? 0) + 1);
		for (const [url, count] of byUrl) {
			const owner = Object.values(this.workflows).find((workflow) => workflow.url === url);
			if (count > 1) this.tally.duplicates += count - 1;
			const allowed = owner?.active || (owner?.leftHook !== undefined && count === 1);
			if (!allowed) this.tally.orphans += count;
			expect(count, `${this.id} ${where}: hooks at ${url}`).toBeLessThanOrEqual(1);
			expect(allowed, `${this.id} ${where}: a hook at ${url}, whose workflow is inactive`).toBe(
				true,
			);
		}
		return hooks;
	}

	/** One active hook with a secret at the workflow's URL (a left one is taken over). */
	async expectServed(workflow: Workflow, where: string): Promise<void> {
		const [hook, ...more] = await until(
			`${this.id} ${where}: the hook at ${workflow.url}`,
			() => this.hooksAt(workflow.url),
			(list) => list.length > 0 && list.every((entry) => entry.active),
		);
		expect(more, `${this.id} ${where}: duplicate hooks`).toEqual([]);
		expect(hook!.hasSecret, `${this.id} ${where}: the hook's secret`).toBe(true);
		if (workflow.leftHook !== undefined) {
			expect(hook!.id, `${this.id} ${where}: the left hook taken over`).toBe(workflow.leftHook);
			delete workflow.leftHook;
		}
	}

	/** No hook at the workflow's URL (or only the one it leaves where delete is off). */
	async expectReleased(workflow: Workflow, where: string): Promise<void> {
		if (this.canDelete) {
			await until(
				`${this.id} ${where}: no hook at ${workflow.url}`,
				() => this.hooksAt(workflow.url),
				(list) => list.length === 0,
			);
			return;
		}
		const left = await this.hooksAt(workflow.url);
		expect(left.length, `${this.id} ${where}: hooks left at ${workflow.url}`).toBeLessThanOrEqual(
			1,
		);
		if (left[0] !== undefined && workflow.leftHook !== left[0].id) {
			workflow.leftHook = left[0].id;
			this.tally.remained += 1;
		}
	}

	/** Activates, waits until n8n settles; whether the trigger is active. */
	async activate(workflow: Workflow): Promise<boolean> {
		const answer = await api.call<{ message?: string }>(
			'POST',
			`/workflows/${workflow.id}/activate`,
		);
		if (mode === 'legacy') {
			// The legacy manager activates within the call, and refuses it when the trigger fails.
			workflow.active = answer.status === 200;
			return workflow.active;
		}
		expect(answer.status, `activate ${workflow.id}`).toBe(200);
		const settled = await until(
			`${this.id}: the publication of ${workflow.id} to settle`,
			() => publication(workflow.id),
			(state) => state.status !== 'in_progress' && state.pendingVersionId === null,
			120_000,
		);
		workflow.active = settled.status === 'published';
		return workflow.active;
	}

	async deactivate(workflow: Workflow): Promise<void> {
		const answer = await api.call('POST', `/workflows/${workflow.id}/deactivate`);
		expect(answer.status, `deactivate ${workflow.id}`).toBe(200);
		workflow.active = false;
		if (mode === 'publication')
			await until(
				`${this.id}: the unpublication of ${workflow.id} to settle`,
				() => publication(workflow.id),
				(state) => state.status === 'not_published' && state.pendingVersionId === null,
				120_000,
			);
	}

	/** Activate under the plan's faults, check, tamper, deactivate, check: one cycle. */
	async cycle(workflow: Workflow, plan: Plan, where: string): Promise<void> {
		const asked = await this.inject(plan, 'activate');
		const active = await this.activate(workflow);
		await this.settleFault(plan, asked);
		this.tally.cycles += 1;
		// n8n's publication service tries an activation five times; the legacy manager once.
		const mayFail = asked >= (mode === 'publication' ? 5 : 1);
		expect(active || mayFail, `${this.id} ${where}: the activation failed`).toBe(true);
		if (!active) {
			this.tally.failed += 1;
			await this.expectReleased(workflow, `${where}, failed activation`);
			await this.checkHooks(`${where}, failed activation`);
			// A failed publication stays published in n8n until it is unpublished.
			if (mode === 'publication') await this.deactivate(workflow);
			return;
		}
		await this.expectServed(workflow, where);
		await this.checkHooks(`${where}, active`);
		if (plan.tamper !== undefined) await this.tamper(workflow, plan.tamper);
		const askedOnDelete = await this.inject(plan, 'deactivate');
		await this.deactivate(workflow);
		await this.expectReleased(workflow, `${where}, deactivated`);
		await this.settleFault(plan, askedOnDelete);
		await this.checkHooks(`${where}, deactivated`);
	}

	/** Deletes or disables (Saleshandy: pauses) the workflow's hook behind the trigger's back. */
	async tamper(workflow: Workflow, how: Tamper): Promise<void> {
		const [hook] = await this.hooksAt(workflow.url);
		if (how === 'deleted') await this.control('DELETE', `/hooks/${hook!.id}`);
		else await this.control('POST', `/hooks/${hook!.id}/disable`);
		this.count(this.tally.remote, WORD[how][this.id]);
	}

	/** The phase's cycles, alternating the two cycled workflows. */
	async phase(index: number): Promise<void> {
		const plans = plansFor(index, mode, this.id);
		for (const [n, plan] of plans.entries()) {
			const workflow = n % 2 === 0 ? this.workflows.a : this.workflows.b;
			await this.cycle(workflow, plan, `phase ${index} (${mode}) cycle ${n} ${planName(plan)}`);
		}
	}

	/**
	 * One event to every hook: each answered 200 and each active workflow ran exactly once more,
	 * so every hook's secret is the one its trigger holds.
	 */
	async checkSecrets(where: string): Promise<void> {
		const hooks = await this.checkHooks(where);
		const active = Object.values(this.workflows).filter((workflow) => workflow.active);
		expect(hooks.map((hook) => hook.url).sort(), `${this.id} ${where}: hooks`).toEqual(
			active.map((workflow) => workflow.url).sort(),
		);
		await this.control('DELETE', '/deliveries');
		const emitted = await this.control<{ deliveries: Array<{ status: number | null }> }>(
			'POST',
			'/emit',
			{ event: PROBE[this.id] },
		);
		expect(
			emitted.deliveries.map((delivery) => delivery.status),
			`${this.id} ${where}: answers`,
		).toEqual(hooks.map(() => 200));
		for (const workflow of active) {
			workflow.runs += 1;
			const runs = await until(
				`${this.id} ${where}: the run of ${workflow.id}`,
				async () => (await executionsOf(api, workflow.id)).filter((run) => run.mode === 'webhook'),
				(list) => list.length >= workflow.runs && list.every((run) => run.status !== 'running'),
			);
			expect(runs.length, `${this.id} ${where}: runs of ${workflow.id}`).toBe(workflow.runs);
			expect(runs.every((run) => run.status === 'success')).toBe(true);
			this.tally.secretsChecked += 1;
		}
		// Only first attempts: a refused delivery would have been retried.
		const attempts = await this.control<Array<{ attempt: number }>>('GET', '/deliveries');
		expect(attempts.map((attempt) => attempt.attempt)).toEqual(hooks.map(() => 1));
	}

	summary(): string {
		const list = (map: Map<string, number>) =>
			[...map].map(([kind, count]) => `${kind} ${count}`).join(', ') || 'none';
		const { tally } = this;
		return (
			`${this.id}: ${tally.cycles} cycles over 3 workflows, ${restarts.publication + restarts.legacy} restarts ` +
			`(${restarts.publication} publication service on, ${restarts.legacy} off), ` +
			`faults injected: ${list(tally.faults)}; remote: ${list(tally.remote)}; ` +
			`activations failed ${tally.failed}, ` +
			(this.id === 'saleshandy' ? `hooks left while delete was off ${tally.remained}, ` : '') +
			`secrets checked ${tally.secretsChecked}, orphans ${tally.orphans}, duplicates ${tally.duplicates}`
		);
	}
}

function planName(plan: Plan): string {
	if (plan.fault) return `${plan.fault}${plan.count ? ` x${plan.count}` : ''}`;
	return plan.tamper ? `hook ${plan.tamper}` : 'plain';
}

/** n8n's publication status of a workflow, as its editor reads it. */
async function publication(
	workflowId: string,
): Promise<{ status: string; pendingVersionId: string | null }> {
	const response = await fetch(`${stack.n8n.url}/rest/workflows/${workflowId}/publication-status`, {
		headers: { cookie: stack.owner.cookie },
	});
	const { data } = (await response.json()) as {
		data: { status: string; pendingVersionId: string | null };
	};
	return data;
}

async function restart(next: Mode): Promise<void> {
	await stack.restart(next === 'legacy' ? { N8N_USE_WORKFLOW_PUBLICATION_SERVICE: 'false' } : {});
	mode = next;
	restarts[next] += 1;
}

/** A phase of one provider's cycles, then the check of every hook's secret. */
async function runPhase(soak: Soak, index: number): Promise<void> {
	const { a, b } = soak.workflows;
	const noDelete = soak.id === 'saleshandy' && index === NO_DELETE_PHASE;
	if (noDelete) await soak.setDelete(false);
	await soak.phase(index);
	if (noDelete) {
		// Activating takes each left hook over, with the secret it has; with delete back,
		// deactivating then deletes it.
		const left = [a, b].filter((workflow) => workflow.leftHook !== undefined);
		expect(left.length, 'saleshandy: hooks left while delete was off').toBeGreaterThan(0);
		for (const workflow of left) {
			expect(await soak.activate(workflow), `saleshandy: taking over ${workflow.url}`).toBe(true);
			soak.tally.cycles += 1;
			await soak.expectServed(workflow, `phase ${index}: the hook left at ${workflow.url}`);
		}
		await soak.checkSecrets(`phase ${index}: the left hooks taken over`);
		await soak.setDelete(true);
		for (const workflow of left) {
			await soak.deactivate(workflow);
			await soak.expectReleased(workflow, `phase ${index}: delete back`);
		}
	}
	// The run ends with a cycled workflow active beside the steady one.
	if (index === PHASES.length - 1) {
		expect(await soak.activate(a), `${soak.id}: the last activation`).toBe(true);
		await soak.expectServed(a, 'the last activation');
	}
	await soak.checkSecrets(`end of phase ${index} (${mode})`);
}

/**
 * Restarts n8n in `next` mode. Into the legacy mode, which confirms every hook as it starts, the
 * steady workflows' hooks are deleted or disabled first (and once, Kakiyo's first create after the
 * start fails, so n8n retries the activation); the publication service starts without asking the
 * provider, so their hooks must be the same ones.
 */
async function restartWithTampering(next: Mode): Promise<void> {
	const before = new Map<Soak, string[]>();
	const startFault = new Map<Soak, number>();
	for (const soak of soaks) {
		const steady = soak.workflows.steady;
		before.set(
			soak,
			(await soak.hooksAt(steady.url)).map((hook) => hook.id),
		);
		if (next !== 'legacy') continue;
		await soak.tamper(steady, restarts.legacy % 2 === 0 ? 'deleted' : 'disabled');
		if (restarts.legacy === 1 && soak.id === 'kakiyo')
			startFault.set(soak, await soak.inject({ fault: 'error' }, 'activate'));
	}
	await restart(next);
	for (const soak of soaks) {
		const steady = soak.workflows.steady;
		await soak.expectServed(
			steady,
			`after restart ${restarts.publication + restarts.legacy} (${next})`,
		);
		if (next === 'publication')
			expect((await soak.hooksAt(steady.url)).map((hook) => hook.id)).toEqual(before.get(soak));
		await soak.settleFault({ fault: 'error' }, startFault.get(soak) ?? 0);
		await soak.checkHooks(`after restart (${next})`);
	}
}

/** Breakcold's trigger activated and deactivated: its URL opens and closes, nothing registered. */
const breakcold = { workflow: '', url: '', cycles: 0 };
async function breakcoldCycles(times: number): Promise<void> {
	for (let n = 0; n < times; n++) {
		const activated = await api.call('POST', `/workflows/${breakcold.workflow}/activate`);
		expect(activated.status).toBe(200);
		await until(
			'the Breakcold URL to open',
			async () => (await post(breakcold.url, '{}', {})).status,
			(status) => status === 401,
		);
		const deactivated = await api.call('POST', `/workflows/${breakcold.workflow}/deactivate`);
		expect(deactivated.status).toBe(200);
		await until(
			'the Breakcold URL to close',
			async () => (await post(breakcold.url, '{}', {})).status,
			(status) => status === 404,
		);
		breakcold.cycles += 1;
	}
}

const BREAKCOLD_SECRET = 'whsec_soak_lifecycle_0123456789abcdef';
let soaks: Soak[];

beforeAll(async () => {
	n8nInstall();
	stack = await startStack({
		providers: ['kakiyo', 'saleshandy', 'breakcold'],
		sandbox: { timeScale: 0.01, attemptTimeoutMs: 10_000 },
		credentialData: { breakcold: { webhookSecret: BREAKCOLD_SECRET } },
	});
	api = stack.api;
	soaks = [new Soak('kakiyo'), new Soak('saleshandy')];
	for (const soak of soaks) await soak.create();
	// Saleshandy documents no delete: it is on but for one phase, to prove both.
	await soaks[1]!.setDelete(true);
	breakcold.workflow = await createTriggerWorkflow(api, {
		name: 'soak-lifecycle-breakcold',
		node: {
			provider: 'breakcold',
			webhookId: 'soak-lifecycle-breakcold',
			events: ['*'],
			credential: stack.providers.breakcold!.credential,
			name: 'Trigger',
		},
	});
	breakcold.url = `${stack.n8n.webhookUrl}webhook/soak-lifecycle-breakcold/webhook`;
}, 900_000);

afterAll(async () => {
	for (const soak of soaks ?? []) console.log(`[lifecycle soak ${today()}] ${soak.summary()}`);
	console.log(`[lifecycle soak] ${seconds(Date.now() - started)} in all; ${timings.join('; ')}`);
	await stack?.close();
});

describe('lifecycle soak: activations and restarts under provider faults', () => {
	it("Kakiyo and Saleshandy: every cycle of every phase leaves no orphan and no duplicate, and every hook's secret is known to its trigger", async () => {
		for (const soak of soaks) {
			expect(await soak.activate(soak.workflows.steady), `${soak.id}: the steady workflow`).toBe(
				true,
			);
			soak.tally.cycles += 1;
			await soak.expectServed(soak.workflows.steady, 'the steady workflow');
		}
		for (const [index, phaseMode] of PHASES.entries()) {
			const phaseStart = Date.now();
			if (index > 0) await restartWithTampering(phaseMode);
			const restarted = Date.now();
			const breakcoldTurn = index === 0 || index === PHASES.length - 1 ? breakcoldCycles(5) : null;
			// Both to their end before failing, so no cycle runs on into the next test.
			const outcomes = await Promise.allSettled([
				...soaks.map((soak) => runPhase(soak, index)),
				breakcoldTurn,
			]);
			for (const outcome of outcomes) if (outcome.status === 'rejected') throw outcome.reason;
			timings.push(
				`phase ${index} (${phaseMode}): restart ${seconds(restarted - phaseStart)}, cycles ${seconds(Date.now() - restarted)}`,
			);
		}
		for (const soak of soaks) expect(soak.tally.cycles, soak.id).toBeGreaterThanOrEqual(50);
	});

	it('Breakcold registers nothing: its sandbox got no API call and holds no hook through all its activations', async () => {
		const control = sandboxControl(stack.providers.breakcold!.sandbox.url);
		expect(breakcold.cycles).toBe(10);
		expect(await control('GET', '/requests')).toEqual([]);
		expect(await control('GET', '/hooks')).toEqual([]);
		console.log(
			`[lifecycle soak ${today()}] breakcold: ${breakcold.cycles} cycles in both publication modes, API calls 0, hooks 0`,
		);
	});

	it('deactivating everything leaves no hook at either provider', async () => {
		for (const soak of soaks) {
			for (const workflow of Object.values(soak.workflows))
				if (workflow.active) await soak.deactivate(workflow);
			await until(
				`${soak.id}: no hook left`,
				() => soak.hooks(),
				(list) => list.length === 0,
			);
		}
	});
});
