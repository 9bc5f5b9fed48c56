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
