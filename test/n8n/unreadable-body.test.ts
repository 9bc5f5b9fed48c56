/**
 * A request whose body n8n has taken apart (multipart) or cannot give (too large, bad gzip) is
 * answered 4xx by webhook() itself and never thrown: a throw makes n8n answer 500, store an error
 * execution and start the workflow's Error Workflow. The real n8n is in the hostile soak.
 */
import type { IWebhookFunctions } from 'n8n-workflow';
import { describe, expect, it } from 'vitest';

import { BreakcoldTrigger } from '../../nodes/BreakcoldTrigger/BreakcoldTrigger.node.js';
import { KakiyoTrigger } from '../../nodes/KakiyoTrigger/KakiyoTrigger.node.js';
import { SaleshandyTrigger } from '../../nodes/SaleshandyTrigger/SaleshandyTrigger.node.js';
import { signDelivery } from '../../shared/index.js';
import { kakiyo } from '../../shared/providers/kakiyo/index.js';
import { webhookContext, type WebhookTrigger } from './webhook-call.js';

const SECRET = 'whsec_unreadable_0123456789abcdef';

/** A request as n8n hands it over: its headers, and its body read or not. */
interface Request {
	headers: Record<string, string>;
	rawBody?: Buffer;
	readable?: boolean;
	readRawBody: () => Promise<void>;
}

/** Calls webhook() with `request`; what it returned and the status and body it answered with. */
async function call(trigger: WebhookTrigger, request: Request) {
	// Maximum Age off: the samples are dated when they were written.
	const { functions } = webhookContext({ headers: {}, body: '', options: { maxAgeHours: 0 } });
	const answer: { status?: number; body?: unknown } = {};
	const context = {
		...functions,
		getRequestObject: () => request,
		getResponseObject: () => ({
			status: (code: number) => {
				answer.status = code;
				return { json: (body: unknown) => (answer.body = body) };
			},
		}),
		getCredentials: async () => ({ webhookSecret: SECRET }),
		getNode: () => ({ id: 'node_1', credentials: { breakcoldApi: { id: 'c', name: 'c' } } }),
		getWorkflowStaticData: () => ({ hookId: 'hook_1', secret: SECRET }),
	} as unknown as IWebhookFunctions;
	const result = await trigger.webhook.call(context);
	return { result, ...answer };
}

const spent = (headers: Record<string, string>): Request & { reads: number } => {
	const request = {
		headers,
		readable: false,
		reads: 0,
		readRawBody: async () => {
			request.reads += 1;
			throw new Error('Request body stream was aborted or is not readable');
		},
	};
	return request;
};

describe.each([
	['Kakiyo', new KakiyoTrigger()],
	['Saleshandy', new SaleshandyTrigger()],
	['Breakcold', new BreakcoldTrigger()],
] as const)('the %s Trigger', (_name, trigger) => {
	it('webhook() answers a multipart body 415 without reading it, and starts no run', async () => {
		for (const type of ['multipart/form-data; boundary=x', 'Multipart/Mixed; boundary=x']) {
			const request = spent({ 'content-type': type });
			const { result, status, body } = await call(trigger, request);
			expect(result).toEqual({ noWebhookResponse: true });
			expect(status).toBe(415);
			expect(body).toMatchObject({ error: 'unsupported-media-type' });
			expect(request.reads).toBe(0);
		}
	});

	it('webhook() answers a body already read 400 without reading it again', async () => {
		const request = spent({ 'content-type': 'application/octet-stream' });
		const { result, status, body } = await call(trigger, request);
		expect(result).toEqual({ noWebhookResponse: true });
		expect(status).toBe(400);
		expect(body).toMatchObject({ error: 'unreadable-body' });
		expect(request.reads).toBe(0);
	});

	it("webhook() answers a body n8n's reader refuses with that error's 4xx, or 400", async () => {
		const tooLarge = Object.assign(new Error('request entity too large'), { status: 413 });
		const badGzip = Object.assign(new Error('incorrect header check'), { code: 'Z_DATA_ERROR' });
		for (const [error, expected] of [
			[tooLarge, 413],
			[badGzip, 400],
		] as const) {
			const { result, status } = await call(trigger, {
				headers: {},
				readable: true,
				readRawBody: async () => {
					throw error;
				},
			});
			expect(result).toEqual({ noWebhookResponse: true });
			expect(status).toBe(expected);
		}
	});
});

describe('the Kakiyo Trigger', () => {
	it('webhook() reads a body n8n left unread and runs it when it is proven', async () => {
		const body = JSON.stringify(kakiyo.sampleFor(kakiyo.sampleEvent!));
		const { headers } = signDelivery(kakiyo, body, SECRET);
		const request: Request = {
			headers,
			readable: true,
			readRawBody: async () => {
				request.rawBody = Buffer.from(body);
			},
		};
		const { result } = await call(new KakiyoTrigger(), request);
		expect(result).toHaveProperty('workflowData');
	});
});
