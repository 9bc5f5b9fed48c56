/** A real n8n (pinned, installed by scripts/toolchain.ts) started and stopped as a process. */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { ensureN8n, envWithNode, type N8nInstall } from '../../scripts/toolchain.js';

export async function freePort(): Promise<number> {
	const server = createServer();
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as { port: number };
	await new Promise<void>((resolve) => server.close(() => resolve()));
	return port;
}

/**
 * Which n8n process to run: `start` is n8n's main process (editor, API, activation); in queue
 * mode (`EXECUTIONS_MODE=queue`) `webhook` serves production webhooks and `worker` runs the
 * queued executions.
 */
export type N8nCommand = 'start' | 'webhook' | 'worker';

export interface N8nOptions {
	/** Which process; `start` by default. */
	command?: N8nCommand;
	/** Arguments after the command, e.g. `['--concurrency=5']` for a worker. */
	args?: string[];
	/** `N8N_CUSTOM_EXTENSIONS`: a folder n8n searches for nodes and credentials; none when absent. */
	extension?: string;
	/** Kept across restarts: n8n's database and settings. */
	userFolder: string;
	/**
	 * `N8N_PORT`, where `start` and `webhook` listen; a worker has no such server and answers its
	 * health check here instead (`QUEUE_HEALTH_CHECK_PORT`, switched on).
	 */
	port: number;
	env?: Record<string, string>;
	/** Which n8n to run: the pinned one ({@link n8nInstall}) unless given. */
	n8n?: N8nInstall;
	/** How long it may take to become ready, in milliseconds; 120 000 by default. */
	readyWithinMs?: number;
}

export interface RunningN8n {
	/** Where the process listens: a worker's health check server for a worker. */
	url: string;
	/** The n8n process's id (its task runner is a child of it). */
	pid: number;
	/** `WEBHOOK_URL`: the process's own URL unless `env` set another (a load balancer's). */
	webhookUrl: string;
	log: () => string;
	stop(): Promise<void>;
}

let install: N8nInstall | undefined;
export function n8nInstall(): N8nInstall {
	install ??= ensureN8n();
	return install;
}

export async function startN8n(options: N8nOptions): Promise<RunningN8n> {
	const { node, bin, version } = options.n8n ?? n8nInstall();
	const command = options.command ?? 'start';
	const url = `http://127.0.0.1:${options.port}`;
	const env = {
		...envWithNode(join(node, '..', '..')),
		N8N_USER_FOLDER: options.userFolder,
		N8N_PORT: String(options.port),
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		N8N_HOST: '127.0.0.1',
		WEBHOOK_URL: `${url}/`,
		...(options.extension === undefined ? {} : { N8N_CUSTOM_EXTENSIONS: options.extension }),
		N8N_RUNNERS_BROKER_PORT: String(await freePort()),
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		// n8n 1.x has no such module and refuses to start when told to disable it.
		...(Number(version.split('.')[0]) >= 2 ? { N8N_DISABLED_MODULES: 'mcp-registry' } : {}),
		N8N_SECURE_COOKIE: 'false',
		N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
		N8N_LOG_LEVEL: 'info',
		N8N_HIRING_BANNER_ENABLED: 'false',
		// Publishing goes through an outbox polled every 15 s by default; tests should not wait that long.
		N8N_WORKFLOW_PUBLICATION_OUTBOX_POLL_INTERVAL_MS: '500',
		...(command === 'worker'
			? {
					QUEUE_HEALTH_CHECK_ACTIVE: 'true',
					QUEUE_HEALTH_CHECK_PORT: String(options.port),
					N8N_WORKER_SERVER_ADDRESS: '127.0.0.1',
				}
			: {}),
		...options.env,
	};
	const child: ChildProcess = spawn(node, [bin, command, ...(options.args ?? [])], {
		env,
		detached: true,
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	let output = '';
	child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
	child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
	const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

	const readyWithinMs = options.readyWithinMs ?? 120_000;
	const deadline = Date.now() + readyWithinMs;
	const answers = (path: string) =>
		fetch(`${url}${path}`).then(
			(response) => response.ok,
			() => false,
		);
	for (;;) {
		if (child.exitCode !== null)
			throw new Error(`n8n ${command} exited with ${child.exitCode}:\n${output.slice(-4000)}`);
		// n8n 1.x reports ready before its REST routes exist; /rest/settings answers once they do.
		// A webhook process and a worker have no REST routes: their readiness covers database and Redis.
		const ready =
			(await answers('/healthz/readiness')) &&
			(command !== 'start' || (await answers('/rest/settings')));
		if (ready) break;
		if (Date.now() > deadline) {
			// Not left running for the caller to find: it has no handle to stop it by.
			if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
			await exited;
			throw new Error(
				`n8n ${command} did not start in ${readyWithinMs / 1000} s:\n${output.slice(-4000)}`,
			);
		}
		await new Promise((resolve) => setTimeout(resolve, 250));
	}

	return {
		url,
		pid: child.pid as number,
		webhookUrl: env.WEBHOOK_URL,
		log: () => output,
		async stop() {
			if (child.exitCode === null && child.pid !== undefined) {
				process.kill(-child.pid, 'SIGTERM');
				const killer = setTimeout(
					() => child.pid !== undefined && process.kill(-child.pid, 'SIGKILL'),
					20_000,
				);
				await exited;
				clearTimeout(killer);
			}
		},
	};
}

export function newUserFolder(): string {
	return mkdtempSync(join(tmpdir(), 'kakiyo-n8n-home-'));
}

export function removeFolder(path: string): void {
	// n8n's task runner may still be writing for a moment after n8n exits.
	rmSync(path, { recursive: true, force: true, maxRetries: 5, retryDelay: 500 });
}
