import { describe, expect, it } from 'vitest';

import { KakiyoTrigger } from '../../nodes/KakiyoTrigger/KakiyoTrigger.node.js';
import { DEFAULT_MAX_AGE_MS } from '../../shared/index.js';

describe('KakiyoTrigger description', () => {
	it("the Maximum Age option's default is the core's window, in hours (n8n's lint wants a literal there)", () => {
		const options = new KakiyoTrigger().description.properties.find((p) => p.name === 'options');
		const maxAge = (
			options?.options as Array<{ name: string; default: unknown }> | undefined
		)?.find((option) => option.name === 'maxAgeHours');
		expect(maxAge?.default).toBe(DEFAULT_MAX_AGE_MS / 3_600_000);
	});
});
