/**
 * Every TypeScript file of this folder, the apps' generated copies included, is typechecked
 * (this folder's tsconfig.json, which the root's `npm run typecheck` runs) and linted (the root's
 * eslint.config.mjs, which `npm run lint` runs): none may be left out by an include or an ignore.
 */
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { ESLint } from 'eslint';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

import { WORKSPACE } from '../scripts/zapier-cli.js';

const ROOT = join(WORKSPACE, '..');
const NOT_SOURCE = new Set(['node_modules', 'dist', 'build']);

function tsFiles(dir: string): string[] {
	return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
		const path = join(dir, entry.name);
		if (entry.isDirectory()) return NOT_SOURCE.has(entry.name) ? [] : tsFiles(path);
		return entry.name.endsWith('.ts') ? [path] : [];
	});
}

const files = tsFiles(WORKSPACE);

describe('the files of zapier/', () => {
	it('the walk finds the factory, the tests, the scripts and each app with its copies', () => {
		const names = files.map((file) => relative(WORKSPACE, file));
		expect(names).toEqual(
			expect.arrayContaining([
				join('src', 'app-factory.ts'),
				join('test', 'app-contract.ts'),
				join('scripts', 'app-sources.ts'),
				join('apps', 'kakiyo', 'src', 'index.ts'),
				join('apps', 'kakiyo', 'src', 'core', 'index.ts'),
				join('apps', 'kakiyo', 'vitest.config.ts'),
				'vitest.config.ts',
			]),
		);
	});

	it("tsconfig.json's typecheck covers every TypeScript file", () => {
		const config = ts.getParsedCommandLineOfConfigFile(
			join(WORKSPACE, 'tsconfig.json'),
			{},
			{ ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined },
		);
		const checked = new Set(config?.fileNames.map((file) => relative(WORKSPACE, file)));
		expect(
			files.map((file) => relative(WORKSPACE, file)).filter((file) => !checked.has(file)),
		).toEqual([]);
	});

	it("the root's eslint config ignores none of them", async () => {
		const eslint = new ESLint({ cwd: ROOT });
		const ignored: string[] = [];
		for (const file of files)
			if (await eslint.isPathIgnored(file)) ignored.push(relative(ROOT, file));
		expect(ignored).toEqual([]);
	});
});
