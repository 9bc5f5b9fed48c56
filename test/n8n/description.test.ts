import { describe, expect, it } from 'vitest';

import { KakiyoApi } from '../../credentials/KakiyoApi.credentials.js';
import { SaleshandyApi } from '../../credentials/SaleshandyApi.credentials.js';
import { BreakcoldTrigger } from '../../nodes/BreakcoldTrigger/BreakcoldTrigger.node.js';
import { KakiyoTrigger } from '../../nodes/KakiyoTrigger/KakiyoTrigger.node.js';
import { SECRET_FORM_TEST } from '../../nodes/trigger-factory/credential-test.js';
import { providerTrigger } from '../../nodes/trigger-factory/trigger.js';
import { DEFAULT_MAX_AGE_MS } from '../../shared/delivery-age.js';
import { breakcold } from '../../shared/providers/breakcold/index.js';
import { kakiyo } from '../../shared/providers/kakiyo/index.js';
import { saleshandy } from '../../shared/providers/saleshandy/index.js';

describe('KakiyoTrigger description', () => {
	it("the Maximum Age option's default is the core's window, in hours (n8n's lint wants a literal there)", () => {
		const options = new KakiyoTrigger().description.properties.find((p) => p.name === 'options');
		const maxAge = (
			options?.options as Array<{ name: string; default: unknown }> | undefined
		)?.find((option) => option.name === 'maxAgeHours');
		expect(maxAge?.default).toBe(DEFAULT_MAX_AGE_MS / 3_600_000);
	});
});

describe('BreakcoldTrigger description', () => {
	it('declares the credentials the factory would, written out for the scanner to read', () => {
		const written = new BreakcoldTrigger().description.credentials;
		const factory = providerTrigger(breakcold, { description: '' }).description.credentials;
		expect(written).toEqual(factory);
		expect(written?.[0]?.testedBy).toBe(SECRET_FORM_TEST);
	});

	it("tells the user where in Breakcold's app to make the webhook, from the definition", () => {
		const notice = new BreakcoldTrigger().description.properties.find((p) => p.type === 'notice');
		expect(notice?.displayName).toContain(`Breakcold > ${breakcold.places.webhooks}`);
	});
});

describe('KakiyoApi and SaleshandyApi credentials', () => {
	it("say where in the provider's app a key is made, from the definition", () => {
		const key = (properties: Array<{ name: string; description?: string }>) =>
			properties.find((p) => p.name === 'apiKey')?.description;
		expect(key(new KakiyoApi().properties)).toContain(kakiyo.places.apiKeys.menu);
		expect(key(new SaleshandyApi().properties)).toContain(saleshandy.places.apiKeys.menu);
	});
});

describe('the API key credentials send the key only to a Base URL activation would use', () => {
	type Authenticate = (
		credentials: Record<string, unknown>,
		request: { url: string; headers?: Record<string, string> },
	) => Promise<{ headers?: Record<string, unknown> }>;
	const kakiyoAuth = new KakiyoApi().authenticate as unknown as Authenticate;
	const saleshandyAuth = new SaleshandyApi().authenticate as unknown as Authenticate;
	const key = 'k'.repeat(40);

	it('sends the key as each API takes it, keeping the request headers', async () => {
		const sent = await kakiyoAuth(
			{ apiKey: key, baseUrl: '' },
			{ url: '/verify', headers: { a: '1' } },
		);
		expect(sent.headers).toEqual({ a: '1', Authorization: `Bearer ${key}` });
		const toSaleshandy = await saleshandyAuth({ apiKey: key }, { url: '/webhook' });
		expect(toSaleshandy.headers).toEqual({ 'x-api-key': key });
		const local = await kakiyoAuth(
			{ apiKey: key, baseUrl: 'http://127.0.0.1:9/v1' },
			{ url: '/x' },
		);
		expect(local.headers).toHaveProperty('Authorization');
	});

	it("refuses plain http elsewhere and what is not a web address, in activation's words", async () => {
		await expect(
			kakiyoAuth({ apiKey: key, baseUrl: 'http://api.kakiyo.com/v1' }, { url: '/verify' }),
		).rejects.toThrow(/is not https, so the API key would travel unencrypted/);
		await expect(
			saleshandyAuth({ apiKey: key, baseUrl: 'open-api.saleshandy.com' }, { url: '/webhook' }),
		).rejects.toThrow(/is not a web address\. Leave it empty to use Saleshandy's own/);
	});
});

describe('the credential test answers a refused key in the provider words, whatever status it comes with', () => {
	const rulesOf = (test: unknown) =>
		(
			(test as { rules: Array<{ properties: { value: number; message: string } }> }).rules ?? []
		).map((rule) => [rule.properties.value, rule.properties.message] as const);

	it('Saleshandy refuses a key with 400 ("1001: Invalid token"): that 400 says so too; Kakiyo has no 400 rule', () => {
		const saleshandyRules = new Map(rulesOf(new SaleshandyApi().test));
		expect(saleshandyRules.get(400)).toBe(saleshandyRules.get(401));
		expect(saleshandyRules.get(401)).toContain(saleshandy.wording.keyHelp);
		const kakiyoRules = new Map(rulesOf(new KakiyoApi().test));
		expect(kakiyoRules.has(400)).toBe(false);
		expect(kakiyoRules.get(401)).toContain(kakiyo.wording.keyHelp);
	});
});
