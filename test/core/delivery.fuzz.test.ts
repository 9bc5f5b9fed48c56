/**
 * Fuzzing of what every adapter does first with a delivery (`receiveDelivery`, then a repeat
 * guard), per provider and per format: 10,000 generated deliveries each, authentic, forged,
 * unsigned, stale, replayed or resent with its unsigned headers varied
 * (`test/helpers/delivery-cases.ts`). Nothing throws; only the authentic and fresh is accepted,
 * once; nothing authentic is refused; a resent copy is a repeat, or refused where its proof was
 * changed. The counts are printed and go into RELIABILITY.md.
 */
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';

import { receiveDelivery, RepeatGuard, type ProviderDefinition } from '../../shared/index.js';
import { authKinds } from '../../shared/verify-delivery.js';
import { breakcold } from '../../shared/providers/breakcold/index.js';
import { kakiyo } from '../../shared/providers/kakiyo/index.js';
import { saleshandy } from '../../shared/providers/saleshandy/index.js';
import {
	deliveryCases,
	emptyTally,
	INHERITED_NAMES,
	VARIATIONS,
	type DeliveryCase,
	type Scenario,
} from '../helpers/delivery-cases.js';

const CASES = 10_000;
const NOW = Date.parse('2026-11-29T12:00:00Z');
/** When a replay's retry arrives: within every window. */
const RETRY_AFTER_MS = 30_000;

const counts = new Map<string, Record<Scenario, number>>();
const inherited: readonly string[] = INHERITED_NAMES;
/** Per format: cases whose event, or one of whose selected events, is an inherited name. */
const inheritedNames = new Map<string, { delivered: number; selected: number }>();
/** Per format: each header change of the resent copies, and what came of the copies. */
const resent = new Map<string, Record<string, number>>();

/** What must come of each delivery a case sends, through `receiveDelivery` and a repeat guard. */
function expectedOutcomes(delivery: DeliveryCase): unknown[] {
	switch (delivery.scenario) {
		case 'replayed':
			return ['accepted', 'repeat'];
		case 'resent':
			return [
				'accepted',
				delivery.resend?.mayRefuse === true
					? expect.toSatisfy((outcome) => outcome === 'repeat' || outcome === 'refused')
					: 'repeat',
			];
		default:
			return [delivery.expected];
	}
}

/** Adds one to `tally[key]`. */
const count = (tally: Record<string, number>, key: string) => {
	tally[key] = (tally[key] ?? 0) + 1;
};

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
			const names = { delivered: 0, selected: 0 };
			const copies: Record<string, number> = Object.fromEntries(
				[...VARIATIONS, 'copy repeat', 'copy refused'].map((key) => [key, 0]),
			);
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
							{ secret, selected: delivery.selected, now },
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
					expect(outcomes).toEqual(expectedOutcomes(delivery));
					tally[delivery.scenario] += 1;
					if (inherited.includes(delivery.event)) names.delivered += 1;
					if (delivery.selected.some((id) => inherited.includes(id))) names.selected += 1;
					if (delivery.resend !== undefined) {
						for (const change of delivery.resend.varied) count(copies, change.split(' ')[0]!);
						count(copies, `copy ${String(outcomes[1])}`);
					}
				}),
				{ numRuns: CASES },
			);
			counts.set(label, tally);
			resent.set(label, copies);
			inheritedNames.set(label, names);
			expect(Object.values(tally).reduce((sum, count) => sum + count, 0)).toBe(CASES);
		},
	);

	afterAll(() => {
		const list = (tally: Record<string, number>) =>
			Object.entries(tally)
				.map(([key, value]) => `${key} ${value}`)
				.join(', ');
		for (const [label, tally] of counts)
			console.log(
				`fuzz ${label}: ${list(tally)}; resent copies: ${list(resent.get(label) ?? {})}; inherited names: ${list(inheritedNames.get(label) ?? {})}`,
			);
	});
});
