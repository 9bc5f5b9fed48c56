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
	inspectHook,
	kakiyo,
	loadEventChoices,
	receiveDelivery,
	rememberDelivery,
	subscribe,
	unsubscribe,
	type SeenDelivery,
} from '../../shared/index.js';
import { kakiyoTransport, toNodeError } from './transport.js';

/** What the node keeps in the workflow's static data between activations. */
interface HookData {
	hookId?: string;
	secret?: string;
}

function forget(data: HookData): void {
	delete data.hookId;
	delete data.secret;
}

/**
 * Deliveries seen lately, per trigger, in this n8n process. Not in static data: n8n 2.40 drops
 * static-data changes made in webhook() whenever that call starts a run.
 */
const recentDeliveries = new Map<string, SeenDelivery[]>();

export class KakiyoTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Kakiyo Trigger',
		name: 'kakiyoTrigger',
		icon: { light: 'file:kakiyo.svg', dark: 'file:kakiyo.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{$parameter["events"].join(", ")}}',
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
						displayName: 'Include Headers',
						name: 'includeHeaders',
						type: 'boolean',
						default: false,
						description:
							'Whether to add the delivery\'s HTTP headers to the output, under "headers"',
					},
					{
						displayName: 'Ignore Repeated Deliveries',
						name: 'ignoreRepeats',
						type: 'boolean',
						default: true,
						description:
							'Whether to skip a delivery identical to one received in the last hour. Kakiyo retries deliveries it thinks failed, so the same event can arrive twice.',
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
				const data = this.getWorkflowStaticData('node') as HookData;
				if (!data.hookId || !data.secret) return false;
				const transport = kakiyoTransport(this);
				try {
					const expected = {
						id: data.hookId,
						url: this.getNodeWebhookUrl('default') as string,
						events: this.getNodeParameter('events') as string[],
					};
					const state = await inspectHook(kakiyo, transport, expected);
					if (state === 'ok') return true;
					// Disabled after failures, or pointing elsewhere: remove it so create starts clean.
					if (state !== 'missing') await unsubscribe(kakiyo, transport, data.hookId);
				} catch (error) {
					throw toNodeError(this.getNode(), error);
				}
				forget(data);
				return false;
			},

			async create(this: IHookFunctions): Promise<boolean> {
				const data = this.getWorkflowStaticData('node') as HookData;
				try {
					const subscription = await subscribe(kakiyo, kakiyoTransport(this), {
						name: `n8n: ${this.getWorkflow().name ?? this.getWorkflow().id ?? 'workflow'}`,
						url: this.getNodeWebhookUrl('default') as string,
						events: this.getNodeParameter('events') as string[],
					});
					data.hookId = subscription.id;
					data.secret = subscription.secret;
				} catch (error) {
					throw toNodeError(this.getNode(), error);
				}
				return true;
			},

			async delete(this: IHookFunctions): Promise<boolean> {
				const data = this.getWorkflowStaticData('node') as HookData;
				if (data.hookId) {
					try {
						await unsubscribe(kakiyo, kakiyoTransport(this), data.hookId);
					} catch (error) {
						throw toNodeError(this.getNode(), error);
					}
				}
				forget(data);
				return true;
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const req = this.getRequestObject();
		const res = this.getResponseObject();
		const data = this.getWorkflowStaticData('node') as HookData;
		if (req.rawBody === undefined) await req.readRawBody();
		const body = req.rawBody ?? Buffer.alloc(0);

		const reception = receiveDelivery<IDataObject & { event: string }>(
			kakiyo,
			{ headers: req.headers, body },
			{ secret: data.secret, selected: this.getNodeParameter('events') as string[] },
		);
		if (reception.outcome === 'refused') {
			res.status(reception.status).json({ error: 'invalid_signature', reason: reception.reason });
			return { noWebhookResponse: true };
		}
		if (reception.outcome === 'invalid') {
			res.status(reception.status).json({ error: reception.reason, message: reception.message });
			return { noWebhookResponse: true };
		}
		if (reception.outcome === 'ignored') return {};

		const options = this.getNodeParameter('options', {}) as {
			includeHeaders?: boolean;
			ignoreRepeats?: boolean;
		};
		if (options.ignoreRepeats !== false && this.getMode() !== 'manual') {
			const key = `${this.getWorkflow().id ?? ''}:${this.getNode().name}`;
			const memory = rememberDelivery(recentDeliveries.get(key), body, Date.now());
			recentDeliveries.set(key, memory.seen);
			if (memory.repeat) return {};
		}
		const output: IDataObject = options.includeHeaders
			? { ...reception.event, headers: req.headers as IDataObject }
			: reception.event;
		return { workflowData: [this.helpers.returnJsonArray(output)] };
	}
}
