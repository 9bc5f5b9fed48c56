/**
 * Provider API calls per lifecycle step of each trigger, in the project's own n8n with the
 * packed packages, counted by each provider's sandbox (`GET /_sandbox/requests`): activate,
 * re-publish with nothing changed, "Listen for test event" (the manual test webhook's create
 * and delete), restart in each publication mode, deactivate, activate again. All three triggers
 * take each step together; each sandbox sees only its own provider's calls. Breakcold has no
 * API (its user pastes the URL into Breakcold), so its column shows 0 by construction.
 *
 * `node --import tsx bench/lifecycle.bench.ts`: progress on stderr, the table on stdout.
 * Takes about three minutes after the build and pack (and n8n's install the first time).
 */
import { cpus, totalmem } from 'node:os';

import type { ProviderDefinition } from '../shared/index.js';
import { breakcold } from '../shared/providers/breakcold/index.js';
import { kakiyo } from '../shared/providers/kakiyo/index.js';
import { saleshandy } from '../shared/providers/saleshandy/index.js';
import type { SandboxProvider } from '../sandbox/server.js';
import type { ApiRequest } from '../sandbox/request-log.js';
import {
	createTriggerWorkflow,
	executionsOf,
	sandboxControl,
	setActive,
	sleep,
} from '../test/harness/driver.js';
import { n8nInstall } from '../test/harness/n8n-process.js';
import { startStack, type Stack } from '../test/harness/stack.js';

/** The triggers measured, with one event each (any event: the count does not depend on it). */
const PROVIDERS: ReadonlyArray<{ definition: ProviderDefinition; id: SandboxProvider }> = [
	{ definition: kakiyo, id: 'kakiyo' },
	{ definition: saleshandy, id: 'saleshandy' },
	{ definition: breakcold, id: 'breakcold' },
];

/** A step is over once its condition holds and no API call came for this long. */
const QUIET_MS = 3_000;
/** n8n publishes through an outbox polled every 500 ms here: give it that before judging. */
const MIN_WAIT_MS = 2_000;
const STEP_TIMEOUT_MS = 90_000;

interface SandboxHook {
	url: string;
}

const log = (message: string) => process.stderr.write(`[lifecycle] ${message}\n`);

/** What a step made each provider's API receive, by provider id. */
type Counts = Record<string, ApiRequest[]>;

interface Step {
	readonly name: string;
	/** The target from issue 10, where there is one. */
	readonly target: string;
	readonly counts: Counts;
	/** Why a step failed for a provider, where it did. */
	readonly failures?: Record<string, string>;
}

async function main(): Promise<void> {
	n8nInstall();
	log('building, packing and starting n8n with a sandbox per provider');
	const stack = await startStack({
		providers: PROVIDERS.map((provider) => provider.id),
		sandbox: { timeScale: 0.01, attemptTimeoutMs: 10_000 },
		credentialData: { breakcold: { webhookSecret: `whsec_${'b'.repeat(32)}` } },
	});
	try {
		const steps = await measure(stack);
		process.stdout.write(table(steps));
	} finally {
		await stack.close();
	}
}

