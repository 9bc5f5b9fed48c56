/**
 * In queue mode, Saleshandy's test of a hook being created reaches a webhook process that never
 * saw the create: the Saleshandy Trigger knows it by its secret, minted for this trigger with the
 * credential's API key, and answers it 200 without a run. Anything else is still refused.
 */
import { describe, expect, it } from 'vitest';

import { SaleshandyTrigger } from '../../nodes/SaleshandyTrigger/SaleshandyTrigger.node.js';
import { generateSecret, MINTED_WINDOW_MS, mintSecret } from '../../shared/index.js';
import { SALESHANDY_SECRET_HEADER } from '../../shared/providers/saleshandy/index.js';
import { callWebhook } from './webhook-call.js';

const API_KEY = 'saleshandy-api-key-of-the-credential';
/** What `triggerKey` makes of webhook-call's workflow and node. */
const TRIGGER = 'workflow_1:node_1';
const TEST_BODY = JSON.stringify({ event: 'email-sent', test: true });

/** A delivery with Saleshandy's secret header, to a trigger whose record holds another secret. */
const deliver = (secret: string) =>
	callWebhook(new SaleshandyTrigger(), {
		headers: { [SALESHANDY_SECRET_HEADER]: secret },
		body: TEST_BODY,
		events: ['email-sent'],
		staticData: { hookId: 'hook_old', secret: generateSecret() },
		credentials: { saleshandyApi: { id: 'cred_1', name: 'Saleshandy' } },
		readCredential: async () => ({ apiKey: API_KEY }),
	});

describe('the Saleshandy Trigger and a test of a hook created by another n8n process', () => {
	it('answers 200 without a run when the secret was minted for it with its API key', async () => {
		expect(await deliver(mintSecret(API_KEY, TRIGGER))).toEqual({ output: undefined, status: 200 });
	});

	it('refuses 401 a secret minted with another key, for another trigger, or too long ago', async () => {
		for (const secret of [
			mintSecret('another-key', TRIGGER),
			mintSecret(API_KEY, 'workflow_1:node_2'),
			mintSecret(API_KEY, TRIGGER, Date.now() - MINTED_WINDOW_MS - 60_000),
			generateSecret(),
		])
			expect(await deliver(secret)).toEqual({ output: undefined, status: 401 });
	});
});
