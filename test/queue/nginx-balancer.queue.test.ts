/**
 * The balancer's config in a real nginx, in front of two stand-ins for n8n's webhook processes:
 * round-robin alternates, a consistent hash keeps every value of its key on one process, and
 * everything but `/webhook/` goes to main.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterEach, expect, it } from 'vitest';

import { freePort, removeFolder } from '../harness/n8n-process.js';
import { RECIPE_FILE } from '../../scripts/queue-recipe.js';
import { DELIVERY_KEY, nginxBalancerConfig, type Balance } from './nginx-balancer.js';
import { ensureServicePackages, startNginx, type Nginx } from './services.js';

const SIGNATURE = 'x-kakiyo-signature';
const cleanUps: Array<() => unknown> = [];

afterEach(async () => {
	for (const step of cleanUps.splice(0).reverse()) await step();
});

/**
 * An HTTP server that records the signature header of each request it answers; one whose
 * signature is in `fail` it drops without an answer, as a process that crashed mid-request.
 */
async function standIn(): Promise<{ port: number; seen: string[]; fail: Set<string> }> {
	const seen: string[] = [];
	const fail = new Set<string>();
	const port = await freePort();
	const server: Server = createServer((req, res) => {
		const signature = String(req.headers[SIGNATURE] ?? req.url);
		seen.push(signature);
		req.resume();
		if (fail.delete(signature)) req.socket.destroy();
		else res.end('{}');
	});
	await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
	cleanUps.push(() => new Promise((resolve) => server.close(resolve)));
	return { port, seen, fail };
}

async function balancer(balance: Balance) {
	ensureServicePackages();
	const [a, b, main] = [await standIn(), await standIn(), await standIn()];
	const folder = mkdtempSync(join(tmpdir(), 'outreach-n8n-queue-nginx_test-'));
	cleanUps.push(() => removeFolder(folder));
	chmodSync(folder, 0o755);
	const port = await freePort();
	const config = nginxBalancerConfig({
		port,
		webhooks: [`127.0.0.1:${a.port}`, `127.0.0.1:${b.port}`],
		main: `127.0.0.1:${main.port}`,
		balance,
		runtimeFolder: folder,
	});
	const nginx: Nginx = await startNginx(config, folder, port);
	cleanUps.push(() => nginx.stop());
	main.seen.length = 0; // startNginx's own probe of `/`
	const send = async (
		path: string,
		signature: string,
		body = '{}',
		headers: Record<string, string> = {},
	) =>
		(
			await fetch(`http://127.0.0.1:${port}${path}`, {
				method: 'POST',
				headers: { [SIGNATURE]: signature, ...headers },
				body,
			})
		).status;
	return { a, b, main, send, nginx };
}

it('round-robin sends deliveries to the two webhook processes in turn, the rest to main', async () => {
	const { a, b, main, send } = await balancer('round-robin');
	for (let i = 0; i < 10; i++) expect(await send('/webhook/x/webhook', `sig${i}`)).toBe(200);
	expect(await send('/webhook-test/x/webhook', 'test')).toBe(200);
	expect(await send('/rest/settings', 'api')).toBe(200);
	expect([a.seen.length, b.seen.length]).toEqual([5, 5]);
	expect(main.seen).toEqual(['test', 'api']);
});

it('a consistent hash on the signature sends every copy of a delivery to the same process', async () => {
	const { a, b, send, nginx } = await balancer({ hash: '$http_x_kakiyo_signature' });
	for (let round = 0; round < 3; round++)
		for (let i = 0; i < 20; i++) expect(await send('/webhook/x/webhook', `sig${i}`)).toBe(200);
	expect(a.seen.length + b.seen.length).toBe(60);
	expect(a.seen.length).toBeGreaterThan(0);
	expect(b.seen.length).toBeGreaterThan(0);
	expect(a.seen.filter((signature) => b.seen.includes(signature))).toEqual([]);
	const logged = nginx.accessLog().filter((line) => line.includes('/webhook/'));
	expect(logged).toHaveLength(60);
});

it("the delivery key keeps a delivery and its retries on one process: by Breakcold's delivery id though each retry is signed anew, else by the body", async () => {
	const { a, b, send } = await balancer({ hash: DELIVERY_KEY });
	const bodies = Array.from({ length: 20 }, (_, i) =>
		JSON.stringify({ lead: i, pad: 'x'.repeat(i * 997) }),
	);
	for (let round = 0; round < 3; round++)
		for (const [i, body] of bodies.entries()) {
			// Same body, a new signature each time (a retry signed anew): only the id may count.
			expect(
				await send('/webhook/x/webhook', `id${i}:${round}`, '{}', {
					'x-webhook-delivery-id': `dlv_${i}`,
				}),
			).toBe(200);
			expect(await send('/webhook/x/webhook', `body${i}:${round}`, body)).toBe(200);
		}
	expect(a.seen.length + b.seen.length).toBe(120);
	// Where each delivery went, by what it shares with its retries.
	const where = (seen: string[]) => new Set(seen.map((signature) => signature.split(':')[0]));
	const [onA, onB] = [where(a.seen), where(b.seen)];
	expect([...onA].filter((key) => onB.has(key))).toEqual([]);
	expect(onA.size).toBeGreaterThan(0);
	expect(onB.size).toBeGreaterThan(0);
	// A body over 1 MB is hashed by nothing, so all such go to one process, still consistently.
	const big = JSON.stringify({ pad: 'y'.repeat(1_100_000) });
	for (let round = 0; round < 3; round++)
		expect(await send('/webhook/x/webhook', `big:${round}`, big)).toBe(200);
	expect(where(a.seen).has('big') !== where(b.seen).has('big')).toBe(true);
});

it('a process that failed a request keeps its keys: a retry right after still reaches it', async () => {
	const { a, b, send } = await balancer({ hash: DELIVERY_KEY });
	const body = (i: number) => JSON.stringify({ lead: i });
	for (let i = 0; i < 20; i++) await send('/webhook/x/webhook', `first${i}`, body(i));
	const onA = a.seen.map((signature) => Number(signature.slice('first'.length)));
	expect(onA.length).toBeGreaterThan(0);
	// A's request fails (nginx answers 502 and, by default, would mark A down for 10 s).
	a.fail.add('crash');
	expect(await send('/webhook/x/webhook', 'crash', body(onA[0]!))).toBe(502);
	// Every retry of A's deliveries, within those 10 s, goes to A again.
	for (const i of onA) expect(await send('/webhook/x/webhook', `retry${i}`, body(i))).toBe(200);
	expect(b.seen.filter((signature) => signature.startsWith('retry'))).toEqual([]);
});

it("the recipe's nginx.conf is one nginx accepts", () => {
	ensureServicePackages();
	const folder = mkdtempSync(join(tmpdir(), 'outreach-n8n-queue-nginx_test-'));
	cleanUps.push(() => removeFolder(folder));
	const check = spawnSync(
		'nginx',
		['-t', '-q', '-p', folder, '-c', RECIPE_FILE, '-e', join(folder, 'error.log')],
		{
			encoding: 'utf8',
		},
	);
	expect(check.status, check.stderr).toBe(0);
});

it('nginxBalancerConfig refuses a hash key that is not one nginx expression', () => {
	expect(() =>
		nginxBalancerConfig({ port: 1, webhooks: [], main: 'x:1', balance: { hash: '$a; b' } }),
	).toThrow(TypeError);
});
