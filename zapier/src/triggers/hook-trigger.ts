import {
	defineTrigger,
	type Bundle,
	type WebhookTriggerPerform,
	type WebhookTriggerPerformList,
	type WebhookTriggerPerformSubscribe,
	type WebhookTriggerPerformUnsubscribe,
	type ZObject,
} from 'zapier-platform-core';

import {
	checkWebhookUrl,
	deliveryFingerprint,
	deliveryIdOf,
	eventChoices,
	exampleOf,
	filteredOut,
	filteredOutMessage,
	MAX_AGE_SETTING,
	maxAgeMsOf,
	pastesSecret,
	provingSecret,
	receiveDelivery,
	release,
	sampleEvents,
	selectedEvents,
	subscribe,
	type HookRecord,
	type ProviderDefinition,
} from '../../../shared/index.js';
import { baseUrl } from '../base-url.js';
import { outputFieldsFor } from '../output-fields.js';
import { toZapierError, zapierTransport } from '../transport.js';
import { hasLiveEvents } from './event-type.js';
import { filterFields, KEEP_WITHOUT_KEY } from './filter-fields.js';

/** What `performSubscribe` returns and Zapier hands back as `bundle.subscribeData`. */
interface SubscribeData {
	id?: string;
	secret?: string;
	/** The Zap's URL the hook was made for, should unsubscribe come without one. */
	url?: string;
	leftovers?: string[];
	unsure?: boolean;
}

/** Where the provider dates its deliveries, the Zap's replay window. */
const maxAgeField = {
	key: 'max_age_hours',
	label: MAX_AGE_SETTING.label,
	type: 'integer' as const,
	required: false,
	default: String(MAX_AGE_SETTING.defaultHours),
	helpText: MAX_AGE_SETTING.help,
};

/** The Zap editor shows at most this many samples. */
const MAX_SAMPLES = 3;

/**
 * Zapier needs an `id` on every record: the delivery's id (`deliveryIdOf`), the same for a retry
 * of it and for any copy sent with other headers. A body's own `id` is kept as `body_id` rather
 * than overriding it.
 */
function withId(
	event: Record<string, unknown>,
	fingerprint: string,
): Record<string, unknown> & { id: string } {
	const { id: own, ...rest } = event;
	return { ...rest, ...(own === undefined ? {} : { body_id: own }), id: fingerprint };
}

/** The definition's sample of an event, shaped as a live record. */
export function sampleOf(
	provider: ProviderDefinition,
	eventId: string,
): Record<string, unknown> & { id: string } {
	const sample = provider.sampleFor(eventId);
	return withId(sample, deliveryFingerprint(JSON.stringify(sample)));
}

function recordOf(bundle: Bundle): HookRecord {
	const { id, secret, leftovers, unsure } = (bundle.subscribeData ?? {}) as SubscribeData;
	return { hookId: id, secret, leftovers, unsure };
}

function subscribeDataOf(record: HookRecord, url: string): SubscribeData {
	return {
		id: record.hookId,
		secret: record.secret,
		url,
		...(record.leftovers ? { leftovers: record.leftovers } : {}),
		...(record.unsure ? { unsure: true } : {}),
	};
}

/**
 * Whether this delivery already ran the Zap: Zapier runs every hook delivery, and providers retry
 * one they think failed. Zapier's cache, set only if absent, records it until its window ends.
 * If the cache cannot be reached the delivery runs: a rare repeat beats a lost event.
 */
async function alreadyRan(
	provider: ProviderDefinition,
	z: ZObject,
	bundle: Bundle,
	fingerprint: string,
	rememberUntil: number,
): Promise<boolean> {
	// A static hook has no subscription: its Zap is the scope.
	const scope =
		(bundle.subscribeData as SubscribeData | undefined)?.id ??
		bundle.targetUrl ??
		(bundle.meta?.zap?.id === undefined ? '' : `zap-${bundle.meta.zap.id}`);
	const ttl = Math.max(1, Math.ceil((rememberUntil - Date.now()) / 1000));
	try {
		const stored: unknown = await z.cache.set(
			`${provider.id}:${scope}:${fingerprint}`,
			1,
			ttl,
			undefined,
			true,
		);
		return stored === false || stored === null;
	} catch (error) {
		z.console.log(
			`Could not check for a repeated delivery, running it: ${(error as Error).message}`,
		);
		return false;
	}
}

