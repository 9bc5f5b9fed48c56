import { parseArgs } from 'node:util';

import { PROVIDERS, startSandbox, type SandboxProvider } from './server.js';

const { values } = parseArgs({
	options: {
		provider: { type: 'string', default: 'kakiyo' },
		'delete-enabled': { type: 'boolean', default: false },
		port: { type: 'string', default: '4010' },
		host: { type: 'string', default: '127.0.0.1' },
		'api-key': { type: 'string' },
		'time-scale': { type: 'string', default: '1' },
	},
});

const port = Number(values.port);
const timeScale = Number(values['time-scale']);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
	console.error(`--port must be a TCP port, not "${values.port}"`);
	process.exit(2);
}
const provider = values.provider as SandboxProvider;
if (!Object.hasOwn(PROVIDERS, provider)) {
	console.error(
		`--provider must be one of ${Object.keys(PROVIDERS).join(', ')}, not "${values.provider}"`,
	);
	process.exit(2);
}
if (!(timeScale > 0)) {
	console.error(`--time-scale must be a positive number, not "${values['time-scale']}"`);
	process.exit(2);
}

async function main(): Promise<void> {
	const sandbox = await startSandbox({
		provider,
		deleteEnabled: values['delete-enabled'],
		port,
		host: values.host,
		apiKey: values['api-key'],
		timeScale,
	});
	console.log(`${provider} sandbox on ${sandbox.url}`);
	console.log(`API base URL: ${sandbox.apiUrl}`);
	console.log(`API key: ${sandbox.apiKey}`);
	console.log(`Controls: ${sandbox.url}/_sandbox (see sandbox/README.md)`);
	for (const signal of ['SIGINT', 'SIGTERM'] as const) {
		process.once(signal, () => void sandbox.close().then(() => process.exit(0)));
	}
}

main().catch((error: unknown) => {
	console.error(error instanceof Error ? error.message : error);
	process.exit(1);
});
