// Generated from shared/receive-delivery.ts by zapier/scripts/app-sources.ts: edit that file, then run npm run zapier:sources.
import { checkAge, DEFAULT_MAX_AGE_MS, deliveryTime } from './delivery-age.js';
import { isSelected } from './event-choices.js';
import { findHeader } from './header.js';
import { readJson } from './parse-event.js';
import type { DeliveryAuth, ProviderDefinition } from './provider.js';
import { deliveryFingerprint, digestFingerprint } from './repeat-guard.js';
import { mintedRecently } from './secret.js';
import { authKindOf, authKinds, ParsedBody, checkWith, type Delivery } from './verify-delivery.js';
import type { Proof, VerifyFailure } from './verify.js';

/** Why an authentic delivery starts no run. */
export type IgnoreReason =
	| 'not-an-event'
	| 'not-selected'
	| 'too-old'
	| 'too-new'
	| 'test-delivery';

/**
 * What to do with a delivery. `status` is what an adapter that answers HTTP itself should send.
 * Only a delivery not proven to come from the provider is refused (401); anything authentic is
 * answered 2xx, because the provider retries a failure and disables a hook that fails a few
 * times in a row, so one odd event would silently stop every later one.
 */
export type Reception<T> =
	| {
			readonly outcome: 'accepted';
			readonly event: T;
			/**
			 * Identifies the delivery and its retries from what its proof covers: `id:` and the
			 * event id the provider signs in the body, else a fingerprint (see `fingerprintOf`).
			 * `deliveryIdOf` gives what a run or a Zap shows.
			 */
			readonly fingerprint: string;
			/** Until when a repeat guard must remember it, in epoch milliseconds. */
			readonly rememberUntil: number;
			/** Something to log: the schema disagrees with the event, or it carries no date. */
			readonly warning?: string;
	  }
	| { readonly outcome: 'refused'; readonly status: 401; readonly reason: VerifyFailure }
	| {
			readonly outcome: 'ignored';
			readonly status: 200;
			readonly reason: IgnoreReason;
			/** For the log: why no run started. */
			readonly message: string;
	  };

export interface ReceiveOptions {
	/** The stored secret, or several during a rotation. */
	readonly secret: string | readonly string[] | undefined | null;
	/** The event ids the user selected; the provider's wildcard selects all. */
	readonly selected: readonly string[];
	/**
	 * How far from now the delivery's own date may be, in milliseconds; 0 turns the check off.
	 * Default `DEFAULT_MAX_AGE_MS` (24 hours), also for a negative or non-finite value.
	 */
	readonly maxAgeMs?: number;
	/** The current time in epoch milliseconds; `Date.now()` by default. */
	readonly now?: number;
	/**
	 * Secrets of hooks being created right now (see `testsOnCreate`): a delivery proven with one
	 * is the provider's test of the new hook, answered 2xx without a run.
	 */
	readonly pending?: readonly string[];
}

/**
 * The secret a refused delivery presents, where the provider sends a hook's secret itself in a
 * header and tests hooks while they are created, if it has the form `mintSecret` makes and says
 * it was made within the last minutes: the adapter checks it with `mintedFor` and the key, and
 * answers a test it made 2xx without a run.
 * For the process that did not create the hook (n8n's webhook processes in queue mode), which
 * has no `pending` secrets to prove it with.
 */
export function presentedMintedSecret(
	provider: ProviderDefinition,
	delivery: Delivery,
): string | undefined {
	if (provider.testsOnCreate !== true) return undefined;
	for (const auth of authKinds(provider)) {
		if (auth.kind !== 'secret-header') continue;
		const value = findHeader(delivery.headers, auth.header)?.trim();
		if (value !== undefined && mintedRecently(value)) return value;
	}
	return undefined;
}

function ignored(reason: IgnoreReason, message: string): Reception<never> {
	return { outcome: 'ignored', status: 200, reason, message };
}

function hours(ms: number): string {
	const value = Math.round((ms / 3_600_000) * 10) / 10;
	return `${value} hour${value === 1 ? '' : 's'}`;
}

/** A provider's event id short and plain enough to key a delivery as it is. */
const PLAIN_ID = /^[\x21-\x7e]{1,64}$/;

/** Whether a kind of proof covers every byte of the body (an HMAC over it). */
const coversBody = (auth: DeliveryAuth): boolean =>
	auth.kind === 'hmac-sha256-header' || auth.kind === 'timestamped-hmac';

/**
 * The provider's own id of the delivery's event, from a signed body (see `deliveryIdField`):
 * `id:` and the id, or its hash when it is long or unusual. Never the form of a body's
 * fingerprint, which has no colon.
 */
function signedId(
	provider: ProviderDefinition,
	auth: DeliveryAuth,
	event: Record<string, unknown>,
): string | undefined {
	const field = provider.deliveryIdField;
	if (field === undefined || !coversBody(auth) || !Object.hasOwn(event, field)) return undefined;
	const id = event[field];
	if (typeof id !== 'string' || id.trim() === '') return undefined;
	return PLAIN_ID.test(id) ? `id:${id}` : `id:${deliveryFingerprint(id)}`;
}

