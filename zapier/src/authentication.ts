import { createHash } from 'node:crypto';
import type { Authentication, Bundle, ZObject } from 'zapier-platform-core';

import { send, type ProviderDefinition } from './core/index.js';
import { toZapierError, zapierTransport } from './transport.js';

/**
 * An API-key connection: the key checked with the provider's cheap call, and a label that tells
 * two connections apart: the account's name where the provider gives one, otherwise a short
 * fingerprint of the key (never any of its characters).
 */
export function apiKeyAuthentication(provider: ProviderDefinition, keyHelp: string) {
	const verifyKey = provider.api.verifyKey;
	const name = provider.displayName;

	async function test(z: ZObject, _bundle: Bundle): Promise<{ valid: true; team?: string }> {
		if (verifyKey === undefined) return { valid: true };
		try {
			const { label } = await send(zapierTransport(z, provider), verifyKey());
			return label === undefined ? { valid: true } : { valid: true, team: label };
		} catch (error) {
			throw toZapierError(z, error, name);
		}
	}

	async function connectionLabel(_z: ZObject, bundle: Bundle): Promise<string> {
		const team: unknown = bundle.inputData?.team;
		if (typeof team === 'string' && team !== '') return team;
		const key: unknown = bundle.authData?.apiKey;
		if (typeof key !== 'string' || key === '') return `${name} account`;
		return `${name} key ${createHash('sha256').update(key).digest('hex').slice(0, 6)}`;
	}

	return {
		type: 'custom',
		fields: [
			{ key: 'apiKey', label: 'API Key', type: 'password', required: true, helpText: keyHelp },
		],
		test,
		connectionLabel,
	} satisfies Authentication;
}
