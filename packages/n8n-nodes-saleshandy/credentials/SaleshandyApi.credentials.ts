// Generated from credentials/SaleshandyApi.credentials.ts by scripts/package-sources.ts: edit that file, then run npm run sources.
import type { Icon, ICredentialType } from 'n8n-workflow';

import { saleshandy } from '../nodes/shared/providers/saleshandy/index.js';
import { apiKeyAuthentication, apiKeyProperties, apiKeyTest } from './api-key-credential.js';

/** A Saleshandy Open API key, sent in the `x-api-key` header. */
export class SaleshandyApi implements ICredentialType {
	name = 'saleshandyApi';

	displayName = 'Saleshandy API';

	icon: Icon = { light: 'file:saleshandy.svg', dark: 'file:saleshandy.dark.svg' };

	documentationUrl =
		'https://github.com/seed-b413817c/outreach-triggers/tree/main/packages/n8n-nodes-saleshandy#credentials';

	properties = apiKeyProperties(saleshandy);

	authenticate = apiKeyAuthentication(saleshandy);

	test = apiKeyTest(saleshandy, '/webhook?page=1&pageSize=1');
}
