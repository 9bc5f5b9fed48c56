/**
 * Published and installed as users do: a real registry (verdaccio) on loopback, the three
 * packages published to it by the release's publish path (scripts/release.ts `publishPackage`:
 * in each package folder `npm run lint`, `npm run build`, `npm publish`, as `n8n-node release`
 * does in GitHub Actions, without provenance outside it), each installed from it into
 * `~/.n8n/nodes` with the commands of its README, and a real n8n loading them and running a
 * signed delivery from the sandbox through each trigger. Then a newer version of each, published
 * from a copy at the next patch version, is installed in place by the same README commands, and
 * n8n, restarted, reports and runs that version.
 *
 * n8n's own installer (Settings > Community nodes) is not used: n8n 2.40.7 refuses any registry
 * but npm's public one without an enterprise licence (`getNpmRegistry` throws
 * FeatureNotLicensedError), and nothing of it is replicated here.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { publishPackage } from '../../scripts/release.js';
import type { ProviderDefinition } from '../../shared/index.js';
import { breakcold } from '../../shared/providers/breakcold/index.js';
import { kakiyo } from '../../shared/providers/kakiyo/index.js';
import { saleshandy } from '../../shared/providers/saleshandy/index.js';
import { sandboxControl } from '../harness/driver.js';
import { n8nInstall, removeFolder } from '../harness/n8n-process.js';
import {
	copyAtVersion,
	installAsReadmeSays,
	nextPatch,
	startRegistry,
	type LocalRegistry,
} from '../harness/registry.js';
import { expectRoundTrip, PASTED_SECRET, roundTrip } from '../harness/round-trip.js';
import { startStack, type Stack } from '../harness/stack.js';

const ROOT = join(__dirname, '..', '..');
const PROVIDERS: readonly ProviderDefinition[] = [kakiyo, saleshandy, breakcold];
const packageName = (provider: ProviderDefinition) => `n8n-nodes-${provider.id}`;
const folderOf = (provider: ProviderDefinition) => join(ROOT, 'packages', packageName(provider));
const versionIn = (manifest: string): string =>
	(JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version;

/** Each package's version in the repository, and the next one the test publishes. */
const VERSIONS = Object.fromEntries(
	PROVIDERS.map((provider) => {
		const version = versionIn(join(folderOf(provider), 'package.json'));
		return [provider.id, { current: version, next: nextPatch(version) }];
	}),
);

let registry: LocalRegistry;
let stack: Stack;
const copies: string[] = [];

/** What the registry serves for a package: its versions and their tarballs' addresses. */
async function packument(name: string) {
	const response = await fetch(`${registry.url}${name}`);
	expect(response.status).toBe(200);
	return (await response.json()) as {
		'dist-tags': Record<string, string>;
		versions: Record<string, { dist: { tarball: string } }>;
	};
}

/** Each package as `~/.n8n/nodes` holds it: listed version, installed version, where from. */
function installed(provider: ProviderDefinition) {
	const nodes = join(stack.userFolder, '.n8n', 'nodes');
	const name = packageName(provider);
	const manifest = JSON.parse(readFileSync(join(nodes, 'package.json'), 'utf8')) as {
		dependencies: Record<string, string>;
	};
	const lock = JSON.parse(
		readFileSync(join(nodes, 'node_modules', '.package-lock.json'), 'utf8'),
	) as { packages: Record<string, { resolved?: string }> };
	return {
		listed: manifest.dependencies[name],
		version: versionIn(join(nodes, 'node_modules', name, 'package.json')),
		resolved: lock.packages[`node_modules/${name}`]?.resolved,
		peerInstalled: existsSync(join(nodes, 'node_modules', 'n8n-workflow')),
	};
}

/** The package version n8n reports for each loaded node type (`communityNodePackageVersion`). */
async function loadedVersions(): Promise<Record<string, string | undefined>> {
	const response = await fetch(`${stack.n8n.url}/types/nodes.json`, {
		headers: { cookie: stack.owner.cookie },
	});
	const types = (await response.json()) as Array<{
		name: string;
		communityNodePackageVersion?: string;
	}>;
	return Object.fromEntries(
		types
			.filter((type) => type.name.startsWith('n8n-nodes-'))
			.map((type) => [type.name, type.communityNodePackageVersion]),
	);
}

