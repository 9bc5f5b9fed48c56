/**
 * `zapier-platform test` and `zapier-platform build`, run in each app's folder as a Zapier
 * developer runs them after `npm run zapier:prepare`: the app's own tests pass, and the build
 * makes a build.zip that Zapier's runtime can load. They run on a copy of the app folder alone
 * (the workspace's node_modules linked in, nothing else around it), so they never rewrite the
 * dist/ other tests read and prove the folder tests and deploys on its own.
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { envWithNode, ensureNode } from '../../scripts/toolchain.js';
import { copyAppAlone, unzipBuild as unzip } from '../../scripts/zapier-build.js';
import { APPS, appFolder, runZapierCli } from '../scripts/zapier-cli.js';

function filesUnder(dir: string): string[] {
	return readdirSync(dir, { recursive: true, withFileTypes: true })
		.filter((entry) => !entry.isDirectory())
		.map((entry) => relative(dir, join(entry.parentPath, entry.name)));
}

describe.each(APPS)('zapier-platform test and build of the %s app', (id) => {
	const source = appFolder(id);
	let work: string;
	let app: string;
	let ownTests: SpawnSyncReturns<string>;
	let build: SpawnSyncReturns<string>;

	beforeAll(() => {
		work = mkdtempSync(join(tmpdir(), `${id}-zapier-build-`));
		app = copyAppAlone(id, work);
		mkdirSync(join(work, 'tmp'));
		// First, as its `clean` empties build/. The integration checks `validate` adds without
		// --skip-validate ask Zapier's servers; validate.test.ts runs the local ones.
		ownTests = runZapierCli(['test', '--skip-validate'], { cwd: app, timeout: 180_000 });
		build = runZapierCli(['build', '--skip-validation'], {
			cwd: app,
			env: {
				// The build's `npm install --production` asks the registry only for what npm's cache lacks.
				npm_config_prefer_offline: 'true',
				// The CLI's temporary copy, which it leaves behind when a build fails, goes with `work`.
				TMPDIR: join(work, 'tmp'),
			},
			timeout: 300_000,
		});
	}, 600_000);

	afterAll(() => {
		if (work) rmSync(work, { recursive: true, force: true });
	});

	it('zapier-platform test --skip-validate builds the app and passes its own tests (npm test)', () => {
		const output = stripVTControlCharacters(`${ownTests.stdout}${ownTests.stderr}`);
		expect(output, output).toContain('npm run --silent test');
		expect(output, output).toMatch(/Tests\s+\d+ passed/);
		expect(ownTests.status, output).toBe(0);
	});

	it('zapier-platform build --skip-validation writes build/build.zip and build/source.zip', () => {
		const output = `${build.stdout}${build.stderr}`;
		expect(output, output).toContain('Build complete!');
		expect(build.status, output).toBe(0);
		expect(existsSync(join(app, 'build', 'build.zip'))).toBe(true);
		expect(existsSync(join(app, 'build', 'source.zip'))).toBe(true);
	});

	it('build.zip holds the compiled app and its production dependencies, not the dev tools', async () => {
		const into = join(work, 'build-zip');
		await unzip(join(app, 'build', 'build.zip'), into);
		const files = filesUnder(into);
		expect(files).toEqual(
			expect.arrayContaining([
				'zapierwrapper.js',
				'definition.json',
				'package.json',
				join('dist', 'index.js'),
				join('dist', 'core', 'index.js'),
				join('node_modules', 'zapier-platform-core', 'package.json'),
				join('node_modules', 'async-function', 'require.mjs'),
			]),
		);
		for (const dev of ['vitest', 'typescript', 'nock', 'rimraf', 'zapier-platform-cli'])
			expect(files.filter((file) => file.startsWith(join('node_modules', dev, '')))).toEqual([]);
		expect(files.filter((file) => file.startsWith(join('dist', 'test', '')))).toEqual([]);
		const providers = files.filter((file) =>
			file.startsWith(join('dist', 'core', 'providers', '')),
		);
		expect(new Set(providers.map((file) => file.split(/[\\/]/)[3]))).toEqual(new Set([id]));
	});

	it("the app in build.zip loads on Node 22 through Zapier's wrapper and lists new_event with its events field", async () => {
		const into = join(work, 'runtime');
		await unzip(join(app, 'build', 'build.zip'), into);
		const node22 = ensureNode(22);
		const script = [
			"const { handler } = await import('./zapierwrapper.js');",
			"const { results } = await handler({ command: 'definition', calledFromCli: true });",
			'process.stdout.write(JSON.stringify(results));',
		].join('\n');
		const run = spawnSync(join(node22, 'bin', 'node'), ['--input-type=module', '-e', script], {
			cwd: into,
			env: envWithNode(node22),
			encoding: 'utf8',
			timeout: 60_000,
		});
		expect(run.status, run.stderr).toBe(0);
		const definition = JSON.parse(run.stdout) as {
			version: string;
			triggers: Record<string, { operation: { type: string; inputFields: { key: string }[] } }>;
		};
		const pkg = JSON.parse(readFileSync(join(source, 'package.json'), 'utf8')) as {
			version: string;
		};
		expect(definition.version).toBe(pkg.version);
		const newEvent = definition.triggers.new_event;
		expect(newEvent?.operation.type).toBe('hook');
		expect(newEvent?.operation.inputFields.map((field) => field.key)).toContain('events');
	});

	it('source.zip holds the sources, generated ones too, and .zapierapprc, without node_modules or build output', async () => {
		const into = join(work, 'source-zip');
		await unzip(join(app, 'build', 'source.zip'), into);
		const files = filesUnder(into);
		expect(files).toEqual(
			expect.arrayContaining([
				'package.json',
				'.zapierapprc',
				join('src', 'index.ts'),
				join('src', 'app-factory.ts'),
				join('src', 'core', 'index.ts'),
				join('src', 'core', 'providers', id, 'index.ts'),
				join('src', 'test', 'app.test.ts'),
			]),
		);
		expect(files.filter((file) => /^(node_modules|dist|build)\b/.test(file))).toEqual([]);
	});
});
