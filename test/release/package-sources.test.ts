import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

import { packageFolders, plannedCopies, staleCopies } from '../../scripts/package-sources.js';

const folders = packageFolders();
const scratch = mkdtempSync(join(tmpdir(), 'package-sources-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('the source each n8n package ships', () => {
	it('packageFolders finds the three packages', () => {
		expect(folders.map((folder) => basename(folder)).sort()).toEqual([
			'n8n-nodes-breakcold',
			'n8n-nodes-kakiyo',
			'n8n-nodes-saleshandy',
		]);
	});

	it.each(folders.map((folder) => [basename(folder), folder]))(
		'staleCopies finds nothing in %s: its copies are what npm run sources generates',
		async (_name, folder) => {
			expect(await staleCopies(folder)).toEqual([]);
		},
	);

	it.each(folders.map((folder) => [basename(folder), folder]))(
		'plannedCopies gives %s its own node, credential and provider, and no other provider',
		async (name, folder) => {
			const id = name.replace('n8n-nodes-', '');
			const targets = (await plannedCopies(folder)).map((copy) => copy.target);
			const service = id.charAt(0).toUpperCase() + id.slice(1);
			expect(targets).toContain(`nodes/${service}Trigger/${service}Trigger.node.ts`);
			expect(targets).toContain(`nodes/${service}Trigger/${service}Trigger.node.json`);
			expect(targets).toContain(`credentials/${service}Api.credentials.ts`);
			expect(targets).toContain('nodes/shared/index.ts');
			const providers = new Set(
				targets.flatMap((target) => /^nodes\/shared\/providers\/([^/]+)\//.exec(target)?.[1] ?? []),
			);
			expect([...providers]).toEqual([id]);
		},
	);

	it('every generated copy that can hold a comment names its source in its first line', async () => {
		for (const folder of folders)
			for (const copy of await plannedCopies(folder)) {
				if (copy.target.endsWith('.json')) continue;
				const first = copy.content.split('\n')[0];
				expect(first).toContain(`Generated from ${copy.source} `);
				expect(first).toContain('edit that file');
			}
	});

	it('staleCopies names a changed copy, a missing one and a file nobody generates', async () => {
		const [folder] = folders;
		const copy = join(scratch, 'package');
		cpSync(folder as string, copy, { recursive: true, filter: (path) => !path.includes('dist') });
		const verify = join(copy, 'nodes', 'shared', 'verify.ts');
		writeFileSync(verify, readFileSync(verify, 'utf8').replace('timingSafeEqual', 'equal'));
		rmSync(join(copy, 'nodes', 'shared', 'sign.ts'));
		writeFileSync(join(copy, 'credentials', 'extra.ts'), 'export {};\n');
		expect(await staleCopies(copy)).toEqual([
			'credentials/extra.ts',
			'nodes/shared/sign.ts',
			'nodes/shared/verify.ts',
		]);
	});
});
