import { send, type Transport } from './api-call.js';
import type { ProviderDefinition, RemoteHook } from './provider.js';
import { ProviderError, type ProviderErrorKind } from './provider-error.js';
import { generateSecret } from './secret.js';

export interface Subscription {
	readonly id: string;
	/** Generated here and sent to the provider, which never returns it: the platform must store it. */
	readonly secret: string;
}

export interface SubscribeInput {
	/** Name the hook carries at the provider, e.g. "n8n: Lead follow-up". */
	readonly name: string;
	/** The platform's delivery URL; it identifies this subscription's hooks at the provider. */
	readonly url: string;
	readonly events: readonly string[];
}

/** Failures after which the provider may have created the hook without saying so. */
const MAY_HAVE_CREATED: ReadonlySet<ProviderErrorKind> = new Set([
	'provider-down',
	'unexpected-response',
	'unreachable',
]);

async function hooksAt(
	provider: ProviderDefinition,
	transport: Transport,
	url: string,
): Promise<RemoteHook[]> {
	const hooks = await send(transport, provider.api.listHooks());
	return hooks.filter((hook) => hook.url === url);
}

/** Deletes every hook pointing at `url`; returns how many went. */
async function removeHooksAt(
	provider: ProviderDefinition,
	transport: Transport,
	url: string,
): Promise<number> {
	const stale = await hooksAt(provider, transport, url);
	for (const hook of stale) await send(transport, provider.api.deleteHook(hook.id));
	return stale.length;
}

/**
 * Registers a hook with a fresh secret. Hooks already pointing at the same URL are removed
 * first (a platform that lost its stored id would otherwise stack duplicates), and when the
 * create fails in a way that may still have created it, hooks at the URL are removed again so
 * a failed activation leaves no orphan behind. The original error is what the caller sees.
 */
export async function subscribe(
	provider: ProviderDefinition,
	transport: Transport,
	input: SubscribeInput,
): Promise<Subscription> {
	// Listing is undocumented for some providers; if it fails, the create below reports why.
	await removeHooksAt(provider, transport, input.url).catch(() => 0);
	const secret = generateSecret();
	try {
		const hook = await send(transport, provider.api.createHook({ ...input, secret }));
		return { id: hook.id, secret };
	} catch (error) {
		if (error instanceof ProviderError && MAY_HAVE_CREATED.has(error.kind)) {
			// Best effort: the create's own error matters more than a failed clean-up.
			await removeHooksAt(provider, transport, input.url).catch(() => 0);
		}
		// eslint-disable-next-line @n8n/community-nodes/require-node-api-error -- the core knows no platform; the n8n node wraps this in NodeApiError
		throw error;
	}
}

/** Deletes the hook; one the provider no longer knows counts as deleted. */
export async function unsubscribe(
	provider: ProviderDefinition,
	transport: Transport,
	id: string,
): Promise<void> {
	await send(transport, provider.api.deleteHook(id));
}

export type HookState = 'ok' | 'missing' | 'disabled' | 'changed';

function sameEvents(a: readonly string[], b: readonly string[]): boolean {
	const left = new Set(a);
	const right = new Set(b);
	return left.size === right.size && [...left].every((event) => right.has(event));
}

/**
 * Whether the stored hook still stands at the provider as this subscription needs it: present,
 * active, pointing at `url` and listening to exactly `events`.
 */
export async function inspectHook(
	provider: ProviderDefinition,
	transport: Transport,
	expected: { readonly id: string; readonly url: string; readonly events: readonly string[] },
): Promise<HookState> {
	const hook = await send(transport, provider.api.getHook(expected.id));
	if (hook === null) return 'missing';
	if (!hook.active) return 'disabled';
	if (hook.url !== expected.url || !sameEvents(hook.events, expected.events)) return 'changed';
	return 'ok';
}
