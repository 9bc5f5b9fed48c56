/**
 * n8n in queue mode with every package from its tarball, as users who outgrow one n8n run it:
 * PostgreSQL, a Redis and an nginx of its own, one main process (editor, API, activation),
 * webhook processes behind nginx (deliveries) and workers (runs), and a sandbox per provider.
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import {
	startSandbox,
	type Sandbox,
	type SandboxOptions,
	type SandboxProvider,
} from '../../sandbox/server.js';
import { publicApi, setUpOwner } from '../harness/n8n-api.js';
import {
	freePort,
	newUserFolder,
	removeFolder,
	startN8n,
	type N8nCommand,
	type RunningN8n,
} from '../harness/n8n-process.js';
import { packExtensions, type Extensions } from '../harness/pack.js';
import { createSandboxCredentials, type ProviderStack } from '../harness/sandbox-credentials.js';
import { nodeType } from '../harness/workflow.js';
import { nginxBalancerConfig, type Balance } from './nginx-balancer.js';
import {
	createDatabase,
	dropDatabase,
	ensureServicePackages,
	startNginx,
	startPostgres,
	startRedis,
} from './services.js';

export interface QueueStackOptions {
	/** A sandbox and a credential for each; Kakiyo's only by default. */
	providers?: SandboxProvider[];
	/** How nginx picks a webhook process; round-robin by default. */
	balance?: Balance;
	/** How many `n8n webhook` processes behind nginx; 2 by default. */
	webhookProcesses?: number;
	/** How many `n8n worker` processes; 2 by default. */
	workers?: number;
	/** Each worker's `--concurrency`; 5 by default. */
	concurrency?: number;
	/** For every sandbox, e.g. `{ timeScale: 0.01 }`. */
	sandbox?: Omit<SandboxOptions, 'provider'>;
	/** Extra environment for every n8n process. */
	env?: Record<string, string>;
	/** The first provider's credential name, "<Name> (sandbox)" by default (as `startStack`). */
	credentialName?: string;
	/** A provider's credential data where it is not `{apiKey, baseUrl}` of its sandbox (as `startStack`). */
	credentialData?: Partial<Record<SandboxProvider, Record<string, unknown>>>;
	/**
	 * Lower-case letters, digits and `_` in the names of this stack's database
	 * (`n8n_queue_<label>_…`) and folder (`outreach-n8n-queue-<label>-…`, which nginx's and
	 * Redis's command lines show), so what it leaves can be found; `stack` by default.
	 */
	label?: string;
}

/** One request nginx logged: when, what, its answer and which process gave it. */
export interface BalancedRequest {
	/** When nginx finished it, in epoch milliseconds. */
	at: number;
	method: string;
	path: string;
	status: number;
	/** `host:port` of the process that answered (several, comma-separated, had nginx tried more). */
	upstream: string;
	/** The whole request's time in nginx, in seconds. */
	seconds: number;
}

export interface QueueStack {
	/** Each provider's sandbox and credential, by provider id. */
	providers: Record<string, ProviderStack>;
	/** The first provider's sandbox (Kakiyo's by default). */
	sandbox: Sandbox;
	/** The first provider's credential. */
	credential: { id: string; name: string };
	/** n8n's main process, where workflows are created and activated. */
	main: RunningN8n;
	/** The main process again, under the name the single-process helpers read (`settled`). */
	n8n: RunningN8n;
	/** The `n8n webhook` processes, in nginx's upstream order. */
	webhooks: RunningN8n[];
	/** The `n8n worker` processes; each one's `url` is its health check server. */
	workers: RunningN8n[];
	balancer: {
		/** nginx's root URL, e.g. `http://127.0.0.1:40123`. */
		url: string;
		/** `WEBHOOK_URL` of every process: where triggers register their hooks. */
		webhookUrl: string;
		/** The nginx config it runs. */
		config: string;
		/** Every request nginx has logged so far. */
		requests(): BalancedRequest[];
	};
	owner: Awaited<ReturnType<typeof setUpOwner>>;
	api: ReturnType<typeof publicApi>;
	/** The packages as n8n loaded them. */
	extensions: Extensions;
	/** The PostgreSQL database of this stack, dropped by `close`. */
	database: string;
	/** The folder of nginx's config and logs and Redis's log, removed by `close`. */
	folder: string;
	/** How long `startQueueStack` took, in milliseconds. */
	startedInMs: number;
	/** How long each step of the start took, in milliseconds, in order. */
	startSteps: Record<string, number>;
	/** n8n's type of a provider's trigger node (a custom extension's). */
	nodeType(provider: string): string;
	/** Stops every process, drops the database and removes the temporary folders. */
	close(): Promise<void>;
}

