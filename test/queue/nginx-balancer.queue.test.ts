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
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';

import { afterEach, expect, it } from 'vitest';

import { freePort, removeFolder } from '../harness/n8n-process.js';
import { RECIPE_FILE } from '../../scripts/queue-recipe.js';
import { DELIVERY_KEY, nginxBalancerConfig, type Balance } from './nginx-balancer.js';
import { rawPost, type RawPost } from './raw-post.js';
import { ensureServicePackages, startNginx, type Nginx } from './services.js';

const SIGNATURE = 'x-kakiyo-signature';
const cleanUps: Array<() => unknown> = [];

afterEach(async () => {
	for (const step of cleanUps.splice(0).reverse()) await step();
});

interface Received {
	signature: string;
	/** Header names and values as they arrived, in order (`rawHeaders`). */
	headers: string[];
	body: Buffer;
}

/**
 * An HTTP server that records the signature header, headers and body of each request it answers;
 * one whose signature is in `fail` it drops without an answer, as a process that crashed
 * mid-request.
 */
async function standIn(): Promise<{
	port: number;
	seen: string[];
	received: Received[];
	fail: Set<string>;
}> {
	const seen: string[] = [];
	const received: Received[] = [];
	const fail = new Set<string>();
	const port = await freePort();
	const server: Server = createServer((req, res) => {
		const signature = String(req.headers[SIGNATURE] ?? req.url);
		seen.push(signature);
		if (fail.delete(signature)) {
			req.socket.destroy();
			return;
		}
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => {
			received.push({ signature, headers: req.rawHeaders, body: Buffer.concat(chunks) });
			res.end('{}');
		});
	});
	await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
	cleanUps.push(() => new Promise((resolve) => server.close(resolve)));
	return { port, seen, received, fail };
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
	const raw = (post: RawPost) => rawPost(`http://127.0.0.1:${port}`, post);
	return { a, b, main, send, raw, nginx };
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

/** The processes a request reached, by the access log's `upstream=`. */
const upstreamsIn = (log: string[]) =>
	new Set(
		log
			.filter((line) => line.includes('/webhook/'))
			.map((line) => /upstream=(\S+)/.exec(line)?.[1]),
	);

/** Which delivery each process received, by the part of the label before `:`. */
const deliveriesOn = (seen: string[]) => new Set(seen.map((signature) => signature.split(':')[0]));

it('the delivery key sends every copy of a body to one process, whatever its unsigned headers, query, path case or encoding header say', async () => {
	const { a, b, send, raw } = await balancer({ hash: DELIVERY_KEY });
	const bodies = Array.from({ length: 20 }, (_, i) =>
		JSON.stringify({ lead: i, pad: 'x'.repeat(i * 997) }),
	);
	const path = '/webhook/x/webhook';
	for (const [i, body] of bodies.entries()) {
		const copies: Array<[string, RawPost]> = [
			['as sent', { target: path, headers: [], body }],
			...[1, 2, 3].map((n): [string, RawPost] => [
				`made-up id ${n}`,
				{ target: path, headers: [['X-Webhook-Delivery-Id', `dlv_${i}_${n}`]], body },
			]),
			['constant id', { target: path, headers: [['X-Webhook-Delivery-Id', 'dlv_pinned']], body }],
			[
				'id twice',
				{
					target: path,
					headers: [
						['X-Webhook-Delivery-Id', 'dlv_a'],
						['x-webhook-delivery-id', 'dlv_b'],
					],
					body,
				},
			],
			[
				'other headers',
				{
					target: path,
					headers: [
						['User-Agent', `attacker/${i}`],
						['X-Webhook-Timestamp', '1'],
						['X-Webhook-Event', 'other.event'],
						['X-Forwarded-For', `10.0.0.${i}`],
						['Content-Type', 'text/plain'],
					],
					body,
				},
			],
			['query', { target: `${path}?attempt=${i}&x=${'q'.repeat(i)}`, headers: [], body }],
			['path case', { target: '/WEBHOOK/x/Webhook', headers: [], body }],
			['encoding header', { target: path, headers: [['Content-Encoding', 'gzip']], body }],
		];
		for (const [name, copy] of copies) {
			const labelled: RawPost = {
				...copy,
				headers: [...copy.headers, [SIGNATURE, `${i}:${name}`]],
			};
			expect(await raw(labelled), name).toBe(200);
		}
		// A retry signed anew: only the signature differs.
		expect(await send(path, `${i}:signed anew`, body)).toBe(200);
	}
	expect(a.seen.length + b.seen.length).toBe(bodies.length * 11);
	const [onA, onB] = [deliveriesOn(a.seen), deliveriesOn(b.seen)];
	expect([...onA].filter((key) => onB.has(key))).toEqual([]);
	expect(onA.size).toBeGreaterThan(0);
	expect(onB.size).toBeGreaterThan(0);
});

