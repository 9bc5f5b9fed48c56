// Generated from shared/hook-lifecycle.ts by scripts/package-sources.ts: edit that file, then run npm run sources.
import { send, type Transport } from './api-call.js';
import type { ProviderDefinition, RemoteHook } from './provider.js';
import { ProviderError, type ProviderErrorKind } from './provider-error.js';
import { generateSecret } from './secret.js';

/**
 * What a platform keeps for one trigger between calls (n8n's static data, Zapier's
 * `subscribeData`); the functions below update it in place. Only a hook at the trigger's own
 * URL is ever removed: a record copied with a workflow (export, import, a duplicated instance)
 * names a hook that serves another URL, and that hook is forgotten, never deleted.
 */
export interface HookRecord {
	hookId?: string;
	/** Generated here and sent to the provider, which never returns it: the platform stores it. */
	secret?: string;
	/** Hooks of this trigger, at its URL, whose removal failed: removed at the next call. */
	leftovers?: string[];
	/** A create may have succeeded without saying so: other hooks at the URL are leftovers. */
	unsure?: boolean;
	/**
	 * The hook a release could not delete (the provider offers no delete): the next activation at
	 * its URL takes it over even when the provider cannot list hooks then, instead of making a
	 * second one the user would have to remove by hand too.
	 */
	kept?: KeptHook;
}

export interface KeptHook {
	readonly id: string;
	readonly secret: string;
	readonly url: string;
}

export interface Subscription {
	readonly id: string;
	readonly secret: string;
	/** Whether the provider delivers to it now; one may pause a hook its own test could not reach. */
	readonly active: boolean;
}

export interface SubscribeInput {
	/** Name the hook carries at the provider, e.g. "n8n: Lead follow-up". */
	readonly name: string;
	/** The platform's delivery URL; it identifies this trigger's hooks at the provider. */
	readonly url: string;
	readonly events: readonly string[];
	/**
	 * The new hook's secret, made by the caller so it can recognise the provider's test delivery
	 * during the create (see `testsOnCreate`); generated here otherwise.
	 */
	readonly secret?: string;
}

/** Failures after which the provider may have created the hook without saying so. */
const MAY_HAVE_CREATED: ReadonlySet<ProviderErrorKind> = new Set([
	'provider-down',
	'unexpected-response',
	'unreachable',
]);

function forget(record: HookRecord): void {
	delete record.hookId;
	delete record.secret;
}

/**
 * Deletes a hook; one the provider no longer knows counts as deleted. Throws a `ProviderError`
 * when the provider offers no way to delete one: the user must remove it in its own UI.
 */
async function remove(provider: ProviderDefinition, transport: Transport, id: string) {
	if (provider.api.deleteHook === undefined) {
		throw new ProviderError(
			`${provider.displayName} offers no way to delete a webhook through its API: remove webhook ${id} in ${provider.displayName} itself.`,
			'unsupported',
		);
	}
	await send(transport, provider.api.deleteHook(id));
}

/** Answers that no other call with the same key can get past: the create would fail alike. */
const KEY_REFUSED: ReadonlySet<ProviderErrorKind> = new Set([
	'invalid-key',
	'subscription-inactive',
]);

/**
 * The provider's hooks at `url`, or `null` when it cannot list them now (or at all). With
 * `refusedKey: 'throw'`, a list refused for the key itself throws, so a create that would be
 * refused alike is not sent.
 */
async function hooksAt(
	provider: ProviderDefinition,
	transport: Transport,
	url: string,
	refusedKey: 'throw' | 'ignore' = 'ignore',
): Promise<RemoteHook[] | null> {
	if (provider.api.listHooks === undefined) return null;
	let failure: unknown;
	try {
		const hooks: RemoteHook[] = await send(transport, provider.api.listHooks());
		return hooks.filter((hook) => hook.url === url);
	} catch (error) {
		failure = error;
	}
	if (refusedKey === 'throw' && failure instanceof ProviderError && KEY_REFUSED.has(failure.kind))
		throw failure;
	return null;
}

/**
 * Deletes every hook at `url` but `keep`. Listing is how leftovers nobody has an id for are
 * found (`listed`, where the caller has just listed them); if it fails, the known leftovers are
 * deleted by id. Never throws: what could not be removed stays in the record for the next call.
 */
