import type { Authentication, Bundle, ZObject } from 'zapier-platform-core';

import { kakiyo, send } from './core/index.js';
import { toZapierError, zapierTransport } from './transport.js';

async function test(z: ZObject, _bundle: Bundle): Promise<{ valid: true }> {
	try {
		await send(zapierTransport(z), kakiyo.api.verifyKey());
	} catch (error) {
		throw toZapierError(z, error);
	}
	return { valid: true };
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
	connectionLabel: 'Kakiyo team',
} satisfies Authentication;
