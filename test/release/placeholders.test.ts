/**
 * `npm run release` refuses placeholders: a repository URL that is not this repository's (or that
 * nothing can confirm), an author email at a reserved domain. The checking functions, then the
 * CLI run on a workspace of fixture manifests, with and without a remote and GITHUB_REPOSITORY.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterEach, describe, expect, it } from 'vitest';

import { isNpmRegistry, knownRepository, placeholders, webUrl } from '../../scripts/release.js';

const ROOT = join(__dirname, '..', '..');
const REAL = 'https://github.com/acme/outreach-triggers';
const real = { url: REAL, from: 'git remote origin' };
const manifest = (url: string, email = 'dev@acme.io') => ({
	repository: { type: 'git', url },
	author: { name: 'Acme', email },
});

describe('webUrl', () => {
	it.each([
		['git+https://github.com/acme/outreach-triggers.git', REAL],
		['https://github.com/acme/outreach-triggers', REAL],
		['https://github.com/acme/outreach-triggers.git/', REAL],
		['git@github.com:acme/outreach-triggers.git', REAL],
		['ssh://git@github.com/acme/outreach-triggers.git', REAL],
		['git+ssh://git@github.com/acme/outreach-triggers.git', REAL],
		['git://github.com/acme/outreach-triggers.git', REAL],
		['github:acme/outreach-triggers', REAL],
		['https://x-access-token:abc@GitHub.com/acme/outreach-triggers.git', REAL],
	])('webUrl(%s) is the web address', (url, expected) => {
		expect(webUrl(url)).toBe(expected);
	});

	it.each([
		'/srv/git/outreach-triggers.git',
		'file:///srv/git/outreach-triggers.git',
		'../outreach-triggers',
		'https://github.com/acme',
		'https://github.com/acme/outreach-triggers/tree/main',
		'',
	])('webUrl(%s) is undefined: no repository on a host', (url) => {
		expect(webUrl(url)).toBeUndefined();
	});
});

describe('isNpmRegistry', () => {
	it("isNpmRegistry is true for npm's public registry in any form, false for another or a bad URL", () => {
		expect(isNpmRegistry('https://registry.npmjs.org/')).toBe(true);
		expect(isNpmRegistry('https://REGISTRY.npmjs.org')).toBe(true);
		expect(isNpmRegistry('http://127.0.0.1:4873/')).toBe(false);
		expect(isNpmRegistry('https://npm.pkg.github.com/')).toBe(false);
		expect(isNpmRegistry('not a url')).toBe(false);
	});
});

describe('knownRepository', () => {
	it('knownRepository takes GITHUB_REPOSITORY over the origin remote in GitHub Actions', () => {
		expect(
			knownRepository(
				{ GITHUB_REPOSITORY: 'acme/outreach-triggers', GITHUB_SERVER_URL: 'https://github.com' },
				'git@github.com:someone/fork.git',
			),
		).toEqual({ url: REAL, from: 'GITHUB_REPOSITORY' });
	});

	it('knownRepository is the normalised origin remote outside GitHub Actions', () => {
		expect(knownRepository({}, 'git@github.com:acme/outreach-triggers.git')).toEqual(real);
	});

	it('knownRepository is undefined without a remote, or with a remote that is a local path', () => {
		expect(knownRepository({}, undefined)).toBeUndefined();
		expect(knownRepository({}, '/srv/git/outreach-triggers.git')).toBeUndefined();
	});
});

describe('placeholders', () => {
	it('placeholders finds nothing in a manifest naming the real repository in another form, with a real email', () => {
		expect(
			placeholders(manifest('git+https://github.com/Acme/Outreach-Triggers.git'), real),
		).toEqual([]);
	});

	it('placeholders names a repository URL that is not the real one, and where the real one came from', () => {
		expect(
			placeholders(manifest('git+https://github.com/seed-b413817c/outreach-triggers.git'), real),
		).toEqual([
			`repository.url git+https://github.com/seed-b413817c/outreach-triggers.git is not this repository, ${REAL} (git remote origin)`,
		]);
	});

	it('placeholders counts a repository URL nothing can confirm as a placeholder', () => {
		expect(placeholders(manifest(`git+${REAL}.git`), undefined)).toEqual([
			expect.stringMatching(
				/^repository\.url git\+https:\S+ cannot be verified: GITHUB_REPOSITORY/,
			),
		]);
		expect(placeholders({ author: { email: 'dev@acme.io' } }, real)).toEqual([
			`repository.url (missing) is not this repository, ${REAL} (git remote origin)`,
		]);
	});

	it.each([
		['maintainers@users.noreply.h-seed-b413817c.example', '.example'],
		['someone@EXAMPLE.com', 'example.com'],
		['a@b.test', '.test'],
		['a@mail.invalid', '.invalid'],
	])('placeholders names the author email %s, at %s', (email, domain) => {
		expect(placeholders(manifest(`git+${REAL}.git`, email), real)).toEqual([
			`author.email ${email} is at ${domain}, a domain reserved for examples (RFC 2606): no mail reaches it`,
		]);
	});

	it.each(['dev@example.io', 'dev@examples.com', 'dev@myexample.org'])(
		'placeholders accepts the author email %s',
		(email) => {
			expect(placeholders(manifest(`git+${REAL}.git`, email), real)).toEqual([]);
		},
	);
});

describe('npm run release on a workspace with placeholders', () => {
	let workspace: string;
	afterEach(() => rmSync(workspace, { recursive: true, force: true }));

	/** A workspace holding the release script, a root manifest, one package and one app. */
	function fixture(url: string, email: string): string {
		workspace = mkdtempSync(join(tmpdir(), 'release-placeholders-'));
		cpSync(join(ROOT, 'scripts'), join(workspace, 'scripts'), { recursive: true });
		const write = (folder: string, name: string) => {
			mkdirSync(join(workspace, folder), { recursive: true });
			writeFileSync(
				join(workspace, folder, 'package.json'),
				JSON.stringify({ name, version: '0.1.0', ...manifest(url, email) }),
			);
		};
		write('.', 'workspace');
		write('packages/n8n-nodes-acme', 'n8n-nodes-acme');
		write('zapier/apps/acme', 'acme-zapier');
		spawnSync('git', ['init', '-q'], { cwd: workspace });
		return workspace;
	}

	/** `npm run release -- <args>` in the workspace, as run outside GitHub Actions unless `env` says. */
	function release(args: string[], env: Record<string, string> = {}) {
		const clean = Object.fromEntries(
			Object.entries(process.env).filter(([key]) => !/^(GITHUB_|npm_)/.test(key)),
		);
		const result = spawnSync(
			join(ROOT, 'node_modules', '.bin', 'tsx'),
			[join(workspace, 'scripts', 'release.ts'), ...args],
			{ cwd: workspace, env: { ...clean, ...env }, encoding: 'utf8', timeout: 60_000 },
		);
		return { status: result.status, out: result.stdout + result.stderr };
	}

	it('npm run release -- --dry-run exits 1 naming the unverifiable URL and the .example email in every manifest, and builds nothing', () => {
		fixture(
			'git+https://github.com/seed-b413817c/outreach-triggers.git',
			'maintainers@users.noreply.h-seed-b413817c.example',
		);
		const { status, out } = release(['--dry-run']);
		expect(status).toBe(1);
		for (const path of [
			'package.json',
			'packages/n8n-nodes-acme/package.json',
			'zapier/apps/acme/package.json',
		]) {
			expect(out).toContain(
				`PLACEHOLDER: ${path}: repository.url git+https://github.com/seed-b413817c/outreach-triggers.git cannot be verified`,
			);
			expect(out).toContain(
				`PLACEHOLDER: ${path}: author.email maintainers@users.noreply.h-seed-b413817c.example is at .example`,
			);
		}
		expect(out).toContain('Placeholders (6)');
		expect(out).not.toContain('Building');
	});

	it('npm run release -- --dry-run names a URL other than the origin remote, and one other than GITHUB_REPOSITORY', () => {
		fixture('git+https://github.com/seed-b413817c/outreach-triggers.git', 'dev@acme.io');
		spawnSync('git', ['remote', 'add', 'origin', 'git@github.com:acme/outreach-triggers.git'], {
			cwd: workspace,
		});
		const fromRemote = release(['--dry-run']);
		expect(fromRemote.status).toBe(1);
		expect(fromRemote.out).toContain(
			`PLACEHOLDER: package.json: repository.url git+https://github.com/seed-b413817c/outreach-triggers.git is not this repository, ${REAL} (git remote origin)`,
		);
		expect(fromRemote.out).toContain('Placeholders (3)');

		const inActions = release(['--dry-run'], { GITHUB_REPOSITORY: 'acme/other' });
		expect(inActions.status).toBe(1);
		expect(inActions.out).toContain(
			'is not this repository, https://github.com/acme/other (GITHUB_REPOSITORY)',
		);
	});

	it('npm run release -- --dry-run --allow-placeholders lists them and goes on to build', () => {
		fixture('git+https://github.com/seed-b413817c/outreach-triggers.git', 'a@b.example');
		const { out } = release(['--dry-run', '--allow-placeholders']);
		expect(out).toContain('Placeholders (6)');
		expect(out).toContain('Allowed by --allow-placeholders.');
		// The fixture has nothing to build: the run fails there, past the placeholders.
		expect(out).toContain('Building and packing the n8n packages');
	});

	it('npm run release refuses --allow-placeholders for publishing to npm, even from GitHub Actions', () => {
		fixture('git+https://github.com/seed-b413817c/outreach-triggers.git', 'a@b.example');
		const { status, out } = release(['--allow-placeholders'], { GITHUB_ACTIONS: 'true' });
		expect(status).toBe(2);
		expect(out).toContain('never to https://registry.npmjs.org/');
	});

	it('npm run release -- --allow-placeholders --outside-ci publishes to a registry of its own: it goes on to build', () => {
		fixture('git+https://github.com/seed-b413817c/outreach-triggers.git', 'a@b.example');
		const { out } = release([
			'--allow-placeholders',
			'--outside-ci',
			'--registry',
			'http://127.0.0.1:4873/',
		]);
		expect(out).toContain('Allowed by --allow-placeholders.');
		expect(out).toContain('Building and packing the n8n packages');
	});

	it('npm run release -- --dry-run in a workspace without placeholders goes on to build', () => {
		fixture('git+https://github.com/acme/outreach-triggers.git', 'dev@acme.io');
		spawnSync('git', ['remote', 'add', 'origin', `${REAL}.git`], { cwd: workspace });
		const { out } = release(['--dry-run']);
		expect(out).not.toContain('PLACEHOLDER');
		expect(out).toContain('Building and packing the n8n packages');
	});
});
