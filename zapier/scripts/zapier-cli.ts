/**
 * Zapier's CLI (`zapier-platform`), the version of the app's core, installed outside the app
 * folder and run on Node 22. `build` and `push` copy the app folder, node_modules included,
 * before a production install: with the CLI among the app's own dependencies that copy holds its
 * 900 packages and fails with EMFILE. So the app does not depend on it: a developer installs it
 * globally, and this project keeps one in the tools cache beside Node 22.
 *
 * `npm run zapier -- <command>` (from the repository) runs it in `zapier/`.
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

import {
	ensureNode,
	ensureZapierCli as ensureToolchainCli,
	envWithNode,
} from '../../scripts/toolchain.js';

export const APP = join(dirname(fileURLToPath(import.meta.url)), '..');

/** The CLI and core are released together; the CLI follows the core the app pins. */
export const CLI_VERSION = (
	JSON.parse(readFileSync(join(APP, 'package.json'), 'utf8')) as {
		dependencies: Record<string, string>;
	}
).dependencies['zapier-platform-core']!;

/** The pinned CLI's entry script, installed once into the tools cache. */
export function ensureZapierCli(): string {
	return ensureToolchainCli(CLI_VERSION);
}

export interface CliOptions {
	/** Working directory; the CLI acts on the app found there. Default: `zapier/`. */
	cwd?: string;
	/** Milliseconds before the CLI is killed. Default: none. */
	timeout?: number;
	/** Extra environment variables. */
	env?: NodeJS.ProcessEnv;
	/** `inherit` for an interactive command (login, register); default: captured. */
	stdio?: 'pipe' | 'inherit';
	/** Entry script to run instead of the cached CLI's. */
	entry?: string;
}

/**
 * Runs `zapier-platform <args>` on Node 22 without the test runner's settings, with usage
 * analytics off (the CLI otherwise posts them with no timeout) and no update check.
 */
export function runZapierCli(args: string[], options: CliOptions = {}): SpawnSyncReturns<string> {
	const node22 = ensureNode(22);
	return spawnSync(join(node22, 'bin', 'node'), [options.entry ?? ensureZapierCli(), ...args], {
		cwd: options.cwd ?? APP,
		env: {
			...envWithNode(node22),
			DISABLE_ZAPIER_ANALYTICS: '1',
			NO_UPDATE_NOTIFIER: '1',
			...options.env,
		},
		encoding: 'utf8',
		stdio: options.stdio ?? 'pipe',
		...(options.timeout === undefined ? {} : { timeout: options.timeout }),
	});
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
	process.exitCode = runZapierCli(process.argv.slice(2), { stdio: 'inherit' }).status ?? 1;
}
