/**
 * n8n's scanner for community packages (@n8n/scan-community-package), the check n8n runs before
 * it verifies a package: its own lint of a package's source (`nodes/`, `credentials/` and the
 * manifest, at the commit its provenance names) and of its tarball (the compiled `.js` and the
 * manifest). Called offline here on folders, where its CLI would fetch both from npm and GitHub.
 * It runs in a process of its own, as its CLI does: under a test runner (NODE_ENV=test) n8n's
 * lint plugin takes every file for a node file.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

import { withoutRunnerSettings } from '../../scripts/toolchain.js';

export interface Analysis {
	/** The folder the scanner took for the package: where its manifest names it. */
	readonly root: string | null;
	readonly passed: boolean;
	readonly message?: string;
	readonly details?: string;
}

/** What the scanner lints in a source checkout: the manifest, `nodes/` and `credentials/`. */
export const SOURCE = 'source';
/** What it lints in a tarball: compiled code and the manifest. */
export const TARBALL = 'tarball';

const MODULE = pathToFileURL(
	join(
		__dirname,
		'..',
		'..',
		'node_modules',
		'@n8n',
		'scan-community-package',
		'scanner',
		'scanner.mjs',
	),
).href;

const SCRIPT = `
const { analyzePackage, findPackageRoot, SOURCE_FILE_PATTERNS } = await import(${JSON.stringify(MODULE)});
const [folder, name, leg] = process.argv.slice(1);
const root = findPackageRoot(folder, name);
const patterns = leg === '${SOURCE}' ? SOURCE_FILE_PATTERNS : ['**/*.js', 'package.json'];
const result = root === null ? { passed: false, message: 'no package.json names ' + name } : await analyzePackage(root, patterns);
process.stdout.write(JSON.stringify({ root, passed: result.passed, message: result.message, details: result.details }));
`;

/** The scanner's analysis of package `name` found under `folder`, as its source or its tarball. */
export function scan(folder: string, name: string, leg: typeof SOURCE | typeof TARBALL): Analysis {
	const env = withoutRunnerSettings(process.env);
	const result = spawnSync(
		process.execPath,
		['--input-type=module', '-e', SCRIPT, folder, name, leg],
		{ encoding: 'utf8', env, maxBuffer: 16 * 1024 * 1024 },
	);
	if (result.status !== 0) throw new Error(`the scanner failed to run:\n${result.stderr}`);
	return JSON.parse(result.stdout) as Analysis;
}