beforeAll(async () => {
	n8nInstall();
	registry = await startRegistry();
	// The release builds the workspace first (each folder's generated sources and LICENSE).
	const build = spawnSync('npm', ['run', 'build'], { cwd: ROOT, encoding: 'utf8' });
	if (build.status !== 0) throw new Error(`npm run build failed:\n${build.stdout}${build.stderr}`);
	for (const provider of PROVIDERS)
		publishPackage(folderOf(provider), {
			registry: registry.url,
			provenance: false,
			env: registry.publishEnv,
			quiet: true,
		});
	stack = await startStack({
		providers: ['kakiyo', 'saleshandy', 'breakcold'],
		credentialData: { breakcold: { webhookSecret: PASTED_SECRET } },
		install: 'nodes-folder',
		installNodes: (home) => {
			for (const provider of PROVIDERS)
				installAsReadmeSays(home, packageName(provider), registry.url);
		},
	});
}, 900_000);

afterAll(async () => {
	await stack?.close();
	await registry?.stop();
	for (const copy of copies) removeFolder(copy);
});

describe('the packages published to a registry and installed from it as their READMEs say', () => {
	it('the registry serves each package at its version, published by the release', async () => {
		for (const provider of PROVIDERS) {
			const served = await packument(packageName(provider));
			const { current } = VERSIONS[provider.id]!;
			expect(Object.keys(served.versions)).toEqual([current]);
			expect(served['dist-tags'].latest).toBe(current);
			expect(served.versions[current]!.dist.tarball.startsWith(registry.url)).toBe(true);
		}
	});

	it('~/.n8n/nodes holds each package from the registry at that version, without n8n-workflow', () => {
		for (const provider of PROVIDERS) {
			const { listed, version, resolved, peerInstalled } = installed(provider);
			expect(listed).toBe(`^${VERSIONS[provider.id]!.current}`);
			expect(version).toBe(VERSIONS[provider.id]!.current);
			expect(resolved?.startsWith(registry.url)).toBe(true);
			// The peer dependency stays n8n's own (--legacy-peer-deps, as the README says).
			expect(peerInstalled).toBe(false);
		}
	});

	it('n8n loads each trigger from ~/.n8n/nodes and reports the installed version', async () => {
		const versions = await loadedVersions();
		for (const provider of PROVIDERS)
			expect(versions[`${packageName(provider)}.${provider.id}Trigger`]).toBe(
				VERSIONS[provider.id]!.current,
			);
	});

	it.each(PROVIDERS.map((provider) => [provider.displayName, provider] as const))(
		'the installed %s Trigger runs an authentic event from the sandbox and answers a forged one 401',
		async (_name, provider) => {
			expectRoundTrip(await roundTrip(stack, provider), provider);
		},
		120_000,
	);

	describe('a newer version, published and installed in place', () => {
		it("publishing the next patch version and running the README's commands again updates each package", () => {
			for (const provider of PROVIDERS) {
				const { next } = VERSIONS[provider.id]!;
				const copy = copyAtVersion(folderOf(provider), next);
				copies.push(copy.root);
				publishPackage(copy.folder, {
					registry: registry.url,
					provenance: false,
					env: registry.publishEnv,
					quiet: true,
				});
				installAsReadmeSays(stack.userFolder, packageName(provider), registry.url);
				const { listed, version, resolved } = installed(provider);
				expect(version).toBe(next);
				expect(listed).toBe(`^${next}`);
				expect(resolved).toBe(
					`${registry.url}${packageName(provider)}/-/${packageName(provider)}-${next}.tgz`,
				);
			}
		}, 600_000);

		it('n8n, restarted, reports the newer version of each trigger', async () => {
			await stack.restart();
			const versions = await loadedVersions();
			for (const provider of PROVIDERS)
				expect(versions[`${packageName(provider)}.${provider.id}Trigger`]).toBe(
					VERSIONS[provider.id]!.next,
				);
		}, 180_000);

		it.each(PROVIDERS.map((provider) => [provider.displayName, provider] as const))(
			'the updated %s Trigger runs an authentic event from the sandbox and answers a forged one 401',
			async (_name, provider) => {
				// The sandbox forgets the first trip's hooks, which Saleshandy and Breakcold keep.
				await sandboxControl(stack.providers[provider.id]!.sandbox.url)('POST', '/reset');
				expectRoundTrip(await roundTrip(stack, provider, `${provider.id}-after-update`), provider);
			},
			120_000,
		);
	});
});
