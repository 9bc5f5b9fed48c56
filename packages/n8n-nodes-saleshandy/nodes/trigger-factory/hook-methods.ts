// Generated from nodes/trigger-factory/hook-methods.ts by scripts/package-sources.ts: edit that file, then run npm run sources.
import type { IHookFunctions, INodeType } from 'n8n-workflow';

import {
	checkWebhookUrl,
	confirmHook,
	generateSecret,
	mintSecret,
	pastesSecret,
	ProviderError,
	release,
	selectedEvents,
	subscribe,
	type HookRecord,
	type ProviderDefinition,
	type ProviderErrorKind,
} from '../shared/index.js';
import { triggerKey, whileCreating } from './creating.js';
import type { TriggerSettings } from './description.js';
import { deliverSample, fetchSample } from './sample.js';
import {
	apiKeyOf,
	asNodeErrors,
	credentialBaseUrl,
	credentialType,
	providerTransport,
} from './transport.js';

/** The hook record, and whether this listening registered nothing (`sampleOnly`). */
type Record = HookRecord & { sampleOnly?: boolean };

function webhookTarget(context: IHookFunctions) {
	return {
		url: context.getNodeWebhookUrl('default') as string,
		events: selectedEvents(context.getNodeParameter('events')),
	};
}

function settingsOf(context: IHookFunctions): TriggerSettings {
	return context.getNodeParameter('options', {}) as TriggerSettings;
}

/**
 * Whether this activation only shows a sample and registers nothing at the provider: listening
 * where the provider has no API for hooks, or may refuse to delete the one listening would leave
 * (unless the user turned the sample off to wait for a real event).
 */
function listensWithoutHook(provider: ProviderDefinition, context: IHookFunctions): boolean {
	if (context.getMode() !== 'manual') return false;
	return (
		pastesSecret(provider) ||
		(provider.keepsHooks === true && settingsOf(context).sendSample !== false)
	);
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

/** The secret the user pasted into the credential, where the provider has no API for hooks. */
async function pastedSecret(
	context: IHookFunctions,
	provider: ProviderDefinition,
): Promise<string> {
	const credentials = await context.getCredentials<{ webhookSecret?: string }>(
		credentialType(provider),
	);
	return typeof credentials.webhookSecret === 'string' ? credentials.webhookSecret : '';
}

/** Refusals of the key: nothing works until the user changes it. */
const KEY_REFUSALS: ReadonlySet<ProviderErrorKind> = new Set([
	'invalid-key',
	'subscription-inactive',
	'forbidden',
]);

/**
 * A refusal of the key while publishing, saying what it means for the workflow: n8n has already
 * removed the previous version's hook (it tears down before it activates), and unpublishes or
 * keeps retrying, so the workflow hears nothing until it is published again.
 */
function whilePublishing(provider: ProviderDefinition, error: unknown): unknown {
	if (!(error instanceof ProviderError) || !KEY_REFUSALS.has(error.kind)) return error;
	return new ProviderError(
		`${error.message} This workflow receives no ${provider.displayName} events until it is published again with a working key (n8n removes a previous version's webhook before it registers this one).`,
		error.kind,
		error.status,
		error.code,
		error.retryAfterSeconds,
	);
}

/**
 * The trigger's hook at the provider: activation registers it (`create`), re-activation confirms
 * it (`checkExists`), deactivation removes it (`delete`). Listening in the editor also sends a
 * sample at once, where the user keeps that option on; where the provider has no API for hooks,
 * or may keep the one listening would register, listening sends the sample and registers nothing.
 */
export function hookMethods(provider: ProviderDefinition): INodeType['webhookMethods'] {
	const name = `${provider.displayName} Trigger`;
	const webhookUrlFix = `Set n8n's WEBHOOK_URL environment variable to the public https address ${provider.displayName} can reach (see n8n's docs on webhook URLs behind a reverse proxy or tunnel).`;
	const transport = (context: IHookFunctions) => providerTransport(context, provider);

	/** Shows the sample in the editor, signed with `secret`, in the background. */
	async function sendSample(
		context: IHookFunctions,
		url: string,
		events: string[],
		secret: string,
	) {
		const sample = await fetchSample(context, provider, events);
		void deliverSample(context, provider, url, secret, sample);
	}

	return {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				if (listensWithoutHook(provider, this)) return false;
				// Nothing is registered where the provider has no API for it.
				if (pastesSecret(provider)) return true;
				const record = this.getWorkflowStaticData('node') as Record;
				return await asNodeErrors(this, async () =>
					confirmHook(provider, transport(this), record, webhookTarget(this)),
				);
			},

			async create(this: IHookFunctions): Promise<boolean> {
				const record = this.getWorkflowStaticData('node') as Record;
				const { url, events } = webhookTarget(this);
				if (listensWithoutHook(provider, this)) {
					const secret = pastesSecret(provider)
						? await pastedSecret(this, provider)
						: generateSecret();
					if (!pastesSecret(provider)) Object.assign(record, { secret, sampleOnly: true });
					if (secret !== '') await sendSample(this, url, events, secret);
					return true;
				}
				if (pastesSecret(provider)) return true;
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
						}).catch((error: unknown) => {
							throw this.getMode() === 'manual' ? error : whilePublishing(provider, error);
						});
					});
				// The provider's test of the new hook may arrive before n8n stores its secret.
				const subscription = provider.testsOnCreate
					? await whileCreating(triggerKey(this), secret, register)
					: await register();
				if (this.getMode() === 'manual' && settingsOf(this).sendSample !== false)
					await sendSample(this, url, events, subscription.secret);
				return true;
			},

			async delete(this: IHookFunctions): Promise<boolean> {
				if (pastesSecret(provider)) return true;
				const record = this.getWorkflowStaticData('node') as Record;
				if (record.sampleOnly === true) {
					delete record.secret;
					delete record.sampleOnly;
					return true;
				}
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
