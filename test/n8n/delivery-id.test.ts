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
import { signDelivery, type ProviderDefinition } from '../../shared/index.js';
import { breakcold } from '../../shared/providers/breakcold/index.js';
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
	const proof = signDelivery(provider, body, SECRET, at);
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
	it("outputs the signed body's eventId, the same for a retry signed at another time", async () => {
		const body = event(breakcold, 'record.created', 'lead_1');
		const eventId = (JSON.parse(body) as { eventId: string }).eventId;
		const first = await attempt(
			new BreakcoldTrigger(),
			breakcold,
			body,
			{ 'X-Webhook-Delivery-Id': 'dlv_0001' },
			Date.now() - 30_000,
		);
		const retry = await attempt(new BreakcoldTrigger(), breakcold, body, {
			'X-Webhook-Delivery-Id': 'dlv_0001',
		});
		expect(first.deliveryId).toBe(eventId);
		expect(retry.deliveryId).toBe(eventId);
	});

	it.each([
		['changed', { 'X-Webhook-Delivery-Id': 'dlv_made_up' }],
		['upper-cased', { 'X-WEBHOOK-DELIVERY-ID': 'DLV_0001' }],
		['doubled as Node joins it', { 'X-Webhook-Delivery-Id': 'dlv_0001, dlv_0001' }],
		['removed', {}],
	])(
		'outputs the same deliveryId when the unsigned delivery id header is %s',
		async (_how, headers) => {
			const body = event(breakcold, 'record.created', 'lead_1');
			const first = await attempt(new BreakcoldTrigger(), breakcold, body, {
				'X-Webhook-Delivery-Id': 'dlv_0001',
			});
			const resent = await attempt(new BreakcoldTrigger(), breakcold, body, headers);
			expect(resent.deliveryId).toBe(first.deliveryId);
		},
	);
});

describe('the Breakcold Trigger with the legacy format (the secret in the body)', () => {
	it('outputs no hash of bytes that hold the secret: the same deliveryId under another secret', async () => {
		const body = event(breakcold, 'lead.create', 'lead_1');
		const output = await attempt(new BreakcoldTrigger(), breakcold, body);
		const { createHash } = await import('node:crypto');
		const signedBody = JSON.stringify({ ...(JSON.parse(body) as object), secret: SECRET });
		const plain = createHash('sha256').update(signedBody).digest().subarray(0, 16);
		expect(output.deliveryId).not.toBe(plain.toString('base64url'));
		expect(output).not.toHaveProperty('secret');
	});
});
