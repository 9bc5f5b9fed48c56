/** Each built app deploys on its own: its dist/ holds the factory and the core, and nothing reaches outside its folder. */
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import zapier from 'zapier-platform-core';
import { afterAll, describe, expect, it } from 'vitest';

import { sign } from '../src/core/index.js';
import { bundle, rawRequest } from './helpers.js';

const APP = join(dirname(fileURLToPath(import.meta.url)), '..', 'apps', 'kakiyo');
const WORKSPACE = join(APP, '..', '..');
const copy = mkdtempSync(join(tmpdir(), 'kakiyo-zapier-alone-'));

function files(dir: string): string[] {
	return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
		entry.isDirectory() ? files(join(dir, entry.name)) : [join(dir, entry.name)],
	);
}

afterAll(() => rmSync(copy, { recursive: true, force: true }));

describe('the built Zapier app', () => {
	it('no built file imports anything outside the app folder', () => {
		const outside = files(join(APP, 'dist'))
			.filter((file) => file.endsWith('.js'))
			.flatMap((file) =>
				[...readFileSync(file, 'utf8').matchAll(/from\s+['"]([^'"]+)['"]/g)].map((match) => [
					file,
					match[1]!,
				]),
			)
			.filter(
				([file, specifier]) =>
					specifier!.startsWith('.') &&
					!join(dirname(file!), specifier!).startsWith(join(APP, 'dist')),
			);
		expect(outside).toEqual([]);
	});

	it('a copy of the folder with no repository around it loads and verifies a delivery', async () => {
		cpSync(join(APP, 'dist'), join(copy, 'dist'), { recursive: true });
		cpSync(join(APP, 'package.json'), join(copy, 'package.json'));
		symlinkSync(join(WORKSPACE, 'node_modules'), join(copy, 'node_modules'), 'dir');
		const { default: app } = (await import(pathToFileURL(join(copy, 'dist', 'index.js')).href)) as {
			default: typeof import('../apps/kakiyo/src/index.js').default;
		};
		expect(Object.keys(app.triggers!)).toContain('new_event');
		const tester = zapier.createAppTester(app);
		const body = JSON.stringify({
			event: 'prospect.unqualified',
			teamId: 'team_1',
			timestamp: new Date().toISOString(),
			data: { prospectId: 'p_1' },
		});
		const operation = app.triggers!.prospect_unqualified!.operation as unknown as Record<
			string,
			never
		>;
		const records = await tester(
			operation.perform as never,
			bundle({
				subscribeData: { id: 'w', secret: 's' },
				rawRequest: rawRequest(body, { 'x-kakiyo-signature': sign(body, 's') }),
			}),
		);
		expect(records).toEqual([
			expect.objectContaining({ event: 'prospect.unqualified', data: { prospectId: 'p_1' } }),
		]);
	});
});
