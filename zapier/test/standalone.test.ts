/** Each built app deploys on its own: its dist/ holds the factory and the core, and nothing reaches outside its folder. */
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import zapier from 'zapier-platform-core';
import { afterAll, describe, expect, it } from 'vitest';

import { signDelivery, type ProviderDefinition } from '../../shared/index.js';
import { breakcold } from '../../shared/providers/breakcold/index.js';
import { kakiyo } from '../../shared/providers/kakiyo/index.js';
import { saleshandy } from '../../shared/providers/saleshandy/index.js';
import { APPS, appFolder, WORKSPACE } from '../scripts/zapier-cli.js';
import { bundle, rawRequest } from './helpers.js';

const PROVIDERS: Record<string, ProviderDefinition> = { breakcold, kakiyo, saleshandy };
const copies: string[] = [];

function files(dir: string): string[] {
	return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
		entry.isDirectory() ? files(join(dir, entry.name)) : [join(dir, entry.name)],
	);
}

function manifest(folder: string): {
	dependencies: Record<string, string>;
	devDependencies?: Record<string, string>;
} {
	return JSON.parse(readFileSync(join(folder, 'package.json'), 'utf8')) as ReturnType<
		typeof manifest
	>;
}

afterAll(() => {
	for (const copy of copies) rmSync(copy, { recursive: true, force: true });
});

it('every app has a provider definition to test it with', () => {
	expect(APPS.filter((id) => PROVIDERS[id] === undefined)).toEqual([]);
});

describe.each(APPS)('the built %s app', (id) => {
	const app = appFolder(id);

	it("pins this folder's zapier-platform-core and zod exactly, the versions the CLI and tests use", () => {
		expect(manifest(app).dependencies).toEqual(manifest(WORKSPACE).dependencies);
	});

	it("pins the repository's one zod, the version n8n gives the n8n packages", () => {
		const root = manifest(join(WORKSPACE, '..')).devDependencies?.zod;
		expect(root).toMatch(/^\d+\.\d+\.\d+$/);
		expect(manifest(app).dependencies.zod).toBe(root);
		const locked = JSON.parse(readFileSync(join(app, 'package-lock.json'), 'utf8')) as {
			packages: Record<string, { version?: string }>;
		};
		expect(locked.packages['node_modules/zod']?.version).toBe(root);
	});

	it('no built file imports anything outside the app folder', () => {
		const outside = files(join(app, 'dist'))
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
					!join(dirname(file!), specifier!).startsWith(join(app, 'dist')),
			);
		expect(outside).toEqual([]);
	});

	it('a copy of the folder with no repository around it loads and verifies a delivery', async () => {
		const provider = PROVIDERS[id]!;
		const copy = mkdtempSync(join(tmpdir(), `${id}-zapier-alone-`));
		copies.push(copy);
		// src/ too: dist/'s source maps point there.
		for (const folder of ['dist', 'src'])
			cpSync(join(app, folder), join(copy, folder), { recursive: true });
		cpSync(join(app, 'package.json'), join(copy, 'package.json'));
		symlinkSync(join(WORKSPACE, 'node_modules'), join(copy, 'node_modules'), 'dir');
		const { default: built } = (await import(
			pathToFileURL(join(copy, 'dist', 'index.js')).href
		)) as { default: typeof import('../apps/kakiyo/src/index.js').default };
		const operation = built.triggers!.new_event!.operation as unknown as Record<string, never>;
		const event = provider.sampleEvent ?? provider.events[0]!.id;
		const body = JSON.stringify({
			...provider.sampleFor(event),
			timestamp: new Date().toISOString(),
		});
		const proof = signDelivery(provider, body, 's');
		const records = await zapier.createAppTester(built)(
			operation.perform as never,
			bundle({
				inputData: { events: [event] },
				// The secret as the app keeps it: from the subscription, or pasted into the connection.
				authData: { webhookSecret: 's' },
				subscribeData: { id: 'w', secret: 's' },
				rawRequest: rawRequest(String(proof.body), proof.headers),
			}),
		);
		expect(records).toEqual([expect.objectContaining({ event })]);
	});
});
