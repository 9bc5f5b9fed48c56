// Generated from nodes/trigger-factory/creating.ts by scripts/package-sources.ts: edit that file, then run npm run sources.
import type { IHookFunctions, IWebhookFunctions } from 'n8n-workflow';

/**
 * Secrets of hooks being created now, by trigger (see `triggerKey`): a provider that tests a
 * hook while creating it delivers before n8n has stored the secret. Several at once when n8n
 * runs two activations of one trigger side by side, or its test and production hooks.
 */
const pending = new Map<string, Set<string>>();

/**
 * One trigger in one workflow, the same in `create` and in `webhook`: not its URL, which
 * `webhook` reads as the production one even while serving `/webhook-test/` (n8n 2.x).
 */
export function triggerKey(context: IHookFunctions | IWebhookFunctions): string {
	return `${context.getWorkflow().id ?? ''}:${context.getNode().id}`;
}

/** Runs `create` with `secret` known as pending for the trigger `key` until it settles. */
export async function whileCreating<T>(
	key: string,
	secret: string,
	create: () => Promise<T>,
): Promise<T> {
	const creating = pending.get(key) ?? new Set<string>();
	pending.set(key, creating.add(secret));
	try {
		return await create();
	} finally {
		creating.delete(secret);
		if (creating.size === 0) pending.delete(key);
	}
}

/** The secrets of hooks the trigger `key` is creating now, in this process. */
export function creatingSecrets(key: string): string[] {
	return [...(pending.get(key) ?? [])];
}
