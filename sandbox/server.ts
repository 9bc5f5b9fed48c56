import { randomBytes } from 'node:crypto';

import { startEngine, type Sandbox } from './engine.js';
import type { ProviderModule } from './module.js';
import { breakcoldModule } from './providers/breakcold.js';
import { kakiyoModule } from './providers/kakiyo.js';
import { saleshandyModule } from './providers/saleshandy.js';

export type { Sandbox } from './engine.js';

/** The providers the sandbox can play, by id. */
export const PROVIDERS = {
	kakiyo: () => kakiyoModule(),
	breakcold: () => breakcoldModule(),
	saleshandy: (options: SandboxOptions) =>
		saleshandyModule({ deleteEnabled: options.deleteEnabled ?? false }),
} satisfies Record<string, (options: SandboxOptions) => ProviderModule>;

/** The id of a provider the sandbox can play. */
export type SandboxProvider = keyof typeof PROVIDERS;

/** How `startSandbox` starts: the provider, where it listens, its key and its clock. */
export interface SandboxOptions {
	/** Which provider to play; Kakiyo by default. */
	provider?: SandboxProvider;
	/** TCP port; 0 (the default) picks a free one. */
	port?: number;
	/** Interface to listen on; loopback by default. */
	host?: string;
	/** The API key the sandbox accepts; a random one by default. */
	apiKey?: string;
	/** Multiplies every delivery delay and timeout: 1 is the provider's real time, 0.001 turns seconds into milliseconds. */
	timeScale?: number;
	/** How long a delivery attempt may take, in milliseconds; the provider's 10 s times `timeScale` by default. */
	attemptTimeoutMs?: number;
	/** Saleshandy: answer `DELETE /webhook/{id}`, which Saleshandy does not document (off by default). */
	deleteEnabled?: boolean;
}

/** Starts a provider simulator on loopback: its documented `/v1` API, deliveries, and `/_sandbox` controls. */
export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
	const module = PROVIDERS[options.provider ?? 'kakiyo'](options);
	return startEngine(module, {
		apiKey: options.apiKey ?? `sandbox_${randomBytes(16).toString('hex')}`,
		...(options.port === undefined ? {} : { port: options.port }),
		...(options.host === undefined ? {} : { host: options.host }),
		...(options.timeScale === undefined ? {} : { timeScale: options.timeScale }),
		...(options.attemptTimeoutMs === undefined
			? {}
			: { attemptTimeoutMs: options.attemptTimeoutMs }),
	});
}
