import { describe, expect, it } from 'vitest';

import { BreakcoldTrigger } from '../../nodes/BreakcoldTrigger/BreakcoldTrigger.node.js';
import { KakiyoTrigger } from '../../nodes/KakiyoTrigger/KakiyoTrigger.node.js';
import { SECRET_FORM_TEST } from '../../nodes/trigger-factory/credential-test.js';
import { providerTrigger } from '../../nodes/trigger-factory/trigger.js';
import { DEFAULT_MAX_AGE_MS } from '../../shared/index.js';
import { breakcold } from '../../shared/providers/breakcold/index.js';

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
});
