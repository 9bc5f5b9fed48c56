/**
 * A queue stack that fails part-way stops what it had started: no database, Redis, nginx or
 * folder of it is left behind.
 */
import { createServer } from 'node:net';

import { expect, it } from 'vitest';

import { freePort, n8nInstall } from '../harness/n8n-process.js';
import { leftovers } from './leftovers.js';
import { startQueueStack } from './queue-stack.js';

const LABEL = 'failed_start';

it('startQueueStack whose main process cannot listen throws and leaves nothing behind', async () => {
	n8nInstall();
	expect(leftovers(LABEL)).toEqual({ databases: [], folders: [], processes: [] });
	const port = await freePort();
	const blocker = createServer();
	await new Promise<void>((resolve) => blocker.listen(port, '127.0.0.1', resolve));
	const began = Date.now();
	try {
		// Every n8n process is told to listen where something already does: main exits at once.
		await expect(
			startQueueStack({ label: LABEL, env: { N8N_PORT: String(port) } }),
		).rejects.toThrow(/n8n start exited/);
	} finally {
		blocker.close();
	}
	console.log(`failed start and clean-up took ${Math.round((Date.now() - began) / 1000)} s`);
	expect(leftovers(LABEL)).toEqual({ databases: [], folders: [], processes: [] });
});
