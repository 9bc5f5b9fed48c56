/** Sandboxes and a real n8n with every package, ready to drive: what the demo starts. */
import {
	startSandbox,
	type Sandbox,
	type SandboxOptions,
	type SandboxProvider,
} from '../../sandbox/server.js';
import type { N8nInstall } from '../../scripts/toolchain.js';
import { publicApi, setUpOwner } from './n8n-api.js';
import { freePort, newUserFolder, removeFolder, startN8n, type RunningN8n } from './n8n-process.js';
import { installIntoNodesFolder, packExtensions, type Extensions } from './pack.js';
import { createSandboxCredentials, type ProviderStack } from './sandbox-credentials.js';
import { nodeType, packageNodeType } from './workflow.js';

export type { ProviderStack } from './sandbox-credentials.js';

/**
 * How n8n gets the packages: `custom-extensions` points `N8N_CUSTOM_EXTENSIONS` at the unpacked
 * tarballs (node type `CUSTOM.<id>Trigger`); `nodes-folder` installs the tarballs into
 * `~/.n8n/nodes` as a self-hosted user or n8n's community-package installer does (node type
 * `n8n-nodes-<id>.<id>Trigger`).
 */
export type PackageInstall = 'custom-extensions' | 'nodes-folder';

export interface Stack {
	/** Each provider's sandbox and credential, by provider id. */
	providers: Record<string, ProviderStack>;
	/** The first provider's sandbox (Kakiyo's by default). */
	sandbox: Sandbox;
	/** The first provider's credential. */
	credential: { id: string; name: string };
	/** The running n8n; a new one after `restart`. */
	n8n: RunningN8n;
	owner: Awaited<ReturnType<typeof setUpOwner>>;
	api: ReturnType<typeof publicApi>;
	/** The packages as n8n loaded them. */
	extensions: Extensions;
	/** How n8n got the packages. */
	install: PackageInstall;
	/** n8n's `N8N_USER_FOLDER` (its `.n8n` inside), kept across restarts. */
	userFolder: string;
	/** n8n's type of a provider's trigger node, as this stack installed its package. */
	nodeType(provider: string): string;
	/** Stops n8n and starts it again on the same port and data, with extra environment. */
	restart(env?: Record<string, string>): Promise<RunningN8n>;
	/** Stops n8n and the sandboxes and removes their temporary folders. */
	close(): Promise<void>;
}

/**
 * A sandbox per provider and an n8n with every package, an owner, and one credential per
 * provider for its sandbox, named "<Name> (sandbox)" unless `credentialName` says otherwise
 * (for the first provider).
 */
export async function startStack(
	options: {
		providers?: SandboxProvider[];
		credentialName?: string;
		/** For every sandbox, e.g. `{ timeScale: 0.01 }`. */
		sandbox?: Omit<SandboxOptions, 'provider'>;
		/** A provider's credential data where it is not `{apiKey, baseUrl}` of its sandbox. */
		credentialData?: Partial<Record<SandboxProvider, Record<string, unknown>>>;
		/** Extra environment for n8n, on every start (`restart` adds its own). */
		env?: Record<string, string>;
		/** How n8n gets the packages; `custom-extensions` by default. */
		install?: PackageInstall;
		/**
		 * With `nodes-folder`: installs the packages into `<userFolder>/.n8n/nodes` in place of the
		 * packed tarballs, e.g. from a registry as a user does.
		 */
		installNodes?: (userFolder: string) => void;
		/** Which n8n to run: the pinned one unless given (e.g. the oldest supported). */
		n8n?: N8nInstall;
	} = {},
): Promise<Stack> {
	const ids = options.providers ?? ['kakiyo'];
	const install = options.install ?? 'custom-extensions';
	const extensions = packExtensions();
	const sandboxes = await Promise.all(
		ids.map((provider) => startSandbox({ ...options.sandbox, provider })),
	);
	const home = newUserFolder();
	if (install === 'nodes-folder') {
		if (options.installNodes) options.installNodes(home);
		else installIntoNodesFolder(home, Object.values(extensions.tarballs));
	}
	const port = await freePort();
	const start = (env: Record<string, string> = {}) =>
		startN8n({
			...(install === 'custom-extensions' ? { extension: extensions.extension } : {}),
			userFolder: home,
			port,
			env: { ...options.env, ...env },
			...(options.n8n ? { n8n: options.n8n } : {}),
		});
	const n8n = await start();
	const owner = await setUpOwner(n8n.url);
	const api = publicApi(n8n.url, owner.apiKey);
	const providers = await createSandboxCredentials(api, ids, sandboxes, options);
	const first = providers[ids[0]!]!;
	const stack: Stack = {
		providers,
		sandbox: first.sandbox,
		credential: first.credential,
		n8n,
		owner,
		api,
		extensions,
		install,
		userFolder: home,
		nodeType: install === 'nodes-folder' ? packageNodeType : nodeType,
		async restart(env) {
			await stack.n8n.stop();
			stack.n8n = await start(env);
			return stack.n8n;
		},
		async close() {
			await stack.n8n.stop();
			await Promise.all(sandboxes.map((sandbox) => sandbox.close()));
			removeFolder(home);
			removeFolder(extensions.folder);
		},
	};
	return stack;
}
