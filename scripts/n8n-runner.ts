/**
 * Runs a real n8n (pinned, installed by scripts/toolchain.ts) with this package loaded from a
 * packed tarball outside the repository, and drives it through n8n's own REST and public APIs.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

import { startSandbox, type Sandbox } from '../sandbox/server.js';
import { ensureN8n, envWithNode, type N8nInstall } from './toolchain.js';

const ROOT = join(__dirname, '..');
export const NODE_TYPE = 'CUSTOM.kakiyoTrigger';
export const CREDENTIAL_TYPE = 'kakiyoApi';

export async function freePort(): Promise<number> {
	const server = createServer();
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as { port: number };
	await new Promise<void>((resolve) => server.close(() => resolve()));
	return port;
}

function run(command: string, args: string[], cwd: string): string {
	const result = spawnSync(command, args, { cwd, encoding: 'utf8' });
	if (result.status !== 0)
		throw new Error(`${command} ${args.join(' ')} failed:\n${result.stderr}${result.stdout}`);
	return result.stdout;
}

/**
 * Builds, packs and unpacks the package into a temporary folder outside the repository, as n8n
 * would receive it: a runtime import that n8n does not provide fails to load there.
 */
export function packExtension(): string {
	const dir = mkdtempSync(join(tmpdir(), 'kakiyo-n8n-ext-'));
	run('npm', ['run', 'build'], ROOT);
	run('npm', ['pack', '--pack-destination', dir], ROOT);
	const tarball = readdirSync(dir).find((file) => file.endsWith('.tgz'));
	if (!tarball) throw new Error('npm pack wrote no tarball');
	const target = join(dir, 'n8n-nodes-kakiyo');
	mkdirSync(target);
	run('tar', ['-xzf', join(dir, tarball), '-C', target, '--strip-components=1'], dir);
	return target;
}

export interface N8nOptions {
	extension: string;
	/** Kept across restarts: n8n's database and settings. */
	userFolder: string;
	port: number;
	env?: Record<string, string>;
}

