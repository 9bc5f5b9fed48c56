import { describe, expect, it } from 'vitest';

import { generateSecret, mintSecret } from '../../shared/index.js';
import { presentedMintedSecret } from '../../shared/receive-delivery.js';
import { mintedFor, mintedRecently, MINTED_WINDOW_MS } from '../../shared/secret.js';
import { kakiyo } from '../../shared/providers/kakiyo/index.js';
import { saleshandy, SALESHANDY_SECRET_HEADER } from '../../shared/providers/saleshandy/index.js';

const KEY = 'api-key-of-the-credential';
const SCOPE = 'workflow_1:node_1';
const NOW = Date.UTC(2026, 10, 29, 12);

describe('minted hook secrets', () => {
	it('vouch for their trigger to whoever holds the key, within the window', () => {
		const secret = mintSecret(KEY, SCOPE, NOW);
		// The form of a generated secret, which a provider or a check of it may expect.
		expect(secret).toMatch(/^[0-9a-f]{64}$/);
		expect(mintedRecently(secret, NOW)).toBe(true);
		expect(mintedFor(secret, KEY, SCOPE, NOW)).toBe(true);
		expect(mintedFor(secret, KEY, SCOPE, NOW + MINTED_WINDOW_MS)).toBe(true);
	});

	it('vouch for nothing with another key, for another trigger, after the window or from the future', () => {
		const secret = mintSecret(KEY, SCOPE, NOW);
		expect(mintedFor(secret, 'another-key', SCOPE, NOW)).toBe(false);
		expect(mintedFor(secret, '', SCOPE, NOW)).toBe(false);
		expect(mintedFor(secret, KEY, 'workflow_1:node_2', NOW)).toBe(false);
		expect(mintedFor(secret, KEY, SCOPE, NOW + MINTED_WINDOW_MS + 1_000)).toBe(false);
		expect(mintedFor(secret, KEY, SCOPE, NOW - 61_000)).toBe(false);
	});

	it('vouch for nothing once changed anywhere', () => {
		const secret = mintSecret(KEY, SCOPE, NOW);
		const flip = (at: number) =>
			`${secret.slice(0, at)}${secret[at] === 'a' ? 'b' : 'a'}${secret.slice(at + 1)}`;
		// In the time it says it was made, its random part, and its MAC; or one character more.
		for (const changed of [flip(7), flip(8), flip(31), flip(32), flip(63), `${secret}0`])
			expect(mintedFor(changed, KEY, SCOPE, NOW)).toBe(false);
	});

	it('are as unpredictable as generated ones: two mints never match', () => {
		expect(mintSecret(KEY, SCOPE, NOW)).not.toBe(mintSecret(KEY, SCOPE, NOW));
		// A secret that says it was made long ago (or never) costs no read of the key.
		expect(mintedRecently('0'.repeat(64), NOW)).toBe(false);
		expect(mintedRecently(mintSecret(KEY, SCOPE, NOW - MINTED_WINDOW_MS - 1_000), NOW)).toBe(false);
		expect(mintedRecently(generateSecret().toUpperCase(), NOW)).toBe(false);
	});
});

describe('presentedMintedSecret', () => {
	const delivery = (headers: Record<string, string>) => ({ headers, body: '{}' });

	it("reads Saleshandy's secret header when it has the minted form and was made just now", () => {
		const secret = mintSecret(KEY, SCOPE);
		expect(
			presentedMintedSecret(saleshandy, delivery({ [SALESHANDY_SECRET_HEADER]: secret })),
		).toBe(secret);
		expect(
			presentedMintedSecret(
				saleshandy,
				delivery({ [SALESHANDY_SECRET_HEADER]: mintSecret(KEY, SCOPE, Date.now() - 3_600_000) }),
			),
		).toBeUndefined();
		expect(presentedMintedSecret(saleshandy, delivery({}))).toBeUndefined();
	});

	it('reads nothing for a provider that signs its deliveries', () => {
		const secret = mintSecret(KEY, SCOPE);
		expect(
			presentedMintedSecret(kakiyo, delivery({ 'x-kakiyo-signature': secret })),
		).toBeUndefined();
	});
});
