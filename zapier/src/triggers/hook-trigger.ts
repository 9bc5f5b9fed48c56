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
	deliveryFingerprint,
	kakiyo,
	KAKIYO_EVENTS,
	receiveDelivery,
	send,
	subscribe,
	unsubscribe,
	type Subscription,
} from '../core/index.js';
import { outputFieldsFor } from '../output-fields.js';
import { toZapierError, zapierTransport } from '../transport.js';

/** What `performSubscribe` returns and Zapier hands back as `bundle.subscribeData`. */
type SubscribeData = Partial<Subscription>;

/** The Zap editor shows at most this many samples. */
const MAX_SAMPLES = 3;

/**
 * Zapier needs an `id` on every record. Kakiyo sends none, so it is the fingerprint of the raw
 * delivery: a retry of the same delivery gets the same id.
 */
function withId(
	event: Record<string, unknown>,
	body: string,
): Record<string, unknown> & { id: string } {
	return { id: deliveryFingerprint(body), ...event };
}

/** The built-in sample of an event, shaped as a live record. */
export function sampleOf(eventId: string): Record<string, unknown> & { id: string } {
	const sample = kakiyo.sampleFor(eventId);
	return withId(sample, JSON.stringify(sample));
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
	if (spec.event) return [spec.event];
	const picked = bundle.inputData?.events;
	const list = Array.isArray(picked) ? picked : typeof picked === 'string' ? picked.split(',') : [];
	return list.map((item) => String(item).trim()).filter((item) => item !== '');
}

/** The events that stand for the choice: the wildcard stands for the whole catalogue. */
function representedEvents(events: readonly string[]): string[] {
	const all = KAKIYO_EVENTS.map((entry) => entry.id);
	return events.includes(kakiyo.wildcard ?? '*') || events.length === 0 ? all : [...events];
}

/** A Kakiyo hook trigger; every trigger of the app is one of these, generated from the catalogue. */
export function hookTrigger(spec: HookTriggerSpec) {
	const performSubscribe = (async (z: ZObject, bundle: Bundle) => {
		try {
			return await subscribe(kakiyo, zapierTransport(z), {
				name: `Zapier: ${spec.label}${bundle.meta?.zap?.id ? ` (Zap ${bundle.meta.zap.id})` : ''}`,
				url: bundle.targetUrl ?? '',
				events: chosenEvents(spec, bundle),
			});
		} catch (error) {
			throw toZapierError(z, error);
		}
	}) satisfies WebhookTriggerPerformSubscribe;

	const performUnsubscribe = (async (z: ZObject, bundle: Bundle) => {
		const { id } = (bundle.subscribeData ?? {}) as SubscribeData;
		if (!id) return {};
		try {
			await unsubscribe(kakiyo, zapierTransport(z), id);
		} catch (error) {
			throw toZapierError(z, error);
		}
		return {};
	}) satisfies WebhookTriggerPerformUnsubscribe;

	const perform = (async (z: ZObject, bundle: Bundle) => {
		const body = bundle.rawRequest?.content ?? '';
		const { secret } = (bundle.subscribeData ?? {}) as SubscribeData;
		const reception = receiveDelivery(
			kakiyo,
			{ headers: bundle.rawRequest?.headers ?? {}, body },
			{ secret, selected: chosenEvents(spec, bundle) },
		);
		if (reception.outcome === 'refused') {
			z.console.log(`Dropped a delivery that is not from Kakiyo: ${reception.reason}`);
		} else if (reception.outcome === 'invalid') {
			z.console.log(`Dropped a Kakiyo delivery: ${reception.message}`);
		}
		return reception.outcome === 'accepted' ? [withId(reception.event, body)] : [];
	}) satisfies WebhookTriggerPerform;

	const performList = (async (z: ZObject, bundle: Bundle) => {
		const transport = zapierTransport(z);
		// Events Kakiyo lists but the catalogue lacks still get Kakiyo's own example.
		const events = representedEvents(chosenEvents(spec, bundle)).slice(0, MAX_SAMPLES);
		return Promise.all(
			events.map(async (eventId) => {
				try {
					const example = (await send(transport, kakiyo.api.getExample(eventId))) as Record<
						string,
						unknown
					>;
					return withId(example, JSON.stringify(example));
				} catch (error) {
					z.console.log(
						`Kakiyo's example of ${eventId} is unavailable, using the built-in one: ${(error as Error).message}`,
					);
					return sampleOf(eventId);
				}
			}),
		);
	}) satisfies WebhookTriggerPerformList;

	const sampleEvent = spec.event ?? 'linkedin.message.received';
	return defineTrigger({
		key: spec.key,
		noun: spec.noun,
		display: { label: spec.label, description: spec.description },
		operation: {
			type: 'hook',
			inputFields: spec.event
				? []
				: [
						{
							key: 'events',
							label: 'Events',
							list: true,
							required: true,
							dynamic: 'event_type.id.name',
							helpText:
								'The Kakiyo events that trigger this Zap. Pick **All Events** to receive every event, including ones Kakiyo adds later.',
						},
					],
			performSubscribe,
			performUnsubscribe,
			perform,
			performList,
			sample: sampleOf(sampleEvent),
			outputFields: spec.event
				? outputFieldsFor([spec.event])
				: [
						async (_z: ZObject, bundle: Bundle) =>
							outputFieldsFor(representedEvents(chosenEvents(spec, bundle))),
					],
		},
	});
}
