import { sleep, type IHookFunctions } from 'n8n-workflow';

import {
	exampleOf,
	PROVIDER_TIMEOUT_MS,
	signDelivery,
	sampleEvents,
	type ProviderDefinition,
} from '../../shared/index.js';
import { providerTransport } from './transport.js';

/** n8n stores the test hook's secret only after `create()` returns: wait, then retry a 401. */
const ATTEMPTS = 10;
const PAUSE_MS = 500;

export interface Sample {
	readonly eventId: string;
	/** The JSON text to deliver, marked `"_sample": true` inside, where the proof covers it. */
	readonly body: string;
}

/**
 * The sample's text: the event, marked inside the body, since no header is proven. The mark
 * comes first, so it tops the editor's JSON view however long the event.
 */
const marked = (event: unknown): string =>
	JSON.stringify({ _sample: true, ...(event as Record<string, unknown>) });

/**
 * The provider's example of the first selected event where its API gives one, else the
 * definition's sample. Called inside `create()`: once that returns, n8n no longer lets the node
 * use its credential.
 */
export async function fetchSample(
	context: IHookFunctions,
	provider: ProviderDefinition,
	events: readonly string[],
): Promise<Sample> {
	const [eventId = ''] = sampleEvents(provider, events);
	const example = await exampleOf(provider, providerTransport(context, provider), eventId, (why) =>
		context.logger.info(`${provider.displayName} Trigger: ${why}`),
	);
	return { eventId, body: marked(example) };
}

/**
 * While the editor listens for a test event, delivers the sample to the trigger's own test URL,
 * authenticated with the test hook's secret, so the editor shows realistic data at once. Runs
 * in the background after `create()` (n8n stores the secret only then); never throws.
 */
export async function deliverSample(
	context: IHookFunctions,
	provider: ProviderDefinition,
	testUrl: string,
	secret: string,
	sample: Sample,
): Promise<void> {
	try {
		for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
			await sleep(PAUSE_MS);
			const proven = signDelivery(provider, sample.body, secret);
			const response = (await context.helpers.httpRequest({
				method: 'POST',
				url: testUrl,
				body: proven.body,
				headers: {
					'content-type': 'application/json',
					...proven.headers,
				},
				timeout: PROVIDER_TIMEOUT_MS,
				returnFullResponse: true,
				ignoreHttpStatusErrors: true,
			})) as { statusCode: number };
			// 401: the secret is not visible yet; anything else: delivered, or no longer listening.
			if (response.statusCode !== 401) return;
		}
		context.logger.warn(
			`${provider.displayName} Trigger: the sample event was not accepted; waiting for a real one`,
		);
	} catch (error) {
		context.logger.warn(
			`${provider.displayName} Trigger: could not deliver a sample event to ${testUrl}; waiting for a real one: ${(error as Error).message}`,
		);
	}
}
