/**
 * Fuzzing of what every adapter does first with a delivery (`receiveDelivery`, then a repeat
 * guard), per provider and per format: 10,000 generated deliveries each, authentic, forged,
 * unsigned, stale or replayed (`test/helpers/delivery-cases.ts`). Nothing throws; only the
 * authentic and fresh is accepted, once; nothing authentic is refused. The counts are printed
 * and go into RELIABILITY.md.
 */
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';

import {
	authKinds,
	receiveDelivery,
	RepeatGuard,
	type ProviderDefinition,
} from '../../shared/index.js';
import { breakcold } from '../../shared/providers/breakcold/index.js';
import { kakiyo } from '../../shared/providers/kakiyo/index.js';
import { saleshandy } from '../../shared/providers/saleshandy/index.js';
import { deliveryCases, emptyTally, type Scenario } from '../helpers/delivery-cases.js';

const CASES = 10_000;
const NOW = Date.parse('2026-11-29T12:00:00Z');
/** When a replay's retry arrives: within every window. */
const RETRY_AFTER_MS = 30_000;

const counts = new Map<string, Record<Scenario, number>>();

describe('fuzzing the receive path, per provider and format', () => {
	const providers: ProviderDefinition[] = [kakiyo, saleshandy, breakcold];
	const formats = providers.flatMap((provider) =>
		authKinds(provider).map((auth) => ({
			provider,
			auth,
			label: `${provider.displayName} (${auth.kind})`,
		})),
	);

	it.each(formats)(
		`$label: ${CASES.toLocaleString('en')} generated deliveries; only the authentic and fresh is accepted, once`,
		({ provider, auth, label }) => {
			const tally = emptyTally();
			fc.assert(
				fc.property(deliveryCases(provider, auth, NOW), fc.boolean(), (delivery, rotation) => {
					// During a rotation the trigger holds two secrets; neither signs a forgery.
					const secret = rotation ? [delivery.other, delivery.secret] : delivery.secret;
					const guard = new RepeatGuard();
					const outcomes = delivery.sent.map((sent, index) => {
						const now = NOW + index * RETRY_AFTER_MS;
						const reception = receiveDelivery(
							provider,
							{
								// As a platform passes them: Node's lower case.
								headers: Object.fromEntries(
									Object.entries(sent.headers).map(([name, value]) => [name.toLowerCase(), value]),
								),
								body: Buffer.from(sent.body),
							},
							{ secret, selected: [provider.wildcard ?? delivery.event], now },
						);
						if (reception.outcome !== 'accepted') return reception.outcome;
						const seen = guard.remember(
							'trigger',
							reception.fingerprint,
							reception.rememberUntil,
							now,
						);
						return seen.repeat ? 'repeat' : 'accepted';
					});
					const expected =
						delivery.scenario === 'replayed' ? ['accepted', 'repeat'] : [delivery.expected];
					expect(outcomes).toEqual(expected);
					tally[delivery.scenario] += 1;
				}),
				{ numRuns: CASES },
			);
			counts.set(label, tally);
			expect(Object.values(tally).reduce((sum, count) => sum + count, 0)).toBe(CASES);
		},
	);

	afterAll(() => {
		for (const [label, tally] of counts)
			console.log(
				`fuzz ${label}: ${Object.entries(tally)
					.map(([scenario, count]) => `${scenario} ${count}`)
					.join(', ')}`,
			);
	});
});
