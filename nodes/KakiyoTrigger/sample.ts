import { sleep, type IHookFunctions } from 'n8n-workflow';

import { PROVIDER_TIMEOUT_MS, proveDelivery, send } from '../../shared/index.js';
import { kakiyo } from '../../shared/providers/kakiyo/index.js';
import { kakiyoTransport } from './transport.js';

/** Marks the trigger's own sample delivery; trusted only with a valid signature, in manual mode. */
export const SAMPLE_HEADER = 'X-Kakiyo-Trigger-Sample';
/** n8n stores the test hook's secret only after `create()` returns: wait, then retry a 401. */
const ATTEMPTS = 10;
const PAUSE_MS = 500;

export interface Sample {
	readonly eventId: string;
	/** The JSON text to deliver. */
	readonly body: string;
}

/**
 * Kakiyo's example (its `/webhooks/test/example`) of the first selected event, or the built-in
 * sample when Kakiyo cannot give one. Called inside `create()`: once that returns, n8n no
 * longer lets the node use its credential.
 */
export async function fetchSample(
	context: IHookFunctions,
	events: readonly string[],
): Promise<Sample> {
	const eventId = events.find((id) => id !== kakiyo.wildcard) ?? 'linkedin.message.received';
	try {
		const example = await send(kakiyoTransport(context), kakiyo.api.getExample(eventId));
		return { eventId, body: JSON.stringify(example) };
	} catch (error) {
		context.logger.info(
			`Kakiyo Trigger: Kakiyo's example of "${eventId}" is unavailable, sending the built-in one: ${(error as Error).message}`,
		);
		return { eventId, body: JSON.stringify(kakiyo.sampleFor(eventId)) };
	}
}

/**
 * While the editor listens for a test event, delivers the sample to the trigger's own test URL,
 * signed with the test hook's secret, so the editor shows realistic data at once. Runs in the
 * background after `create()` (n8n stores the secret only then); never throws.
 */
export async function deliverSample(
	context: IHookFunctions,
	testUrl: string,
	secret: string,
	sample: Sample,
): Promise<void> {
	try {
		for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
			await sleep(PAUSE_MS);
			const proven = proveDelivery(kakiyo, sample.body, secret);
			const response = (await context.helpers.httpRequest({
				method: 'POST',
				url: testUrl,
				body: proven.body,
				headers: {
					'content-type': 'application/json',
					...proven.headers,
					[SAMPLE_HEADER]: sample.eventId,
				},
				timeout: PROVIDER_TIMEOUT_MS,
				returnFullResponse: true,
				ignoreHttpStatusErrors: true,
			})) as { statusCode: number };
			// 401: the secret is not visible yet; anything else: delivered, or no longer listening.
			if (response.statusCode !== 401) return;
		}
		context.logger.warn(
			'Kakiyo Trigger: the sample event was not accepted; waiting for a real one',
		);
	} catch (error) {
		context.logger.warn(
			`Kakiyo Trigger: could not deliver a sample event to ${testUrl}; waiting for a real one: ${(error as Error).message}`,
		);
	}
}
