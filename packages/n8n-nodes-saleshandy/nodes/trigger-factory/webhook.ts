// Generated from nodes/trigger-factory/webhook.ts by scripts/package-sources.ts: edit that file, then run npm run sources.
import type { IDataObject, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import {
	deliveryIdOf,
	filteredOut,
	filteredOutMessage,
	filtersOf,
	isMintedTest,
	maxAgeMsOf,
	omitHeader,
	pastesSecret,
	proofHeaders,
	provingSecret,
	receiveDelivery,
	RepeatGuard,
	selectedEvents,
	type HookRecord,
	type ProviderDefinition,
} from '../shared/index.js';
import { credentialValue } from './credential-cache.js';
import { creatingSecrets, triggerKey } from './creating.js';
import type { TriggerSettings } from './description.js';
import { requestBody } from './request-body.js';
import { credentialType } from './transport.js';

/**
 * Deliveries seen lately, per process, each kept for the Maximum Age window. Not in static data:
 * n8n 2.40 drops static-data changes made in webhook() whenever that call starts a run.
 */
const repeats = new RepeatGuard();

/**
 * The trigger's `webhook`: authenticates each delivery before any run, answers a forgery 401,
 * drops what the user did not select, what is too old and what it has run already, and shapes
 * the run's data.
 */
export function webhook(provider: ProviderDefinition) {
	const name = `${provider.displayName} Trigger`;
	const credential = credentialType(provider);

	return async function (this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const req = this.getRequestObject();
		const record = this.getWorkflowStaticData('node') as HookRecord;
		const settings = this.getNodeParameter('options', {}) as TriggerSettings;
		const body = await requestBody(this, provider, name);
		// Already answered 4xx: nothing in it can be proven.
		if (body === undefined) return { noWebhookResponse: true };
		const manual = this.getMode() === 'manual';
		const scope = triggerKey(this);
		const creating = creatingSecrets(scope);
		const delivery = { headers: req.headers, body };

		const selected = selectedEvents(this.getNodeParameter('events'));
		const receive = (pasted: string | undefined) =>
			receiveDelivery<IDataObject & { event: string }>(provider, delivery, {
				secret: provingSecret(provider, { registered: record.secret, pasted }),
				selected,
				// Listening, the sample is dated whenever the provider or the definition wrote it; a
				// test hook's secret is new (or, pasted, signs its own time), so nothing older than
				// the listening is proven by it.
				maxAgeMs: manual ? 0 : maxAgeMsOf(settings.maxAgeHours),
				...(creating.length === 0 ? {} : { pending: creating }),
			});
		const pasted = pastesSecret(provider)
			? await credentialValue(this, credential, 'webhookSecret')
			: undefined;
		let reception = receive(pasted?.value);
		// The credential may have changed since it was read: judge again with it as it is now.
		if (reception.outcome === 'refused' && pasted?.remembered === true) {
			const reread = await credentialValue(this, credential, 'webhookSecret', true);
			if (!reread.remembered) reception = receive(reread.value);
		}
		if (
			reception.outcome === 'refused' &&
			(await isMintedTest(provider, delivery, scope, (fresh) =>
				credentialValue(this, credential, 'apiKey', fresh),
			))
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
		// Authenticated first: only the proven body decides. Listening, the node's own sample shows
		// whatever the filters say, so that the user sees the data.
		if (!(manual && reception.event._sample === true)) {
			const out = filteredOut(provider, reception.event, {
				values: Object.fromEntries(
					filtersOf(provider).map((filter) => [filter.key, this.getNodeParameter(filter.key, '')]),
				),
				keepWithout: settings.keepEventsWithout,
			});
			if (out !== undefined) {
				this.logger.debug(`${name}: ${filteredOutMessage(reception.event.event, out)}`);
				return {};
			}
		}
		if (settings.ignoreRepeats !== false && !manual) {
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
	};
}
