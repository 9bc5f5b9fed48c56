/** The package as n8n receives it: built, packed and unpacked outside the repository. */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');

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
