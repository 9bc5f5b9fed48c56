import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z, type ZodType } from 'zod/v4';

import type { ProviderDefinition } from '../../shared/index.js';
import { breakcold } from '../../shared/providers/breakcold/index.js';
import { kakiyo } from '../../shared/providers/kakiyo/index.js';
import { saleshandy } from '../../shared/providers/saleshandy/index.js';
import { schemaCheck } from '../../shared/schema-check.js';

const RUNS = 10_000;

/** Odd values a delivery might carry where a field is expected. */
const leaf = fc.oneof(
	fc.jsonValue({ maxDepth: 2 }),
	fc.constantFrom(undefined, null, '', 0, -1, NaN, Infinity, true, [], {}, 'x', [''], { id: '' }),
);

/** One change to a value: at a path picked by indices into each level's keys, set or delete. */
const mutation = fc.record({
	path: fc.array(fc.nat(), { minLength: 1, maxLength: 4 }),
	value: leaf,
	remove: fc.boolean(),
});

function mutate(
	root: unknown,
	change: { path: number[]; value: unknown; remove: boolean },
): unknown {
	let node = root;
	for (const [depth, index] of change.path.entries()) {
		if (node === null || typeof node !== 'object') return root;
		const record = node as Record<string, unknown>;
		const keys = Object.keys(record);
		// Past the last level, or a level without keys, a new key is made.
		const last = depth === change.path.length - 1 || keys.length === 0;
		const key = keys.length === 0 ? 'extra' : (keys[index % keys.length] as string);
		if (last) {
			if (change.remove) delete record[key];
			else record[key] = structuredClone(change.value);
			return root;
		}
		node = record[key];
	}
	return root;
}

/**
 * A provider's event samples, changed, each checked by its own event's schema or now and then
 * by another's (an id it does not know among them).
 */
function deliveries(provider: ProviderDefinition) {
	const ids = provider.events.map((entry) => entry.id);
	return fc
		.tuple(
			fc.constantFrom(...ids),
			fc.option(fc.constantFrom(...ids, 'an.unknown.event'), { freq: 4 }),
			fc.array(mutation, { maxLength: 4 }),
		)
		.map(([sampled, other, changes]) => {
			const value = structuredClone(provider.sampleFor(sampled));
			return { id: other ?? sampled, value: changes.reduce(mutate, value as unknown) };
		});
}

describe('schemaCheck agrees with zod', () => {
	it.each([kakiyo, saleshandy, breakcold])(
		`on ${RUNS.toLocaleString('en')} changed samples of each $displayName event, both verdicts seen`,
		(provider) => {
			const verdicts = { passed: 0, failed: 0 };
			fc.assert(
				fc.property(deliveries(provider), ({ id, value }) => {
					const schema = provider.schemaFor(id);
					const expected = schema.safeParse(value).success;
					verdicts[expected ? 'passed' : 'failed'] += 1;
					expect(schemaCheck(schema)(value)).toBe(expected);
				}),
				{ numRuns: RUNS },
			);
			// Both answers must be common, or agreement proves little.
			expect(verdicts.passed).toBeGreaterThan(RUNS / 10);
			expect(verdicts.failed).toBeGreaterThan(RUNS / 10);
		},
	);

	it('on any value at all, for every schema of every provider', () => {
		const schemas = [kakiyo, saleshandy, breakcold].flatMap((provider) =>
			[...provider.events.map((entry) => entry.id), 'an.unknown.event'].map((id) =>
				provider.schemaFor(id),
			),
		);
		fc.assert(
			fc.property(fc.constantFrom(...schemas), fc.anything(), (schema, value) => {
				expect(schemaCheck(schema)(value)).toBe(schema.safeParse(value).success);
			}),
			{ numRuns: RUNS },
		);
	});

	it('hands forms it does not read to zod, which still decides', () => {
		const forms: Array<[ZodType, unknown, boolean]> = [
			[z.strictObject({ a: z.string() }), { a: 'x', b: 1 }, false],
			[z.string().email(), 'not an email', false],
			[z.number().int(), 1.5, false],
			[z.array(z.string()).min(2), ['a'], false],
			[z.string().transform((text) => text.length), 'abc', true],
			[z.enum(['a', 'b']), 'b', true],
		];
		for (const [schema, value, expected] of forms) {
			expect(schema.safeParse(value).success).toBe(expected);
			expect(schemaCheck(schema)(value)).toBe(expected);
		}
	});
});
