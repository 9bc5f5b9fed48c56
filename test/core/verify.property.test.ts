import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { sign } from '../../shared/sign.js';
import { verifySignature } from '../../shared/verify.js';

const body = fc.oneof(fc.string({ unit: 'binary' }), fc.uint8Array({ maxLength: 2048 }));
const secret = fc.string({ minLength: 1, maxLength: 64, unit: 'binary' });
const hostileSignature = fc.oneof(
	fc.string({ unit: 'binary', maxLength: 2000 }),
	fc.stringMatching(/^(sha256=)?[0-9a-fA-F]{0,80}$/),
	fc.stringMatching(/^[A-Za-z0-9+/_=-]{0,60}$/),
	fc.anything(),
);

describe('verifySignature properties', () => {
	it('verify never throws on any signature, secret or body it is given', () => {
		fc.assert(
			fc.property(
				body,
				hostileSignature,
				fc.oneof(secret, fc.array(secret), fc.constant(undefined)),
				(b, s, k) => {
					const result = verifySignature({ body: b, signature: s, secret: k });
					expect(typeof result.ok).toBe('boolean');
				},
			),
			{ numRuns: 2000 },
		);
	});

	it('verify accepts every body it signed, in hex and in base64', () => {
		fc.assert(
			fc.property(body, secret, (b, k) => {
				const hex = sign(b, k);
				expect(verifySignature({ body: b, signature: hex, secret: k }).ok).toBe(true);
				const base64 = Buffer.from(hex, 'hex').toString('base64');
				expect(verifySignature({ body: b, signature: base64, secret: k }).ok).toBe(true);
			}),
			{ numRuns: 500 },
		);
	});

	it('verify never accepts a body other than the one signed', () => {
		fc.assert(
			fc.property(body, body, secret, (signed, other, k) => {
				fc.pre(!Buffer.from(signed).equals(Buffer.from(other)));
				expect(verifySignature({ body: other, signature: sign(signed, k), secret: k })).toEqual({
					ok: false,
					reason: 'mismatch',
				});
			}),
			{ numRuns: 1000 },
		);
	});

	it('verify never accepts a signature made with another secret', () => {
		fc.assert(
			fc.property(body, secret, secret, (b, k1, k2) => {
				fc.pre(Buffer.from(k1).toString() !== Buffer.from(k2).toString());
				expect(verifySignature({ body: b, signature: sign(b, k1), secret: k2 }).ok).toBe(false);
			}),
			{ numRuns: 500 },
		);
	});

	it('verify never accepts a random signature for a body', () => {
		fc.assert(
			fc.property(body, secret, fc.uint8Array({ minLength: 32, maxLength: 32 }), (b, k, bytes) => {
				const forged = Buffer.from(bytes).toString('hex');
				fc.pre(forged !== sign(b, k));
				expect(verifySignature({ body: b, signature: forged, secret: k }).ok).toBe(false);
			}),
			{ numRuns: 1000 },
		);
	});
});
