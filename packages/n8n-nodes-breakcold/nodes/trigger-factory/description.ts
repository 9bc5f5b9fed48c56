// Generated from nodes/trigger-factory/description.ts by scripts/package-sources.ts: edit that file, then run npm run sources.
import { NodeConnectionTypes, type INodeProperties, type INodeTypeDescription } from 'n8n-workflow';

import {
	filterHelp,
	filtersOf,
	keepWithoutHelp,
	MAX_AGE_SETTING,
	pastesSecret,
	type DeliveryFilter,
	type ProviderDefinition,
} from '../shared/index.js';
import { SECRET_FORM_TEST } from './credential-test.js';
import { eventsSubtitle } from './events-subtitle.js';
import { credentialType } from './transport.js';

/** What the n8n node says that the definition does not: its own words for the editor. */
export interface TriggerTexts {
	/** The node's description in the nodes panel, e.g. "Starts the workflow when …". */
	readonly description: string;
	/**
	 * A notice shown above the events, for what the user must know or do by hand; where the user
	 * pastes the hook's secret, by default what to do in the provider's app.
	 */
	readonly notice?: string;
}

/** The node's Options, as `getNodeParameter('options')` gives them. */
export interface TriggerSettings {
	includeHeaders?: boolean;
	ignoreRepeats?: boolean;
	maxAgeHours?: number;
	sendSample?: boolean;
	keepEventsWithout?: boolean;
}

/** The load-options method that fills a filter's dropdown, e.g. `getCampaigns`. */
export function filterOptionsMethod(filter: DeliveryFilter): string {
	return `get${filter.key.charAt(0).toUpperCase()}${filter.key.slice(1)}`;
}

const EXPRESSION_HELP =
	'Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.';

/**
 * A filter's field: a dropdown where the provider lists the choices (an expression gives ids
 * too), a comma-separated text where it lists none.
 */
function filterProperty(provider: ProviderDefinition, filter: DeliveryFilter): INodeProperties {
	const help = filterHelp(provider, filter);
	const typed = `${help} Separate several with commas.`;
	return filter.listOptions === undefined
		? {
				displayName: filter.label,
				name: filter.key,
				type: 'string',
				default: '',
				...(filter.example === undefined ? {} : { placeholder: `e.g. ${filter.example}` }),
				description: typed,
			}
		: {
				displayName: `${filter.label.replace(/s$/, '')} Names or IDs`,
				name: filter.key,
				type: 'multiOptions',
				typeOptions: { loadOptionsMethod: filterOptionsMethod(filter) },
				default: [],
				description: `${help} ${EXPRESSION_HELP}`,
			};
}

/** What the user of a provider with no API for hooks does by hand, in the provider's words. */
function pastedSecretNotice(provider: ProviderDefinition): string {
	const name = provider.displayName;
	const where = provider.places.webhooks === undefined ? '' : ` > ${provider.places.webhooks}`;
	return `${name} has no API to register webhooks, so this node registers nothing: copy its Production URL (Webhook URLs, above) into ${name}${where}, copy the secret ${name} shows into the credential, then activate the workflow. Deliveries without that secret (or its signature) get 401 and start nothing. Listen for test event shows a sample signed with that secret at once; for a real event while listening, paste the Test URL into ${name} instead.`;
}

function options(provider: ProviderDefinition): INodeProperties[] {
	const name = provider.displayName;
	const dated = provider.dateField !== null;
	return [
		{
			displayName: 'Ignore Repeated Deliveries',
			name: 'ignoreRepeats',
			type: 'boolean',
			default: true,
			description: `Whether to skip a delivery identical to one received within the last ${dated ? 'Maximum Age window' : '24 hours'}. ${name} retries deliveries it thinks failed, so the same event can arrive twice.`,
		},
		{
			displayName: 'Include Headers',
			name: 'includeHeaders',
			type: 'boolean',
			default: false,
			description: `Whether to add the delivery's HTTP headers (all but the ones proving it is ${name}'s) to the output, under "headers"`,
		},
		...(dated
			? [
					{
						displayName: MAX_AGE_SETTING.label,
						name: 'maxAgeHours',
						type: 'number' as const,
						typeOptions: { minValue: 0 },
						default: MAX_AGE_SETTING.defaultHours,
						description: MAX_AGE_SETTING.help,
					},
				]
			: []),
		...(filtersOf(provider).length === 0
			? []
			: [
					{
						displayName: 'Run for Events Without a Filtered Field',
						name: 'keepEventsWithout',
						type: 'boolean' as const,
						default: true,
						description: keepWithoutHelp(provider),
					},
				]),
		{
			displayName: 'Send Sample When Listening',
			name: 'sendSample',
			type: 'boolean',
			default: true,
			description: `Whether "Listen for test event" shows ${provider.api.getExample ? `${name}'s example` : 'a realistic sample'} of a selected event at once, marked "_sample", instead of waiting for a real event${provider.keepsHooks ? `. Off, listening registers a test webhook at ${name}, which may stay there until you remove it.` : ''}`,
		},
	];
}

/** The node's description but its icon, which the node file names beside its own icon files. */
export function description(
	provider: ProviderDefinition,
	texts: TriggerTexts,
): Omit<INodeTypeDescription, 'icon'> {
	const notice =
		texts.notice ?? (pastesSecret(provider) ? pastedSecretNotice(provider) : undefined);
	return {
		displayName: `${provider.displayName} Trigger`,
		name: `${provider.id}Trigger`,
		group: ['trigger'],
		// Identical but for n8n itself: for a version-1 webhook node it evaluates an expression
		// (the old Webhook node's binary-data option) on every request.
		version: [1, 1.1],
		defaultVersion: 1.1,
		subtitle: eventsSubtitle(provider),
		description: texts.description,
		defaults: { name: `${provider.displayName} Trigger` },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{
				name: credentialType(provider),
				required: true,
				// A pasted secret cannot be checked with the provider: its form is.
				...(pastesSecret(provider) ? { testedBy: SECRET_FORM_TEST } : {}),
			},
		],
		webhooks: [
			{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: 'webhook' },
		],
		properties: [
			...(notice === undefined
				? []
				: [{ displayName: notice, name: 'notice', type: 'notice' as const, default: '' }]),
			{
				displayName: 'Event Names or IDs',
				name: 'events',
				type: 'multiOptions',
				typeOptions: { loadOptionsMethod: 'getEvents' },
				required: true,
				default: [],
				description:
					'The events that start the workflow. Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
			},
			...filtersOf(provider).map((filter) => filterProperty(provider, filter)),
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add option',
				default: {},
				options: options(provider),
			},
		],
	};
}