async function tidy(
	provider: ProviderDefinition,
	transport: Transport,
	record: HookRecord,
	url: string,
	keep?: string,
	listed?: RemoteHook[] | null,
): Promise<void> {
	const hooks = listed === undefined ? await hooksAt(provider, transport, url) : listed;
	const doomed =
		hooks === null
			? (record.leftovers ?? []).filter((id) => id !== keep)
			: hooks.filter((hook) => hook.id !== keep).map((hook) => hook.id);
	const failed: string[] = [];
	for (const id of doomed) await remove(provider, transport, id).catch(() => failed.push(id));
	if (failed.length > 0) record.leftovers = failed;
	else delete record.leftovers;
	if (hooks !== null) delete record.unsure;
}

/**
 * A hook at the URL that already serves the trigger as asked (active, same events) and whose
 * secret is known (the provider reports it, or it is the hook this trigger kept): taken over
 * rather than made again where hooks cannot be deleted, so that activations do not pile up hooks
 * the user must remove by hand.
 */
function reusable(hooks: RemoteHook[], input: SubscribeInput, kept?: KeptHook) {
	return hooks
		.map((hook) => (hook.id === kept?.id ? { ...hook, secret: hook.secret ?? kept.secret } : hook))
		.find(
			(hook) => hook.active && hook.secret !== undefined && sameEvents(hook.events, input.events),
		);
}

/**
 * The hook a release kept at `input.url`, read by id where the provider cannot list hooks now:
 * returned (with its secret) if it serves the trigger as asked, else left to be removed as a
 * leftover. A failure to read it is thrown, so the platform tries the activation again later
 * rather than create a second hook beside one that cannot be deleted.
 */
async function keptAt(
	provider: ProviderDefinition,
	transport: Transport,
	record: HookRecord,
	input: SubscribeInput,
): Promise<RemoteHook | undefined> {
	const kept = record.kept;
	if (kept?.url !== input.url || provider.api.getHook === undefined) return undefined;
	const hook = await send(transport, provider.api.getHook(kept.id));
	if (hook === null || hook.url !== kept.url) return undefined;
	if (hook.active && sameEvents(hook.events, input.events)) return { ...hook, secret: kept.secret };
	record.leftovers = [...(record.leftovers ?? []), kept.id];
	return undefined;
}

/**
 * A hook the provider created paused (its test delivery did not get through) receives nothing:
 * it is removed where the provider allows, kept as a leftover otherwise, and the user told why.
 */
async function refusePaused(
	provider: ProviderDefinition,
	transport: Transport,
	record: HookRecord,
	id: string,
	url: string,
): Promise<never> {
	const removed = await remove(provider, transport, id).then(
		() => true,
		() => false,
	);
	if (!removed) record.leftovers = [...(record.leftovers ?? []), id];
	throw new ProviderError(
		`${provider.displayName} created the webhook but paused it: its test delivery to ${url} did not get through. Make sure ${provider.displayName} can reach that address from the internet (for n8n, its WEBHOOK_URL), then try again.${removed ? '' : ` Remove the paused webhook ${id} in ${provider.displayName}.`}`,
		'hook-paused',
	);
}

/**
 * Registers a hook with a fresh secret and stores both in `record`, or takes over one at the URL
 * that already serves the trigger where the provider reports its secret. Hooks already at the URL
 * go first (a platform that lost its record would otherwise stack duplicates); when the create
 * fails in a way that may still have created it, hooks at the URL go again, and if that fails
 * too the record says so, for the next call to finish. The create's own error is thrown.
 */
export async function subscribe(
	provider: ProviderDefinition,
	transport: Transport,
	record: HookRecord,
	input: SubscribeInput,
): Promise<Subscription> {
	const createHook = provider.api.createHook;
	if (createHook === undefined)
		throw new ProviderError(
			`${provider.displayName} offers no API to register a webhook: add the trigger's URL in ${provider.displayName} itself.`,
			'unsupported',
		);
	const listed = await hooksAt(provider, transport, input.url, 'throw');
	const found =
		listed === null
			? await keptAt(provider, transport, record, input)
			: reusable(listed, input, record.kept);
	// Listed or read, the kept hook is now taken over or a leftover like any other at the URL.
	if (record.kept?.url === input.url) delete record.kept;
	if (found !== undefined && found.secret !== undefined) {
		await tidy(provider, transport, record, input.url, found.id, listed);
		record.hookId = found.id;
		record.secret = found.secret;
		return { id: found.id, secret: found.secret, active: true };
	}
	await tidy(provider, transport, record, input.url, undefined, listed);
	forget(record);
	const secret = input.secret ?? generateSecret();
	let failure: unknown;
	try {
		const hook = await send(transport, createHook({ ...input, secret }));
		if (!hook.active) await refusePaused(provider, transport, record, hook.id, input.url);
		record.hookId = hook.id;
		record.secret = secret;
		return { id: hook.id, secret, active: hook.active };
	} catch (error) {
		failure = error;
	}
	// Thrown after the catch: the core knows no platform, and the n8n node wraps it in NodeApiError.
	if (failure instanceof ProviderError && MAY_HAVE_CREATED.has(failure.kind)) {
		record.unsure = true;
		await tidy(provider, transport, record, input.url);
	}
	throw failure;
}

