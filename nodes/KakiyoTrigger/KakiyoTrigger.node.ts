import {
	NodeConnectionTypes,
	type IDataObject,
	type IHookFunctions,
	type ILoadOptionsFunctions,
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
	findHeader,
	loadEventChoices,
	omitHeader,
	proofHeaders,
	receiveDelivery,
	release,
	RepeatGuard,
	selectedEvents,
	subscribe,
	type HookRecord,
} from '../../shared/index.js';
import { kakiyo } from '../../shared/providers/kakiyo/index.js';
import { deliverSample, fetchSample, SAMPLE_HEADER } from './sample.js';
import { asNodeErrors, credentialBaseUrl, kakiyoTransport } from './transport.js';

const HOUR_MS = 3_600_000;
const WEBHOOK_URL_FIX =
	"Set n8n's WEBHOOK_URL environment variable to the public https address Kakiyo can reach (see n8n's docs on webhook URLs behind a reverse proxy or tunnel).";

/**
 * Deliveries seen lately, per process, each kept for the Maximum Age window. Not in static data:
 * n8n 2.40 drops static-data changes made in webhook() whenever that call starts a run.
 */
const repeats = new RepeatGuard();

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

export class KakiyoTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Kakiyo Trigger',
		name: 'kakiyoTrigger',
		icon: { light: 'file:kakiyo.svg', dark: 'file:kakiyo.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{[].concat($parameter["events"]).join(", ")}}',
		description: 'Starts the workflow when Kakiyo reports a LinkedIn outreach event',
		defaults: { name: 'Kakiyo Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'kakiyoApi', required: true }],
		webhooks: [
			{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: 'webhook' },
		],
		properties: [
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
				options: [
					{
						displayName: 'Ignore Repeated Deliveries',
						name: 'ignoreRepeats',
						type: 'boolean',
						default: true,
						description:
							'Whether to skip a delivery identical to one received within the Maximum Age window. Kakiyo retries deliveries it thinks failed, so the same event can arrive twice.',
					},
					{
						displayName: 'Include Headers',
						name: 'includeHeaders',
						type: 'boolean',
						default: false,
						description:
							'Whether to add the delivery\'s HTTP headers (all but the signature) to the output, under "headers"',
					},
					{
						displayName: 'Maximum Age (Hours)',
						name: 'maxAgeHours',
						type: 'number',
						typeOptions: { minValue: 0 },
						default: 24,
						description:
							'A delivery whose timestamp is further from now than this is not run: it may be a captured delivery sent again. 0 turns the check off.',
					},
					{
						displayName: 'Send Sample When Listening',
						name: 'sendSample',
						type: 'boolean',
						default: true,
						description:
							'Whether "Listen for test event" shows Kakiyo\'s example of a selected event at once, marked "_sample", instead of waiting for a real event',
					},
				],
			},
		],
	};

	methods = {
		loadOptions: {
			async getEvents(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
				const choices = await loadEventChoices(kakiyo, kakiyoTransport(this), (message) =>
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

	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				const record = this.getWorkflowStaticData('node') as HookRecord;
				return await asNodeErrors(this, async () =>
					confirmHook(kakiyo, kakiyoTransport(this), record, webhookTarget(this)),
				);
			},

			async create(this: IHookFunctions): Promise<boolean> {
				const record = this.getWorkflowStaticData('node') as HookRecord;
				const { url, events } = webhookTarget(this);
				const subscription = await asNodeErrors(this, async () => {
					checkWebhookUrl(kakiyo, url, await credentialBaseUrl(this), WEBHOOK_URL_FIX);
					const workflow = this.getWorkflow();
					return await subscribe(kakiyo, kakiyoTransport(this), record, {
						name: `n8n: ${workflow.name ?? workflow.id ?? 'workflow'}`,
						url,
						events,
					});
				});
				const options = this.getNodeParameter('options', {}) as Options;
				if (this.getMode() === 'manual' && options.sendSample !== false) {
					const sample = await fetchSample(this, events);
					void deliverSample(this, url, subscription.secret, sample);
				}
				return true;
			},

			async delete(this: IHookFunctions): Promise<boolean> {
				const record = this.getWorkflowStaticData('node') as HookRecord;
				const { url } = webhookTarget(this);
				const complete = await asNodeErrors(this, async () =>
					release(kakiyo, kakiyoTransport(this), record, url),
				);
				if (!complete) {
					this.logger.warn(
						`Kakiyo Trigger: a webhook for ${url} may remain at Kakiyo (it could not be listed or deleted now); the next activation removes it, or delete it in Kakiyo`,
					);
				}
				return true;
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const req = this.getRequestObject();
		const record = this.getWorkflowStaticData('node') as HookRecord;
		const options = this.getNodeParameter('options', {}) as Options;
		if (req.rawBody === undefined) await req.readRawBody();
		const body = req.rawBody ?? Buffer.alloc(0);
		const manual = this.getMode() === 'manual';
		const sample = manual && findHeader(req.headers, SAMPLE_HEADER) !== undefined;

		const reception = receiveDelivery<IDataObject & { event: string }>(
			kakiyo,
			{ headers: req.headers, body },
			{
				secret: record.secret,
				selected: selectedEvents(this.getNodeParameter('events')),
				// The sample is Kakiyo's example, dated whenever Kakiyo wrote it.
				maxAgeMs: sample ? 0 : (options.maxAgeHours ?? DEFAULT_MAX_AGE_MS / HOUR_MS) * HOUR_MS,
			},
		);
		if (reception.outcome === 'refused') {
			this.logger.warn(`Kakiyo Trigger refused a delivery: ${reception.reason}`);
			// The caller learns nothing about why.
			this.getResponseObject().status(401).json({ error: 'unauthorized' });
			return { noWebhookResponse: true };
		}
		if (reception.outcome === 'ignored') {
			const log = reception.reason === 'not-selected' ? this.logger.debug : this.logger.warn;
			log.call(this.logger, `Kakiyo Trigger: ${reception.message}`);
			return {};
		}
		if (reception.warning !== undefined) this.logger.warn(`Kakiyo Trigger: ${reception.warning}`);
		if (options.ignoreRepeats !== false && !manual) {
			const scope = `${this.getWorkflow().id ?? ''}:${this.getNode().id}`;
			const seen = repeats.remember(
				scope,
				reception.fingerprint,
				reception.rememberUntil,
				Date.now(),
			);
			if (seen.overflowed)
				this.logger.warn(
					'Kakiyo Trigger: the repeat guard is full; the oldest deliveries were forgotten',
				);
			if (seen.repeat) {
				this.logger.info(
					`Kakiyo Trigger: a repeat of a "${reception.event.event}" delivery was not run again`,
				);
				return {};
			}
		}
		const output: IDataObject = { ...reception.event };
		if (options.includeHeaders)
			output.headers = proofHeaders(kakiyo).reduce<Partial<typeof req.headers>>(
				(headers, name) => omitHeader(headers, name),
				req.headers,
			) as IDataObject;
		if (sample) output._sample = true;
		return { workflowData: [this.helpers.returnJsonArray(output)] };
	}
}
