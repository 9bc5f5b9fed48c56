// Generated from shared/create-test.ts by zapier/scripts/app-sources.ts: edit that file, then run npm run zapier:sources.
import type { ProviderDefinition } from './provider.js';
import { presentedMintedSecret } from './receive-delivery.js';
import { mintedFor } from './secret.js';
import type { Delivery } from './verify-delivery.js';

/** A credential value as an adapter read it: `remembered` when it came from a cache. */
export interface KeyRead {
	readonly value: string | undefined;
	readonly remembered: boolean;
}

/**
 * Whether a delivery no stored secret proves is the provider's test of a hook this trigger is
 * creating in another process (see `testsOnCreate`; in this process `receiveDelivery`'s
 * `pending` knows it): it presents a secret `mintSecret` made for this trigger (`scope`) with the
 * credential's API key within the last minutes. `keyOf` is asked only for a secret of that form,
 * so a forgery of another form costs no read of the credential; a remembered key that fails is
 * asked for again, `fresh`, since the user may have replaced it.
 */
export async function isMintedTest(
	provider: ProviderDefinition,
	delivery: Delivery,
	scope: string,
	keyOf: (fresh: boolean) => Promise<KeyRead>,
): Promise<boolean> {
	const presented = presentedMintedSecret(provider, delivery);
	if (presented === undefined) return false;
	const key = await keyOf(false);
	if (mintedFor(presented, key.value ?? '', scope)) return true;
	if (!key.remembered) return false;
	const reread = await keyOf(true);
	return !reread.remembered && mintedFor(presented, reread.value ?? '', scope);
}
