/**
 * Building a Zapier app as its developer would, for the build test and the Zapier bench: the
 * app's folder copied alone, and the CLI's own unzip to read what `zapier-platform build` made.
 * Here rather than in `zapier/scripts/` because the bench runs as CommonJS and that folder is ESM.
 */
import { cpSync, readFileSync, symlinkSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';

import { ensureZapierCli } from './toolchain.js';

/** The Zapier workspace: the app factory, its tests and `apps/`. */
export const ZAPIER_WORKSPACE = join(__dirname, '..', 'zapier');

/** The CLI and core are released together; the CLI follows the core the apps pin. */
export const ZAPIER_CLI_VERSION = (
	JSON.parse(readFileSync(join(ZAPIER_WORKSPACE, 'package.json'), 'utf8')) as {
		dependencies: Record<string, string>;
	}
).dependencies['zapier-platform-core']!;

/** What the build makes, or what the workspace lends: not copied with an app's folder. */
const NOT_COPIED = ['node_modules', 'dist', 'build', 'zapierwrapper.js'];

/**
 * The app's folder alone, copied into `into` with the workspace's node_modules linked in and
 * nothing else around it: proves the folder deploys on its own, and a build there never rewrites
 * the dist/ other tests read. Returns the copy's path.
 */
export function copyAppAlone(id: string, into: string): string {
	const source = join(ZAPIER_WORKSPACE, 'apps', id);
	const app = join(into, id);
	cpSync(source, app, {
		recursive: true,
		filter: (path) => !NOT_COPIED.includes(relative(source, path)),
	});
	symlinkSync(join(ZAPIER_WORKSPACE, 'node_modules'), join(app, 'node_modules'));
	return app;
}

/** Unzips a build's zip with the CLI's own unzip, the one its "Testing build" step uses. */
export async function unzipBuild(zip: string, into: string): Promise<void> {
	const decompress = createRequire(ensureZapierCli(ZAPIER_CLI_VERSION))('../utils/decompress') as (
		zip: string,
		into: string,
	) => Promise<unknown>;
	await decompress(zip, into);
}