export type HookState = 'ok' | 'missing' | 'disabled' | 'changed' | 'elsewhere';

function sameEvents(a: readonly string[], b: readonly string[]): boolean {
	const left = new Set(a);
	const right = new Set(b);
	return left.size === right.size && [...left].every((event) => right.has(event));
}

/**
 * How the hook stands at the provider: as this trigger needs it (`ok`), gone, disabled,
 * listening to other events (`changed`), or serving another URL (`elsewhere`: not ours).
 */
export async function inspectHook(
	provider: ProviderDefinition,
	transport: Transport,
	expected: { readonly id: string; readonly url: string; readonly events: readonly string[] },
): Promise<HookState> {
	// Without a way to read a hook, the record is all there is to go on.
	if (provider.api.getHook === undefined) return 'ok';
	const hook = await send(transport, provider.api.getHook(expected.id));
	if (hook === null) return 'missing';
	if (hook.url !== expected.url) return 'elsewhere';
	if (!hook.active) return 'disabled';
	if (!sameEvents(hook.events, expected.events)) return 'changed';
	return 'ok';
}

/**
 * Whether the recorded hook still serves this trigger as it is set up; leftovers are removed
 * first. A hook of ours that is disabled or listens to other events is deleted (or kept as a
 * leftover when that fails) and the record cleared, so a new one can be made; one serving
 * another URL is only forgotten. A provider failure while inspecting is thrown.
 */
export async function confirmHook(
	provider: ProviderDefinition,
	transport: Transport,
	record: HookRecord,
	expected: { readonly url: string; readonly events: readonly string[] },
): Promise<boolean> {
	if (record.leftovers !== undefined || record.unsure)
		await tidy(provider, transport, record, expected.url, record.hookId);
	if (!record.hookId || !record.secret) {
		forget(record);
		return false;
	}
	const state = await inspectHook(provider, transport, { id: record.hookId, ...expected });
	if (state === 'ok') return true;
	if (state === 'disabled' || state === 'changed') {
		const id = record.hookId;
		await remove(provider, transport, id).catch(() => {
			record.leftovers = [...(record.leftovers ?? []), id];
		});
	}
	forget(record);
	return false;
}

/**
 * Removes this trigger's hook: the recorded one if it still serves `url` (one serving another
 * URL is forgotten), or, with none recorded, every hook at `url`, which can only be this
 * trigger's. Leftovers go too. A failure to delete the recorded hook is thrown and the record
 * kept, so a later call can finish. With nothing recorded the removal is a best effort that
 * never throws (a platform cleaning up after a failed activation must not fail in turn).
 * Returns `false` when hooks may remain at `url`: listing failed, or the provider offers no
 * list or refuses to delete (the adapter then tells the user to remove them by hand).
 */
export async function release(
	provider: ProviderDefinition,
	transport: Transport,
	record: HookRecord,
	url: string,
): Promise<boolean> {
	// Nothing was registered where the provider has no API for it.
	if (provider.api.createHook === undefined) return true;
	const id = record.hookId;
	if (id === undefined) {
		record.unsure = true;
		await tidy(provider, transport, record, url);
		const complete = !record.unsure && record.leftovers === undefined;
		delete record.unsure;
		delete record.leftovers;
		return complete;
	}
	if (record.leftovers !== undefined || record.unsure)
		await tidy(provider, transport, record, url, id);
	// Unread, the recorded hook is taken to be the one made for this URL.
	const hook = provider.api.getHook ? await send(transport, provider.api.getHook(id)) : { url };
	const ours = hook !== null && hook.url === url;
	if (ours) {
		const refused = await remove(provider, transport, id).then(
			() => false,
			(error: unknown) => {
				// A provider that cannot delete leaves the hook to the user; anything else may pass.
				if (!(error instanceof ProviderError) || error.kind !== 'unsupported') throw error;
				return true;
			},
		);
		if (refused) {
			if (record.secret !== undefined) record.kept = { id, secret: record.secret, url };
			forget(record);
			return false;
		}
	}
	forget(record);
	return true;
}
