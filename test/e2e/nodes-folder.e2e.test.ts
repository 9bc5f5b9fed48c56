/**
 * The self-hosted and Docker install path besides Community Nodes: each packed tarball installed
 * into `~/.n8n/nodes` (`npm install` there, as the package READMEs say), the layout n8n's own
 * community-package installer leaves, and n8n loading the packages from there at start, not
 * through `N8N_CUSTOM_EXTENSIONS`. Each trigger then runs one event end to end.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { ProviderDefinition } from '../../shared/index.js';
import { breakcold } from '../../shared/providers/breakcold/index.js';
import { kakiyo } from '../../shared/providers/kakiyo/index.js';
import { saleshandy } from '../../shared/providers/saleshandy/index.js';
import { nodeTypeNames } from '../harness/n8n-api.js';
import { n8nInstall } from '../harness/n8n-process.js';
import { expectRoundTrip, PASTED_SECRET, roundTrip } from '../harness/round-trip.js';
import { startStack, type Stack } from '../harness/stack.js';

const PROVIDERS: readonly ProviderDefinition[] = [kakiyo, saleshandy, breakcold];
let stack: Stack;

beforeAll(async () => {
	n8nInstall();
	stack = await startStack({
		providers: ['kakiyo', 'saleshandy', 'breakcold'],
		credentialData: { breakcold: { webhookSecret: PASTED_SECRET } },
		install: 'nodes-folder',
	});
}, 900_000);

afterAll(async () => {
	await stack?.close();
});

describe('packages installed into ~/.n8n/nodes', () => {
	it('~/.n8n/nodes holds a package.json listing each package and each package under node_modules, without n8n-workflow', () => {
		const nodes = join(stack.userFolder, '.n8n', 'nodes');
		const manifest = JSON.parse(readFileSync(join(nodes, 'package.json'), 'utf8')) as {
			dependencies: Record<string, string>;
		};
		for (const { id } of PROVIDERS) {
			expect(Object.keys(manifest.dependencies)).toContain(`n8n-nodes-${id}`);
			expect(existsSync(join(nodes, 'node_modules', `n8n-nodes-${id}`, 'package.json'))).toBe(true);
		}
		// The peer dependency stays n8n's own: a second n8n-workflow would not be the one n8n runs.
		expect(existsSync(join(nodes, 'node_modules', 'n8n-workflow'))).toBe(false);
	});

	it('n8n loads each trigger under its package name, not as a custom extension', async () => {
		const types = await nodeTypeNames(stack.n8n.url, stack.owner.cookie);
		for (const { id } of PROVIDERS) {
			expect(types).toContain(`n8n-nodes-${id}.${id}Trigger`);
			expect(types).not.toContain(`CUSTOM.${id}Trigger`);
		}
	});

	it.each(PROVIDERS.map((provider) => [provider.displayName, provider] as const))(
		'the %s Trigger runs an authentic event and answers a forged one 401',
		async (_name, provider) => {
			expectRoundTrip(await roundTrip(stack, provider), provider);
		},
		120_000,
	);
});
