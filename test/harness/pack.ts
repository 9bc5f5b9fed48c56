/** The packages as n8n receives them: built, packed and unpacked outside the repository. */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');
const ARTIFACTS = join(ROOT, 'artifacts');

function run(command: string, args: string[], cwd: string): string {
	const result = spawnSync(command, args, { cwd, encoding: 'utf8' });
	if (result.status !== 0)
		throw new Error(`${command} ${args.join(' ')} failed:\n${result.stderr}${result.stdout}`);
	return result.stdout;
}

export interface Extensions {
	/** The temporary folder holding every unpacked package; remove it when done. */
	readonly folder: string;
	/** Each unpacked package by name, e.g. `n8n-nodes-kakiyo`. */
	readonly packages: Readonly<Record<string, string>>;
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
	for (const name of readdirSync(join(ROOT, 'packages'))) {
		const tarball = readdirSync(ARTIFACTS).find(
			(file) => file.startsWith(`${name}-`) && /^\d/.test(file.slice(name.length + 1)),
		);
		if (!tarball) throw new Error(`npm run pack wrote no tarball for ${name}`);
		const target = join(folder, name);
		mkdirSync(target);
		run('tar', ['-xzf', join(ARTIFACTS, tarball), '-C', target, '--strip-components=1'], folder);
		packages[name] = target;
	}
	return { folder, packages, extension: folder };
}
