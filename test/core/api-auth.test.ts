import { describe, expect, it } from 'vitest';

import { apiKeyHeaders } from '../../shared/index.js';
import { type ApiAuth } from '../../shared/api-auth.js';
import { kakiyo } from '../../shared/providers/kakiyo/index.js';

const withAuth = (apiAuth: ApiAuth) => ({ ...kakiyo, apiAuth });

describe('apiKeyHeaders', () => {
	it("apiKeyHeaders sends the key as the provider's definition says: Bearer, a named header, or not at all", () => {
		expect(apiKeyHeaders(kakiyo, 'k1')).toEqual({ Authorization: 'Bearer k1' });
		expect(apiKeyHeaders(withAuth({ kind: 'header', header: 'x-api-key' }), 'k2')).toEqual({
			'x-api-key': 'k2',
		});
		expect(apiKeyHeaders(withAuth({ kind: 'none' }), 'k3')).toEqual({});
	});
});
