/**
 * The Zapier apps as `zapier-platform build` zips them, against Zapier's own TypeScript app built
 * the same way: the bytes and files of each build.zip, and the cold import of each on Node 22
 * (Zapier's runtime), a fresh process per sample, of `zapierwrapper.js`, the entry Zapier loads.
 * "Over core" imports it after `zapier-platform-core`, which every app pays alike: what the app
 * itself costs.
 *
 * Zapier's own app: `zapier-platform init --template custom-auth --language typescript` from the
 * pinned CLI, which replaced `example-apps/typescript` in zapier/zapier-platform#1067 (its
 * `example-apps/custom-auth-typescript`). It gets the same `.zapierapprc` as the apps: on Node 22
 * the CLI's dependency detection misses `async-function/require.mjs` for any app on core 19.
 *
 * `node --import tsx bench/zapier.bench.ts`: progress on stderr, the table on stdout. Builds
 * every app (about a minute each); `BENCH_SAMPLES` sets the samples per app (default 15).
 */
import { spawnSync, type SpawnSyncOptions } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join, relative } from 'node:path';

import { ensureNode, ensureZapierCli, envWithNode, VERSIONS } from '../scripts/toolchain.js';
import {
	copyAppAlone,
	unzipBuild,
	ZAPIER_CLI_VERSION as CLI_VERSION,
	ZAPIER_WORKSPACE as WORKSPACE,
} from '../scripts/zapier-build.js';

const ROOT = join(__dirname, '..');
const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 15);
const EXAMPLE = "Zapier's TypeScript app";

const log = (message: string) => process.stderr.write(`[zapier] ${message}\n`);

function run(command: string, args: string[], options: SpawnSyncOptions): void {
	const result = spawnSync(command, args, { encoding: 'utf8', ...options });
	if (result.status !== 0)
		throw new Error(`${command} ${args.join(' ')} failed:\n${result.stderr}${result.stdout}`);
}

/** `zapier-platform <args>` on Node 22, as `npm run zapier` runs it. */
function zapierCli(args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): void {
	const node22 = ensureNode(22);
	run(join(node22, 'bin', 'node'), [ensureZapierCli(CLI_VERSION), ...args], {
		cwd,
		env: {
			...envWithNode(node22),
			DISABLE_ZAPIER_ANALYTICS: '1',
			NO_UPDATE_NOTIFIER: '1',
			// The build's production install asks the registry only for what npm's cache lacks.
			npm_config_prefer_offline: 'true',
			...env,
		},
		timeout: 600_000,
	});
}

interface Built {
	readonly name: string;
	/** build.zip, unzipped. */
	readonly folder: string;
	readonly zipBytes: number;
	readonly files: string[];
	readonly bytes: number;
}

/** Builds the app folder at `app` with the CLI and unzips what it made. */
async function build(name: string, app: string, work: string): Promise<Built> {
	log(`building ${name}`);
	const scratch = join(work, `${name}-tmp`.replace(/\W+/g, '-'));
	mkdirSync(scratch);
	zapierCli(['build', '--skip-validation'], app, { TMPDIR: scratch });
	const zip = join(app, 'build', 'build.zip');
	const folder = join(work, `${name}-unzipped`.replace(/\W+/g, '-'));
	await unzipBuild(zip, folder);
	const files = readdirSync(folder, { recursive: true, withFileTypes: true })
		.filter((entry) => entry.isFile())
		.map((entry) => relative(folder, join(entry.parentPath, entry.name)));
	const bytes = files.reduce((sum, file) => sum + statSync(join(folder, file)).size, 0);
	return { name, folder, zipBytes: statSync(zip).size, files, bytes };
}

/** Each app's folder alone, the workspace's node_modules linked in, as the Zapier tests build it. */
async function buildApps(work: string): Promise<Built[]> {
	if (!existsSync(join(WORKSPACE, 'node_modules'))) {
		log('npm run zapier:prepare');
		run('npm', ['run', 'zapier:prepare'], { cwd: ROOT });
	} else {
		log('npm --prefix zapier run build');
		run('npm', ['--prefix', 'zapier', 'run', 'build'], { cwd: ROOT });
	}
	const built: Built[] = [];
	for (const id of readdirSync(join(WORKSPACE, 'apps')).sort()) {
		if (!existsSync(join(WORKSPACE, 'apps', id, 'package.json'))) continue;
		built.push(await build(id, copyAppAlone(id, work), work));
	}
	return built;
}

/** Zapier's TypeScript template from the pinned CLI, its dependencies installed, built alike. */
async function buildExample(work: string): Promise<Built> {
	const app = join(work, 'zapier-example');
	log(`zapier-platform init --template custom-auth --language typescript`);
	zapierCli(['init', app, '--template', 'custom-auth', '--language', 'typescript'], work);
	cpSync(join(WORKSPACE, 'apps', 'kakiyo', '.zapierapprc'), join(app, '.zapierapprc'));
	const node22 = ensureNode(22);
	run('npm', ['install', '--prefer-offline', '--ignore-scripts', '--no-audit', '--no-fund'], {
		cwd: app,
		env: envWithNode(node22),
	});
	return build(EXAMPLE, app, work);
}

