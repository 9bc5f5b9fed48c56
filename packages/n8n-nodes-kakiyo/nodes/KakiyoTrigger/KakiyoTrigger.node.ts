// Generated from nodes/KakiyoTrigger/KakiyoTrigger.node.ts by scripts/package-sources.ts: edit that file, then run npm run sources.
import type { INodeType, INodeTypeDescription } from 'n8n-workflow';

import { kakiyo } from '../shared/providers/kakiyo/index.js';
import { providerTrigger } from '../trigger-factory/trigger.js';

const trigger = providerTrigger(kakiyo, {
	description: 'Starts the workflow when Kakiyo reports a LinkedIn outreach event',
});

/** Kakiyo's webhooks as workflow triggers: agents, campaigns, prospects and messages. */
export class KakiyoTrigger implements INodeType {
	description: INodeTypeDescription = {
		...trigger.description,
		// n8n's lint wants the subtitle written here: the factory's, event names from the catalogue.
		subtitle: trigger.description.subtitle,
		icon: { light: 'file:kakiyo.svg', dark: 'file:kakiyo.dark.svg' },
	};

	methods = trigger.methods;

	webhookMethods = trigger.webhookMethods;

	webhook = trigger.webhook;
}
