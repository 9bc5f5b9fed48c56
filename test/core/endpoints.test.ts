import { describe, expect, it } from 'vitest';

import { apiBaseUrl, checkWebhookUrl } from '../../shared/index.js';
import { kakiyo } from '../../shared/providers/kakiyo/index.js';
import { errorOf } from '../helpers/error-of.js';

const FIX = "Set n8n's WEBHOOK_URL.";

describe('apiBaseUrl', () => {
	it("apiBaseUrl gives Kakiyo's own for an empty or missing value, without a trailing slash", () => {
		for (const value of [undefined, '', '   '])
			expect(apiBaseUrl(kakiyo, value)).toBe('https://api.kakiyo.com/v1');
		expect(apiBaseUrl(kakiyo, 'https://eu.kakiyo.test/v1//')).toBe('https://eu.kakiyo.test/v1');
	});

	it('apiBaseUrl accepts http only on this machine', () => {
		for (const value of [
			'http://127.0.0.1:4010/v1',
			'http://localhost:4010/v1',
			'http://[::1]:1/v1',
		])
			expect(apiBaseUrl(kakiyo, value)).toBe(value);
	});

	it('apiBaseUrl refuses http elsewhere, naming the risk, and what is not a URL', () => {
		expect(errorOf(() => apiBaseUrl(kakiyo, 'http://api.kakiyo.com/v1'))).toMatchObject({
			kind: 'misconfigured',
			message: expect.stringMatching(/not https.*API key would travel unencrypted/),
		});
		expect(errorOf(() => apiBaseUrl(kakiyo, 'http://192.168.1.10/v1')).kind).toBe('misconfigured');
		for (const value of ['api.kakiyo.com', 'ftp://x/v1', 'javascript:alert(1)'])
			expect(errorOf(() => apiBaseUrl(kakiyo, value)).message).toContain('not a web address');
	});
});

describe('checkWebhookUrl', () => {
	it('checkWebhookUrl refuses a webhook URL on this machine or a private network, with the fix', () => {
		for (const url of [
			'http://localhost:5678/webhook/x/webhook',
			'http://127.0.0.1:5678/webhook/x/webhook',
			'http://[::1]:5678/webhook/x/webhook',
			'http://0.0.0.0:5678/webhook/x/webhook',
			'http://n8n.localhost/webhook/x/webhook',
			'http://10.0.0.5/webhook',
			'http://172.20.1.1/webhook',
			'http://192.168.1.10/webhook',
			'http://[fd00::1]/webhook',
		]) {
			expect(
				errorOf(() => checkWebhookUrl(kakiyo, url, kakiyo.baseUrl, FIX)),
				url,
			).toMatchObject({
				kind: 'misconfigured',
				message: expect.stringMatching(
					/Kakiyo cannot deliver to .*Kakiyo's servers cannot reach\. Set n8n's WEBHOOK_URL\./,
				),
			});
		}
	});

	it('checkWebhookUrl accepts public addresses, and local ones when the API is local too', () => {
		for (const url of [
			'https://n8n.example.com/webhook/x/webhook',
			'http://172.32.0.1/w',
			'https://8.8.8.8/w',
		])
			expect(() => checkWebhookUrl(kakiyo, url, kakiyo.baseUrl, FIX)).not.toThrow();
		expect(() =>
			checkWebhookUrl(kakiyo, 'http://127.0.0.1:5678/webhook/x', 'http://127.0.0.1:4010/v1', FIX),
		).not.toThrow();
	});
});
