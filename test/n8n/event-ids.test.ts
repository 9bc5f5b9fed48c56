/**
 * Event ids named as what every object inherits (`constructor`, `__proto__`, `toString`, ...) on
 * the n8n trigger's paths that take one: the sample it sends while the editor listens
 * (`fetchSample`, for the first selected event), the event dropdown filled from a live list, and
 * a delivery of such an event selected in the node.
 */
import type { IHookFunctions, ILoadOptionsFunctions } from 'n8n-workflow';
import { describe, expect, it } from 'vitest';

import { BreakcoldTrigger } from '../../nodes/BreakcoldTrigger/BreakcoldTrigger.node.js';
import { KakiyoTrigger } from '../../nodes/KakiyoTrigger/KakiyoTrigger.node.js';
import { SaleshandyTrigger } from '../../nodes/SaleshandyTrigger/SaleshandyTrigger.node.js';
import { fetchSample } from '../../nodes/trigger-factory/sample.js';
import { signDelivery, type ProviderDefinition } from '../../shared/index.js';
import { breakcold } from '../../shared/providers/breakcold/index.js';
import { kakiyo } from '../../shared/providers/kakiyo/index.js';
import { saleshandy } from '../../shared/providers/saleshandy/index.js';
import { INHERITED_NAMES } from '../helpers/delivery-cases.js';
import { callWebhook, type WebhookTrigger } from './webhook-call.js';

const SECRET = 'whsec_event_ids_0123456789abcdef';
const inherited: readonly string[] = INHERITED_NAMES;

/** The functions a hook or load-options method gets, with the provider's API answering `answer`. */
function context(answer: { statusCode: number; body: unknown }) {
	const requests: string[] = [];
	const functions = {
		getCredentials: async () => ({ apiKey: 'k'.repeat(40) }),
		logger: { info: () => undefined, warn: () => undefined, debug: () => undefined },
		helpers: {
			httpRequestWithAuthentication: async (_type: string, options: { url: string }) => {
				requests.push(options.url);
				return { ...answer, headers: {} };
			},
		},
	};
	return { functions, requests };
}

describe.each([
	{ provider: kakiyo as ProviderDefinition, trigger: new KakiyoTrigger() as WebhookTrigger },
	{
		provider: saleshandy as ProviderDefinition,
		trigger: new SaleshandyTrigger() as WebhookTrigger,
	},
	{ provider: breakcold as ProviderDefinition, trigger: new BreakcoldTrigger() as WebhookTrigger },
])(
	'the $provider.displayName Trigger with events named as inherited properties',
	({ provider, trigger }) => {
		it.each(INHERITED_NAMES)(
			"fetchSample of %s gives a plain JSON delivery of it, the definition's where the provider has no example",
			async (id) => {
				const { functions, requests } = context({ statusCode: 404, body: { error: 'not_found' } });
				const sample = await fetchSample(functions as unknown as IHookFunctions, provider, [id]);
				expect(sample.eventId).toBe(id);
				expect(JSON.parse(sample.body)).toMatchObject({ ...provider.sampleFor(id), event: id });
				// Asked of the provider, path-encoded, where it gives examples.
				expect(requests).toEqual(provider.api.getExample ? [`/webhooks/test/example/${id}`] : []);
			},
		);

		it('a delivery of such an event runs where it is selected, and not where only the others are', async () => {
			for (const id of inherited) {
				const body = JSON.stringify(provider.sampleFor(id));
				const proven = signDelivery(provider, body, SECRET);
				const call = (events: readonly string[]) =>
					callWebhook(trigger, {
						headers: proven.headers,
						body: typeof proven.body === 'string' ? proven.body : Buffer.from(proven.body),
						events,
						workflowId: `workflow_${id}_${events.length}`,
						staticData: { hookId: 'hook_1', secret: SECRET },
						options: { maxAgeHours: 0 },
						credentials: { breakcoldApi: { id: 'cred_1', name: 'Breakcold' } },
						readCredential: async () => ({ webhookSecret: SECRET }),
					});
				const picked = await call([id]);
				expect(picked).toMatchObject({ status: 200, output: { event: id } });
				const others = await call(inherited.filter((other) => other !== id));
				expect(others).toEqual({ status: 200, output: undefined });
			}
		});
	},
);

describe("the Kakiyo Trigger's event dropdown", () => {
	it('lists live events named as inherited properties, each once', async () => {
		const live = inherited.map((id) => ({ id, name: id, description: '', category: id }));
		const { functions } = context({ statusCode: 200, body: live });
		const getEvents = new KakiyoTrigger().methods!.loadOptions!.getEvents!;
		const options = await getEvents.call(functions as unknown as ILoadOptionsFunctions);
		const values = options.map((option) => option.value);
		expect(values.filter((value) => inherited.includes(String(value)))).toEqual(inherited);
		expect(new Set(values).size).toBe(values.length);
	});
});
