import {
	NodeOperationError,
	type ILoadOptionsFunctions,
	type INodePropertyOptions,
	type INodeType,
} from 'n8n-workflow';

import {
	listedFilters,
	loadEventChoices,
	loadFilterOptions,
	pastesSecret,
	type DeliveryFilter,
	type ProviderDefinition,
} from '../../shared/index.js';
import { SECRET_FORM_TEST, webhookSecretForm } from './credential-test.js';
import { description, filterOptionsMethod, type TriggerTexts } from './description.js';
import { hookMethods } from './hook-methods.js';
import { providerTransport } from './transport.js';
import { webhook } from './webhook.js';

/** Fills a filter's dropdown from the provider; its error, in the provider's words, shows there. */
function filterOptions(provider: ProviderDefinition, filter: DeliveryFilter) {
	return async function (this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
		try {
			const options = await loadFilterOptions(filter, providerTransport(this, provider));
			return options.map(({ name, value }) => ({ name, value }));
		} catch (error) {
			throw new NodeOperationError(this.getNode(), (error as Error).message, {
				description: `Choose ${filter.label.toLowerCase()} by id in an expression instead.`,
			});
		}
	};
}

/**
 * Everything an n8n trigger node does for a provider, from its definition: the node files are
 * a few lines over this. Its description, the event list, the credential test where the secret
 * is pasted, the hook's life (`hookMethods`) where the provider has an API for it, and `webhook`.
 */
export function providerTrigger(provider: ProviderDefinition, texts: TriggerTexts) {
	const methods: INodeType['methods'] = {
		...(pastesSecret(provider)
			? { credentialTest: { [SECRET_FORM_TEST]: webhookSecretForm(provider) } }
			: {}),
		loadOptions: {
			async getEvents(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
				const choices = await loadEventChoices(
					provider,
					providerTransport(this, provider),
					(message) => this.logger.warn(message),
				);
				return choices.map((entry) => ({
					name: entry.name,
					value: entry.id,
					description: entry.description,
				}));
			},
			...Object.fromEntries(
				listedFilters(provider).map((filter) => [
					filterOptionsMethod(filter),
					filterOptions(provider, filter),
				]),
			),
		},
	};

	return {
		description: description(provider, texts),
		methods,
		// Without an API to register hooks, activation only opens the URL the user pasted, and
		// listening sends a sample.
		webhookMethods: hookMethods(provider),
		webhook: webhook(provider),
	};
}
