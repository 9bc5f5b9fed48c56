/**
 * The Breakcold Trigger's webhook() reads the secret pasted into its credential at most once per
 * 10 s (n8n's getCredentials starts an expression isolate on every call), and reads it again
 * when a delivery is refused, at most once a second, so a changed secret is refused for a second
 * at most (the provider retries) and forged deliveries cannot make every request read it.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import { BreakcoldTrigger } from '../../nodes/BreakcoldTrigger/BreakcoldTrigger.node.js';
import { callWebhook } from './webhook-call.js';

interface Credential {
	id: string;
	secret: string;
	reads: number;
}

let sequence = 0;

/** A legacy Breakcold delivery (the secret in the body), a new lead each time. */
function delivery(secret: string): string {
	sequence += 1;
	return JSON.stringify({
		id_space: 'space_1',
		event: 'lead.create',
		secret,
		payload: { id: `lead_${sequence}`, first_name: 'Ada' },
	});
}

/** Whether the delivery started a run, and the status a refusal answered. */
async function deliver(credential: Credential, body: string) {
	const { output, status } = await callWebhook(new BreakcoldTrigger(), {
		headers: {},
		body,
		credentials: { breakcoldApi: { id: credential.id, name: 'Breakcold' } },
		readCredential: async () => {
			credential.reads += 1;
			return { webhookSecret: credential.secret };
		},
	});
	return { ran: output !== undefined, status };
}

describe('Breakcold Trigger webhook() and the pasted secret', () => {
	beforeEach(() => {
		vi.useFakeTimers({ toFake: ['Date'] });
		vi.setSystemTime(new Date('2026-11-29T10:00:00Z'));
	});
	afterEach(() => {
		vi.useRealTimers();
	});

	it('reads the credential once for the deliveries of 10 s, then again', async () => {
		const credential = { id: 'cred_ttl', secret: 'whsec_one', reads: 0 };
		expect(await deliver(credential, delivery('whsec_one'))).toEqual({ ran: true, status: 200 });
		vi.setSystemTime(Date.now() + 9_999);
		expect(await deliver(credential, delivery('whsec_one'))).toEqual({ ran: true, status: 200 });
		expect(credential.reads).toBe(1);
		vi.setSystemTime(Date.now() + 1);
		expect(await deliver(credential, delivery('whsec_one'))).toEqual({ ran: true, status: 200 });
		expect(credential.reads).toBe(2);
	});

	it('runs a delivery with a changed secret a second after the last read, reading it again', async () => {
		const credential = { id: 'cred_changed', secret: 'whsec_old', reads: 0 };
		await deliver(credential, delivery('whsec_old'));
		credential.secret = 'whsec_new';
		vi.setSystemTime(Date.now() + 1_000);
		expect(await deliver(credential, delivery('whsec_new'))).toEqual({ ran: true, status: 200 });
		expect(credential.reads).toBe(2);
		// Read afresh, the replaced secret is refused.
		expect(await deliver(credential, delivery('whsec_old'))).toEqual({ ran: false, status: 401 });
	});

	it('reads the credential at most once a second for refused deliveries, however many', async () => {
		const credential = { id: 'cred_flood', secret: 'whsec_right', reads: 0 };
		await deliver(credential, delivery('whsec_right'));
		for (let second = 0; second < 3; second++) {
			for (let n = 0; n < 50; n++)
				expect(await deliver(credential, delivery(`whsec_guess_${n}`))).toEqual({
					ran: false,
					status: 401,
				});
			vi.setSystemTime(Date.now() + 1_000);
		}
		// The first read, then one a second at most while forged deliveries keep coming.
		expect(credential.reads).toBe(3);
	});

	it('refuses a wrong secret with 401 even with a secret remembered', async () => {
		const credential = { id: 'cred_wrong', secret: 'whsec_right', reads: 0 };
		await deliver(credential, delivery('whsec_right'));
		expect(await deliver(credential, delivery('whsec_guess'))).toEqual({
			ran: false,
			status: 401,
		});
	});

	it('runs a replaced secret for at most 10 s after the change, when nothing read it afresh', async () => {
		const credential = { id: 'cred_window', secret: 'whsec_old', reads: 0 };
		await deliver(credential, delivery('whsec_old'));
		credential.secret = 'whsec_new';
		vi.setSystemTime(Date.now() + 5_000);
		expect(await deliver(credential, delivery('whsec_old'))).toEqual({ ran: true, status: 200 });
		vi.setSystemTime(Date.now() + 5_000);
		expect(await deliver(credential, delivery('whsec_old'))).toEqual({ ran: false, status: 401 });
	});
});