async function measure(stack: Stack): Promise<Step[]> {
	const control = (id: string) => sandboxControl(stack.providers[id]!.sandbox.url);
	const webhookId = (id: string) => `lifecycle-${id}`;
	const productionUrl = (id: string) => `${stack.n8n.webhookUrl}webhook/${webhookId(id)}/webhook`;
	const hooksAt = async (id: string, url: string) =>
		(await control(id)<SandboxHook[]>('GET', '/hooks')).filter((hook) => hook.url === url);
	const withApi = PROVIDERS.filter(({ definition }) => definition.api.createHook !== undefined);
	const hookCount = async (url: (id: string) => string) =>
		(await Promise.all(withApi.map(async ({ id }) => (await hooksAt(id, url(id))).length))).every(
			(count) => count === 1,
		);

	const workflows: Record<string, string> = {};
	for (const { definition, id } of PROVIDERS) {
		workflows[id] = await createTriggerWorkflow(stack.api, {
			name: `Lifecycle: ${definition.displayName}`,
			node: {
				provider: id,
				webhookId: webhookId(id),
				events: [definition.events[0]!.id],
				credential: stack.providers[id]!.credential,
				name: `${definition.displayName} Trigger`,
			},
		});
	}

	const requests = async (): Promise<Counts> =>
		Object.fromEntries(
			await Promise.all(
				PROVIDERS.map(async ({ id }) => [id, await control(id)<ApiRequest[]>('GET', '/requests')]),
			),
		);
	const total = (counts: Counts) =>
		Object.values(counts).reduce((sum, list) => sum + list.length, 0);

	/** Clears the logs, acts, then waits for `done` and a quiet spell; what each API received. */
	async function step(
		name: string,
		target: string,
		action: () => Promise<void>,
		done: () => Promise<boolean> = async () => true,
	): Promise<Step> {
		log(name);
		await Promise.all(PROVIDERS.map(({ id }) => control(id)('DELETE', '/requests')));
		const started = Date.now();
		await action();
		let seen = -1;
		let since = Date.now();
		for (;;) {
			const counts = await requests();
			const now = Date.now();
			if (total(counts) !== seen) {
				seen = total(counts);
				since = now;
			}
			if (now - started >= MIN_WAIT_MS && now - since >= QUIET_MS && (await done()))
				return { name, target, counts };
			if (now - started > STEP_TIMEOUT_MS) throw new Error(`${name}: did not settle`);
			await sleep(250);
		}
	}

	const publishAll = (active: boolean) => async () => {
		for (const { id } of PROVIDERS) await setActive(stack.api, workflows[id]!, active);
	};

	/** n8n's "Listen for test event" on each trigger, done once each sample has run. */
	const manualRuns = async (id: string) =>
		(await executionsOf(stack.api, workflows[id]!)).filter(
			(execution) => execution.mode === 'manual' && execution.status === 'success',
		).length;
	/**
	 * Starts listening on each trigger; done once each sample has run. A trigger whose listening
	 * n8n refuses is noted in `failures` (its calls still count) and not waited for.
	 */
	async function listen(failures: Record<string, string>): Promise<() => Promise<boolean>> {
		const before = Object.fromEntries(
			await Promise.all(withApi.map(async ({ id }) => [id, await manualRuns(id)])),
		);
		for (const { id, definition } of withApi) {
			const response = await fetch(`${stack.n8n.url}/rest/workflows/${workflows[id]}/run`, {
				method: 'POST',
				headers: { cookie: stack.owner.cookie, 'content-type': 'application/json' },
				body: JSON.stringify({ triggerToStartFrom: { name: `${definition.displayName} Trigger` } }),
			});
			if (!response.ok) {
				const { message = '' } = (await response.json().catch(() => ({}))) as { message?: string };
				failures[id] = `n8n answered ${response.status}: "${message.split(':')[0]}"`;
				log(`${id}: ${failures[id]}`);
			}
		}
		return async () => {
			for (const { id } of withApi)
				if (failures[id] === undefined && (await manualRuns(id)) <= before[id]!) return false;
			return true;
		};
	}
	const listenStep = async (name: string): Promise<Step> => {
		const failures: Record<string, string> = {};
		let sampled: () => Promise<boolean> = async () => false;
		const done = await step(
			name,
			'',
			async () => {
				sampled = await listen(failures);
			},
			() => sampled(),
		);
		return { ...done, failures };
	};

	const steps: Step[] = [];
	steps.push(await step('activate', '1', publishAll(true), () => hookCount(productionUrl)));
	steps.push(await step('re-publish, nothing changed', '≤ 1', publishAll(true)));
	steps.push(await listenStep('"Listen for test event", published workflow'));
	steps.push(
		await step('restart, publication service on (default)', '≤ 1', async () => {
			await stack.restart();
		}),
	);
	steps.push(
		await step('restart, publication service off', '≤ 1', async () => {
			await stack.restart({ N8N_USE_WORKFLOW_PUBLICATION_SERVICE: 'false' });
		}),
	);
	log('back to the default publication mode (not counted)');
	await step('restart back', '', async () => {
		await stack.restart();
	});
	const gone = async () =>
		(
			await Promise.all(
				withApi.map(async ({ id, definition }) =>
					// A provider that cannot delete keeps the hook: its count says so.
					definition.id === 'saleshandy'
						? true
						: (await hooksAt(id, productionUrl(id))).length === 0,
				),
			)
		).every(Boolean);
	steps.push(await step('deactivate', '1', publishAll(false), gone));
	steps.push(await listenStep('"Listen for test event", unpublished workflow'));
	steps.push(await step('activate again', '1', publishAll(true), () => hookCount(productionUrl)));
	log('cleaning up (not counted)');
	await publishAll(false)();
	return steps;
}

/** A path with its hook id written `{id}` and no query, so rows read alike from run to run. */
const shape = (path: string) =>
	(path.split('?')[0] ?? '')
		.split('/')
		.map((segment) => (/\d/.test(segment) && segment.length >= 8 ? '{id}' : segment))
		.join('/');

function cell(requests: ApiRequest[] | undefined, failure: string | undefined): string {
	const failed = failure === undefined ? '' : `; failed, ${failure}`;
	if (requests === undefined || requests.length === 0) return `0${failed}`;
	const calls = requests.map(
		(request) =>
			`${request.method} ${shape(request.path)}${request.status === null ? '' : ` ${request.status}`}`,
	);
	return `**${requests.length}**: ${calls.join(', ')}${failed}`;
}

function table(steps: Step[]): string {
	const cpu = cpus();
	const lines = [
		'## Provider API calls per lifecycle step',
		'',
		`${cpu.length} × ${cpu[0]?.model ?? 'unknown CPU'}, ${Math.round(totalmem() / 2 ** 30)} GiB, n8n ${n8nInstall().version} on Node 24, ${new Date().toISOString().slice(0, 10)}; \`node --import tsx bench/lifecycle.bench.ts\`. Calls as the sandbox received them (method, path, status).`,
		'',
		`| step | target | ${PROVIDERS.map(({ definition }) => definition.displayName).join(' | ')} |`,
		`|---|---|${PROVIDERS.map(() => '---').join('|')}|`,
		...steps.map(
			({ name, target, counts, failures }) =>
				`| ${name} | ${target} | ${PROVIDERS.map(({ id }) => cell(counts[id], failures?.[id])).join(' | ')} |`,
		),
		'',
		'Breakcold offers no API to register a webhook (its user pastes the trigger URL into Breakcold), so its trigger makes no call at any step.',
		'',
	];
	return lines.join('\n');
}

main().catch((error: unknown) => {
	process.stderr.write(
		`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
	);
	process.exitCode = 1;
});
