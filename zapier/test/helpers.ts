import nock from 'nock';
import zapier, { type Bundle } from 'zapier-platform-core';

import App from '../apps/kakiyo/src/index.js';

export const appTester = zapier.createAppTester(App);
export { App };

export const API = 'https://api.kakiyo.com/v1';
export const API_KEY = 'k'.repeat(40);

/** A bundle as Zapier builds it, with the connection's key. */
export function bundle(extra: Record<string, unknown> = {}): Bundle {
	return { authData: { apiKey: API_KEY }, inputData: {}, ...extra } as unknown as Bundle;
}

/** A hook delivery as Zapier hands it to `perform`: headers renamed with `Http-`, raw body text. */
export function rawRequest(content: string, headers: Record<string, string>): Bundle['rawRequest'] {
	const renamed = Object.fromEntries(
		Object.entries(headers).map(([name, value]) => [
			`Http-${name.replace(/(^|-)([a-z])/g, (_, dash: string, letter: string) => dash + letter.toUpperCase())}`,
			value,
		]),
	);
	return { method: 'POST', querystring: '', headers: renamed, content };
}

/** Where the handler below reaches Zapier's RPC (mocked with nock). */
const RPC = 'https://rpc.zapier.test';

export interface RpcCall {
	readonly method: string;
	readonly params: unknown[];
}

/**
 * Zapier's cache behind its RPC, for the next `times` calls: `zcache_set` with `nx` sets only an
 * absent key, as Zapier's does; each call is added to `calls`. With `fail`, every call fails.
 */
export function mockZapierCache(
	cache: Map<string, { value: string; ttl: number }>,
	calls: RpcCall[],
	times: number,
	fail = false,
): void {
	nock(RPC)
		.post('/')
		.times(times)
		.reply(fail ? 500 : 200, (_uri, request) => {
			const { id, method, params } = (
				typeof request === 'string' ? JSON.parse(request) : request
			) as { id: string; method: string; params: unknown[] };
			calls.push({ method, params });
			if (fail) return { id, error: 'down' };
			const [key, value, ttl, , nx] = params as [string, string, number, unknown, boolean];
			if (method !== 'zcache_set') return { id, error: `unexpected ${method}` };
			if (nx && cache.has(key)) return { id, result: false };
			cache.set(key, { value, ttl });
			return { id, result: true };
		});
}

/**
 * Runs an app's method as Zapier does, through core's own handler (untyped, hence the cast) with
 * its RPC at the mock above: the app tester's built-in cache ignores `nx`. Needs
 * `ZAPIER_DEPLOY_KEY` set, which is how core authenticates RPC outside Zapier's servers.
 */
export function handlerOf(app: unknown): (method: string, bundle: Bundle) => Promise<unknown[]> {
	const handler = (
		zapier as unknown as { createAppHandler(app: unknown): (event: unknown) => Promise<unknown> }
	).createAppHandler(app);
	return async (method, bundle) => {
		const response = (await handler({ command: 'execute', method, bundle, rpc_base: RPC })) as {
			results: unknown[];
		};
		return response.results;
	};
}
