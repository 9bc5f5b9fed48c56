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
/** Keys the provider accepted lately, by fingerprint: until when that is trusted. */
const accepted = new Map<string, number>();
/**
 * The first call of a key not accepted lately, by fingerprint, while it is under way: calls made
 * at the same moment (n8n's editor loads every dropdown of a node at once) wait for its answer
 * instead of each presenting a key that may be refused.
 */
const probing = new Map<string, Promise<unknown>>();

/** Drops what has run out from a map of `until`s. */
function prune<T>(map: Map<string, T>, until: (value: T) => number, now: number): void {
	for (const [key, value] of map) if (until(value) <= now) map.delete(key);
}

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
 * key it refused; calls made together with a key not accepted lately wait for the first one's
 * answer, so a refused key reaches the provider once. A new key is a new fingerprint: the user's
 * fix is tried at once.
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
		const remembered = () => {
			const refused = refusals.get(who);
			return refused !== undefined && refused.until > now() ? refused.answer : undefined;
		};
		const known = remembered();
		if (known !== undefined) return known;
		const probe = probing.get(who);
		if (probe !== undefined) {
			await probe.catch(() => undefined);
			const refused = remembered();
			if (refused !== undefined) return refused;
		}
		const call = transport(request);
		if ((accepted.get(who) ?? 0) <= now() && !probing.has(who)) {
			const settled = call.finally(() => probing.delete(who));
			probing.set(who, settled);
			settled.catch(() => undefined);
		}
		const answer = await call;
		if (refusesKey(provider, answer)) {
			prune(refusals, ({ until }) => until, now());
			refusals.set(who, { answer, until: now() + REFUSAL_MEMORY_MS });
			accepted.delete(who);
		} else if (answer.status >= 200 && answer.status <= 299) {
			refusals.delete(who);
			prune(accepted, (until) => until, now());
			accepted.set(who, now() + REFUSAL_MEMORY_MS);
		} else refusals.delete(who);
		return answer;
	};
}
