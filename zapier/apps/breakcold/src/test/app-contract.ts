// Generated from zapier/test/app-contract.ts by zapier/scripts/app-sources.ts: edit that file, then run npm run zapier:sources.
/**
 * What every app promises (DESIGN, "Contracts that tests outside this repo rely on"), checked
 * through Zapier's app tester. Each app's own test (`zapier/apps/<id>/src/test/app.test.ts`, what
 * `zapier-platform test` runs in its folder) calls `describeApp` on a copy of this file, so it
 * imports nothing an app folder lacks: the core, the factory and zapier-platform-core.
 */
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import zapier, { type Bundle } from 'zapier-platform-core';
import { describe, expect, it } from 'vitest';

import { signDelivery, type ProviderDefinition } from '../core/index.js';
import type { createApp } from '../app-factory.js';
import { baseUrlVariable } from '../base-url.js';

type App = ReturnType<typeof createApp>;

type Operation = Record<string, never> & {
	type: string;
	inputFields: Array<{ key: string }>;
};

/** A delivery as Zapier hands it to `perform`: each header renamed `Http-Name`, the raw body. */
function zapierRequest(body: string, headers: Record<string, string>): Bundle['rawRequest'] {
	const renamed = Object.entries(headers).map(([name, value]) => [
		`Http-${name.replace(/(^|-)([a-z])/g, (_, dash: string, letter: string) => dash + letter.toUpperCase())}`,
		value,
	]);
	return { method: 'POST', querystring: '', headers: Object.fromEntries(renamed), content: body };
}

/** Answers every request 401 and keeps its path, for as long as `run` takes. */
async function withRefusingServer(
	run: (url: string) => Promise<unknown>,
): Promise<readonly string[]> {
	const seen: string[] = [];
	const server = createServer((request: IncomingMessage, response) => {
		seen.push(request.url ?? '');
		response.writeHead(401, { 'content-type': 'application/json' }).end('{"message":"no"}');
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	try {
		await run(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
	} finally {
		await new Promise((resolve) => server.close(resolve));
	}
	return seen;
}

/** The app's contract: `new_event` with `events`, the connection, the base URL, a proven delivery. */
export function describeApp(app: App, provider: ProviderDefinition): void {
	const tester = zapier.createAppTester(app);
	const newEvent = app.triggers!.new_event!.operation as unknown as Operation;
	const hasApi = provider.api.createHook !== undefined && provider.apiAuth.kind !== 'none';
	const variable = baseUrlVariable(provider);

	describe(`the ${provider.displayName} app`, () => {
		it('has the hook trigger new_event, whose input field events picks the events', () => {
			expect(newEvent.type).toBe('hook');
			expect(newEvent.inputFields.map((field) => field.key)).toContain('events');
		});

		if (hasApi) {
			it('asks for the API key in the connection field apiKey', () => {
				expect(app.authentication?.fields?.map((field) => field.key)).toEqual(['apiKey']);
			});

			it(`tests a connection against ${variable} when it is set`, async () => {
				const seen = await withRefusingServer(async (url) => {
					process.env[variable] = `${url}/api`;
					try {
						await expect(
							tester(app.authentication!.test as never, { authData: { apiKey: 'k' } }),
						).rejects.toThrow();
					} finally {
						delete process.env[variable];
					}
				});
				expect(seen.length).toBeGreaterThan(0);
				expect(seen.every((path) => path.startsWith('/api/'))).toBe(true);
			});
		} else {
			it('asks for no API key: the provider has no API the app calls', () => {
				expect(app.authentication?.fields?.map((field) => field.key) ?? []).not.toContain('apiKey');
			});
		}

		it('perform gives the event of a delivery proven with the secret, nothing for another secret', async () => {
			const event = provider.sampleEvent ?? provider.events[0]!.id;
			const body = JSON.stringify(provider.sampleFor(event));
			const performOf = (secret: string) => {
				const proof = signDelivery(provider, body, secret);
				const bundle = {
					inputData: { events: [event], max_age_hours: 0 },
					// The secret as the app keeps it: from the subscription, or pasted into the connection.
					authData: { apiKey: 'k', webhookSecret: 's'.repeat(64) },
					subscribeData: { id: 'w', secret: 's'.repeat(64) },
					rawRequest: zapierRequest(String(proof.body), proof.headers),
				} as unknown as Bundle;
				return tester(newEvent.perform as never, bundle) as Promise<unknown[]>;
			};
			expect(await performOf('s'.repeat(64))).toEqual([expect.objectContaining({ event })]);
			expect(await performOf('t'.repeat(64))).toEqual([]);
		});
	});
}