it('constant unsigned headers pin nothing: distinct bodies under one delivery id, user agent and signature reach both processes', async () => {
	const { a, b, raw, nginx } = await balancer({ hash: DELIVERY_KEY });
	const headers = [
		['X-Webhook-Delivery-Id', 'dlv_pinned'],
		['User-Agent', 'attacker/1'],
		[SIGNATURE, 'sha256=forged'],
	] as const;
	for (let i = 0; i < 30; i++)
		expect(await raw({ target: '/webhook/x/webhook', headers, body: `{"forged":${i}}` })).toBe(200);
	expect(upstreamsIn(nginx.accessLog()).size).toBe(2);
	expect(a.seen.length).toBeGreaterThan(0);
	expect(b.seen.length).toBeGreaterThan(0);
});

it('/webhook/ passes no Content-Encoding on, however many copies the client sent, and the body as it came', async () => {
	const { a, b, raw } = await balancer({ hash: DELIVERY_KEY });
	const plain = JSON.stringify({ lead: 1, note: 'x'.repeat(2_000) });
	const encoded: Array<[string, Buffer]> = [
		['gzip', gzipSync(plain)],
		['deflate', deflateSync(plain)],
		['br', brotliCompressSync(plain)],
	];
	for (const [coding, body] of encoded) {
		const headers: Array<[string, string]> = [
			['Content-Encoding', coding],
			['content-encoding', coding],
			['CONTENT-ENCODING', 'identity'],
			['Content-Type', 'application/json'],
			[SIGNATURE, coding],
		];
		expect(await raw({ target: '/webhook/x/webhook', headers, body })).toBe(200);
	}
	const received = [...a.received, ...b.received];
	expect(received.map((request) => request.signature).sort()).toEqual(['br', 'deflate', 'gzip']);
	for (const [coding, body] of encoded) {
		const request = received.find((entry) => entry.signature === coding)!;
		const names = request.headers
			.filter((_, index) => index % 2 === 0)
			.map((name) => name.toLowerCase());
		expect(names).not.toContain('content-encoding');
		expect(names).toContain('content-type');
		expect(request.body.equals(body)).toBe(true);
	}
});

it('/webhook/ refuses a chunked body (411) and one over 1 MB (413) and passes neither on; 1 MB bodies are each hashed by their bytes', async () => {
	const { a, b, raw, main } = await balancer({ hash: DELIVERY_KEY });
	const target = '/webhook/x/webhook';
	const body = '{"lead":1}';
	// Each would reach n8n whole, but nginx wrote the padded one to a temporary file, which has
	// no $request_body: without the refusal it went wherever an empty key hashes.
	expect(await raw({ target, headers: [], body, chunked: { size: 3 } })).toBe(411);
	const padding = `;x=${'a'.repeat(200_000)}`;
	expect(await raw({ target, headers: [], body, chunked: { size: 1, extension: padding } })).toBe(
		411,
	);
	const over = Buffer.alloc(1024 * 1024 + 1, 'y');
	expect(await raw({ target, headers: [], body: over })).toBe(413);
	expect([...a.seen, ...b.seen, ...main.seen]).toEqual([]);
	// At the limit each body still has its own key: copies stay together and both processes serve.
	const atLimit = Array.from({ length: 12 }, (_, i) =>
		Buffer.alloc(1024 * 1024, String.fromCharCode(97 + i)),
	);
	for (const round of [1, 2])
		for (const [i, big] of atLimit.entries())
			expect(await raw({ target, headers: [[SIGNATURE, `big${i}:${round}`]], body: big })).toBe(
				200,
			);
	const [onA, onB] = [deliveriesOn(a.seen), deliveriesOn(b.seen)];
	expect([...onA].filter((key) => onB.has(key))).toEqual([]);
	expect(onA.size).toBeGreaterThan(0);
	expect(onB.size).toBeGreaterThan(0);
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
