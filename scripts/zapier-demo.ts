/**
 * The Zapier side of the demo: the built Zapier app, run by Zapier's own runtime
 * (zapier-platform-core's app tester), against the sandbox over loopback HTTP.
 */
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

import { sign } from '../shared/index.js';
import { startReceiver } from '../sandbox/receiver.js';
import type { Sandbox } from '../sandbox/server.js';

const APP = join(__dirname, '..', 'zapier');
const EVENT = 'linkedin.message.received';

type Perform = (z: unknown, bundle: unknown) => unknown;
interface ZapierApp {
	triggers: Record<string, { operation: Record<string, Perform> }>;
}

/** Zapier renames delivery headers to `Http-Name` before `perform` sees them. */
function asZapierHeaders(headers: Record<string, unknown>): Record<string, string> {
	return Object.fromEntries(
		Object.entries(headers).map(([name, value]) => [
			`Http-${name.replace(/(^|-)([a-z])/g, (_, dash: string, c: string) => dash + c.toUpperCase())}`,
			String(value),
		]),
	);
}

export async function zapierDemo(sandbox: Sandbox, say: (line?: string) => void): Promise<boolean> {
	process.env.KAKIYO_BASE_URL = sandbox.apiUrl;
	// As under Zapier's own test runner: output checks throw, and no per-call memory report.
	process.env.NODE_ENV = 'test';
	const core = createRequire(join(APP, 'package.json'))('zapier-platform-core') as {
		createAppTester: (app: unknown) => (perform: Perform, bundle: unknown) => Promise<unknown>;
	};
	const app = (
		(await import(pathToFileURL(join(APP, 'dist', 'index.js')).href)) as { default: ZapierApp }
	).default;
	const tester = core.createAppTester(app);
	const trigger = app.triggers.linkedin_message_received!.operation;
	const receiver = await startReceiver();
	const authData = { apiKey: sandbox.apiKey };
	const hooks = async () =>
		(await (await fetch(`${sandbox.url}/_sandbox/hooks`)).json()) as Array<{ id: string }>;
	try {
		const subscribeData = (await tester(trigger.performSubscribe!, {
			authData,
			targetUrl: receiver.url,
			inputData: {},
		})) as { id: string; secret: string };
		say(
			`performSubscribe: Kakiyo hook ${subscribeData.id} -> ${receiver.url} (a stand-in for hooks.zapier.com)`,
		);

		await fetch(`${sandbox.url}/_sandbox/emit`, {
			method: 'POST',
			body: JSON.stringify({ event: EVENT }),
		});
		const [delivery] = await receiver.waitFor(1);
		const content = delivery!.body.toString('utf8');
		const rawRequest = {
			method: 'POST',
			querystring: '',
			headers: asZapierHeaders(delivery!.headers),
			content,
		};
		const records = (await tester(trigger.perform!, {
			authData,
			subscribeData,
			rawRequest,
			inputData: {},
		})) as Array<{ event: string; id: string }>;
		say(
			`perform (signed delivery): ${records.length} record, event ${records[0]?.event}, id ${records[0]?.id.slice(0, 12)}...`,
		);

		const forgedRequest = {
			...rawRequest,
			headers: {
				...rawRequest.headers,
				'Http-X-Kakiyo-Signature': sign(content, 'a-guessed-secret'),
			},
		};
		const forged = (await tester(trigger.perform!, {
			authData,
			subscribeData,
			rawRequest: forgedRequest,
			inputData: {},
		})) as unknown[];
		say(`perform (forged delivery): ${forged.length} records`);

		const samples = (await tester(trigger.performList!, { authData, inputData: {} })) as Array<{
			event: string;
			team?: { name?: string };
		}>;
		say(
			`performList (Zap editor samples): ${samples.length} from Kakiyo's example endpoint, event ${samples[0]?.event}, team "${samples[0]?.team?.name}"`,
		);

		await tester(trigger.performUnsubscribe!, { authData, subscribeData, inputData: {} });
		const left = await hooks();
		say(
			`performUnsubscribe: ${left.length === 0 ? 'the hook is gone from Kakiyo' : `hooks left: ${left.map((hook) => hook.id).join(', ')}`}`,
		);
		return records.length === 1 && forged.length === 0 && samples.length > 0 && left.length === 0;
	} finally {
		await receiver.close();
		delete process.env.KAKIYO_BASE_URL;
	}
}