/** The name a hook carries at the provider, telling the user which Zap it serves. */
function hookName(spec: HookTriggerSpec, bundle: Bundle): string {
	const zap = bundle.meta?.zap?.id;
	return `Zapier: ${spec.label}${zap ? ` (Zap ${zap})` : ''}`;
}

export interface HookTriggerSpec {
	key: string;
	noun: string;
	label: string;
	description: string;
	/** A fixed event, or `undefined` for a trigger whose events the user picks. */
	event?: string;
}

function chosenEvents(spec: HookTriggerSpec, bundle: Bundle): string[] {
	return spec.event ? [spec.event] : selectedEvents(bundle.inputData?.events);
}

/**
 * A REST hook trigger of the provider; every trigger of an app is one of these. Subscribing
 * registers a hook for the Zap's URL with a fresh secret, `perform` authenticates each delivery
 * against it, and `performList` shows the provider's examples or the definition's samples.
 */
export function hookTrigger(provider: ProviderDefinition, spec: HookTriggerSpec) {
	const name = provider.displayName;
	/** Without an API to register hooks, this is a static hook: the user pastes the Zap's URL. */
	const registers = !pastesSecret(provider);
	const performSubscribe = (async (z: ZObject, bundle: Bundle) => {
		const record: HookRecord = {};
		const url = bundle.targetUrl ?? '';
		try {
			checkWebhookUrl(
				provider,
				url,
				baseUrl(provider),
				"Zapier's own hook URL should always be public: contact the app's maintainers.",
			);
			await subscribe(provider, zapierTransport(z, provider), record, {
				name: hookName(spec, bundle),
				url,
				events: chosenEvents(spec, bundle),
			});
		} catch (error) {
			throw toZapierError(z, error, name);
		}
		return subscribeDataOf(record, url);
	}) satisfies WebhookTriggerPerformSubscribe;

	const performUnsubscribe = (async (z: ZObject, bundle: Bundle) => {
		const record = recordOf(bundle);
		const url = bundle.targetUrl ?? (bundle.subscribeData as SubscribeData | undefined)?.url;
		// Only a hook at the Zap's own URL is removed; with no id stored, every hook there is its own.
		if (!url) return {};
		const id = record.hookId;
		let complete: boolean;
		try {
			complete = await release(provider, zapierTransport(z, provider), record, url);
		} catch (error) {
			throw toZapierError(z, error, name);
		}
		if (complete) return {};
		// Zapier turns the Zap off all the same (zapier/README.md); this message is what the user reads.
		const after = `Whatever ${name} still sends to it, Zapier refuses now that the Zap is off.`;
		throw new z.errors.Error(
			id === undefined
				? `This Zap's webhook may remain at ${name}: ${name} could not list or delete its webhooks now. Delete the webhook named "${hookName(spec, bundle)}" in ${name} if it is there. ${after}`
				: `${name} did not let the app delete this Zap's webhook, so it stays there: delete the webhook named "${hookName(spec, bundle)}" (id ${id}) in ${name}. ${after}`,
			'hook-remains',
		);
	}) satisfies WebhookTriggerPerformUnsubscribe;

	const receive = async (z: ZObject, bundle: Bundle) => {
		const content: unknown = bundle.rawRequest?.content;
		const body = typeof content === 'string' ? content : '';
		const record = recordOf(bundle);
		if (provider.testsOnCreate && record.secret === undefined) {
			z.console.log(`Dropped ${name}'s test of a webhook still being created`);
			return [];
		}
		const reception = receiveDelivery(
			provider,
			{ headers: bundle.rawRequest?.headers ?? {}, body },
			{
				secret: provingSecret(provider, {
					registered: record.secret,
					pasted: bundle.authData?.webhookSecret,
				}),
				selected: chosenEvents(spec, bundle),
				maxAgeMs: maxAgeMsOf(bundle.inputData?.max_age_hours),
			},
		);
		if (reception.outcome === 'refused') {
			z.console.log(`Dropped a delivery that is not from ${name}: ${reception.reason}`);
			return [];
		}
		if (reception.outcome === 'ignored') {
			z.console.log(`Dropped a ${name} delivery: ${reception.message}`);
			return [];
		}
		if (reception.warning !== undefined) z.console.log(reception.warning);
		// Only now that the delivery is proven: what it carries decides nothing before that.
		const out = filteredOut(provider, reception.event, {
			values: bundle.inputData ?? {},
			keepWithout: bundle.inputData?.[KEEP_WITHOUT_KEY],
		});
		if (out !== undefined) {
			z.console.log(filteredOutMessage(reception.event.event, out));
			return [];
		}
		if (await alreadyRan(provider, z, bundle, reception.fingerprint, reception.rememberUntil)) {
			z.console.log(`Dropped a repeat of a "${reception.event.event}" delivery`);
			return [];
		}
		return [withId(reception.event, deliveryIdOf(reception.fingerprint))];
	};

	const perform = (async (z: ZObject, bundle: Bundle) => {
		try {
			return await receive(z, bundle);
		} catch (error) {
			throw toZapierError(z, error, name);
		}
	}) satisfies WebhookTriggerPerform;

	// The samples ignore the filters: they show what an event holds, and their campaigns or
	// sequences are the provider's examples, which a filter on the user's own would drop.
	const performList = (async (z: ZObject, bundle: Bundle) => {
		const transport = zapierTransport(z, provider);
		// Events the provider lists but the catalogue lacks still get its own example.
		const events = sampleEvents(provider, chosenEvents(spec, bundle)).slice(0, MAX_SAMPLES);
		return Promise.all(
			events.map(async (eventId) => {
				const example = await exampleOf(provider, transport, eventId, (why) => z.console.log(why));
				return withId(example, deliveryFingerprint(JSON.stringify(example)));
			}),
		);
	}) satisfies WebhookTriggerPerformList;

	// A provider's live list fills the dropdown through the hidden trigger; the catalogue otherwise.
	const eventsSource = hasLiveEvents(provider)
		? { dynamic: 'event_type.id.name' }
		: {
				choices: eventChoices(provider).map(({ id, name }) => ({
					value: id,
					label: name,
					sample: id,
				})),
			};
	const sampleEvent = spec.event ?? sampleEvents(provider, [])[0] ?? '';
	const dated = provider.dateField !== null;
	return defineTrigger({
		key: spec.key,
		noun: spec.noun,
		display: {
			label: spec.label,
			description: spec.description,
			...(registers
				? {}
				: {
						directions: `${name} has no API to register webhooks: copy the webhook URL Zapier shows for this Zap into ${name}${provider.places.webhooks === undefined ? '' : ` > ${provider.places.webhooks}`}, and put the secret ${name} shows into this app's connection.`,
					}),
		},
		operation: {
			type: 'hook',
			inputFields: [
				...(spec.event
					? []
					: [
							{
								key: 'events',
								label: 'Events',
								list: true,
								required: true,
								...eventsSource,
								helpText: `The ${name} events that trigger this Zap.${provider.wildcard === undefined ? '' : ` Pick **All Events** to receive every event, including ones ${name} adds later.`}`,
							},
						]),
				...filterFields(provider),
				...(dated ? [maxAgeField] : []),
			],
			...(registers ? { performSubscribe, performUnsubscribe } : {}),
			perform,
			performList,
			sample: sampleOf(provider, sampleEvent),
			outputFields: spec.event
				? outputFieldsFor(provider, [spec.event])
				: [
						async (_z: ZObject, bundle: Bundle) =>
							outputFieldsFor(provider, sampleEvents(provider, chosenEvents(spec, bundle))),
					],
		},
	});
}
