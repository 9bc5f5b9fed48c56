// Generated from shared/refused-keys.ts by scripts/package-sources.ts: edit that file, then run npm run sources.
import { createHash } from 'node:crypto';

import type { ApiResponse, Transport } from './api-call.js';
import { errorOfAnswer } from './error-of-answer.js';
import type { ProviderDefinition } from './provider.js';

/**
 * How long a key the provider refused is not sent again, in ms. n8n 2.40 tries a failed
 * publication 10 times in about 30 s whatever the error (two rounds of 5 tries, 1, 2, 4 and 8 s
 * apart), cleaning up after each; without this, every try would present the refused key to the
 * provider again, twice. A user who fixes the key makes a new fingerprint, tried at once.
 */
export const REFUSAL_MEMORY_MS = 60_000;

/** Refusals by credential fingerprint: the provider's answer and until when it stands. */
const refusals = new Map<string, { answer: ApiResponse; until: number }>();

/** Names a credential without holding its key: a digest of the base URL and the key. */
export function credentialFingerprint(baseUrl: string, apiKey: string): string {
	return createHash('sha256').update(`${baseUrl}\n${apiKey}`).digest('hex');
}

/** Whether the answer refuses the key itself, as the provider words it (not always with 401). */
function refusesKey(provider: ProviderDefinition, answer: ApiResponse): boolean {
	if (answer.status >= 200 && answer.status <= 299) return false;
	return errorOfAnswer(provider.wording, answer, 'checking the key').kind === 'invalid-key';
}

/**
 * The transport, answering for the provider with its own refusal of the key while that is
 * remembered (`REFUSAL_MEMORY_MS`), so retries of a failed activation do not hammer it with a
 * key it refused. A new key is a new fingerprint: the user's fix is tried at once.
 * `fingerprint` names the credential of the call (`credentialFingerprint`).
 */
export function rememberingRefusals(
	transport: Transport,
	provider: ProviderDefinition,
	fingerprint: () => Promise<string>,
	now: () => number = Date.now,
): Transport {
	return async (request) => {
		const who = await fingerprint();
		const refused = refusals.get(who);
		if (refused !== undefined && refused.until > now()) return refused.answer;
		const answer = await transport(request);
		if (refusesKey(provider, answer)) {
			for (const [key, { until }] of refusals) if (until <= now()) refusals.delete(key);
			refusals.set(who, { answer, until: now() + REFUSAL_MEMORY_MS });
		} else if (refused !== undefined) refusals.delete(who);
		return answer;
	};
}
