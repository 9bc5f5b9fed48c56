/**
 * What a delivery costs before a run starts, against the floor: `createHmac` + `timingSafeEqual`
 * + `JSON.parse` on the same bytes, which any verifier of a signed JSON delivery must pay.
 * Each path runs in batches paired with a floor batch, interleaved, and a row is the median of
 * the paired ratios over `RUNS` runs (with their spread), so a busy machine slows both sides of
 * a pair alike. Every batch is a pool of distinct deliveries, so the repeat guard inserts each
 * one as it would a new delivery. `npm run bench -- --quick` runs this file alone.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { cpus } from 'node:os';
import { performance } from 'node:perf_hooks';

import { Webhook as StandardWebhook } from 'standardwebhooks';

import {
	signDelivery,
	receiveDelivery,
	RepeatGuard,
	type ProviderDefinition,
} from '../shared/index.js';
import { type DeliveryAuth } from '../shared/provider.js';
import { breakcold } from '../shared/providers/breakcold/index.js';
import { kakiyo } from '../shared/providers/kakiyo/index.js';
import { saleshandy } from '../shared/providers/saleshandy/index.js';

const SECRET = 'b'.repeat(64);
const SIZES = [350, 1024, 64 * 1024] as const;
/** Deliveries per batch: distinct bodies, so each is new to the repeat guard. */
const POOL = 256;
const PAIRS = Number(process.env.BENCH_PAIRS ?? 40);
const RUNS = 3;

interface Signed {
	/** The bytes as n8n receives them. */
	readonly bytes: Buffer;
	/** The body as Zapier hands it to `perform`: text. */
	readonly text: string;
	/** The headers as n8n hands them to the node: Node's lower case, with the usual others. */
	readonly headers: Record<string, string>;
	/** The same as Zapier hands them to `perform`: renamed `Http-X-Name`. */
	readonly zapierHeaders: Record<string, string>;
	/** For the floor: the hex HMAC of the body, as a signature header carries it. */
	readonly signature: string;
}

type Work = (delivery: Signed, index: number) => unknown;

/** A sample of `event` padded with a `notes` field to `size` bytes, unique by `n`. */
function bodyOf(provider: ProviderDefinition, event: string, size: number, n: number): string {
	const sample = provider.sampleFor(event);
	const dated =
		provider.dateField === null ? sample : { ...sample, timestamp: new Date().toISOString() };
	const base = JSON.stringify({ ...dated, notes: '', n });
	return JSON.stringify({ ...dated, notes: 'x'.repeat(Math.max(0, size - base.length)), n });
}

function poolOf(
	provider: ProviderDefinition,
	event: string,
	size: number,
	auth?: DeliveryAuth,
): Signed[] {
	return Array.from({ length: POOL }, (_, n) => {
		const proven = signDelivery(
			provider,
			bodyOf(provider, event, size, n),
			SECRET,
			Date.now(),
			auth,
		);
		const bytes = Buffer.from(proven.body);
		// Breakcold's signed format sends a delivery id header with each (unsigned, so unread).
		const id = auth?.kind === 'timestamped-hmac' ? 'X-Webhook-Delivery-Id' : undefined;
		return {
			bytes,
			text: bytes.toString('utf8'),
			...platformHeaders(
				id === undefined ? proven.headers : { ...proven.headers, [id]: `dlv_${size}_${n}` },
				bytes.length,
			),
			signature: createHmac('sha256', SECRET).update(bytes).digest('hex'),
		};
	});
}

/** A delivery's headers as each platform passes them, among those every request carries. */
function platformHeaders(
	proof: Record<string, string>,
	length: number,
): { headers: Record<string, string>; zapierHeaders: Record<string, string> } {
	const all: Record<string, string> = {
		Host: 'n8n.example.com',
		'User-Agent': 'provider-webhooks/1.0',
		'Content-Type': 'application/json',
		'Content-Length': String(length),
		Accept: '*/*',
		'X-Forwarded-For': '203.0.113.7',
		...proof,
	};
	const entries = Object.entries(all);
	return {
		headers: Object.fromEntries(entries.map(([name, value]) => [name.toLowerCase(), value])),
		zapierHeaders: Object.fromEntries(entries.map(([name, value]) => [`Http-${name}`, value])),
	};
}

/** The least any verifier of a signed JSON body does, given the bytes. */
const floor: Work = (delivery) => {
	const expected = createHmac('sha256', SECRET).update(delivery.bytes).digest();
	if (!timingSafeEqual(expected, Buffer.from(delivery.signature, 'hex')))
		throw new Error('floor: mismatch');
	return JSON.parse(delivery.bytes.toString('utf8')) as unknown;
};

