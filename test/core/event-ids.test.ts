/**
 * Event ids named as what every object inherits (`constructor`, `__proto__`, `toString`, ...) on
 * every path of the core that takes an event id: selected, delivered in a body, or asked a
 * sample or schema of. A look-up that is not of own properties finds a function or a prototype
 * there (and `structuredClone` of a function throws).
 */
import { describe, expect, it } from 'vitest';

import {
	eventChoices,
	signDelivery,
	receiveDelivery,
	selectedEvents,
	type CatalogueEvent,
	type ProviderDefinition,
} from '../../shared/index.js';
import { authKinds } from '../../shared/verify-delivery.js';
import { isSelected } from '../../shared/event-choices.js';
import { breakcold } from '../../shared/providers/breakcold/index.js';
import { kakiyo } from '../../shared/providers/kakiyo/index.js';
import { saleshandy } from '../../shared/providers/saleshandy/index.js';
import { INHERITED_NAMES } from '../helpers/delivery-cases.js';

const SECRET = 'whsec_event_ids_0123456789abcdef';
const NOW = Date.parse('2026-11-29T12:00:00Z');
const inherited: readonly string[] = INHERITED_NAMES;

describe.each([kakiyo, saleshandy, breakcold] as ProviderDefinition[])(
	'$displayName with event ids named as inherited properties',
	(provider) => {
		const known = provider.events[0]!.id;

		it.each(INHERITED_NAMES)(
			'sampleFor(%s) is a plain JSON delivery of that event, which its schemaFor accepts',
			(id) => {
				const sample = provider.sampleFor(id);
				expect(Object.getPrototypeOf(sample)).toBe(Object.prototype);
				expect(Object.hasOwn(sample, 'event') && sample.event).toBe(id);
				// A function or a prototype in it would not survive the trip.
				expect(JSON.parse(JSON.stringify(sample))).toEqual(sample);
				expect(provider.schemaFor(id).safeParse(sample).success).toBe(true);
			},
		);

		it('eventChoices lists live entries of those names once each and adds none of its own', () => {
			const live: CatalogueEvent[] = inherited.map((id) => ({
				id,
				name: id,
				description: '',
				category: id,
			}));
			const ids = eventChoices(provider, live).map((entry) => entry.id);
			expect(ids.filter((id) => inherited.includes(id))).toEqual(inherited);
			expect(new Set(ids).size).toBe(ids.length);
			expect(eventChoices(provider).filter((entry) => inherited.includes(entry.id))).toEqual([]);
		});

		it('isSelected matches such a name only where it is selected itself; selectedEvents keeps them', () => {
			for (const id of inherited) {
				expect(isSelected(provider, [id], id)).toBe(true);
				expect(isSelected(provider, [id], known)).toBe(false);
				expect(isSelected(provider, [known], id)).toBe(false);
			}
			expect(selectedEvents(inherited.join(', '))).toEqual(inherited);
			expect(selectedEvents([...inherited, 'constructor', 7])).toEqual(inherited);
		});

		it.each(authKinds(provider).map((auth) => ({ kind: auth.kind, auth })))(
			'receiveDelivery ($kind) accepts a delivery of such an event where it is selected, and ignores it where only the others are',
			({ auth }) => {
				for (const id of inherited) {
					const proven = signDelivery(
						provider,
						JSON.stringify(provider.sampleFor(id)),
						SECRET,
						NOW,
						auth,
					);
					const receive = (selected: readonly string[]) =>
						receiveDelivery(provider, proven, { secret: SECRET, selected, now: NOW, maxAgeMs: 0 });
					expect(receive([id])).toMatchObject({ outcome: 'accepted', event: { event: id } });
					expect(receive(inherited.filter((other) => other !== id))).toMatchObject({
						outcome: 'ignored',
						reason: 'not-selected',
					});
				}
			},
		);

		it.each(authKinds(provider).map((auth) => ({ kind: auth.kind, auth })))(
			'receiveDelivery ($kind) keeps body keys of those names as data, and drops __proto__',
			({ auth }) => {
				const keys = Object.fromEntries(inherited.map((name) => [name, `${name} value`]));
				const body = JSON.stringify({ ...provider.sampleFor(known), ...keys, data: keys });
				const reception = receiveDelivery(
					provider,
					signDelivery(provider, body, SECRET, NOW, auth),
					{
						secret: SECRET,
						selected: [known],
						now: NOW,
						maxAgeMs: 0,
					},
				);
				expect(reception.outcome).toBe('accepted');
				const event = (reception as { event: Record<string, unknown> }).event;
				expect(Object.getPrototypeOf(event)).toBe(Object.prototype);
				expect(Object.hasOwn(event, '__proto__')).toBe(false);
				expect(event).toMatchObject({
					constructor: 'constructor value',
					toString: 'toString value',
					data: { valueOf: 'valueOf value', hasOwnProperty: 'hasOwnProperty value' },
				});
			},
		);
	},
);
