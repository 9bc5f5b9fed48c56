/**
 * In queue mode, Saleshandy's test of a hook being created reaches a webhook process that never
 * saw the create: the Saleshandy Trigger knows it by its secret, minted for this trigger with the
 * credential's API key, and answers it 200 without a run. Anything else is still refused.
 */
import { describe, expect, it } from 'vitest';

import { SaleshandyTrigger } from '../../nodes/SaleshandyTrigger/SaleshandyTrigger.node.js';
import { generateSecret, mintSecret } from '../../shared/index.js';
import { MINTED_WINDOW_MS } from '../../shared/secret.js';
import { SALESHANDY_SECRET_HEADER } from '../../shared/providers/saleshandy/index.js';
import { callWebhook } from './webhook-call.js';

const API_KEY = 'saleshandy-api-key-of-the-credential';
/** What `triggerKey` makes of webhook-call's workflow and node. */
const TRIGGER = 'workflow_1:node_1';
const TEST_BODY = JSON.stringify({ event: 'email-sent', test: true });

let reads = 0;
let credentialId = 'cred_1';

/** A delivery with Saleshandy's secret header, to a trigger whose record holds another secret. */
const deliver = (secret: string) =>
	callWebhook(new SaleshandyTrigger(), {
		headers: { [SALESHANDY_SECRET_HEADER]: secret },
		body: TEST_BODY,
		events: ['email-sent'],
		staticData: { hookId: 'hook_old', secret: generateSecret() },
		credentials: { saleshandyApi: { id: credentialId, name: 'Saleshandy' } },
		readCredential: async () => {
			reads += 1;
			return { apiKey: API_KEY };
		},
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

	it('reads the API key at most once a second for forged secrets of the minted form', async () => {
		credentialId = 'cred_forged';
		reads = 0;
		// 64 hex that say they were minted now, as anyone can write them.
		const forged = () => `${Math.floor(Date.now() / 1000).toString(16)}${'ab'.repeat(28)}`;
		const started = Date.now();
		for (let n = 0; n < 200; n++) expect((await deliver(forged())).status).toBe(401);
		const seconds = Math.ceil((Date.now() - started + 1) / 1000);
		expect(reads).toBeGreaterThanOrEqual(1);
		expect(reads).toBeLessThanOrEqual(seconds + 1);
	});
});
