import type { INodeType, INodeTypeDescription } from 'n8n-workflow';

import { breakcold } from '../../shared/providers/breakcold/index.js';
import { providerTrigger } from '../trigger-factory/trigger.js';

const trigger = providerTrigger(breakcold, {
	description: 'Starts the workflow when Breakcold reports a CRM event',
});

/** Breakcold's webhooks as workflow triggers: leads, campaigns, lists, records, tasks and notes. */
export class BreakcoldTrigger implements INodeType {
	description: INodeTypeDescription = {
		...trigger.description,
		// n8n's lint wants the subtitle written here: the factory's, event names from the catalogue.
		subtitle: trigger.description.subtitle,
		icon: { light: 'file:breakcold.svg', dark: 'file:breakcold.dark.svg' },
		// Written out rather than taken from the factory, so that n8n's scanner, which reads this
		// literal, sees that the credential is tested (test/n8n/description.test.ts keeps them equal).
		credentials: [{ name: 'breakcoldApi', required: true, testedBy: 'webhookSecretForm' }],
	};

	methods = trigger.methods;

	webhookMethods = trigger.webhookMethods;

	webhook = trigger.webhook;
}
