/** The packages as n8n receives them: built, packed and unpacked outside the repository. */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { withoutRunnerSettings } from '../../scripts/toolchain.js';

const ROOT = join(__dirname, '..', '..');
const ARTIFACTS = join(ROOT, 'artifacts');

function run(command: string, args: string[], cwd: string, env?: NodeJS.ProcessEnv): string {
	const result = spawnSync(command, args, { cwd, encoding: 'utf8', ...(env ? { env } : {}) });
	if (result.status !== 0)
		throw new Error(`${command} ${args.join(' ')} failed:\n${result.stderr}${result.stdout}`);
	return result.stdout;
}

export interface Extensions {
	/** The temporary folder holding every unpacked package; remove it when done. */
	readonly folder: string;
	/** Each unpacked package by name, e.g. `n8n-nodes-kakiyo`. */
	readonly packages: Readonly<Record<string, string>>;
	/** Each package's tarball in `artifacts/`, by name. */
	readonly tarballs: Readonly<Record<string, string>>;
	/**
	 * The value of `N8N_CUSTOM_EXTENSIONS` that loads them all: their common folder, which n8n
	 * searches for nodes and credentials. (Several `;`-separated folders do not work: n8n keeps
	 * one loader per package name, and every custom folder is named `CUSTOM`, so the last wins.)
	 */
	readonly extension: string;
}

/**
 * Builds and packs every package (`npm run build`, `npm run pack`), then unpacks each tarball
 * from `artifacts/` into a temporary folder outside the repository, as n8n would receive it: a
 * runtime import that n8n does not provide, or a file left out of a package, fails to load there.
 */
export function packExtensions(): Extensions {
	const folder = mkdtempSync(join(tmpdir(), 'outreach-n8n-ext-'));
	run('npm', ['run', 'build'], ROOT);
	run('npm', ['run', 'pack'], ROOT);
	const packages: Record<string, string> = {};
	const tarballs: Record<string, string> = {};
	for (const name of readdirSync(join(ROOT, 'packages'))) {
		const tarball = readdirSync(ARTIFACTS).find(
			(file) => file.startsWith(`${name}-`) && /^\d/.test(file.slice(name.length + 1)),
		);
		if (!tarball) throw new Error(`npm run pack wrote no tarball for ${name}`);
		const target = join(folder, name);
		mkdirSync(target);
		run('tar', ['-xzf', join(ARTIFACTS, tarball), '-C', target, '--strip-components=1'], folder);
		packages[name] = target;
		tarballs[name] = join(ARTIFACTS, tarball);
	}
	return { folder, packages, tarballs, extension: folder };
}

/**
 * Installs the tarballs into `<userFolder>/.n8n/nodes` as a self-hosted or Docker user does
 * (`npm install` there, then start n8n), which is also the layout n8n's own community-package
 * installer leaves: `nodes/package.json` listing each package, and each package unpacked in
 * `nodes/node_modules/<name>`, where n8n loads every `n8n-nodes-*` at start. Peer dependencies
 * are not installed (`--legacy-peer-deps`), as n8n's installer drops them: a package must use
 * the n8n-workflow and zod of the n8n that loads it. Returns the `nodes` folder.
 */
export function installIntoNodesFolder(userFolder: string, tarballs: readonly string[]): string {
	const nodes = join(userFolder, '.n8n', 'nodes');
	mkdirSync(nodes, { recursive: true });
	writeFileSync(
		join(nodes, 'package.json'),
		`${JSON.stringify({ name: 'installed-nodes', private: true, dependencies: {} }, null, 2)}\n`,
	);
	run(
		'npm',
		[
			'install',
			'--legacy-peer-deps',
			'--ignore-scripts',
			'--no-audit',
			'--no-fund',
			'--package-lock=false',
			...tarballs,
		],
		nodes,
		withoutRunnerSettings(process.env),
	);
	return nodes;
}