/** Milliseconds one fresh Node 22 process takes to import the app's wrapper. */
function importMs(folder: string, overCore: boolean): number {
	const node22 = ensureNode(22);
	const script = [
		overCore ? "await import('zapier-platform-core');" : '',
		'const started = performance.now();',
		"await import('./zapierwrapper.js');",
		'process.stdout.write(String(performance.now() - started));',
	].join('\n');
	const result = spawnSync(join(node22, 'bin', 'node'), ['--input-type=module', '-e', script], {
		cwd: folder,
		env: envWithNode(node22),
		encoding: 'utf8',
		timeout: 60_000,
	});
	if (result.status !== 0) throw new Error(`importing ${folder} failed:\n${result.stderr}`);
	return Number(result.stdout);
}

/** The value below which a fraction `at` of the samples fall, interpolated. */
function quantile(values: number[], at: number): number {
	const sorted = [...values].sort((a, b) => a - b);
	const position = (sorted.length - 1) * at;
	const low = sorted[Math.floor(position)] ?? 0;
	const high = sorted[Math.ceil(position)] ?? low;
	return low + (high - low) * (position - Math.floor(position));
}
const median = (values: number[]): number => quantile(values, 0.5);
/** Median with the middle half of the samples, e.g. "372 ms (351–420)". */
const spread = (values: number[]): string =>
	`${median(values).toFixed(0)} ms (${quantile(values, 0.25).toFixed(0)}–${quantile(values, 0.75).toFixed(0)})`;

interface Timing {
	readonly whole: number[];
	readonly overCore: number[];
}

/** Samples every app in turn, round after round, so a busy machine slows them alike. */
function time(apps: Built[]): Map<string, Timing> {
	const timings = new Map(apps.map((app) => [app.name, { whole: [], overCore: [] } as Timing]));
	for (let round = 0; round < SAMPLES; round++) {
		log(`import round ${round + 1}/${SAMPLES}`);
		for (const app of apps) {
			timings.get(app.name)!.whole.push(importMs(app.folder, false));
			timings.get(app.name)!.overCore.push(importMs(app.folder, true));
		}
	}
	return timings;
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(0)} KB`;

/** Files of a zip by what they are: the compiled app, zod, and the rest of node_modules. */
function parts(files: string[]): string {
	const count = (prefix: string) => files.filter((file) => file.startsWith(prefix)).length;
	const dist = count(`dist/`);
	const zod = count(join('node_modules', 'zod', ''));
	const locales = count(join('node_modules', 'zod', 'v4', 'locales', ''));
	const modules = count(join('node_modules', ''));
	return `${dist} app, ${zod} zod (${locales} locales), ${modules - zod} other deps`;
}

function table(apps: Built[], timings: Map<string, Timing>): string {
	const example = apps.find((app) => app.name === EXAMPLE)!;
	const exampleWhole = median(timings.get(EXAMPLE)!.whole);
	const exampleOver = median(timings.get(EXAMPLE)!.overCore);
	const cpu = cpus();
	const lines = [
		'## Zapier apps: build.zip and cold import',
		'',
		`${cpu.length} × ${cpu[0]?.model ?? 'unknown CPU'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${VERSIONS.node22}, zapier-platform-cli ${CLI_VERSION}, ${new Date().toISOString().slice(0, 10)}; \`node --import tsx bench/zapier.bench.ts\`. Import: median of ${SAMPLES} fresh processes each, interleaved.`,
		'',
		'| app | build.zip | files | unzipped | of the files | import zapierwrapper.js (p25–p75) | × Zapier | over core (p25–p75) | + vs Zapier |',
		'|---|---|---|---|---|---|---|---|---|',
		...apps.map((app) => {
			const { whole, overCore } = timings.get(app.name)!;
			const mine = median(whole);
			const over = median(overCore);
			return `| ${app.name} | ${kb(app.zipBytes)} | ${app.files.length} | ${kb(app.bytes)} | ${parts(app.files)} | ${spread(whole)} | ${(mine / exampleWhole).toFixed(2)} | ${spread(overCore)} | ${app === example ? '' : `+${(over - exampleOver).toFixed(0)} ms`} |`;
		}),
		'',
	];
	return lines.join('\n');
}

async function main(): Promise<void> {
	const work = mkdtempSync(join(tmpdir(), 'zapier-bench-'));
	try {
		const apps = [...(await buildApps(work)), await buildExample(work)];
		const timings = time(apps);
		process.stdout.write(table(apps, timings));
	} finally {
		rmSync(work, { recursive: true, force: true });
	}
}

main().catch((error: unknown) => {
	process.stderr.write(
		`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
	);
	process.exitCode = 1;
});
