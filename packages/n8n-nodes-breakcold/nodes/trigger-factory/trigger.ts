// Generated from nodes/trigger-factory/trigger.ts by scripts/package-sources.ts: edit that file, then run npm run sources.
import {
	NodeConnectionTypes,
	type ICredentialTestFunctions,
	type ICredentialsDecrypted,
	type IDataObject,
	type INodeCredentialTestResult,
	type IHookFunctions,
	type ILoadOptionsFunctions,
	type INodeProperties,
	type INodePropertyOptions,
	type INodeType,
	type INodeTypeDescription,
	type IWebhookFunctions,
	type IWebhookResponseData,
} from 'n8n-workflow';

import {
	checkWebhookUrl,
	confirmHook,
	DEFAULT_MAX_AGE_MS,
	deliveryIdOf,
	generateSecret,
	loadEventChoices,
	mintedFor,
	mintSecret,
	omitHeader,
	presentedMintedSecret,
	proofHeaders,
	receiveDelivery,
	release,
	RepeatGuard,
	selectedEvents,
	subscribe,
	type Delivery,
	type HookRecord,
	type ProviderDefinition,
} from '../shared/index.js';
import { credentialValue } from './credential-cache.js';
import { requestBody } from './request-body.js';
import { deliverSample, fetchSample } from './sample.js';
import {
	apiKeyOf,
	asNodeErrors,
	credentialBaseUrl,
	credentialType,
	providerTransport,
} from './transport.js';

const HOUR_MS = 3_600_000;

/** What the n8n node says that the definition does not: its own words for the editor. */
export interface TriggerTexts {
	/** The node's description in the nodes panel, e.g. "Starts the workflow when …". */
	readonly description: string;
	/** A notice shown above the events, for what the user must know or do by hand. */
	readonly notice?: string;
}

/**
 * Deliveries seen lately, per process, each kept for the Maximum Age window. Not in static data:
 * n8n 2.40 drops static-data changes made in webhook() whenever that call starts a run.
 */
const repeats = new RepeatGuard();

/**
 * Secrets of hooks being created now, by trigger (see `triggerKey`): a provider that tests a
 * hook while creating it delivers before n8n has stored the secret. Several at once when n8n
 * runs two activations of one trigger side by side, or its test and production hooks.
 */
const pending = new Map<string, Set<string>>();

/**
 * One trigger in one workflow, the same in `create` and in `webhook`: not its URL, which
 * `webhook` reads as the production one even while serving `/webhook-test/` (n8n 2.x).
 */
function triggerKey(context: IHookFunctions | IWebhookFunctions): string {
	return `${context.getWorkflow().id ?? ''}:${context.getNode().id}`;
}

interface Options {
	includeHeaders?: boolean;
	ignoreRepeats?: boolean;
	maxAgeHours?: number;
	sendSample?: boolean;
}

function webhookTarget(context: IHookFunctions) {
	return {
		url: context.getNodeWebhookUrl('default') as string,
		events: selectedEvents(context.getNodeParameter('events')),
	};
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
						displayName: 'Maximum Age (Hours)',
						name: 'maxAgeHours',
						type: 'number' as const,
						typeOptions: { minValue: 0 },
						default: DEFAULT_MAX_AGE_MS / HOUR_MS,
						description:
							'A delivery whose timestamp is further from now than this is not run: it may be a captured delivery sent again. 0 turns the check off.',
					},
				]
			: []),
		...(provider.api.createHook
			? [
					{
						displayName: 'Send Sample When Listening',
						name: 'sendSample',
						type: 'boolean' as const,
						default: true,
						description: `Whether "Listen for test event" shows ${provider.api.getExample ? `${name}'s example` : 'a realistic sample'} of a selected event at once, marked "_sample", instead of waiting for a real event`,
					},
				]
			: []),
	];
}

/** The credential test of a provider that has no API: the pasted secret's form. */
export const SECRET_FORM_TEST = 'webhookSecretForm';

/** What a credential holding a pasted webhook secret must look like. */
async function webhookSecretForm(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	const secret = credential.data?.webhookSecret;
	if (typeof secret !== 'string' || secret.trim() === '')
		return { status: 'Error', message: "Paste the webhook's secret from the provider" };
	if (secret !== secret.trim())
		return { status: 'Error', message: 'The secret starts or ends with a space: paste it again' };
	return { status: 'OK', message: 'The secret is set; the first delivery proves it' };
}

