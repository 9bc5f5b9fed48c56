import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, posix } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

import { appFolders, plannedCopies, staleCopies, writeCopies } from '../scripts/app-sources.js';

const folders = appFolders();
const scratch = mkdtempSync(join(tmpdir(), 'app-sources-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** The app folder copied into the scratch folder, without what builds make. */
function copyOf(folder: string, name: string): string {
	const copy = join(scratch, name);
	cpSync(folder, copy, {
		recursive: true,
		filter: (path) => !/[\\/](node_modules|dist|build)$/.test(path),
	});
	return copy;
}

describe('the source each Zapier app holds', () => {
	it('appFolders finds the three apps', () => {
		expect(folders.map((folder) => basename(folder))).toEqual([
			'breakcold',
			'kakiyo',
			'saleshandy',
		]);
	});

	it.each(folders.map((folder) => [basename(folder), folder]))(
		'staleCopies finds nothing in %s: its copies are what npm run zapier:sources generates',
		async (_id, folder) => {
			expect(await staleCopies(folder)).toEqual([]);
		},
	);

	it.each(folders.map((folder) => [basename(folder), folder]))(
		'plannedCopies gives %s the factory, the core and its own provider, and no other provider',
		async (id, folder) => {
			const targets = (await plannedCopies(folder)).map((copy) => copy.target);
			expect(targets).toEqual(
				expect.arrayContaining([
					'src/app-factory.ts',
					'src/triggers/hook-trigger.ts',
					'src/core/index.ts',
					`src/core/providers/${id}/index.ts`,
					'src/test/app-contract.ts',
				]),
			);
			const providers = new Set(
				targets.flatMap((target) => /^src\/core\/providers\/([^/]+)\//.exec(target)?.[1] ?? []),
			);
			expect([...providers]).toEqual([id]);
			expect(targets).not.toContain('src/index.ts');
			expect(targets.filter((target) => target.endsWith('.test.ts'))).toEqual([]);
		},
	);

	it('every relative import of a generated copy names a file the app holds', async () => {
		for (const folder of folders) {
			const copies = await plannedCopies(folder);
			const held = new Set([...copies.map((copy) => copy.target), 'src/index.ts']);
			const dangling = copies.flatMap((copy) =>
				[...copy.content.matchAll(/from\s+'(\.{1,2}\/[^']+)'/g)]
					.map(([, specifier]) =>
						posix.join(posix.dirname(copy.target), specifier!).replace(/\.js$/, '.ts'),
					)
					.filter((target) => !held.has(target))
					.map((target) => `${basename(folder)}/${copy.target} imports ${target}`),
			);
			expect(dangling).toEqual([]);
		}
	});

	it('every generated copy names its source in its first line', async () => {
		for (const folder of folders)
			for (const copy of await plannedCopies(folder)) {
				const first = copy.content.split('\n')[0];
				expect(first).toContain(`Generated from ${copy.source} `);
				expect(first).toContain('edit that file');
			}
	});

	it('staleCopies names a changed copy, a missing one and a file nobody generates', async () => {
		const copy = copyOf(folders[0]!, 'stale');
		const verify = join(copy, 'src', 'core', 'verify.ts');
		writeFileSync(verify, readFileSync(verify, 'utf8').replace('timingSafeEqual', 'equal'));
		rmSync(join(copy, 'src', 'core', 'sign.ts'));
		writeFileSync(join(copy, 'src', 'extra.ts'), 'export {};\n');
		expect(await staleCopies(copy)).toEqual([
			'src/core/sign.ts',
			'src/core/verify.ts',
			'src/extra.ts',
		]);
	});

	it("writeCopies restores the copies and removes a stray file, keeping the app's own files", async () => {
		const copy = copyOf(folders[0]!, 'written');
		rmSync(join(copy, 'src', 'core'), { recursive: true });
		writeFileSync(join(copy, 'src', 'extra.ts'), 'export {};\n');
		const entry = readFileSync(join(copy, 'src', 'index.ts'), 'utf8');
		await writeCopies(copy);
		expect(await staleCopies(copy)).toEqual([]);
		expect(existsSync(join(copy, 'src', 'extra.ts'))).toBe(false);
		expect(readFileSync(join(copy, 'src', 'index.ts'), 'utf8')).toBe(entry);
		expect(existsSync(join(copy, 'src', 'test', 'app.test.ts'))).toBe(true);
	});
});
