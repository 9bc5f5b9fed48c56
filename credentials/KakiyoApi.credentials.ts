import type { Icon, ICredentialType } from 'n8n-workflow';

import { kakiyo } from '../shared/providers/kakiyo/index.js';
import { apiKeyAuthentication, apiKeyProperties, apiKeyTest } from './api-key-credential.js';

/** A Kakiyo team API key, sent as a Bearer token. */
export class KakiyoApi implements ICredentialType {
	name = 'kakiyoApi';

	displayName = 'Kakiyo API';

	icon: Icon = { light: 'file:kakiyo.svg', dark: 'file:kakiyo.dark.svg' };

	documentationUrl =
		'https://github.com/seed-b413817c/outreach-triggers/tree/main/packages/n8n-nodes-kakiyo#credentials';

	properties = apiKeyProperties(kakiyo);

	authenticate = apiKeyAuthentication(kakiyo);

	test = apiKeyTest(kakiyo, '/verify');
}
