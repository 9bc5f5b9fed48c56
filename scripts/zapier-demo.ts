/**
 * The Zapier side of the demo: a provider's built Zapier app, run by Zapier's own runtime
 * (zapier-platform-core's app tester), against its sandbox over loopback HTTP.
 */
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

import { signDelivery, type ProviderDefinition } from '../shared/index.js';
import { startReceiver } from '../sandbox/receiver.js';
import type { Sandbox } from '../sandbox/server.js';
import { FILTER_DEMOS } from './filter-demos.js';
import { table } from './table.js';

const ZAPIER = join(__dirname, '..', 'zapier');

type Perform = (z: unknown, bundle: unknown) => unknown;
interface ZapierApp {
	triggers: Record<string, { operation: Record<string, Perform> }>;
}

/** Zapier renames delivery headers to `Http-Name` before `perform` sees them. */
function asZapierHeaders(headers: Record<string, unknown>): Record<string, string> {
	return Object.fromEntries(
		Object.entries(headers).map(([name, value]) => [
			`Http-${name.replace(/(^|-)([a-z])/gi, (_, dash: string, c: string) => dash + c.toUpperCase())}`,
			String(value),
		]),
	);
}

/** The provider's built app in Zapier's runtime, pointed at the sandbox; its trigger and tester. */
async function builtApp(provider: ProviderDefinition, sandbox: Sandbox) {
	process.env[`${provider.id.toUpperCase()}_BASE_URL`] = sandbox.apiUrl;
	// As under Zapier's own test runner: output checks throw, and no per-call memory report.
	process.env.NODE_ENV = 'test';
	const core = createRequire(join(ZAPIER, 'package.json'))('zapier-platform-core') as {
		createAppTester: (app: unknown) => (perform: Perform, bundle: unknown) => Promise<unknown>;
	};
	const built = join(ZAPIER, 'apps', provider.id, 'dist', 'index.js');
	const app = ((await import(pathToFileURL(built).href)) as { default: ZapierApp }).default;
	return { tester: core.createAppTester(app), trigger: app.triggers.new_event!.operation };
}

/** A delivery the receiver got, as Zapier hands it to `perform`. */
function rawRequestOf(delivery: { headers: Record<string, unknown>; body: Buffer }) {
	return {
		method: 'POST',
		querystring: '',
		headers: asZapierHeaders(delivery.headers),
		content: delivery.body.toString('utf8'),
	};
}

/** The delivery's body re-signed with a guessed secret, as an attacker who captured it would send it. */
function forgedCopy(provider: ProviderDefinition, rawRequest: ReturnType<typeof rawRequestOf>) {
	const proof = signDelivery(provider, rawRequest.content, 'a-guessed-secret');
	return {
		...rawRequest,
		content: String(proof.body),
		headers: { ...rawRequest.headers, ...asZapierHeaders(proof.headers) },
	};
}

/** Subscribe, a delivery through `perform`, a forged one, sample data, unsubscribe. Whether all held. */
export async function zapierDemo(
	provider: ProviderDefinition,
	sandbox: Sandbox,
	say: (line?: string) => void,
	/** For a provider with no API: the secret the user pastes into the connection. */
	pastedSecret = '',
): Promise<boolean> {
	const variable = `${provider.id.toUpperCase()}_BASE_URL`;
	const { tester, trigger } = await builtApp(provider, sandbox);
	const event = provider.sampleEvent ?? provider.events[0]!.id;
	const inputData = { events: [event] };
	const receiver = await startReceiver();
	const registers = provider.api.createHook !== undefined;
	const authData = registers ? { apiKey: sandbox.apiKey } : { webhookSecret: pastedSecret };
	const hooks = async () =>
		(await (await fetch(`${sandbox.url}/_sandbox/hooks`)).json()) as Array<{ id: string }>;
	try {
		const subscribeData = registers
			? ((await tester(trigger.performSubscribe!, {
					authData,
					targetUrl: receiver.url,
					inputData,
				})) as { id: string; secret: string })
			: undefined;
		if (subscribeData)
			say(
				`performSubscribe: ${provider.displayName} hook ${subscribeData.id} -> ${receiver.url} (a stand-in for hooks.zapier.com)`,
			);
		else {
			// A static hook: the user pastes the Zap's URL into the provider (here, the sandbox).
			await fetch(`${sandbox.url}/_sandbox/webhooks`, {
				method: 'POST',
				body: JSON.stringify({ url: receiver.url, format: 'legacy', secret: pastedSecret }),
			});
			say(`static hook: the Zap's URL ${receiver.url} pasted into ${provider.displayName}`);
		}
		const already = receiver.received.length;
		await fetch(`${sandbox.url}/_sandbox/emit`, {
			method: 'POST',
			body: JSON.stringify({ event }),
		});
		const rawRequest = rawRequestOf((await receiver.waitFor(already + 1))[already]!);
		const records = (await tester(trigger.perform!, {
			authData,
			subscribeData,
			rawRequest,
			inputData,
		})) as Array<{ event: string; id: string }>;
		say(
			`perform (authentic delivery): ${records.length} record, event ${records[0]?.event}, id ${records[0]?.id.slice(0, 12)}...`,
		);

		const forged = (await tester(trigger.perform!, {
			authData,
			subscribeData,
			rawRequest: forgedCopy(provider, rawRequest),
			inputData,
		})) as unknown[];
		say(`perform (forged delivery): ${forged.length} records`);

		const samples = (await tester(trigger.performList!, { authData, inputData })) as Array<{
			event: string;
		}>;
		say(
			`performList (Zap editor samples): ${samples.length}, event ${samples[0]?.event}, from ${provider.api.getExample ? `${provider.displayName}'s example endpoint` : "the definition's samples"}`,
		);

		const unsubscribed = registers
			? await tester(trigger.performUnsubscribe!, {
					authData,
					subscribeData,
					targetUrl: receiver.url,
					inputData,
				}).then(
					() => 'the hook is gone',
					(error: Error) => `Zapier shows: ${JSON.parse(error.message).message as string}`,
				)
			: `nothing to unsubscribe: the webhook stays in ${provider.displayName} until deleted there`;
		const left = await hooks();
		say(`performUnsubscribe: ${unsubscribed} (hooks left at the sandbox: ${left.length})`);
		const removedOrSaid = left.length === 0 || !unsubscribed.startsWith('the hook');
		return records.length === 1 && forged.length === 0 && samples.length > 0 && removedOrSaid;
	} finally {
		await receiver.close();
		delete process.env[variable];
	}
}

