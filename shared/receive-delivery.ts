import { isSelected } from './event-choices.js';
import { parseEvent, type ParseFailure } from './parse-event.js';
import type { ProviderDefinition } from './provider.js';
import { verifyDelivery, type Delivery } from './verify-delivery.js';
import type { VerifyFailure } from './verify.js';

/**
 * What to do with a delivery. `status` is what an adapter that answers HTTP itself should send:
 * 401 for anything not proven to come from the provider, 400 for a signed body that is not one
 * of its events, 200 for a real event nobody selected (so the provider does not retry it).
 */
export type Reception<T> =
	| { readonly outcome: 'accepted'; readonly event: T }
	| { readonly outcome: 'refused'; readonly status: 401; readonly reason: VerifyFailure }
	| {
			readonly outcome: 'invalid';
			readonly status: 400;
			readonly reason: ParseFailure;
			readonly message: string;
	  }
	| { readonly outcome: 'ignored'; readonly status: 200; readonly eventId: string };

export interface ReceiveOptions {
	/** The stored secret, or several during a rotation. */
	readonly secret: string | readonly string[] | undefined | null;
	/** The event ids the user selected; the provider's wildcard selects all. */
	readonly selected: readonly string[];
}

/**
 * Everything a trigger does with a delivery before a run: verify it first (nothing unsigned is
 * even parsed), read it as an event, and keep it only if the user selected that event.
 */
export function receiveDelivery<
	T extends { event: string } = { event: string } & Record<string, unknown>,
>(provider: ProviderDefinition, delivery: Delivery, options: ReceiveOptions): Reception<T> {
	const verdict = verifyDelivery(provider, delivery, options.secret);
	if (!verdict.ok) return { outcome: 'refused', status: 401, reason: verdict.reason };
	const parsed = parseEvent<T>(provider, delivery.body);
	if (!parsed.ok) {
		return { outcome: 'invalid', status: 400, reason: parsed.reason, message: parsed.message };
	}
	if (!isSelected(provider, options.selected, parsed.event.event)) {
		return { outcome: 'ignored', status: 200, eventId: parsed.event.event };
	}
	return { outcome: 'accepted', event: parsed.event };
}
