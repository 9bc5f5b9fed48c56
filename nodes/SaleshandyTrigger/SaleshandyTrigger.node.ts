import type { INodeType, INodeTypeDescription } from 'n8n-workflow';

import { saleshandy } from '../../shared/providers/saleshandy/index.js';
import { providerTrigger } from '../trigger-factory/trigger.js';

const trigger = providerTrigger(saleshandy, {
	description: 'Starts the workflow when Saleshandy reports a cold-email event',
	notice:
		"Saleshandy documents no way to delete a webhook through its API. Deactivating the workflow tries; where Saleshandy refuses, the webhook stays: remove the one named after this workflow (its name starts with n8n:) in Saleshandy's webhook settings. Activating again reuses a webhook that already points here with the same events. Listen for test event shows a sample at once and registers nothing at Saleshandy; activate the workflow to receive real events.",
});

/** Saleshandy's webhooks as workflow triggers: emails, replies, prospects, sequences and tasks. */
export class SaleshandyTrigger implements INodeType {
	description: INodeTypeDescription = {
		...trigger.description,
		// n8n's lint wants the subtitle written here: the factory's, event names from the catalogue.
		subtitle: trigger.description.subtitle,
		icon: { light: 'file:saleshandy.svg', dark: 'file:saleshandy.dark.svg' },
	};

	methods = trigger.methods;

	webhookMethods = trigger.webhookMethods;

	webhook = trigger.webhook;
}
