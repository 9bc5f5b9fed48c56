import { afterAll, afterEach, beforeAll } from 'vitest';

import { startReceiver, type Receiver } from '../../sandbox/receiver.js';
import { startSandbox, type Sandbox, type SandboxOptions } from '../../sandbox/server.js';

/**
 * A sandbox and a recording receiver for a test file: started once, reset after each test (no
 * hooks, faults or deliveries left, the receiver answering 200), closed at the end.
 */
export function useSandbox(options: SandboxOptions): { sandbox: Sandbox; receiver: Receiver } {
	const state = {} as { sandbox: Sandbox; receiver: Receiver };
	beforeAll(async () => {
		state.sandbox = await startSandbox(options);
		state.receiver = await startReceiver();
	});
	afterEach(async () => {
		await fetch(`${state.sandbox.url}/_sandbox/reset`, { method: 'POST' });
		state.receiver.status = 200;
		state.receiver.received.length = 0;
	});
	afterAll(async () => {
		await state.sandbox.close();
		await state.receiver.close();
	});
	return state;
}