/** The node's subtitle in the canvas: the events it listens to. */
export const EVENTS_SUBTITLE = '={{[].concat($parameter["events"]).join(", ")}}';

/** The node's description but its icon, which the node file names beside its own icon files. */
function description(
	provider: ProviderDefinition,
	texts: TriggerTexts,
): Omit<INodeTypeDescription, 'icon'> {
	return {
		displayName: `${provider.displayName} Trigger`,
		name: `${provider.id}Trigger`,
		group: ['trigger'],
		// Identical but for n8n itself: for a version-1 webhook node it evaluates an expression
		// (the old Webhook node's binary-data option) on every request.
		version: [1, 1.1],
		defaultVersion: 1.1,
		subtitle: EVENTS_SUBTITLE,
		description: texts.description,
		defaults: { name: `${provider.displayName} Trigger` },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{
				name: credentialType(provider),
				required: true,
				// Where there is no API to ask, the credential holds the hook's secret: its form is checked.
				...(provider.api.createHook ? {} : { testedBy: SECRET_FORM_TEST }),
			},
		],
		webhooks: [
			{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: 'webhook' },
		],
		properties: [
			...(texts.notice === undefined
				? []
				: [{ displayName: texts.notice, name: 'notice', type: 'notice' as const, default: '' }]),
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

/**
 * Everything an n8n trigger node does for a provider, from its definition: the node files are
 * a few lines over this. Activation registers a hook (`create`), re-activation confirms it
 * (`checkExists`), deactivation removes it (`delete`), and `webhook` authenticates each
 * delivery before any run.
 */
export function providerTrigger(provider: ProviderDefinition, texts: TriggerTexts) {
	const name = `${provider.displayName} Trigger`;
	const webhookUrlFix = `Set n8n's WEBHOOK_URL environment variable to the public https address ${provider.displayName} can reach (see n8n's docs on webhook URLs behind a reverse proxy or tunnel).`;
	const transport = (context: Parameters<typeof providerTransport>[0]) =>
		providerTransport(context, provider);

	const methods: INodeType['methods'] = {
		...(provider.api.createHook
			? {}
			: { credentialTest: { [SECRET_FORM_TEST]: webhookSecretForm } }),
		loadOptions: {
			async getEvents(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
				const choices = await loadEventChoices(provider, transport(this), (message) =>
					this.logger.warn(message),
				);
				return choices.map((entry) => ({
					name: entry.name,
					value: entry.id,
					description: entry.description,
				}));
			},
		},
	};

	const webhookMethods: INodeType['webhookMethods'] = {
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
				const secret = await asNodeErrors(this, async () => newSecret(this));
				const key = triggerKey(this);
				const creating = pending.get(key) ?? new Set<string>();
				if (provider.testsOnCreate) pending.set(key, creating.add(secret));
				const subscription = await asNodeErrors(this, async () => {
					checkWebhookUrl(provider, url, await credentialBaseUrl(this, provider), webhookUrlFix);
					const workflow = this.getWorkflow();
					return await subscribe(provider, transport(this), record, {
						name: `n8n: ${workflow.name ?? workflow.id ?? 'workflow'}`,
						url,
						events,
						secret,
					});
				}).finally(() => {
					creating.delete(secret);
					if (creating.size === 0) pending.delete(key);
				});
				const settings = this.getNodeParameter('options', {}) as Options;
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

	/**
	 * The secret of a hook this trigger creates, for a provider that tests hooks while they are
	 * created: minted with the credential's API key, so that a webhook process in queue mode, which
	 * never saw the create, still knows the provider's test (see `mintedTest`).
	 */
	async function newSecret(context: IHookFunctions): Promise<string> {
		const key = provider.testsOnCreate === true ? await apiKeyOf(context, provider) : '';
		return key === '' ? generateSecret() : mintSecret(key, triggerKey(context));
	}

	/**
	 * Whether a refused delivery is the provider's test of a hook this trigger is creating in
	 * another n8n process: its secret minted for this trigger with this credential's API key, a
	 * few minutes ago. The key is remembered (see `credentialValue`), so a forged secret of that
	 * form costs no read of the credential, whoever sends it.
	 */
	async function mintedTest(context: IWebhookFunctions, delivery: Delivery): Promise<boolean> {
		const presented = presentedMintedSecret(provider, delivery);
		if (presented === undefined) return false;
		const scope = triggerKey(context);
		const key = await credentialValue(context, credentialType(provider), 'apiKey');
		if (mintedFor(presented, key.value ?? '', scope)) return true;
		// The key may have been replaced since it was read.
		if (!key.remembered) return false;
		const reread = await credentialValue(context, credentialType(provider), 'apiKey', true);
		return !reread.remembered && mintedFor(presented, reread.value ?? '', scope);
	}

	async function webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const req = this.getRequestObject();
		const record = this.getWorkflowStaticData('node') as HookRecord;
		const settings = this.getNodeParameter('options', {}) as Options;
		const body = await requestBody(this, provider, name);
		// Already answered 4xx: nothing in it can be proven.
		if (body === undefined) return { noWebhookResponse: true };
		const manual = this.getMode() === 'manual';
		const creating = [...(pending.get(triggerKey(this)) ?? [])];

		const selected = selectedEvents(this.getNodeParameter('events'));
		const receive = (secret: string | undefined | null) =>
			receiveDelivery<IDataObject & { event: string }>(
				provider,
				{ headers: req.headers, body },
				{
					secret,
					selected,
					// Listening, the sample is dated whenever the provider or the definition wrote it; a
					// test hook's secret is new (or, pasted, signs its own time), so nothing older than
					// the listening is proven by it.
					maxAgeMs: manual ? 0 : (settings.maxAgeHours ?? DEFAULT_MAX_AGE_MS / HOUR_MS) * HOUR_MS,
					...(creating.length === 0 ? {} : { pending: creating }),
				},
			);
		// A provider with no API to register hooks has its secret pasted into the credential.
		const pasted = provider.api.createHook
			? undefined
			: await credentialValue(this, credentialType(provider), 'webhookSecret');
		let reception = receive(pasted === undefined ? record.secret : pasted.value);
		// The credential may have changed since it was read: judge again with it as it is now.
		if (reception.outcome === 'refused' && pasted?.remembered === true) {
			const reread = await credentialValue(this, credentialType(provider), 'webhookSecret', true);
			if (!reread.remembered) reception = receive(reread.value);
		}
		if (
			reception.outcome === 'refused' &&
			(await mintedTest(this, { headers: req.headers, body }))
		) {
			this.logger.debug(
				`${name}: ${provider.displayName} tested the webhook being created; answered without a run.`,
			);
			return {};
		}
		if (reception.outcome === 'refused') {
			this.logger.warn(`${name} refused a delivery: ${reception.reason}`);
			// The caller learns nothing about why.
			this.getResponseObject().status(401).json({ error: 'unauthorized' });
			return { noWebhookResponse: true };
		}
		if (reception.outcome === 'ignored') {
			const quiet = reception.reason === 'not-selected' || reception.reason === 'test-delivery';
			(quiet ? this.logger.debug : this.logger.warn).call(
				this.logger,
				`${name}: ${reception.message}`,
			);
			return {};
		}
		if (reception.warning !== undefined) this.logger.warn(`${name}: ${reception.warning}`);
		if (settings.ignoreRepeats !== false && !manual) {
			const scope = triggerKey(this);
			const seen = repeats.remember(
				scope,
				reception.fingerprint,
				reception.rememberUntil,
				Date.now(),
			);
			if (seen.overflowed)
				this.logger.warn(`${name}: the repeat guard is full; the oldest deliveries were forgotten`);
			if (seen.repeat) {
				this.logger.info(
					`${name}: a repeat of a "${reception.event.event}" delivery was not run again`,
				);
				return {};
			}
		}
		// Stable across retries and n8n processes: Remove Duplicates can key on it in queue mode.
		const output: IDataObject = {
			...reception.event,
			deliveryId: deliveryIdOf(reception.fingerprint),
		};
		if (settings.includeHeaders)
			output.headers = proofHeaders(provider).reduce<Partial<typeof req.headers>>(
				(headers, header) => omitHeader(headers, header),
				req.headers,
			) as IDataObject;
		return { workflowData: [this.helpers.returnJsonArray(output)] };
	}

	return {
		description: description(provider, texts),
		methods,
		// Without an API to register hooks, activation only opens the URL the user pasted.
		...(provider.api.createHook ? { webhookMethods } : {}),
		webhook,
	};
}
