import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

import { afterEach, describe, expect, it } from 'vitest';

const root = join(__dirname, '..', '..');
const tsx = join(root, 'node_modules', '.bin', 'tsx');
const children: ChildProcess[] = [];

/** Runs `npm run sandbox`'s command with `args`; resolves with its banner once it has printed the key. */
function start(args: string[]): Promise<{ baseUrl: string; apiKey: string; banner: string }> {
	const child = spawn(tsx, [join(root, 'sandbox', 'cli.ts'), ...args], { cwd: root });
	children.push(child);
	let banner = '';
	return new Promise((resolve, reject) => {
		child.stdout.on('data', (chunk: Buffer) => {
			banner += chunk.toString();
			const baseUrl = /^API base URL: (\S+)$/m.exec(banner)?.[1];
			const apiKey = /^API key: (\S+)$/m.exec(banner)?.[1];
			if (baseUrl && apiKey) resolve({ baseUrl, apiKey, banner });
		});
		child.once('exit', (code) => reject(new Error(`the sandbox exited with ${code}: ${banner}`)));
	});
}

/** Runs the command to its end; resolves with its exit code and what it printed on stderr. */
function run(args: string[]): Promise<{ code: number | null; stderr: string }> {
	const child = spawn(tsx, [join(root, 'sandbox', 'cli.ts'), ...args], { cwd: root });
	children.push(child);
	let stderr = '';
	child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
	return new Promise((resolve) => child.once('exit', (code) => resolve({ code, stderr })));
}

afterEach(async () => {
	const running = children.splice(0).filter((child) => child.exitCode === null);
	const exited = running.map((child) => new Promise((resolve) => child.once('exit', resolve)));
	for (const child of running) child.kill('SIGTERM');
	await Promise.all(exited);
});

describe('npm run sandbox', () => {
	it('plays Kakiyo by default and prints a base URL and a key that its API accepts', async () => {
		const { baseUrl, apiKey, banner } = await start(['--port', '0']);
		expect(banner).toMatch(/^kakiyo sandbox on http:\/\/127\.0\.0\.1:\d+$/m);
		const response = await fetch(`${baseUrl}/verify`, {
			headers: { authorization: `Bearer ${apiKey}` },
		});
		expect(response.status).toBe(200);
	});

	it('--provider saleshandy --delete-enabled serves Saleshandy with its delete route', async () => {
		const { baseUrl, apiKey } = await start([
			'--provider',
			'saleshandy',
			'--port',
			'0',
			'--api-key',
			'cli-key',
			'--delete-enabled',
		]);
		expect(apiKey).toBe('cli-key');
		const headers = { 'x-api-key': apiKey };
		expect((await fetch(`${baseUrl}/webhook?page=1&pageSize=10`, { headers })).status).toBe(200);
		const removed = await fetch(`${baseUrl}/webhook/${'0'.repeat(24)}`, {
			method: 'DELETE',
			headers,
		});
		expect(await removed.json()).toEqual({ message: '1004: Webhook not found', errorCode: 1004 });
	});

	it('an unknown provider stops it with exit code 2 and the list of providers', async () => {
		const { code, stderr } = await run(['--provider', 'nope', '--port', '0']);
		expect(code).toBe(2);
		expect(stderr).toContain('--provider must be one of kakiyo, breakcold, saleshandy');
	});
});
