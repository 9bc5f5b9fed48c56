/**
 * Each Zapier app (its build, `zapier/apps/<id>/dist`) through zapier-platform-core's app tester
 * against the sandboxes a soak file runs, with Zapier's logging to stdout on: what the app and
 * Zapier print while connecting, subscribing, receiving authentic and forged deliveries, failing
 * and unsubscribing. Run as its own process (`tsx`) so its console is all that is printed; the
 * secrets it made or used go to the file `SOAK_SECRETS_OUT` names, never to its output.
 *
 * Environment: KAKIYO_BASE_URL, KAKIYO_API_KEY, KAKIYO_CONTROL (the sandbox's URL),
 * SALESHANDY_BASE_URL, SALESHANDY_API_KEY, SALESHANDY_CONTROL, BREAKCOLD_SECRET, TARGET_URL,
 * SOAK_SECRETS_OUT.
 */
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

import { signDelivery } from '../../shared/index.js';
import { breakcold } from '../../shared/providers/breakcold/index.js';
import { kakiyo } from '../../shared/providers/kakiyo/index.js';
import { saleshandy } from '../../shared/providers/saleshandy/index.js';
import type { ProviderDefinition } from '../../shared/index.js';

type Call = (method: unknown, bundle: Record<string, unknown>) => Promise<unknown>;
interface App {
	authentication: { test: unknown };
	triggers: Record<string, { operation: Record<string, unknown> }>;
}

const ZAPIER = join(__dirname, '..', '..', 'zapier');
const env = (name: string) => {
	const value = process.env[name];
	if (!value) throw new Error(`${name} is not set`);
	return value;
};
const secrets: Array<{ label: string; value: string }> = [];

const core = createRequire(join(ZAPIER, 'package.json'))('zapier-platform-core') as {
	createAppTester(app: unknown): Call;
};

async function appOf(id: string): Promise<App> {
	const path = join(ZAPIER, 'apps', id, 'dist', 'index.js');
	return ((await import(path)) as { default: App }).default;
}

/** A delivery as Zapier hands it to `perform`: headers renamed `Http-…`, the body as text. */
function rawRequest(content: string, headers: Record<string, string>) {
	const renamed = Object.fromEntries(
		Object.entries(headers).map(([name, value]) => [
			`Http-${name.replace(/(^|-)([a-z])/gi, (_, dash: string, letter: string) => dash + letter.toUpperCase())}`,
			value,
		]),
	);
	return { method: 'POST', querystring: '', headers: renamed, content };
}

/** Runs a step, printing what came of it as a Zap's developer would see it. */
async function step(label: string, run: () => Promise<unknown>): Promise<unknown> {
	try {
		const result = await run();
		// What the platform stores (a subscription's secret) is the platform's; only its shape is shown.
		const shown = JSON.stringify(result, (key, value: unknown) =>
			key === 'secret' ? '(kept by Zapier)' : value,
		);
		console.log(`${label}: ${shown?.slice(0, 400)}`);
		return result;
	} catch (error) {
		console.log(`${label}: ${(error as Error).name}: ${(error as Error).message}`);
		return undefined;
	}
}

async function fault(control: string, path: string) {
	await fetch(`${control}/_sandbox/faults`, {
		method: 'POST',
		body: JSON.stringify({ kind: 'error', method: 'POST', path, afterHandling: true }),
	});
}

