/**
 * Zapier's CLI (`zapier-platform`), the version of the app's core, installed outside the app
 * folder and run on Node 22. `build` and `push` copy the app folder, node_modules included,
 * before a production install: with the CLI among the app's own dependencies that copy holds its
 * 900 packages and fails with EMFILE. So the app does not depend on it: a developer installs it
 * globally, and this project keeps one in the tools cache beside Node 22.
 *
 * `npm run zapier -- [--app <id>] <command>` (from the repository) runs it in `zapier/apps/<id>/`
 * (Kakiyo's by default).
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

import {
	ensureNode,
	ensureZapierCli as ensureToolchainCli,
	envWithNode,
} from '../../scripts/toolchain.js';
import { ZAPIER_CLI_VERSION } from '../../scripts/zapier-build.js';

/** The folder holding the app factory, its tests and `apps/`. */
export const WORKSPACE = join(dirname(fileURLToPath(import.meta.url)), '..');
/** The deployable apps, by id. */
export const APPS = readdirSync(join(WORKSPACE, 'apps')).sort();
export const appFolder = (id: string) => join(WORKSPACE, 'apps', id);

/** The CLI and core are released together; the CLI follows the core the apps pin. */
export const CLI_VERSION = ZAPIER_CLI_VERSION;

/** The pinned CLI's entry script, installed once into the tools cache. */
export function ensureZapierCli(): string {
	return ensureToolchainCli(CLI_VERSION);
}

export interface CliOptions {
	/** Working directory; the CLI acts on the app found there. Default: Kakiyo's app. */
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
		cwd: options.cwd ?? appFolder('kakiyo'),
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
	const args = process.argv.slice(2);
	const at = args.findIndex((arg) => arg === '--app' || arg.startsWith('--app='));
	const [flag = ''] = at >= 0 ? args.splice(at, 1) : [];
	const id = flag === '--app' ? args.splice(at, 1)[0] : at >= 0 ? flag.slice(6) : 'kakiyo';
	if (id === undefined || !APPS.includes(id)) {
		console.error(`--app must be one of ${APPS.join(', ')}`);
		process.exitCode = 2;
	} else {
		process.exitCode = runZapierCli(args, { cwd: appFolder(id), stdio: 'inherit' }).status ?? 1;
	}
}
