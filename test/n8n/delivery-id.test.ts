/**
 * Every trigger outputs `deliveryId`, the same for a delivery and each retry of it wherever it
 * lands (another n8n webhook process sees the same delivery and hook secret, nothing else), and
 * different for another delivery: what a workflow in queue mode drops repeats by.
 */
import type { IDataObject } from 'n8n-workflow';
import { describe, expect, it } from 'vitest';

import { BreakcoldTrigger } from '../../nodes/BreakcoldTrigger/BreakcoldTrigger.node.js';
import { KakiyoTrigger } from '../../nodes/KakiyoTrigger/KakiyoTrigger.node.js';
import { SaleshandyTrigger } from '../../nodes/SaleshandyTrigger/SaleshandyTrigger.node.js';
import { proveDelivery, type ProviderDefinition } from '../../shared/index.js';
import { breakcold, BREAKCOLD_DELIVERY_ID_HEADER } from '../../shared/providers/breakcold/index.js';
import { kakiyo } from '../../shared/providers/kakiyo/index.js';
import { saleshandy } from '../../shared/providers/saleshandy/index.js';
import { callWebhook, type WebhookTrigger } from './webhook-call.js';

const SECRET = 'whsec_delivery_id_0123456789abcdef';
let process = 0;

/** One attempt of `body`, as a webhook process of its own (its own repeat guard) receives it. */
async function attempt(
	trigger: WebhookTrigger,
	provider: ProviderDefinition,
	body: string,
	headers: Record<string, string> = {},
	at = Date.now(),
): Promise<IDataObject> {
	process += 1;
	const proof = proveDelivery(provider, body, SECRET, at);
	const { output, status } = await callWebhook(trigger, {
		headers: { ...proof.headers, ...headers },
		body,
		events: [(JSON.parse(body) as { event: string }).event],
		workflowId: `process_${process}`,
		staticData: { hookId: 'hook_1', secret: SECRET },
		options: { maxAgeHours: 0 },
		credentials: { breakcoldApi: { id: 'cred_1', name: 'Breakcold' } },
		readCredential: async () => ({ webhookSecret: SECRET }),
	});
	expect(status).toBe(200);
	expect(output).toBeDefined();
	return output!;
}

const event = (provider: ProviderDefinition, eventId: string, lead: string) =>
	JSON.stringify({ ...provider.sampleFor(eventId), lead });

describe.each([
	['Kakiyo', new KakiyoTrigger(), kakiyo, kakiyo.sampleEvent],
	['Saleshandy', new SaleshandyTrigger(), saleshandy, saleshandy.sampleEvent],
	['Breakcold legacy', new BreakcoldTrigger(), breakcold, 'lead.create'],
] as const)(
	'the %s Trigger without a delivery id from the provider',
	(_name, trigger, provider, id) => {
		it('outputs the same deliveryId for a retry, another for another delivery', async () => {
			const body = event(provider, id, 'lead_1');
			const first = await attempt(trigger, provider, body);
			const retry = await attempt(trigger, provider, body);
			const other = await attempt(trigger, provider, event(provider, id, 'lead_2'));
			expect(first.deliveryId).toEqual(expect.stringMatching(/^[\w-]{22}$/));
			expect(retry.deliveryId).toBe(first.deliveryId);
			expect(other.deliveryId).not.toBe(first.deliveryId);
		});
	},
);

describe('the Breakcold Trigger with the current format', () => {
	it("outputs Breakcold's own delivery id, the same for a retry signed at another time", async () => {
		const body = event(breakcold, 'record.created', 'lead_1');
		const headers = { [BREAKCOLD_DELIVERY_ID_HEADER]: 'dlv_0001' };
		const first = await attempt(
			new BreakcoldTrigger(),
			breakcold,
			body,
			headers,
			Date.now() - 30_000,
		);
		const retry = await attempt(new BreakcoldTrigger(), breakcold, body, headers);
		expect(first.deliveryId).toBe('dlv_0001');
		expect(retry.deliveryId).toBe('dlv_0001');
	});
});