const LOG_LINE =
	/^(\S+) "(\S+) (\S+) [^"]*" (\d+) upstream=(.*?) request_time=(\S+) upstream_time=.*$/;

/** A line of the balancer's access log (`log_format balanced` of `nginxBalancerConfig`). */
function parseRequest(line: string): BalancedRequest {
	const match = LOG_LINE.exec(line);
	if (!match) throw new Error(`queue-stack: not a balancer log line: ${line}`);
	return {
		at: Math.round(Number(match[1]) * 1000),
		method: match[2]!,
		path: match[3]!,
		status: Number(match[4]),
		upstream: match[5]!,
		seconds: Number(match[6]),
	};
}

/** Runs every clean-up, newest first, even when one throws; throws the first failure after. */
async function cleanUp(steps: Array<() => unknown>): Promise<void> {
	const failures: unknown[] = [];
	for (const step of steps.reverse()) {
		try {
			await step();
		} catch (error) {
			failures.push(error);
		}
	}
	if (failures.length > 0) throw failures[0];
}

/**
 * Starts PostgreSQL (installed from Debian's packages where missing), a fresh database, a Redis
 * and a sandbox per provider, builds and unpacks every package, then n8n in queue mode: main
 * first (it migrates the new database), then the webhook processes and workers together, nginx
 * in front of the webhook processes with `WEBHOOK_URL` at nginx, and an owner and a credential
 * per provider on main. Whatever started is stopped again when a later step fails.
 */
export async function startQueueStack(options: QueueStackOptions = {}): Promise<QueueStack> {
	const began = Date.now();
	const steps: Array<() => unknown> = [];
	try {
		return await start(options, steps, began);
	} catch (error) {
		await cleanUp(steps).catch(() => undefined);
		throw error;
	}
}