export interface RunningN8n {
	url: string;
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
	const { node, bin } = n8nInstall();
	const url = `http://127.0.0.1:${options.port}`;
	const env = {
		...envWithNode(join(node, '..', '..')),
		N8N_USER_FOLDER: options.userFolder,
		N8N_PORT: String(options.port),
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		N8N_HOST: '127.0.0.1',
		WEBHOOK_URL: `${url}/`,
		N8N_CUSTOM_EXTENSIONS: options.extension,
		N8N_RUNNERS_BROKER_PORT: String(await freePort()),
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_DISABLED_MODULES: 'mcp-registry',
		N8N_SECURE_COOKIE: 'false',
		N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
		N8N_LOG_LEVEL: 'info',
		N8N_HIRING_BANNER_ENABLED: 'false',
		// Publishing goes through an outbox polled every 15 s by default; tests should not wait that long.
		N8N_WORKFLOW_PUBLICATION_OUTBOX_POLL_INTERVAL_MS: '500',
		...options.env,
	};
	const child: ChildProcess = spawn(node, [bin, 'start'], {
		env,
		detached: true,
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	let output = '';
	child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
	child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
	const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

	const deadline = Date.now() + 120_000;
	for (;;) {
		if (child.exitCode !== null)
			throw new Error(`n8n exited with ${child.exitCode}:\n${output.slice(-4000)}`);
		const ready = await fetch(`${url}/healthz/readiness`).then(
			(response) => response.ok,
			() => false,
		);
		if (ready) break;
		if (Date.now() > deadline)
			throw new Error(`n8n did not start in 120 s:\n${output.slice(-4000)}`);
		await new Promise((resolve) => setTimeout(resolve, 250));
	}

	return {
		url,
		webhookUrl: `${url}/`,
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

/** n8n's owner account and an API key for its public API. */
export async function setUpOwner(
	url: string,
): Promise<{ apiKey: string; cookie: string; email: string; password: string }> {
	const email = 'owner@example.com';
	const password = 'Kakiyo-e2e-Passw0rd';
	const setup = await fetch(`${url}/rest/owner/setup`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ email, firstName: 'Test', lastName: 'Owner', password }),
	});
	if (!setup.ok) throw new Error(`owner setup failed: ${setup.status} ${await setup.text()}`);
	const cookie = (setup.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
	const scopes = (await (
		await fetch(`${url}/rest/api-keys/scopes`, { headers: { cookie } })
	).json()) as { data: string[] };
	const created = await fetch(`${url}/rest/api-keys`, {
		method: 'POST',
		headers: { 'content-type': 'application/json', cookie },
		body: JSON.stringify({ label: 'e2e', scopes: scopes.data, expiresAt: null }),
	});
	if (!created.ok)
		throw new Error(`api key creation failed: ${created.status} ${await created.text()}`);
	const { data } = (await created.json()) as { data: { rawApiKey: string } };
	return { apiKey: data.rawApiKey, cookie, email, password };
}

/** A thin client for n8n's public API (`/api/v1`). */
export function publicApi(url: string, apiKey: string) {
	async function call<T>(
		method: string,
		path: string,
		body?: unknown,
	): Promise<{ status: number; body: T }> {
		const response = await fetch(`${url}/api/v1${path}`, {
			method,
			headers: {
				'x-n8n-api-key': apiKey,
				...(body === undefined ? {} : { 'content-type': 'application/json' }),
			},
			...(body === undefined ? {} : { body: JSON.stringify(body) }),
		});
		const text = await response.text();
		return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T };
	}
	return { call };
}

export interface Stack {
	sandbox: Sandbox;
	n8n: RunningN8n;
	owner: Awaited<ReturnType<typeof setUpOwner>>;
	api: ReturnType<typeof publicApi>;
	credential: { id: string; name: string };
	/** Stops n8n and the sandbox and removes their temporary folders. */
	close(): Promise<void>;
}

/** A Kakiyo sandbox and an n8n with this package, an owner, and a Kakiyo credential for the sandbox. */
export async function startStack(credentialName = 'Kakiyo (sandbox)'): Promise<Stack> {
	const extension = packExtension();
	const sandbox = await startSandbox();
	const home = newUserFolder();
	const n8n = await startN8n({ extension, userFolder: home, port: await freePort() });
	const owner = await setUpOwner(n8n.url);
	const api = publicApi(n8n.url, owner.apiKey);
	const created = await api.call<{ id: string }>('POST', '/credentials', {
		name: credentialName,
		type: CREDENTIAL_TYPE,
		data: { apiKey: sandbox.apiKey, baseUrl: sandbox.apiUrl },
	});
	if (created.status !== 200) throw new Error(`credential creation failed: ${created.status}`);
	return {
		sandbox,
		n8n,
		owner,
		api,
		credential: { id: created.body.id, name: credentialName },
		async close() {
			await n8n.stop();
			await sandbox.close();
			removeFolder(home);
			removeFolder(dirname(extension));
		},
	};
}

/** A Kakiyo Trigger node for a workflow sent to n8n's public API. */
export function triggerNode(options: {
	webhookId: string;
	events: string[];
	credential: { id: string; name: string };
	name?: string;
	/** The node's Options collection, e.g. `{ sendSample: false }`. */
	options?: Record<string, unknown>;
}): Record<string, unknown> {
	return {
		id: `trigger-${options.webhookId}`,
		name: options.name ?? 'Kakiyo Trigger',
		type: NODE_TYPE,
		typeVersion: 1,
		position: [0, 0],
		webhookId: options.webhookId,
		parameters: {
			events: options.events,
			...(options.options ? { options: options.options } : {}),
		},
		credentials: { [CREDENTIAL_TYPE]: options.credential },
	};
}
