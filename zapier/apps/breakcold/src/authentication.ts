// Generated from zapier/src/authentication.ts by zapier/scripts/app-sources.ts: edit that file, then run npm run zapier:sources.
import { createHash } from 'node:crypto';
import type { Authentication, Bundle, ZObject } from 'zapier-platform-core';

import { keyCheck, pastedSecretProblem, send, type ProviderDefinition } from './core/index.js';
import { toZapierError, zapierTransport } from './transport.js';

/**
 * An API-key connection: the key checked with the provider's cheapest call, and a label that
 * tells two connections apart: the account's name where the provider gives one, otherwise a
 * short fingerprint of the key (never any of its characters).
 */
export function apiKeyAuthentication(provider: ProviderDefinition) {
	const check = keyCheck(provider);
	const name = provider.displayName;
	const { app, apiKeys } = provider.places;
	const named = app === undefined ? name : `[${name}](${app})`;
	// Markdown, under the connection's API Key field: where the user finds a key.
	const keyHelp =
		apiKeys === undefined
			? `Your ${name} API key.`
			: `Your ${name} ${apiKeys.keyName}. In ${named}, open **${apiKeys.menu}**, create a key and paste it here.`;

	async function test(z: ZObject): Promise<{ valid: true; team?: string }> {
		if (check === undefined) return { valid: true };
		try {
			const { label } = await send(zapierTransport(z, provider), check());
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

/**
 * The connection of a provider with no API: the secret the provider shows for a webhook the user
 * made there. Nothing can check it but a delivery, so the test checks its form.
 */
export function webhookSecretAuthentication(provider: ProviderDefinition) {
	const name = provider.displayName;

	async function test(z: ZObject, bundle: Bundle): Promise<{ valid: true }> {
		const problem = pastedSecretProblem(provider, bundle.authData?.webhookSecret);
		if (problem !== undefined) throw new z.errors.Error(problem, 'invalid-secret');
		return { valid: true };
	}

	async function connectionLabel(_z: ZObject, bundle: Bundle): Promise<string> {
		const secret: unknown = bundle.authData?.webhookSecret;
		return typeof secret === 'string' && secret !== ''
			? `${name} webhook ${createHash('sha256').update(secret).digest('hex').slice(0, 6)}`
			: `${name} webhook`;
	}

	return {
		type: 'custom',
		fields: [
			{
				key: 'webhookSecret',
				label: 'Webhook Secret',
				type: 'password',
				required: true,
				helpText: `The secret ${name} shows for the webhook you made with this Zap's URL${provider.places.webhooks === undefined ? '' : ` (${provider.places.webhooks})`}. It proves each delivery.`,
			},
		],
		test,
		connectionLabel,
	} satisfies Authentication;
}
