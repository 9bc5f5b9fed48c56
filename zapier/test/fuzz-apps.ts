/**
 * Each app's `perform` fuzzed with the cases the core is fuzzed with
 * (`test/helpers/delivery-cases.ts`), through Zapier's app tester: an authentic delivery gives
 * one record (without the secret, where it travelled in the body), anything forged, unsigned or
 * stale gives none, and nothing throws. The app tester's cache ignores `nx`, so a retry's or a
 * resent copy's record is not dropped here: it must be none, or one with the first record's `id`,
 * set under the first one's cache key, which Zapier's cache then refuses (app.test.ts and
 * breakcold.test.ts prove that against it). The counts are printed for RELIABILITY.md.
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
	type Sent,
} from '../../test/helpers/delivery-cases.js';
// The cases are made with the workspace's core, whose types are its own zod's; the apps carry a copy.
import { type ProviderDefinition } from '../../shared/index.js';
import { authKinds } from '../../shared/verify-delivery.js';
import type Kakiyo from '../apps/kakiyo/src/index.js';
import { bundle, rawRequest } from './helpers.js';

/**
 * Per format. Zapier's own memory check (zapier-platform-core's memory-checker: exit once a
 * process passes 450 MB after 250 runs) ends a test process after about 10,000 app-tester calls
 * (the app tester keeps some 20 kB a call), so the adapter gets 2,500 per format, in a file per
 * two formats; the core's fuzz runs 10,000.
 */
const CASES = 2_500;

export interface FuzzedApp {
	readonly provider: ProviderDefinition;
	readonly app: typeof Kakiyo;
	/** Whether it registers hooks (its secret in `subscribeData`), else a pasted secret. */
	readonly registers: boolean;
}

/** The app tester with the cache it keeps between calls (core's test double of Zapier's). */
type AppTester = ((method: unknown, bundle: Bundle, clearCache?: boolean) => Promise<unknown>) & {
	zcacheTestObj: Record<string, unknown>;
};

/** Fuzzes `perform` of each app, per format. */
export function fuzzApps(apps: readonly FuzzedApp[]): void {
	const counts = new Map<string, Record<Scenario, number>>();
	/** Per format: second deliveries (retries and resent copies) that gave none, or the same id. */
	const seconds = new Map<string, { none: number; same: number }>();
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
				const appTester = zapier.createAppTester(app) as unknown as AppTester;
				const perform = (app.triggers!.new_event!.operation as { perform: unknown }).perform;
				const tally = emptyTally();
				const second = { none: 0, same: 0 };
				await fc.assert(
					// The helper's fast-check is the workspace's CommonJS copy: the same code, other types.
					fc.asyncProperty(
						deliveryCases(provider, auth) as unknown as fc.Arbitrary<DeliveryCase>,
						async (delivery) => {
							const deliver = async (sent: Sent, clearCache: boolean) =>
								(await appTester(
									perform,
									bundle({
										rawRequest: rawRequest(sent.body, sent.headers),
										inputData: { events: delivery.selected },
										meta: { zap: { id: 7 } },
										...(registers
											? { subscribeData: { id: 'hook_1', secret: delivery.secret } }
											: { authData: { webhookSecret: delivery.secret } }),
									}),
									clearCache,
								)) as Array<Record<string, unknown>>;
							const records = await deliver(delivery.sent[0]!, true);
							if (delivery.expected === 'accepted') {
								expect(records).toEqual([expect.objectContaining({ event: delivery.event })]);
								// A secret that travelled in the body is gone from the record.
								if (auth.kind === 'secret-in-body')
									expect(records[0]).not.toHaveProperty(auth.field);
							} else expect(records).toEqual([]);
							const again = delivery.sent[1];
							if (again !== undefined) {
								const keys = Object.keys(appTester.zcacheTestObj);
								expect(keys).toHaveLength(1);
								const repeated = await deliver(again, false);
								if (repeated.length === 0) second.none += 1;
								else {
									expect(repeated).toEqual([expect.objectContaining({ id: records[0]!.id })]);
									second.same += 1;
								}
								// The same key, so Zapier's cache, set only if absent, drops the second.
								expect(Object.keys(appTester.zcacheTestObj)).toEqual(keys);
							}
							tally[delivery.scenario] += 1;
						},
					),
					{ numRuns: CASES },
				);
				counts.set(label, tally);
				seconds.set(label, second);
			},
			300_000,
		);

		afterAll(() => {
			for (const [label, tally] of counts) {
				const second = seconds.get(label);
				console.log(
					`zapier fuzz ${label}: ${Object.entries(tally)
						.map(([scenario, count]) => `${scenario} ${count}`)
						.join(', ')}; second deliveries: none ${second?.none}, same id ${second?.same}`,
				);
			}
		});
	});
}
