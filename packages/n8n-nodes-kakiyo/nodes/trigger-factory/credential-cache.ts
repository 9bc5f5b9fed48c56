// Generated from nodes/trigger-factory/credential-cache.ts by scripts/package-sources.ts: edit that file, then run npm run sources.
import type { IWebhookFunctions } from 'n8n-workflow';

/** How long a value read from a credential serves deliveries before it is read again, in ms. */
export const CREDENTIAL_TTL_MS = 10_000;

/**
 * How soon after a read a refused delivery may have the credential read again, in ms: often
 * enough that a changed value works within a second, rarely enough that forged deliveries cost
 * no more than genuine ones (n8n 2.40's getCredentials() starts an expression isolate of its own
 * on every call from webhook(), as costly as all the rest n8n does for a delivery).
 */
export const REREAD_AFTER_MS = 1_000;

/** A value read from a credential, and whether it came from memory rather than a read now. */
export interface CredentialValue {
	readonly value: string | undefined;
	readonly remembered: boolean;
}

/** Values read from node credentials, by credential id and field, with when each was read. */
const values = new Map<string, { value: string | undefined; readAt: number }>();

/**
 * A string field of the node's credential `type`, remembered for `CREDENTIAL_TTL_MS`. `fresh`
 * asks for a read now, for a delivery the remembered value refused; it is granted only when the
 * value was read more than `REREAD_AFTER_MS` ago, so no one can make every request read it.
 */
export async function credentialValue(
	context: IWebhookFunctions,
	type: string,
	field: string,
	fresh = false,
): Promise<CredentialValue> {
	const id = context.getNode().credentials?.[type]?.id ?? undefined;
	const key = `${id ?? ''}\n${field}`;
	const now = Date.now();
	const known = id === undefined ? undefined : values.get(key);
	const age = known === undefined ? Infinity : now - known.readAt;
	if (known !== undefined && age < (fresh ? REREAD_AFTER_MS : CREDENTIAL_TTL_MS))
		return { value: known.value, remembered: true };
	const read = (await context.getCredentials<Record<string, unknown>>(type))[field];
	const value = typeof read === 'string' ? read : undefined;
	if (id !== undefined) values.set(key, { value, readAt: now });
	return { value, remembered: false };
}
