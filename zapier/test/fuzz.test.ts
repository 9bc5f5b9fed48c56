/**
 * Each app's `perform` fuzzed with the cases the core is fuzzed with
 * (`test/helpers/delivery-cases.ts`), through Zapier's app tester: an authentic delivery gives
 * one record (without the secret, where it travelled in the body), anything forged, unsigned or stale gives none, and nothing
 * throws. A replay's second delivery is left to the test against Zapier's cache in app.test.ts,
 * since the app tester's own cache ignores `nx`. The counts are printed for RELIABILITY.md.
 */
import fc from 'fast-check';
import type { Bundle } from 'zapier-platform-core';
import zapier from 'zapier-platform-core';
import { afterAll, describe, expect, it } from 'vitest';

import {
	deliveryCases,
	emptyTally,
	type DeliveryCase,
	type Scenario,
} from '../../test/helpers/delivery-cases.js';
// The cases are made with the workspace's core, whose types are its own zod's; the apps carry a copy.
import { authKinds, type ProviderDefinition } from '../../shared/index.js';
import { breakcold } from '../../shared/providers/breakcold/index.js';
import { kakiyo } from '../../shared/providers/kakiyo/index.js';
import { saleshandy } from '../../shared/providers/saleshandy/index.js';
import Breakcold from '../apps/breakcold/src/index.js';
import Kakiyo from '../apps/kakiyo/src/index.js';
import Saleshandy from '../apps/saleshandy/src/index.js';
import { bundle, rawRequest } from './helpers.js';

/**
 * Per format. Zapier's own memory check (zapier-platform-core's memory-checker: exit once a
 * process passes 450 MB after 250 runs) ends one test process after about 8,000 app-tester
 * calls, so the adapter gets 2,500 per format here; the core's fuzz runs 10,000.
 */
const CASES = 2_500;
const counts = new Map<string, Record<Scenario, number>>();

const apps: Array<{ provider: ProviderDefinition; app: typeof Kakiyo; registers: boolean }> = [
	{ provider: kakiyo, app: Kakiyo, registers: true },
	{ provider: saleshandy, app: Saleshandy, registers: true },
	{ provider: breakcold, app: Breakcold, registers: false },
];
const formats = apps.flatMap((entry) =>
	authKinds(entry.provider).map((auth) => ({
		...entry,
		auth,
		label: `${entry.provider.displayName} (${auth.kind})`,
	})),
);

describe("each app's perform, fuzzed", () => {
	it.each(formats)(
		`$label: ${CASES.toLocaleString('en')} generated deliveries through the app tester`,
		async ({ provider, app, registers, auth, label }) => {
			const appTester = zapier.createAppTester(app);
			const perform = (app.triggers!.new_event!.operation as { perform: unknown }).perform;
			const tally = emptyTally();
			await fc.assert(
				// The helper's fast-check is the workspace's CommonJS copy: the same code, other types.
				fc.asyncProperty(
					deliveryCases(provider, auth) as unknown as fc.Arbitrary<DeliveryCase>,
					async (delivery) => {
						const [sent] = delivery.sent;
						const records = (await appTester(
							perform as never,
							bundle({
								rawRequest: rawRequest(sent!.body, sent!.headers),
								inputData: { events: [provider.wildcard ?? delivery.event] },
								meta: { zap: { id: 7 } },
								...(registers
									? { subscribeData: { id: 'hook_1', secret: delivery.secret } }
									: { authData: { webhookSecret: delivery.secret } }),
							}) as Bundle,
						)) as Array<Record<string, unknown>>;
						if (delivery.expected === 'accepted') {
							expect(records).toEqual([expect.objectContaining({ event: delivery.event })]);
							// A secret that travelled in the body is gone from the record.
							if (auth.kind === 'secret-in-body') expect(records[0]).not.toHaveProperty(auth.field);
						} else expect(records).toEqual([]);
						tally[delivery.scenario] += 1;
					},
				),
				{ numRuns: CASES },
			);
			counts.set(label, tally);
		},
		300_000,
	);

	afterAll(() => {
		for (const [label, tally] of counts)
			console.log(
				`zapier fuzz ${label}: ${Object.entries(tally)
					.map(([scenario, count]) => `${scenario} ${count}`)
					.join(', ')}`,
			);
	});
});