/** The same, given the text, as Zapier gives it: the Zapier path's floor. */
const textFloor: Work = (delivery) => {
	const expected = createHmac('sha256', SECRET).update(delivery.text).digest();
	if (!timingSafeEqual(expected, Buffer.from(delivery.signature, 'hex')))
		throw new Error('floor: mismatch');
	return JSON.parse(delivery.text) as unknown;
};

/** The n8n node's path: `receiveDelivery`, then the repeat guard. */
function n8nPath(provider: ProviderDefinition, event: string): () => Work {
	return () => {
		const guard = new RepeatGuard();
		return (delivery) => {
			const reception = receiveDelivery(
				provider,
				{ headers: delivery.headers, body: delivery.bytes },
				{ secret: SECRET, selected: [event] },
			);
			if (reception.outcome !== 'accepted') throw new Error(`n8n path: ${reception.outcome}`);
			const seen = guard.remember(
				'bench',
				reception.fingerprint,
				reception.rememberUntil,
				Date.now(),
			);
			if (seen.repeat) throw new Error('n8n path: a distinct delivery counted as a repeat');
			return reception.event;
		};
	};
}

/** The Zapier app's path: `receiveDelivery`, then the record Zapier gets, its id the fingerprint. */
function zapierPath(provider: ProviderDefinition, event: string): () => Work {
	return () => (delivery) => {
		const reception = receiveDelivery(
			provider,
			// A fresh object, as each delivery brings one: nothing remembered from the last time.
			{ headers: { ...delivery.zapierHeaders }, body: delivery.text },
			{ secret: SECRET, selected: [event] },
		);
		if (reception.outcome !== 'accepted') throw new Error(`Zapier path: ${reception.outcome}`);
		return { ...reception.event, id: reception.fingerprint };
	};
}

async function timeBatch(work: Work, pool: readonly Signed[], async: boolean): Promise<number> {
	const started = performance.now();
	if (async) for (let i = 0; i < pool.length; i++) await work(pool[i] as Signed, i);
	else for (let i = 0; i < pool.length; i++) work(pool[i] as Signed, i);
	return performance.now() - started;
}

