import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(__dirname, '..', '..');

function tsFiles(dir: string): string[] {
	return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
		const path = join(dir, entry.name);
		return entry.isDirectory() ? tsFiles(path) : entry.name.endsWith('.ts') ? [path] : [];
	});
}

function importsOf(file: string): string[] {
	const source = readFileSync(file, 'utf8');
	const specifiers = [
		...source.matchAll(/(?:from\s+|import\s*\(\s*|require\s*\(\s*|import\s+)['"]([^'"]+)['"]/g),
	];
	return specifiers.map((match) => match[1] ?? '');
}

describe('the core', () => {
	const files = tsFiles(join(root, 'shared'));

	it('the core has files to check', () => {
		expect(files.length).toBeGreaterThan(5);
	});

	it('the core imports only node:crypto, zod/v4 and itself', () => {
		const foreign = files.flatMap((file) =>
			importsOf(file)
				.filter(
					(specifier) =>
						!specifier.startsWith('.') && specifier !== 'node:crypto' && specifier !== 'zod/v4',
				)
				.map((specifier) => `${relative(root, file)}: ${specifier}`),
		);
		expect(foreign).toEqual([]);
	});

	it('no generic file of the core imports or names a provider', () => {
		const generic = files.filter(
			(file) => !relative(root, file).startsWith(join('shared', 'providers')),
		);
		const leaks = generic.flatMap((file) => [
			...importsOf(file)
				.filter((specifier) => specifier.includes('providers'))
				.map((specifier) => `${relative(root, file)} imports ${specifier}`),
			...(/kakiyo|saleshandy|breakcold/i.test(readFileSync(file, 'utf8'))
				? [`${relative(root, file)} names a provider`]
				: []),
		]);
		expect(generic.length).toBeGreaterThan(5);
		expect(leaks).toEqual([]);
	});

	it('the boundary check catches a platform import', () => {
		expect(importsOf(__filename).some((specifier) => specifier === 'node:fs')).toBe(true);
	});
});

describe('the adapter factories and the sandbox engine', () => {
	// The sandbox's server.ts and cli.ts are its registry of modules: they name them by design.
	const registries = new Set([join('sandbox', 'server.ts'), join('sandbox', 'cli.ts')]);
	const generic = [
		...tsFiles(join(root, 'nodes', 'trigger-factory')),
		join(root, 'credentials', 'api-key-credential.ts'),
		...readdirSync(join(root, 'sandbox'))
			.filter((name) => name.endsWith('.ts'))
			.map((name) => join(root, 'sandbox', name))
			.filter((file) => !registries.has(relative(root, file))),
		...tsFiles(join(root, 'zapier', 'src')),
	];

	it('no generic adapter or sandbox file imports or names a provider', () => {
		expect(generic.length).toBeGreaterThan(10);
		const leaks = generic.filter(
			(file) =>
				/kakiyo|saleshandy|breakcold/i.test(readFileSync(file, 'utf8')) ||
				importsOf(file).some((specifier) => specifier.includes('providers')),
		);
		expect(leaks.map((file) => relative(root, file))).toEqual([]);
	});
});

describe("the provider's own words", () => {
	// A place in a provider's app, as its menus name it: "Team > API Keys", "Settings > Webhook".
	const MENU_PATH = /\b[A-Z][A-Za-z]* > [A-Z]/;
	const adapters = [
		...tsFiles(join(root, 'nodes')),
		...tsFiles(join(root, 'credentials')),
		...tsFiles(join(root, 'zapier', 'src')),
		...readdirSync(join(root, 'zapier', 'apps')).map((id) =>
			join(root, 'zapier', 'apps', id, 'src', 'index.ts'),
		),
	];

	it("no adapter file names a place in a provider's app: the definition's places do", () => {
		const named = adapters.filter((file) => MENU_PATH.test(readFileSync(file, 'utf8')));
		expect(named.map((file) => relative(root, file))).toEqual([]);
	});

	it('the check finds a menu path', () => {
		expect(MENU_PATH.test("open 'Team > API Keys'")).toBe(true);
		expect(MENU_PATH.test('a > b, 1 > 0')).toBe(false);
	});
});
