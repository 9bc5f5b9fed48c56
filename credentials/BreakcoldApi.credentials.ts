import type { Icon, ICredentialType, INodeProperties } from 'n8n-workflow';

import { breakcold } from '../shared/providers/breakcold/index.js';

/**
 * The secret of a webhook made in Breakcold's UI. Breakcold's API key is not needed: Breakcold
 * offers no API to register webhooks, and none that could check this secret.
 */
export class BreakcoldApi implements ICredentialType {
	name = 'breakcoldApi';

	displayName = 'Breakcold API';

	icon: Icon = { light: 'file:breakcold.svg', dark: 'file:breakcold.dark.svg' };

	documentationUrl =
		'https://github.com/seed-b413817c/outreach-triggers/tree/main/packages/n8n-nodes-breakcold#credentials';

	properties: INodeProperties[] = [
		{
			displayName: 'Webhook Secret',
			name: 'webhookSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: `The secret Breakcold shows for the webhook you made with this trigger's URL (${breakcold.places.webhooks}). It proves each delivery: the signing secret of current webhooks, or the secret legacy webhooks send in the body.`,
		},
	];
}