function median(values: number[]): number {
	const sorted = [...values].sort((a, b) => a - b);
	const middle = Math.floor(sorted.length / 2);
	return sorted.length % 2 === 1
		? (sorted[middle] as number)
		: ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

/** Median over runs of the median paired ratio, and the runs' spread around it. */
async function ratio(
	make: () => Work,
	pool: readonly Signed[],
	options: { async?: boolean; floor?: Work } = {},
): Promise<{ ratio: number; spread: number; micros: number }> {
	const { async = false, floor: base = floor } = options;
	const runs: number[] = [];
	const times: number[] = [];
	for (let run = 0; run < RUNS; run++) {
		const ratios: number[] = [];
		// Warm-up: both paths, compiled and with their caches filled.
		for (let i = 0; i < 5; i++) {
			await timeBatch(base, pool, false);
			await timeBatch(make(), pool, async);
		}
		for (let pair = 0; pair < PAIRS; pair++) {
			const work = make();
			const first = pair % 2 === 0;
			const a = first ? await timeBatch(base, pool, false) : 0;
			const b = await timeBatch(work, pool, async);
			const c = first ? 0 : await timeBatch(base, pool, false);
			ratios.push(b / (a + c));
			times.push(b / pool.length);
		}
		runs.push(median(ratios));
	}
	const middle = median(runs);
	return {
		ratio: middle,
		spread: Math.max(...runs.map((value) => Math.abs(value - middle))),
		micros: median(times) * 1000,
	};
}

const format = (result: { ratio: number; spread: number }) =>
	`${result.ratio.toFixed(2)}× ±${result.spread.toFixed(2)}`;

interface Row {
	readonly label: string;
	readonly cells: (size: number) => Promise<string>;
}

/** A provider's rows: both adapters' paths on its own deliveries. */
function providerRows(
	provider: ProviderDefinition,
	event: string,
	format_: string,
	auth?: DeliveryAuth,
): Row[] {
	const pools = new Map<number, Signed[]>();
	const pool = (size: number) => {
		let found = pools.get(size);
		if (found === undefined) pools.set(size, (found = poolOf(provider, event, size, auth)));
		return found;
	};
	return [
		{
			label: `${provider.displayName} ${format_}: n8n node (receive + repeat guard)`,
			cells: async (size) => format(await ratio(n8nPath(provider, event), pool(size))),
		},
		{
			label: `${provider.displayName} ${format_}: Zapier (receive + record id)`,
			cells: async (size) =>
				format(await ratio(zapierPath(provider, event), pool(size), { floor: textFloor })),
		},
	];
}

/** The peers; Octokit's package is ECMAScript-modules only, so it is imported, not required. */
async function peerRows(): Promise<Row[]> {
	const { verify: octokitVerify } = await import('@octokit/webhooks-methods');
	const pools = new Map<number, Signed[]>();
	const pool = (size: number) => {
		let found = pools.get(size);
		if (found === undefined) pools.set(size, (found = poolOf(kakiyo, 'prospect.qualified', size)));
		return found;
	};
	const hex = (delivery: Signed) => `sha256=${delivery.signature}`;
	const standardSecret = `whsec_${Buffer.from(SECRET).toString('base64')}`;
	const standard = new StandardWebhook(standardSecret);
	const standardHeaders = new Map<Signed, Record<string, string>>();
	const headersFor = (delivery: Signed, index: number) => {
		let found = standardHeaders.get(delivery);
		if (found === undefined) {
			const id = `msg_${index}`;
			const at = new Date();
			const signature = standard.sign(id, at, delivery.bytes.toString('utf8'));
			found = {
				'webhook-id': id,
				'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
				'webhook-signature': signature,
			};
			standardHeaders.set(delivery, found);
		}
		return found;
	};
	return [
		{
			label: '`@octokit/webhooks-methods` verify + JSON.parse (a peer)',
			cells: async (size) =>
				format(
					await ratio(
						() => async (delivery) => {
							const text = delivery.bytes.toString('utf8');
							if (!(await octokitVerify(SECRET, text, hex(delivery))))
								throw new Error('octokit: mismatch');
							return JSON.parse(text) as unknown;
						},
						pool(size),
						{ async: true },
					),
				),
		},
		{
			label: '`standardwebhooks` verify, which parses (a peer)',
			cells: async (size) => {
				// Signed outside the timed batches.
				pool(size).forEach((delivery, index) => headersFor(delivery, index));
				return format(
					await ratio(
						() => (delivery, index) => standard.verify(delivery.bytes, headersFor(delivery, index)),
						pool(size),
					),
				);
			},
		},
	];
}

async function main(): Promise<void> {
	const rows: Row[] = [
		...providerRows(kakiyo, 'prospect.qualified', '(HMAC header)'),
		...providerRows(saleshandy, 'email-sent', '(secret header)'),
		...providerRows(breakcold, 'record.created', '(current, timestamped HMAC)'),
		...providerRows(breakcold, 'lead.create', '(legacy, secret in body)', {
			kind: 'secret-in-body',
			field: 'secret',
		}),
		...(await peerRows()),
	];
	const cpu = cpus();
	console.log(
		`Receive path against the floor (createHmac + timingSafeEqual + JSON.parse, same bytes): node ${process.version}, ${cpu.length} × ${cpu[0]?.model ?? 'cpu'}, ${new Date().toISOString().slice(0, 10)}; ${RUNS} runs × ${PAIRS} paired batches of ${POOL} distinct deliveries.`,
	);
	console.log(`\n| path | ${SIZES.map(sizeLabel).join(' | ')} |`);
	console.log(`|---|${SIZES.map(() => '---').join('|')}|`);
	for (const row of rows) {
		const cells: string[] = [];
		for (const size of SIZES) {
			process.stderr.write(`[bench] ${row.label} at ${sizeLabel(size)}\n`);
			cells.push(await row.cells(size));
		}
		console.log(`| ${row.label} | ${cells.join(' | ')} |`);
	}
	const floorMicros = await Promise.all(
		SIZES.map(async (size) => {
			const pool = poolOf(kakiyo, 'prospect.qualified', size);
			await timeBatch(floor, pool, false);
			return ((await timeBatch(floor, pool, false)) / POOL) * 1000;
		}),
	);
	console.log(
		`| floor itself, per delivery | ${floorMicros.map((micros) => `${micros.toFixed(1)} µs`).join(' | ')} |`,
	);
}

function sizeLabel(size: number): string {
	return size < 1024 ? `${size} B` : `${size / 1024} KB`;
}

main().catch((error: unknown) => {
	console.error(error);
	process.exitCode = 1;
});