async function start(
	options: QueueStackOptions,
	steps: Array<() => unknown>,
	began: number,
): Promise<QueueStack> {
	const ids = options.providers ?? ['kakiyo'];
	const label = options.label ?? 'stack';
	if (!/^[a-z0-9_]+$/.test(label)) throw new TypeError(`queue-stack: not a label: ${label}`);
	const startSteps: Record<string, number> = {};
	let stepBegan = began;
	const timed = (step: string) => {
		startSteps[step] = Date.now() - stepBegan;
		stepBegan = Date.now();
	};
	ensureServicePackages();
	const postgres = await startPostgres();
	const database = `n8n_queue_${label}_${randomBytes(6).toString('hex')}`;
	createDatabase(postgres, database);
	steps.push(() => dropDatabase(database));

	const folder = mkdtempSync(join(tmpdir(), `outreach-n8n-queue-${label}-`));
	steps.push(() => removeFolder(folder));
	// nginx's workers (another user when nginx starts as root) write its temporary files in here.
	chmodSync(folder, 0o755);
	const redis = await startRedis(await freePort(), folder);
	steps.push(() => redis.stop());
	timed('postgres and redis');

	const extensions = packExtensions();
	steps.push(() => removeFolder(extensions.folder));
	const sandboxes: Sandbox[] = [];
	for (const provider of ids) {
		const sandbox = await startSandbox({ ...options.sandbox, provider });
		steps.push(() => sandbox.close());
		sandboxes.push(sandbox);
	}
	timed('packages and sandboxes');

	const mainPort = await freePort();
	const webhookPorts = await Promise.all(
		Array.from({ length: options.webhookProcesses ?? 2 }, () => freePort()),
	);
	const workerPorts = await Promise.all(
		Array.from({ length: options.workers ?? 2 }, () => freePort()),
	);
	const balancerPort = await freePort();
	const balancerUrl = `http://127.0.0.1:${balancerPort}`;
	const config = nginxBalancerConfig({
		port: balancerPort,
		webhooks: webhookPorts.map((port) => `127.0.0.1:${port}`),
		main: `127.0.0.1:${mainPort}`,
		balance: options.balance ?? 'round-robin',
		runtimeFolder: folder,
	});
	const nginx = await startNginx(config, folder, balancerPort);
	steps.push(() => nginx.stop());

	const env = {
		DB_TYPE: 'postgresdb',
		DB_POSTGRESDB_HOST: postgres.host,
		DB_POSTGRESDB_PORT: String(postgres.port),
		DB_POSTGRESDB_DATABASE: database,
		DB_POSTGRESDB_USER: postgres.user,
		DB_POSTGRESDB_PASSWORD: postgres.password,
		EXECUTIONS_MODE: 'queue',
		QUEUE_BULL_REDIS_HOST: redis.host,
		QUEUE_BULL_REDIS_PORT: String(redis.port),
		// Every process decrypts the credentials main stored.
		N8N_ENCRYPTION_KEY: randomBytes(24).toString('hex'),
		WEBHOOK_URL: `${balancerUrl}/`,
		// nginx adds X-Forwarded-For; n8n trusts one proxy in front of it.
		N8N_PROXY_HOPS: '1',
		// Main serves no production webhook (n8n's advice with webhook processes): a delivery that
		// reached it would not be run by the processes under test.
		N8N_DISABLE_PRODUCTION_MAIN_PROCESS: 'true',
		...options.env,
	};
	const processes: RunningN8n[] = [];
	const userFolders: string[] = [];
	steps.push(() => userFolders.forEach(removeFolder));
	// Stopped together: each waits for its runs and its task runner.
	steps.push(() => Promise.all(processes.map((n8n) => n8n.stop())));
	const launch = async (command: N8nCommand, port: number, args: string[] = []) => {
		const userFolder = newUserFolder();
		userFolders.push(userFolder);
		const n8n = await startN8n({
			command,
			args,
			extension: extensions.extension,
			userFolder,
			port,
			env,
			// Four n8n starting together on two cores take longer than one.
			readyWithinMs: 240_000,
		});
		processes.push(n8n);
		return n8n;
	};
	const main = await launch('start', mainPort);
	timed('nginx and main');
	// Settled, not raced: a process still starting when another failed would outlive the clean-up.
	const started = await Promise.allSettled([
		...webhookPorts.map((port) => launch('webhook', port)),
		...workerPorts.map((port) =>
			launch('worker', port, [`--concurrency=${options.concurrency ?? 5}`]),
		),
	]);
	const failed = started.find((result) => result.status === 'rejected');
	if (failed) throw failed.reason;
	const others = started.map((result) => (result as PromiseFulfilledResult<RunningN8n>).value);
	const webhooks = others.slice(0, webhookPorts.length);
	const workers = others.slice(webhookPorts.length);
	timed('webhook processes and workers');

	const owner = await setUpOwner(main.url);
	const api = publicApi(main.url, owner.apiKey);
	const providers = await createSandboxCredentials(api, ids, sandboxes, options);
	timed('owner and credentials');
	const first = providers[ids[0]!]!;
	return {
		providers,
		sandbox: first.sandbox,
		credential: first.credential,
		main,
		n8n: main,
		webhooks,
		workers,
		balancer: {
			url: balancerUrl,
			webhookUrl: `${balancerUrl}/`,
			config,
			requests: () => nginx.accessLog().map(parseRequest),
		},
		owner,
		api,
		extensions,
		database,
		folder,
		startedInMs: Date.now() - began,
		startSteps,
		nodeType,
		close: () => cleanUp(steps),
	};
}