/** Connect, subscribe (once failing), deliver authentic and forged, list samples, unsubscribe. */
async function withApi(provider: ProviderDefinition, createPath: string) {
	const id = provider.id.toUpperCase();
	const app = await appOf(provider.id);
	const test = core.createAppTester(app);
	const apiKey = env(`${id}_API_KEY`);
	const control = env(`${id}_CONTROL`);
	const wrongKey = `wrong${'k'.repeat(35)}`;
	secrets.push({ label: `${provider.id} API key`, value: apiKey });
	secrets.push({ label: `${provider.id} wrong API key`, value: wrongKey });
	const auth = { authData: { apiKey } };
	const operation = app.triggers.new_event!.operation;
	const event = provider.sampleEvent ?? provider.events[0]!.id;
	const events = provider.wildcard ? [provider.wildcard] : [event];
	const subscribe = { ...auth, targetUrl: env('TARGET_URL'), inputData: { events } };

	await step(`${provider.id}: connection test`, () => test(app.authentication.test, auth));
	await step(`${provider.id}: connection test, wrong key`, () =>
		test(app.authentication.test, { authData: { apiKey: wrongKey }, inputData: {} }),
	);
	await fault(control, createPath);
	await step(`${provider.id}: subscribe while the provider answers 500`, () =>
		test(operation.performSubscribe, subscribe),
	);
	const subscribeData = (await step(`${provider.id}: subscribe`, () =>
		test(operation.performSubscribe, subscribe),
	)) as { secret: string } | undefined;
	if (subscribeData === undefined) throw new Error(`${provider.id}: subscribe failed`);
	secrets.push({ label: `${provider.id} hook secret (Zapier)`, value: subscribeData.secret });
	const body = JSON.stringify({
		...provider.sampleFor(event),
		timestamp: new Date().toISOString(),
	});
	const good = signDelivery(provider, body, subscribeData.secret);
	const forged = signDelivery(provider, body, 'a-guessed-secret');
	await step(`${provider.id}: perform, authentic`, () =>
		test(operation.perform, {
			...auth,
			subscribeData,
			inputData: { events },
			rawRequest: rawRequest(String(good.body), good.headers),
		}),
	);
	await step(`${provider.id}: perform, forged`, () =>
		test(operation.perform, {
			...auth,
			subscribeData,
			inputData: { events },
			rawRequest: rawRequest(String(forged.body), forged.headers),
		}),
	);
	await step(`${provider.id}: sample data`, () =>
		test(operation.performList, { ...auth, inputData: { events } }),
	);
	await step(`${provider.id}: unsubscribe`, () =>
		test(operation.performUnsubscribe, { ...auth, subscribeData, inputData: { events } }),
	);
}

/** Breakcold: the pasted secret, both formats, and a wrong secret. */
async function withPastedSecret() {
	const app = await appOf('breakcold');
	const test = core.createAppTester(app);
	const webhookSecret = env('BREAKCOLD_SECRET');
	secrets.push({ label: "Breakcold's pasted secret", value: webhookSecret });
	const auth = { authData: { webhookSecret } };
	const operation = app.triggers.new_event!.operation;
	const inputData = { events: ['*'] };
	await step('breakcold: connection test', () => test(app.authentication.test, auth));
	const current = JSON.stringify({
		...breakcold.sampleFor('record.updated'),
		timestamp: new Date().toISOString(),
	});
	const legacy = JSON.stringify(breakcold.sampleFor('lead.create'));
	const [currentAuth, legacyAuth] = breakcold.deliveryAuth;
	for (const [label, body, proof, secret] of [
		['current, authentic', current, currentAuth, webhookSecret],
		['current, forged', current, currentAuth, 'a-guessed-secret'],
		['legacy, authentic', legacy, legacyAuth, webhookSecret],
		['legacy, forged', legacy, legacyAuth, 'a-guessed-secret'],
	] as const) {
		const sent = signDelivery(breakcold, body, secret, Date.now(), proof);
		await step(`breakcold: perform, ${label}`, () =>
			test(operation.perform, {
				...auth,
				inputData,
				rawRequest: rawRequest(String(sent.body), sent.headers),
			}),
		);
	}
}

async function main() {
	try {
		await withApi(kakiyo, '/webhooks');
		await withApi(saleshandy, '/webhook/create');
		await withPastedSecret();
	} finally {
		writeFileSync(env('SOAK_SECRETS_OUT'), JSON.stringify(secrets));
	}
}

void main().catch((error: Error) => {
	console.error(`zapier-console: ${error.message}`);
	process.exitCode = 1;
});
