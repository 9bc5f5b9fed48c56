// Generated from shared/provider.ts by scripts/package-sources.ts: edit that file, then run npm run sources.
import type { ZodType } from 'zod/v4';

import type { ApiAuth } from './api-auth.js';
import type { ApiCall } from './api-call.js';
import type { ErrorWording } from './error-of-answer.js';
import type { DeliveryFilter } from './filters.js';

/** One event a provider can deliver. */
export interface CatalogueEvent {
	readonly id: string;
	readonly name: string;
	readonly description: string;
	readonly category: string;
}

/** How a provider proves that a delivery is its own. */
export type DeliveryAuth =
	| {
			/** HMAC-SHA256 of the raw body, keyed with the hook's secret. */
			readonly kind: 'hmac-sha256-header';
			/** Header holding the signature, as the provider spells it. */
			readonly header: string;
	  }
	| {
			/** The secret sent back as given, in a header the connector registered. */
			readonly kind: 'secret-header';
			readonly header: string;
	  }
	| {
			/** The secret as a top-level field of the JSON body. */
			readonly kind: 'secret-in-body';
			readonly field: string;
	  }
	| {
			/** HMAC-SHA256 over `${timestamp}.${rawBody}`, the timestamp in its own header. */
			readonly kind: 'timestamped-hmac';
			readonly signatureHeader: string;
			readonly timestampHeader: string;
			/** How far the timestamp may be from now, either way, in seconds. */
			readonly toleranceSeconds: number;
	  };

/** A hook as the provider reports it. */
export interface RemoteHook {
	readonly id: string;
	readonly url: string;
	readonly events: readonly string[];
	readonly active: boolean;
	readonly name?: string;
	/**
	 * The hook's secret, where the provider reports it back (a secret registered as a header is
	 * listed with the hook): such a hook can be taken over instead of made again.
	 */
	readonly secret?: string;
}

export interface CreateHookInput {
	readonly name: string;
	readonly url: string;
	readonly events: readonly string[];
	readonly secret: string;
}

/** What the provider says about an API key it accepts. */
export interface KeyInfo {
	/** Whose key it is (a team or account name), where the provider says. */
	readonly label?: string;
}

/**
 * The provider's hook API, each call a request description plus its response parser. A provider
 * may lack any of them, and the core then does without: no registration at all (the user pastes
 * the trigger's URL into the provider), no check of a registered hook, the static catalogue, the
 * built-in samples, no clean-up by listing, a user told to delete a hook by hand.
 */
export interface HookApi {
	createHook?(input: CreateHookInput): ApiCall<RemoteHook>;
	/** Resolves to `null` when the provider no longer knows the hook. */
	getHook?(id: string): ApiCall<RemoteHook | null>;
	verifyKey?(): ApiCall<KeyInfo>;
	listEvents?(): ApiCall<CatalogueEvent[]>;
	getExample?(eventId: string): ApiCall<unknown>;
	listHooks?(): ApiCall<RemoteHook[]>;
	/** Resolves to `'already-gone'` when the provider no longer knows the hook. */
	deleteHook?(id: string): ApiCall<'deleted' | 'already-gone'>;
	sendTestEvent?(eventId: string): ApiCall<void>;
}

/**
 * Where the user finds things in the provider's own app, as its menus name them. Every help
 * text, notice and message takes these words from here (or from the definition's wording built
 * on them), none from an adapter.
 */
export interface Places {
	/** The provider's web app, for a link in help texts, where known. */
	readonly app?: string;
	/** Where API keys are made, and what the provider calls one, where it has an API. */
	readonly apiKeys?: { readonly menu: string; readonly keyName: string };
	/** Where the user makes a webhook by hand, where the provider has no API for it. */
	readonly webhooks?: string;
}

export interface ProviderDefinition {
	readonly id: string;
	readonly displayName: string;
	/** Default API base URL, without a trailing slash. */
	readonly baseUrl: string;
	readonly events: readonly CatalogueEvent[];
	/** Event id that subscribes to every event, where the provider has one. */
	readonly wildcard?: string;
	/** The event shown as sample data when the user picks all of them; the first one otherwise. */
	readonly sampleEvent?: string;
	/**
	 * How deliveries prove they are the provider's; several where it has sent more than one
	 * format, each delivery judged by the first whose mark it carries (see `authKindOf`).
	 */
	readonly deliveryAuth: DeliveryAuth | readonly DeliveryAuth[];
	/** How the API takes its key; the credential, Zapier's middleware and the tests follow it. */
	readonly apiAuth: ApiAuth;
	readonly places: Places;
	/** How its error answers read and what its messages say. */
	readonly wording: ErrorWording;
	/**
	 * The top-level field that dates a delivery (ISO 8601 or epoch), `timestamp` by default;
	 * `null` where its deliveries carry no dependable date (no Maximum Age then).
	 */
	readonly dateField?: string | null;
	/**
	 * A top-level string field of the body naming the delivery's event, the same on each retry,
	 * where the proof covers the body (an HMAC): the delivery is known by it. Without one, or
	 * where the proof does not cover the body, a delivery is known by what the proof covers (see
	 * `receiveDelivery`). Never a header: no provider signs its headers.
	 */
	readonly deliveryIdField?: string;
	/**
	 * Whether it sends a test delivery to a hook while creating it, before the platform has
	 * stored the new secret: the adapter then lets `receiveDelivery` know that secret as pending.
	 */
	readonly testsOnCreate?: boolean;
	/**
	 * Whether its API may refuse to delete a hook (it documents no delete): a trigger listening
	 * for a test event then registers none, so that listening leaves nothing behind.
	 */
	readonly keepsHooks?: boolean;
	/**
	 * The fields a trigger can be narrowed to (a campaign, a sequence), checked after a delivery is
	 * authenticated and before anything runs; none where the provider's deliveries carry none.
	 */
	readonly filters?: readonly DeliveryFilter[];
	/** Schema of an event's envelope and data; unknown event ids get the generic envelope. */
	schemaFor(eventId: string): ZodType;
	/** A realistic delivery of that event, accepted by its schema. */
	sampleFor(eventId: string): Record<string, unknown>;
	readonly api: HookApi;
}
