/**
 * The lower bound of the supported n8n range, proven: every package, packed and installed into
 * `~/.n8n/nodes` as a user of that n8n would, loads in the oldest supported n8n
 * (`VERSIONS.n8nOldest`, on Node 22) and runs one event end to end. The bound comes from the
 * core's `zod/v4` import: n8n provides zod to community nodes, and only from 1.100.1 on is it a
 * zod (3.25) that has `zod/v4`; in the release before (`VERSIONS.n8nBeforeOldest`) every package is
 * refused, which shows the bound is the lowest. `npm run test:compat` installs both n8n the
 * first time (several minutes each).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { ProviderDefinition } from '../../shared/index.js';
import { breakcold } from '../../shared/providers/breakcold/index.js';
import { kakiyo } from '../../shared/providers/kakiyo/index.js';
import { saleshandy } from '../../shared/providers/saleshandy/index.js';
import { ensureN8n, ensureOldestN8n, VERSIONS, type N8nInstall } from '../../scripts/toolchain.js';
import { nodeTypeNames, setUpOwner } from '../harness/n8n-api.js';
import {
	freePort,
	newUserFolder,
	removeFolder,
	startN8n,
	type RunningN8n,
} from '../harness/n8n-process.js';
import { installIntoNodesFolder } from '../harness/pack.js';
import { expectRoundTrip, PASTED_SECRET, roundTrip } from '../harness/round-trip.js';
import { startStack, type Stack } from '../harness/stack.js';

const PROVIDERS: readonly ProviderDefinition[] = [kakiyo, saleshandy, breakcold];
let oldest: N8nInstall;
let stack: Stack;

beforeAll(async () => {
	oldest = ensureOldestN8n();
	stack = await startStack({
		providers: ['kakiyo', 'saleshandy', 'breakcold'],
		credentialData: { breakcold: { webhookSecret: PASTED_SECRET } },
		install: 'nodes-folder',
		n8n: oldest,
	});
}, 1_800_000);

afterAll(async () => {
	await stack?.close();
});

describe(`n8n ${VERSIONS.n8nOldest}, the oldest supported`, () => {
	it(`runs n8n ${VERSIONS.n8nOldest}, whose zod has zod/v4`, async () => {
		const response = await fetch(`${stack.n8n.url}/rest/settings`);
		const { data } = (await response.json()) as { data: { versionCli: string } };
		expect(data.versionCli).toBe(VERSIONS.n8nOldest);
	});

	it('loads every package', async () => {
		const types = await nodeTypeNames(stack.n8n.url, stack.owner.cookie);
		for (const { id } of PROVIDERS) expect(types).toContain(`n8n-nodes-${id}.${id}Trigger`);
		expect(stack.n8n.log()).not.toMatch(
			/Cannot find module|is not defined by "exports"|Failed to load/,
		);
	});

	it.each(PROVIDERS.map((provider) => [provider.displayName, provider] as const))(
		'the %s Trigger runs an authentic event and answers a forged one 401',
		async (_name, provider) => {
			expectRoundTrip(await roundTrip(stack, provider), provider);
		},
		120_000,
	);
});

describe(`n8n ${VERSIONS.n8nBeforeOldest}, the release before`, () => {
	let before: RunningN8n | undefined;
	let home: string | undefined;
	let offered: string[];

	beforeAll(async () => {
		const n8n = ensureN8n(VERSIONS.n8nBeforeOldest, 22);
		home = newUserFolder();
		installIntoNodesFolder(home, Object.values(stack.extensions.tarballs));
		before = await startN8n({ userFolder: home, port: await freePort(), n8n });
		const { cookie } = await setUpOwner(before.url);
		offered = await nodeTypeNames(before.url, cookie);
	}, 1_800_000);

	afterAll(async () => {
		await before?.stop();
		if (home) removeFolder(home);
	});

	it('refuses every package: its zod has no zod/v4, and n8n says so for each node and credential', () => {
		for (const { id } of PROVIDERS) expect(offered).not.toContain(`n8n-nodes-${id}.${id}Trigger`);
		const refusals = before!
			.log()
			.split('\n')
			.filter((line) => line.includes(`Package subpath './v4' is not defined by "exports"`));
		expect(refusals).toHaveLength(PROVIDERS.length * 2);
	});
});