/**
 * The delivery's id as a trigger shows it (`deliveryId`, a Zapier record's `id`): the provider's
 * own id of the event (hashed when long or unusual), or the fingerprint of a delivery that
 * carries none.
 */
export function deliveryIdOf(fingerprint: string): string {
	return fingerprint.startsWith('id:') ? fingerprint.slice(3) : fingerprint;
}

/**
 * What identifies a delivery and its retries, from nothing but what its proof covers, so a
 * captured delivery sent again with other headers is still the same delivery:
 * - an id the provider signs inside the body (see `signedId`);
 * - else the HMAC of the body that proved it (a retry repeats the body byte for byte, so its
 *   HMAC too), taken from the verification instead of hashing the body a second time;
 * - else, where the body carries the secret itself, the fingerprint of the event without it, so
 *   no output is a plain hash of bytes holding the secret (one that could test guesses of it);
 * - else the body's SHA-256.
 * Stable across a provider's retries and across n8n processes (it depends on the delivery and
 * the hook's secret alone), so a workflow can drop repeats by it where a trigger's own guard
 * cannot see them.
 */
function fingerprintOf(
	provider: ProviderDefinition,
	delivery: Delivery,
	auth: DeliveryAuth,
	verdict: Proof,
	event: Record<string, unknown>,
): string {
	const id = signedId(provider, auth, event);
	if (id !== undefined) return id;
	// A timestamped HMAC covers the timestamp too, which a retry changes.
	if (auth.kind === 'hmac-sha256-header' && verdict.ok && verdict.digest !== undefined)
		return digestFingerprint(verdict.digest);
	// The event, once its secret field is gone (see `receiveDelivery`).
	if (auth.kind === 'secret-in-body') return deliveryFingerprint(JSON.stringify(event));
	return deliveryFingerprint(delivery.body);
}

/**
 * Everything a trigger does with a delivery before a run: verify it first (nothing unsigned is
 * even parsed), read it, refuse a replay dated outside the window, and keep it only if the user
 * selected that event. Repeats within the window are the caller's to drop, with a store of its
 * own, keyed by `fingerprint` until `rememberUntil`.
 */
export function receiveDelivery<
	T extends { event: string } = { event: string } & Record<string, unknown>,
>(provider: ProviderDefinition, delivery: Delivery, options: ReceiveOptions): Reception<T> {
	const body = new ParsedBody(delivery.body);
	const auth = authKindOf(provider, delivery, body);
	const verdict = checkWith(auth, delivery, options.secret, options.now, body);
	if (!verdict.ok) {
		const pending = options.pending ?? [];
		if (pending.length > 0 && checkWith(auth, delivery, pending, options.now, body).ok)
			return ignored(
				'test-delivery',
				`${provider.displayName} tested the webhook being created; answered without a run.`,
			);
		return { outcome: 'refused', status: 401, reason: verdict.reason };
	}
	const read = readJson<T>(provider, body.value);
	if (!read.ok) return ignored('not-an-event', `A signed delivery is no event: ${read.message}`);
	// A secret that travels in the body has done its work; it must not reach a run's data.
	if (auth.kind === 'secret-in-body') delete (read.event as Record<string, unknown>)[auth.field];

	const now = options.now ?? Date.now();
	// A setting that is no number (an expression gone wrong) keeps the check on.
	const given = options.maxAgeMs;
	const maxAgeMs =
		given !== undefined && Number.isFinite(given) && given >= 0 ? given : DEFAULT_MAX_AGE_MS;
	const dateField = provider.dateField === undefined ? 'timestamp' : provider.dateField;
	const at =
		dateField === null
			? undefined
			: deliveryTime(read.event as unknown as Record<string, unknown>, dateField);
	const age = dateField === null ? 'fresh' : checkAge(at, now, maxAgeMs);
	if (age === 'too-old' || age === 'too-new') {
		const dated = new Date(at as number).toISOString(); // `at` is a valid date by construction
		return ignored(
			age,
			`A signed "${read.event.event}" delivery dated ${dated} is more than ${hours(maxAgeMs)} ${age === 'too-old' ? 'old' : 'ahead'} (Maximum Age), so it may be a replay: no run.`,
		);
	}
	if (!isSelected(provider, options.selected, read.event.event)) {
		return ignored('not-selected', `"${read.event.event}" is not among the selected events.`);
	}
	const window = maxAgeMs > 0 ? maxAgeMs : DEFAULT_MAX_AGE_MS;
	const accepted = {
		outcome: 'accepted',
		event: read.event,
		fingerprint: fingerprintOf(
			provider,
			delivery,
			auth,
			verdict,
			read.event as unknown as Record<string, unknown>,
		),
		rememberUntil: (at !== undefined && maxAgeMs > 0 ? at : now) + window,
	} as const;
	const undated =
		age === 'undated'
			? `The "${read.event.event}" delivery carries no timestamp that reads as a date, so Maximum Age cannot apply.`
			: undefined;
	// Most deliveries have nothing to warn about: no list to build for them.
	if (read.disagreement === undefined && undated === undefined) return accepted;
	const warnings = [read.disagreement, undated].filter((text) => text !== undefined);
	return { ...accepted, warning: `${warnings.join(' ')} It runs as sent.` };
}
