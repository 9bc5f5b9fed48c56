/**
 * A real npm registry on loopback (verdaccio, pinned by scripts/toolchain.ts), and what a
 * self-hosted user does with it: install a package into `~/.n8n/nodes` with the commands of its
 * README, and install it again once a newer version is out.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';

import { ensureVerdaccio, withoutRunnerSettings } from '../../scripts/toolchain.js';
import { freePort } from './n8n-process.js';

const ROOT = join(__dirname, '..', '..');

export interface LocalRegistry {
	/** `http://127.0.0.1:<port>/`. */
	url: string;
	/**
	 * npm's environment for publishing there: a user config holding the token of the one user
	 * allowed to publish (registered at start), and an npm cache of its own.
	 */
	publishEnv: NodeJS.ProcessEnv;
	/** verdaccio's output so far. */
	log(): string;
	/** Stops verdaccio and removes its storage. */
	stop(): Promise<void>;
}

/**
 * Starts verdaccio with its configuration and storage in a temporary folder: no uplink (it
 * serves only what is published to it), anyone may read, one registered user may publish.
 */
export async function startRegistry(): Promise<LocalRegistry> {
	const entry = ensureVerdaccio();
	const folder = mkdtempSync(join(tmpdir(), 'outreach-registry-'));
	const port = await freePort();
	const url = `http://127.0.0.1:${port}/`;
	writeFileSync(
		join(folder, 'config.yaml'),
		[
			`storage: ${join(folder, 'storage')}`,
			'auth:',
			'  htpasswd:',
			`    file: ${join(folder, 'htpasswd')}`,
			'    max_users: 1',
			'uplinks: {}',
			'packages:',
			"  '**':",
			'    access: $all',
			'    publish: $authenticated',
			'    unpublish: $authenticated',
			'web:',
			'  enable: false',
			'log: { type: stdout, format: pretty, level: warn }',
			'',
		].join('\n'),
	);
	const child: ChildProcess = spawn(
		process.execPath,
		[entry, '--config', join(folder, 'config.yaml'), '--listen', `127.0.0.1:${port}`],
		{ env: withoutRunnerSettings(process.env), detached: true, stdio: ['ignore', 'pipe', 'pipe'] },
	);
	let output = '';
	child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
	child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
	const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
	const stop = async (): Promise<void> => {
		if (child.exitCode === null && child.pid !== undefined) {
			process.kill(-child.pid, 'SIGTERM');
			await exited;
		}
		rmSync(folder, { recursive: true, force: true });
	};

	try {
		const deadline = Date.now() + 60_000;
		for (;;) {
			if (child.exitCode !== null)
				throw new Error(`verdaccio exited with ${child.exitCode}:\n${output.slice(-4000)}`);
			const ping = await fetch(`${url}-/ping`).then(
				(response) => response.ok,
				() => false,
			);
			if (ping) break;
			if (Date.now() > deadline)
				throw new Error(`verdaccio did not answer in 60 s:\n${output.slice(-4000)}`);
			await new Promise((resolve) => setTimeout(resolve, 250));
		}
		// What `npm adduser` does; the password is this run's alone and never written out.
		const user = 'publisher';
		const added = await fetch(`${url}-/user/org.couchdb.user:${user}`, {
			method: 'PUT',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ name: user, password: randomBytes(24).toString('hex') }),
		});
		const { token } = (await added.json()) as { token?: string };
		if (!added.ok || !token) throw new Error(`verdaccio refused to add a user: ${added.status}`);
		const npmrc = join(folder, 'npmrc');
		writeFileSync(npmrc, `//127.0.0.1:${port}/:_authToken=${token}\n`, { mode: 0o600 });
		return {
			url,
			publishEnv: {
				...withoutRunnerSettings(process.env),
				NPM_CONFIG_USERCONFIG: npmrc,
				NPM_CONFIG_CACHE: join(folder, 'npm-cache'),
			},
			log: () => output,
			stop,
		};
	} catch (error) {
		await stop();
		throw error;
	}
}

/**
 * The shell commands a package's README gives self-hosted users to install it into n8n's nodes
 * folder: the non-comment lines of the first `sh` block under "## Install" (create and enter
 * `~/.n8n/nodes`, then `npm install ... <name>`). Throws when they are no longer that.
 */
export function readmeInstallCommands(
	name: string,
	readme = readFileSync(join(ROOT, 'packages', name, 'README.md'), 'utf8'),
): string[] {
	const install = readme.split(/^## /m).find((section) => section.startsWith('Install\n'));
	const block = install?.match(/```sh\n([\s\S]*?)```/)?.[1];
	const lines = (block ?? '')
		.split('\n')
		.map((line) => line.trim())
		.filter((line) => line !== '' && !line.startsWith('#'));
	if (
		lines.length !== 2 ||
		!/^mkdir -p ~\/\.n8n\/nodes && cd ~\/\.n8n\/nodes$/.test(lines[0]!) ||
		!new RegExp(`^npm install( --?[\\w-]+)* ${name}$`).test(lines[1]!)
	)
		throw new Error(
			`${name}'s README no longer installs into ~/.n8n/nodes with one npm install: ${JSON.stringify(lines)}`,
		);
	return lines;
}

/**
 * Runs a package's README install commands (readmeInstallCommands) as the user whose home is
 * `home` (so `~/.n8n/nodes` is `home/.n8n/nodes`, n8n's nodes folder for N8N_USER_FOLDER=home,
 * and npm reads no other user's settings or cache), with `--registry` added to `npm install`.
 */
export function installAsReadmeSays(home: string, name: string, registry: string): void {
	const [enter, install] = readmeInstallCommands(name);
	const script = `set -e\n${enter}\n${install} --registry ${registry}\n`;
	const result = spawnSync('sh', ['-c', script], {
		env: { ...withoutRunnerSettings(process.env), HOME: home },
		encoding: 'utf8',
		timeout: 300_000,
	});
	if (result.status !== 0)
		throw new Error(`installing ${name} as its README says failed:\n${result.stderr}`);
}

/** `x.y.z` with its patch number one higher, any prerelease dropped: `0.1.0` gives `0.1.1`. */
export function nextPatch(version: string): string {
	const match = /^(\d+)\.(\d+)\.(\d+)/.exec(version);
	if (!match) throw new Error(`${version} is not semver`);
	return `${match[1]}.${match[2]}.${Number(match[3]) + 1}`;
}

/**
 * A copy of the package folder `folder` at another version, in a temporary folder (never a
 * change in the repository): its sources, manifest, README and LICENSE, without `dist`, with
 * the repository's node_modules linked in so that `npm run lint` and `npm run build` run there as
 * in the folder itself. Remove `copy.folder`'s parent when done.
 */
export function copyAtVersion(folder: string, version: string): { folder: string; root: string } {
	const root = mkdtempSync(join(tmpdir(), 'outreach-next-version-'));
	const copy = join(root, basename(folder));
	cpSync(folder, copy, {
		recursive: true,
		filter: (source) => !/[/\\](dist|node_modules)$/.test(source),
	});
	symlinkSync(join(ROOT, 'node_modules'), join(copy, 'node_modules'), 'dir');
	const manifest = JSON.parse(readFileSync(join(copy, 'package.json'), 'utf8')) as {
		version: string;
	};
	manifest.version = version;
	writeFileSync(join(copy, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
	return { folder: copy, root };
}
