import { describe, expect, it } from 'vitest';

import { refuseBodyType } from '../../shared/index.js';
import { breakcold } from '../../shared/providers/breakcold/index.js';
import { kakiyo } from '../../shared/providers/kakiyo/index.js';
import { saleshandy } from '../../shared/providers/saleshandy/index.js';

describe('refuseBodyType', () => {
	it('refuseBodyType refuses every multipart type with 415, whatever its case or parameters', () => {
		for (const type of [
			'multipart/form-data; boundary=X',
			'multipart/form-data',
			'Multipart/Form-Data; boundary="a;b"',
			'  multipart/mixed ; boundary=X',
			'multipart/related',
			'MULTIPART/ALTERNATIVE',
		])
			expect(refuseBodyType(kakiyo, type)?.status, type).toBe(415);
	});

	it('refuseBodyType says the provider sends JSON and names the type it refused', () => {
		for (const provider of [kakiyo, saleshandy, breakcold])
			expect(refuseBodyType(provider, 'multipart/form-data; boundary=X')?.message).toBe(
				`${provider.displayName} sends its deliveries as JSON; a multipart/form-data body cannot be one.`,
			);
	});

	it('refuseBodyType leaves every other type, or none, to the proof', () => {
		for (const type of [
			undefined,
			'',
			'application/json',
			'application/json; charset=utf-8',
			'text/plain',
			'application/x-www-form-urlencoded',
			'application/xml',
			'text/xml',
			'application/atom+xml',
			'application/octet-stream',
			'multipart',
			'text/plain; note="multipart/form-data"',
			'image/png, multipart/form-data',
		])
			expect(refuseBodyType(kakiyo, type), String(type)).toBeUndefined();
	});
});
