/**
 * Event ids named as what every object inherits (`constructor`, `__proto__`, `toString`, ...) in
 * a Zap's `events`, through the app tester: the editor's samples (`performList`), its output
 * fields, and `perform` of deliveries of those events. A look-up of such an id that is not of
 * own properties once threw a `DataCloneError` out of `performList` and `outputFields`.
 */
import nock from 'nock';
import type { Bundle } from 'zapier-platform-core';
import zapier from 'zapier-platform-core';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';

import { INHERITED_NAMES } from '../../test/helpers/delivery-cases.js';
import { signDelivery, type ProviderDefinition } from '../../shared/index.js';
import { breakcold } from '../../shared/providers/breakcold/index.js';
import { kakiyo } from '../../shared/providers/kakiyo/index.js';
import { saleshandy } from '../../shared/providers/saleshandy/index.js';
import Breakcold from '../apps/breakcold/src/index.js';
import Kakiyo from '../apps/kakiyo/src/index.js';
import Saleshandy from '../apps/saleshandy/src/index.js';
import { API, bundle, rawRequest } from './helpers.js';

const SECRET = 'whsec_event_ids_0123456789abcdef';
const inherited: readonly string[] = INHERITED_NAMES;

beforeAll(() => {
	delete process.env.KAKIYO_BASE_URL;
	nock.disableNetConnect();
});
afterEach(() => {
	nock.cleanAll();
});

/** Kakiyo has no example of these events: it answers 404, and the app falls back to its own. */
function kakiyoHasNoExample() {
	nock(API)
		.get((path) => path.includes('/webhooks/test/example/'))
		.reply(404, { error: 'not_found', message: 'Unknown event' })
		.persist();
}

describe.each([
	{ provider: kakiyo as ProviderDefinition, app: Kakiyo, registers: true },
	{ provider: saleshandy as ProviderDefinition, app: Saleshandy, registers: true },
	{ provider: breakcold as ProviderDefinition, app: Breakcold, registers: false },
])(
	'$provider.displayName app with events named as inherited properties',
	({ provider, app, registers }) => {
		const appTester = zapier.createAppTester(app);
		const operation = app.triggers!.new_event!.operation as unknown as Record<string, unknown>;
		const zap = (events: readonly string[], extra: Record<string, unknown> = {}): Bundle =>
			bundle({
				inputData: { events, max_age_hours: 0 },
				meta: { zap: { id: 9 } },
				...(registers
					? { subscribeData: { id: 'hook_1', secret: SECRET } }
					: { authData: { webhookSecret: SECRET } }),
				...extra,
			});

		it('performList gives a sample of each such event, shaped as a live record', async () => {
			if (provider === kakiyo) kakiyoHasNoExample();
			const samples: Array<Record<string, unknown>> = [];
			// The editor shows three samples at most.
			for (const events of [inherited.slice(0, 3), inherited.slice(3)])
				samples.push(
					...((await appTester(operation.performList as never, zap(events))) as Array<
						Record<string, unknown>
					>),
				);
			expect(samples.map((sample) => sample.event)).toEqual(inherited);
			for (const sample of samples) expect(sample.id).toEqual(expect.any(String));
		});

		it('outputFields of such events are the delivery id and the fields of their samples', async () => {
			const fields = (await appTester(operation.outputFields as never, zap(inherited))) as Array<{
				key: string;
			}>;
			const keys = fields.map((field) => field.key);
			expect(keys).toEqual(expect.arrayContaining(['id', 'event']));
			expect(new Set(keys).size).toBe(keys.length);
		});

		it('perform gives a record of a delivery of such an event where it is picked, and none where only the others are', async () => {
			for (const id of inherited) {
				const proven = signDelivery(provider, JSON.stringify(provider.sampleFor(id)), SECRET);
				const content = typeof proven.body === 'string' ? proven.body : '';
				const deliver = (events: readonly string[]) =>
					appTester(
						operation.perform as never,
						zap(events, { rawRequest: rawRequest(content, proven.headers) }),
					);
				await expect(deliver([id])).resolves.toEqual([expect.objectContaining({ event: id })]);
				await expect(deliver(inherited.filter((other) => other !== id))).resolves.toEqual([]);
			}
		});
	},
);
