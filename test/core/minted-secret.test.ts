import { describe, expect, it } from 'vitest';

import {
	generateSecret,
	looksMinted,
	mintedFor,
	mintSecret,
	MINTED_WINDOW_MS,
	presentedMintedSecret,
} from '../../shared/index.js';
import { kakiyo } from '../../shared/providers/kakiyo/index.js';
import { saleshandy, SALESHANDY_SECRET_HEADER } from '../../shared/providers/saleshandy/index.js';

const KEY = 'api-key-of-the-credential';
const SCOPE = 'workflow_1:node_1';
const NOW = Date.UTC(2026, 10, 29, 12);

describe('minted hook secrets', () => {
	it('vouch for their trigger to whoever holds the key, within the window', () => {
		const secret = mintSecret(KEY, SCOPE, NOW);
		expect(looksMinted(secret)).toBe(true);
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
		const [issued, nonce, mac] = secret.split('.') as [string, string, string];
		const flip = (text: string) => `${text.slice(0, -1)}${text.endsWith('a') ? 'b' : 'a'}`;
		for (const changed of [
			`${Number(issued) - 1}.${nonce}.${mac}`,
			`${issued}.${flip(nonce)}.${mac}`,
			`${issued}.${nonce}.${flip(mac)}`,
			`${issued}.${nonce}.${mac}x`,
		])
			expect(mintedFor(changed, KEY, SCOPE, NOW)).toBe(false);
	});

	it('are as unpredictable as generated ones: two mints never match', () => {
		expect(mintSecret(KEY, SCOPE, NOW)).not.toBe(mintSecret(KEY, SCOPE, NOW));
		expect(looksMinted(generateSecret())).toBe(false);
	});
});

describe('presentedMintedSecret', () => {
	const delivery = (headers: Record<string, string>) => ({ headers, body: '{}' });

	it("reads Saleshandy's secret header when it has the minted form", () => {
		const secret = mintSecret(KEY, SCOPE, NOW);
		expect(
			presentedMintedSecret(saleshandy, delivery({ [SALESHANDY_SECRET_HEADER]: secret })),
		).toBe(secret);
		expect(
			presentedMintedSecret(saleshandy, delivery({ [SALESHANDY_SECRET_HEADER]: generateSecret() })),
		).toBeUndefined();
		expect(presentedMintedSecret(saleshandy, delivery({}))).toBeUndefined();
	});

	it('reads nothing for a provider that signs its deliveries', () => {
		const secret = mintSecret(KEY, SCOPE, NOW);
		expect(
			presentedMintedSecret(kakiyo, delivery({ 'x-kakiyo-signature': secret })),
		).toBeUndefined();
	});
});
