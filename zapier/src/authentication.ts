import { createHash } from 'node:crypto';
import type { Authentication, Bundle, ZObject } from 'zapier-platform-core';

import { send } from './core/index.js';
import { kakiyo } from './core/providers/kakiyo/index.js';
import { toZapierError, zapierTransport } from './transport.js';

async function test(z: ZObject, _bundle: Bundle): Promise<{ valid: true; team?: string }> {
	try {
		const { label } = await send(zapierTransport(z), kakiyo.api.verifyKey());
		return label === undefined ? { valid: true } : { valid: true, team: label };
	} catch (error) {
		throw toZapierError(z, error);
	}
}

/**
 * Tells two Kakiyo connections apart: the team's name where `/verify` gives one, otherwise a
 * short fingerprint of the key (never any of its characters).
 */
async function connectionLabel(_z: ZObject, bundle: Bundle): Promise<string> {
	const team: unknown = bundle.inputData?.team;
	if (typeof team === 'string' && team !== '') return team;
	const key: unknown = bundle.authData?.apiKey;
	if (typeof key !== 'string' || key === '') return 'Kakiyo team';
	return `Kakiyo key ${createHash('sha256').update(key).digest('hex').slice(0, 6)}`;
}

export default {
	type: 'custom',
	fields: [
		{
			key: 'apiKey',
			label: 'API Key',
			type: 'password',
			required: true,
			helpText:
				'Your Kakiyo team API key. In [Kakiyo](https://app.kakiyo.com), open **Team > API Keys**, create a key and paste all 40 characters here.',
		},
	],
	test,
	connectionLabel,
} satisfies Authentication;
