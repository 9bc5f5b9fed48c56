import { describe, expect, it } from 'vitest';

import { findHeader, omitHeader } from '../../shared/index.js';
import { verifyDelivery } from '../../shared/verify-delivery.js';
import { kakiyo } from '../../shared/providers/kakiyo/index.js';
import { GUIDE_BODY, GUIDE_HEX, TEST_SECRET } from '../helpers/vectors.js';

describe('findHeader', () => {
	it('findHeader ignores case', () => {
		expect(findHeader({ 'x-kakiyo-signature': 'a' }, 'X-Kakiyo-Signature')).toBe('a');
		expect(findHeader({ 'X-KAKIYO-SIGNATURE': 'b' }, 'x-kakiyo-signature')).toBe('b');
	});

	it("findHeader finds Zapier's Http- prefixed and CGI-style names", () => {
		expect(findHeader({ 'Http-X-Kakiyo-Signature': 'c' }, 'X-Kakiyo-Signature')).toBe('c');
		expect(findHeader({ HTTP_X_KAKIYO_SIGNATURE: 'd' }, 'X-Kakiyo-Signature')).toBe('d');
	});

	it('findHeader joins repeated values and skips non-strings', () => {
		expect(findHeader({ 'x-kakiyo-signature': ['e', 'f'] }, 'X-Kakiyo-Signature')).toBe('e, f');
		expect(findHeader({ 'x-kakiyo-signature': 5 } as never, 'X-Kakiyo-Signature')).toBeUndefined();
	});

	it('findHeader returns undefined for absent headers or no header map', () => {
		expect(findHeader({ 'x-other': 'g' }, 'X-Kakiyo-Signature')).toBeUndefined();
		expect(findHeader(undefined, 'X-Kakiyo-Signature')).toBeUndefined();
		expect(findHeader(null, 'X-Kakiyo-Signature')).toBeUndefined();
	});
});

describe('verifyDelivery', () => {
	it('verifyDelivery accepts a Kakiyo delivery whatever the platform calls its header', () => {
		for (const name of ['X-Kakiyo-Signature', 'x-kakiyo-signature', 'Http-X-Kakiyo-Signature']) {
			expect(
				verifyDelivery(kakiyo, { headers: { [name]: GUIDE_HEX }, body: GUIDE_BODY }, TEST_SECRET),
			).toEqual({ ok: true });
		}
	});

	it('verifyDelivery returns missing-signature for an unsigned delivery', () => {
		expect(verifyDelivery(kakiyo, { headers: {}, body: GUIDE_BODY }, TEST_SECRET)).toEqual({
			ok: false,
			reason: 'missing-signature',
		});
	});
});

describe('omitHeader', () => {
	it('omitHeader drops the header in every spelling and keeps the rest', () => {
		const headers = {
			'x-kakiyo-signature': 'a',
			'Http-X-Kakiyo-Signature': 'b',
			HTTP_X_KAKIYO_SIGNATURE: 'c',
			'content-type': 'application/json',
		};
		expect(omitHeader(headers, 'X-Kakiyo-Signature')).toEqual({
			'content-type': 'application/json',
		});
	});
});
