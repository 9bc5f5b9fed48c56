// Generated from nodes/trigger-factory/hook-methods.ts by scripts/package-sources.ts: edit that file, then run npm run sources.
import type { IHookFunctions, INodeType } from 'n8n-workflow';

import {
	checkWebhookUrl,
	confirmHook,
	generateSecret,
	mintSecret,
	release,
	selectedEvents,
	subscribe,
	type HookRecord,
	type ProviderDefinition,
} from '../shared/index.js';
import { triggerKey, whileCreating } from './creating.js';
import type { TriggerSettings } from './description.js';
import { deliverSample, fetchSample } from './sample.js';
import { apiKeyOf, asNodeErrors, credentialBaseUrl, providerTransport } from './transport.js';

function webhookTarget(context: IHookFunctions) {
	return {
		url: context.getNodeWebhookUrl('default') as string,
		events: selectedEvents(context.getNodeParameter('events')),
	};
}

/**
 * The secret of a hook this trigger creates. For a provider that tests hooks while they are
 * created, minted with the credential's API key, so that a webhook process in queue mode, which
 * never saw the create, still knows the provider's test (see `isMintedTest`).
 */
async function newSecret(context: IHookFunctions, provider: ProviderDefinition): Promise<string> {
	const key = provider.testsOnCreate === true ? await apiKeyOf(context, provider) : '';
	return key === '' ? generateSecret() : mintSecret(key, triggerKey(context));
}

/**
 * The trigger's hook at the provider: activation registers it (`create`), re-activation confirms
 * it (`checkExists`), deactivation removes it (`delete`). Listening in the editor also sends a
 * sample at once, where the user keeps that option on.
 */
export function hookMethods(provider: ProviderDefinition): INodeType['webhookMethods'] {
	const name = `${provider.displayName} Trigger`;
	const webhookUrlFix = `Set n8n's WEBHOOK_URL environment variable to the public https address ${provider.displayName} can reach (see n8n's docs on webhook URLs behind a reverse proxy or tunnel).`;
	const transport = (context: IHookFunctions) => providerTransport(context, provider);

	return {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				const record = this.getWorkflowStaticData('node') as HookRecord;
				return await asNodeErrors(this, async () =>
					confirmHook(provider, transport(this), record, webhookTarget(this)),
				);
			},

			async create(this: IHookFunctions): Promise<boolean> {
				const record = this.getWorkflowStaticData('node') as HookRecord;
				const { url, events } = webhookTarget(this);
				const secret = await asNodeErrors(this, async () => newSecret(this, provider));
				const register = () =>
					asNodeErrors(this, async () => {
						checkWebhookUrl(provider, url, await credentialBaseUrl(this, provider), webhookUrlFix);
						const workflow = this.getWorkflow();
						return await subscribe(provider, transport(this), record, {
							name: `n8n: ${workflow.name ?? workflow.id ?? 'workflow'}`,
							url,
							events,
							secret,
						});
					});
				// The provider's test of the new hook may arrive before n8n stores its secret.
				const subscription = provider.testsOnCreate
					? await whileCreating(triggerKey(this), secret, register)
					: await register();
				const settings = this.getNodeParameter('options', {}) as TriggerSettings;
				if (this.getMode() === 'manual' && settings.sendSample !== false) {
					const sample = await fetchSample(this, provider, events);
					void deliverSample(this, provider, url, subscription.secret, sample);
				}
				return true;
			},

			async delete(this: IHookFunctions): Promise<boolean> {
				const record = this.getWorkflowStaticData('node') as HookRecord;
				const { url } = webhookTarget(this);
				const complete = await asNodeErrors(this, async () =>
					release(provider, transport(this), record, url),
				);
				if (!complete) {
					this.logger.warn(
						`${name}: a webhook for ${url} may remain at ${provider.displayName}: it did not delete it now (it may not allow that through its API, or could not list its webhooks). Delete it in ${provider.displayName}; the next activation reuses or removes it where it can.`,
					);
				}
				return true;
			},
		},
	};
}
