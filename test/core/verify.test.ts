import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';

import { generateSecret } from '../../shared/index.js';
import { sign } from '../../shared/sign.js';
import { verifySignature } from '../../shared/verify.js';
import {
	EMPTY_BODY_HEX,
	GUIDE_BASE64,
	GUIDE_BODY,
	GUIDE_HEX,
	NON_ASCII_BODY,
	NON_ASCII_HEX,
	TEST_SECRET,
} from '../helpers/vectors.js';

const verify = (
	body: string | Uint8Array,
	signature: unknown,
	secret: string | string[] | undefined = TEST_SECRET,
) => verifySignature({ body, signature, secret });

describe('sign', () => {
	it('sign returns the known hex digest of the guide example', () => {
		expect(sign(GUIDE_BODY, TEST_SECRET)).toBe(GUIDE_HEX);
	});

	it('sign returns the same digest for the string and its UTF-8 bytes, non-ASCII included', () => {
		expect(sign(NON_ASCII_BODY, TEST_SECRET)).toBe(NON_ASCII_HEX);
		expect(sign(Buffer.from(NON_ASCII_BODY, 'utf8'), TEST_SECRET)).toBe(NON_ASCII_HEX);
		expect(sign(new Uint8Array(Buffer.from(NON_ASCII_BODY, 'utf8')), TEST_SECRET)).toBe(
			NON_ASCII_HEX,
		);
	});

	it('sign returns the known digest of an empty body', () => {
		expect(sign('', TEST_SECRET)).toBe(EMPTY_BODY_HEX);
	});

	it('sign throws a prefixed TypeError when misused', () => {
		expect(() => sign({} as unknown as string, TEST_SECRET)).toThrow(/^\[sign\]/);
		expect(() => sign(GUIDE_BODY, '')).toThrow(TypeError);
	});
});

describe('verifySignature', () => {
	it('verify accepts the known hex, sha256= and base64 forms', () => {
		expect(verify(GUIDE_BODY, GUIDE_HEX)).toEqual({ ok: true });
		expect(verify(GUIDE_BODY, GUIDE_HEX.toUpperCase())).toEqual({ ok: true });
		expect(verify(GUIDE_BODY, `sha256=${GUIDE_HEX}`)).toEqual({ ok: true });
		expect(verify(GUIDE_BODY, GUIDE_BASE64)).toEqual({ ok: true });
		expect(verify(GUIDE_BODY, GUIDE_BASE64.replace(/=$/, ''))).toEqual({ ok: true });
		expect(verify(GUIDE_BODY, GUIDE_BASE64.replace(/\+/g, '-').replace(/\//g, '_'))).toEqual({
			ok: true,
		});
		expect(verify(GUIDE_BODY, `  ${GUIDE_HEX}  `)).toEqual({ ok: true });
	});

	it('verify accepts raw bytes of a non-ASCII body', () => {
		expect(verify(Buffer.from(NON_ASCII_BODY, 'utf8'), NON_ASCII_HEX)).toEqual({ ok: true });
	});

	it('verify returns mismatch for a body with one byte changed', () => {
		const tampered = Buffer.from(GUIDE_BODY);
		tampered[20] = (tampered[20] ?? 0) ^ 1;
		expect(verify(tampered, GUIDE_HEX)).toEqual({ ok: false, reason: 'mismatch' });
	});

	it('verify returns mismatch for whitespace changes a JSON re-serialisation would make', () => {
		const reformatted = JSON.stringify(JSON.parse(GUIDE_BODY), null, 2);
		expect(verify(reformatted, GUIDE_HEX)).toEqual({ ok: false, reason: 'mismatch' });
		expect(verify(`${GUIDE_BODY}\n`, GUIDE_HEX)).toEqual({ ok: false, reason: 'mismatch' });
	});

	it('verify returns mismatch for the wrong secret', () => {
		expect(verify(GUIDE_BODY, GUIDE_HEX, 'another-secret')).toEqual({
			ok: false,
			reason: 'mismatch',
		});
	});

	it('verify returns mismatch for a non-ASCII body signed as Latin-1', () => {
		const latin1 = createHmac('sha256', TEST_SECRET).update(NON_ASCII_BODY, 'latin1').digest('hex');
		expect(verify(NON_ASCII_BODY, latin1)).toEqual({ ok: false, reason: 'mismatch' });
	});

	it('verify returns missing-signature for an absent or empty header', () => {
		for (const signature of [undefined, null, '', '   ']) {
			expect(verify(GUIDE_BODY, signature)).toEqual({ ok: false, reason: 'missing-signature' });
		}
	});

	it('verify returns missing-signature for a header value that is not a string', () => {
		for (const signature of [42, {}, ['a'], true]) {
			expect(verify(GUIDE_BODY, signature)).toEqual({ ok: false, reason: 'missing-signature' });
		}
	});

	it('verify returns bad-encoding for truncated, overlong, non-hex and oversized signatures', () => {
		for (const signature of [
			GUIDE_HEX.slice(0, 63),
			`${GUIDE_HEX}0`,
			GUIDE_HEX.replace(/^./, 'g'),
			'sha256=',
			'sha1=' + GUIDE_HEX.slice(0, 40),
			'x'.repeat(100_000),
			GUIDE_BASE64.slice(0, 40),
			'\u0000'.repeat(64),
		]) {
			expect(verify(GUIDE_BODY, signature)).toEqual({ ok: false, reason: 'bad-encoding' });
		}
	});

	it('verify returns missing-secret and never passes unsigned traffic when no secret is stored', () => {
		for (const secret of [undefined, null, '', [], ['']]) {
			expect(verifySignature({ body: GUIDE_BODY, signature: GUIDE_HEX, secret })).toEqual({
				ok: false,
				reason: 'missing-secret',
			});
		}
	});

	it('verify accepts any of several secrets during a rotation', () => {
		expect(verify(GUIDE_BODY, GUIDE_HEX, ['new-secret', TEST_SECRET])).toEqual({ ok: true });
		expect(verify(GUIDE_BODY, GUIDE_HEX, ['new-secret', 'older-secret'])).toEqual({
			ok: false,
			reason: 'mismatch',
		});
	});

	it('verify accepts one good signature among several', () => {
		const wrong = sign(GUIDE_BODY, 'another-secret');
		expect(verify(GUIDE_BODY, `sha256=${wrong}, sha256=${GUIDE_HEX}`)).toEqual({ ok: true });
		expect(verify(GUIDE_BODY, `garbage ${GUIDE_HEX}`)).toEqual({ ok: true });
		expect(verify(GUIDE_BODY, `${wrong} ${wrong}`)).toEqual({ ok: false, reason: 'mismatch' });
	});

	it('verify throws a prefixed TypeError for a body of the wrong type', () => {
		expect(() =>
			verifySignature({ body: 5 as unknown as string, signature: GUIDE_HEX, secret: TEST_SECRET }),
		).toThrow(/^\[verifySignature\]/);
	});
});

describe('generateSecret', () => {
	it('generateSecret returns 32 random bytes as 64 hex characters, different each time', () => {
		const secrets = new Set(Array.from({ length: 50 }, generateSecret));
		expect(secrets.size).toBe(50);
		for (const secret of secrets) expect(secret).toMatch(/^[0-9a-f]{64}$/);
	});
});