/**
 * A Zap filtered to one of two campaigns (sequences, object types): a subscription of its own,
 * each event about either through `perform`, and a table of the records and the tasks saved.
 * Whether one of the two made a record for each event, and a forged one none.
 */
export async function zapierFilterDemo(
	provider: ProviderDefinition,
	sandbox: Sandbox,
	say: (line?: string) => void,
	pastedSecret = '',
): Promise<boolean> {
	const demo = FILTER_DEMOS[provider.id]!;
	const { tester, trigger } = await builtApp(provider, sandbox);
	const inputData = { events: [...demo.events], ...demo.parameters };
	const receiver = await startReceiver();
	const registers = provider.api.createHook !== undefined;
	const authData = registers ? { apiKey: sandbox.apiKey } : { webhookSecret: pastedSecret };
	try {
		const subscribeData = registers
			? await tester(trigger.performSubscribe!, { authData, targetUrl: receiver.url, inputData })
			: undefined;
		if (!registers)
			await fetch(`${sandbox.url}/_sandbox/webhooks`, {
				method: 'POST',
				body: JSON.stringify({ url: receiver.url, format: 'current', secret: pastedSecret }),
			});
		say(`Filtered Zap: only ${demo.keeps}`);
		const rows = [['event', 'about', 'perform']];
		let delivered = 0;
		let recorded = 0;
		let rawRequest: ReturnType<typeof rawRequestOf> | undefined;
		for (const event of demo.events)
			for (const [about, options] of Object.entries(demo.about)) {
				const already = receiver.received.length;
				await fetch(`${sandbox.url}/_sandbox/emit`, {
					method: 'POST',
					body: JSON.stringify({ event, ...options }),
				});
				rawRequest = rawRequestOf((await receiver.waitFor(already + 1))[already]!);
				delivered += 1;
				const records = (await tester(trigger.perform!, {
					authData,
					subscribeData,
					rawRequest,
					inputData,
				})) as unknown[];
				recorded += records.length;
				rows.push([
					event,
					about,
					records.length === 0 ? '- (filtered)' : `${records.length} record`,
				]);
			}
		const forged = (await tester(trigger.perform!, {
			authData,
			subscribeData,
			rawRequest: forgedCopy(provider, rawRequest!),
			inputData,
		})) as unknown[];
		rows.push([
			`${demo.events.at(-1)!} (forged proof)`,
			Object.keys(demo.about)[1]!,
			`${forged.length} records`,
		]);
		say(table(rows));
		const saved = delivered - recorded;
		say(
			`${delivered} deliveries through perform, ${recorded} records: ${saved} Zap run${saved === 1 ? '' : 's'} (tasks) saved; the forged one made ${forged.length}.`,
		);
		if (registers)
			await tester(trigger.performUnsubscribe!, {
				authData,
				subscribeData,
				targetUrl: receiver.url,
				inputData,
			}).catch(() => undefined);
		return recorded === demo.events.length && forged.length === 0;
	} finally {
		await receiver.close();
		delete process.env[`${provider.id.toUpperCase()}_BASE_URL`];
	}
}
