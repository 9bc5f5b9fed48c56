/** The n8n every real-n8n bench loads: the three packages, their sandboxes and every endpoint. */
import { startStack, type Stack } from '../../test/harness/stack.js';
import { answering, BREAKCOLD_SECRET, openEndpoints } from './endpoints.js';
import type { Endpoint } from './load.js';

/**
 * Starts n8n with every package from its tarball (and `env` besides the bench's own), opens every
 * endpoint and waits until each answers, runs `body`, then closes it all; on a failure `log`
 * hears the end of n8n's log.
 */
export async function withEndpoints(
	log: (message: string) => void,
	body: (stack: Stack, endpoints: Endpoint[]) => Promise<void>,
	env: Record<string, string> = {},
): Promise<void> {
	log('building and packing every package, starting n8n');
	const stack = await startStack({
		providers: ['kakiyo', 'saleshandy', 'breakcold'],
		credentialData: { breakcold: { webhookSecret: BREAKCOLD_SECRET } },
		// n8n's default keeps 10,000 executions; a count at the end must see them all.
		env: { EXECUTIONS_DATA_PRUNE_MAX_COUNT: '0', ...env },
	});
	try {
		const endpoints = await openEndpoints(stack);
		for (const endpoint of endpoints) await answering(endpoint);
		await body(stack, endpoints);
	} catch (error) {
		log(`failed; n8n's log ends:\n${stack.n8n.log().slice(-3000)}`);
		throw error;
	} finally {
		await stack.close();
	}
}
