/**
 * Issue 19's attack on the balancer, for the queue-mode test: genuine deliveries captured and
 * sent again inside Maximum Age with everything an attacker can change without breaking the
 * proof changed (delivery id headers made up, constant, doubled or gone; other headers; the
 * query; the path's case; the body compressed, or chunked), and requests under constant
 * unsigned headers that must not all reach one webhook process.
 */
import { randomBytes } from 'node:crypto';
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';

import { sleep } from '../harness/driver.js';
import { delivery, FORMAT, type Format, type Sent, type Trigger } from '../soak/soak-stack.js';
import { rawPost, type RawPost } from './raw-post.js';

/** The formats whose captured deliveries are sent again (Breakcold's legacy one carries its secret). */
export const REPLAYED: readonly Format[] = ['kakiyo', 'saleshandy', 'breakcold-current'];

const DELIVERY_ID = 'X-Webhook-Delivery-Id';

/** A copy of a captured delivery, named for the table. */
export interface Copy {
	name: string;
	post: RawPost;
}

const withoutHeader = (sent: Sent, name: string) =>
	Object.entries(sent.headers).filter(([key]) => key.toLowerCase() !== name.toLowerCase());

/** The copies of `sent` (posted to `path`) an attacker who captured it sends. */
export function copiesOf(sent: Sent, path: string, proofHeader: string): Copy[] {
	const headers = Object.entries(sent.headers);
	const rest = withoutHeader(sent, DELIVERY_ID);
	const body = sent.body;
	const copy = (name: string, post: Partial<RawPost>): Copy => ({
		name,
		post: { target: path, headers, body, ...post },
	});
	const proof = headers.find(([key]) => key.toLowerCase() === proofHeader.toLowerCase())!;
	const encoded = (coding: string, bytes: Buffer) =>
		copy(coding, { headers: [...headers, ['Content-Encoding', coding]], body: bytes });
	return [
		copy('as captured', {}),
		...[1, 2, 3].map((n) =>
			copy(`made-up delivery id (${n} of 3)`, {
				headers: [...rest, [DELIVERY_ID, `dlv_${randomBytes(12).toString('hex')}`]],
			}),
		),
		copy('constant delivery id', { headers: [...rest, [DELIVERY_ID, 'dlv_attacker']] }),
		copy('delivery id removed', { headers: rest }),
		copy('delivery id twice', {
			headers: [...rest, [DELIVERY_ID, 'dlv_a'], [DELIVERY_ID.toLowerCase(), 'dlv_b']],
		}),
		copy('header names upper-cased', {
			headers: headers.map(([key, value]) => [key.toUpperCase(), value] as const),
		}),
		copy('other unsigned headers', {
			headers: [
				...withoutHeader(sent, 'content-type'),
				['Content-Type', 'text/plain'],
				['User-Agent', 'attacker/1.0'],
				['X-Webhook-Event', 'other.event'],
				['X-Forwarded-For', '203.0.113.9'],
			],
		}),
		copy('proof header twice', { headers: [...headers, proof] }),
		copy('query string', { target: `${path}?replay=${randomBytes(4).toString('hex')}` }),
		copy('path upper-cased', { target: path.toUpperCase() }),
		encoded('gzip', gzipSync(body)),
		encoded('deflate', deflateSync(body)),
		encoded('br', brotliCompressSync(body)),
		copy('gzip header on the plain body', { headers: [...headers, ['Content-Encoding', 'gzip']] }),
		copy('chunked', { chunked: { size: 64 } }),
	];
}

/** What became of one request of the attack. */
export interface AttackAnswer {
	format: Format;
	/** The copy's name, `genuine` for a captured delivery as the provider sent it. */
	copy: string;
	status: number;
}

export interface AttackResult {
	answers: AttackAnswer[];
	/** The marks of the captured deliveries and of the genuine ones under constant headers. */
	marks: string[];
	/** Query values that find the constant-header requests in nginx's access log. */
	pinnedQuery: { genuine: string; forged: string };
}

/** The header that proves a delivery in `format`. */
function proofHeaderOf(format: Format): string {
	const { auth } = FORMAT[format];
	if (auth.kind === 'timestamped-hmac') return auth.signatureHeader;
	if (auth.kind === 'secret-in-body') throw new TypeError(`replay: ${format} has no proof header`);
	return auth.header;
}

/**
 * Posts until n8n answers something other than 503 ("Database is not ready!", which n8n answers
 * before any node runs when its database ping is late on a busy machine) or nothing, at most 6
 * times 2 s apart, as a provider retries and an attacker would: each copy must reach a trigger.
 */
async function postThrough(url: string, post: RawPost): Promise<number> {
	let status = 0;
	for (let attempt = 0; attempt < 6; attempt++) {
		if (attempt > 0) await sleep(2_000);
		status = await rawPost(url, post);
		if (status !== 503 && status !== 0) break;
	}
	return status;
}

/** The path of a trigger's URL. */
const pathOf = (url: string) => new URL(url).pathname;

/**
 * For each replayed format: `captured` genuine deliveries sent once and then as every copy of
 * `copiesOf`; `pinned` genuine deliveries and as many forged ones (a wrong proof) with constant
 * unsigned headers, each with its own body. `limit` requests in flight at once.
 */
export async function replayAttack(
	triggerOf: (format: Format) => Trigger,
	options: { captured: number; pinned: number; limit: number },
): Promise<AttackResult> {
	const run = randomBytes(4).toString('hex');
	const answers: AttackAnswer[] = [];
	const marks: string[] = [];
	const pinnedQuery = { genuine: `pinned-genuine-${run}`, forged: `pinned-forged-${run}` };
	const constant: Array<[string, string]> = [
		[DELIVERY_ID, 'dlv_pinned'],
		['User-Agent', 'attacker/1.0'],
	];
	const jobs: Array<() => Promise<void>> = [];
	for (const format of REPLAYED) {
		const trigger = triggerOf(format);
		const url = trigger.url;
		const path = pathOf(url);
		const proofHeader = proofHeaderOf(format);
		for (let i = 0; i < options.captured; i++)
			jobs.push(async () => {
				const mark = `replay-${run}-${format}-${i}`;
				marks.push(mark);
				const sent = delivery(format, trigger.secret, mark);
				const post: RawPost = {
					target: path,
					headers: Object.entries(sent.headers),
					body: sent.body,
				};
				answers.push({ format, copy: 'genuine', status: await postThrough(url, post) });
				// One after another: which process a copy reaches does not depend on what else is in
				// flight, and the burst beside it keeps its answer times.
				for (const { name, post: copy } of copiesOf(sent, path, proofHeader))
					answers.push({ format, copy: name, status: await postThrough(url, copy) });
			});
		for (let i = 0; i < options.pinned; i++) {
			jobs.push(async () => {
				const mark = `pinned-${run}-${format}-${i}`;
				marks.push(mark);
				const sent = delivery(format, trigger.secret, mark);
				const headers = [...withoutHeader(sent, DELIVERY_ID), ...constant];
				const status = await postThrough(url, {
					target: `${path}?${pinnedQuery.genuine}=${i}`,
					headers,
					body: sent.body,
				});
				answers.push({ format, copy: 'genuine, constant headers', status });
			});
			jobs.push(async () => {
				const forged = delivery(format, 'not-the-secret', `forged-${run}-${format}-${i}`);
				const headers = [...withoutHeader(forged, DELIVERY_ID), ...constant];
				const status = await postThrough(url, {
					target: `${path}?${pinnedQuery.forged}=${i}`,
					headers,
					body: forged.body,
				});
				answers.push({ format, copy: 'forged, constant headers', status });
			});
		}
	}
	let next = 0;
	const lane = async () => {
		while (next < jobs.length) await jobs[next++]!();
	};
	await Promise.all(Array.from({ length: options.limit }, lane));
	return { answers, marks, pinnedQuery };
}

/** How many answers of each status each copy got, e.g. `{ gzip: { 401: 16, 422: 8 } }`. */
export function statusesByCopy(
	answers: readonly AttackAnswer[],
): Record<string, Record<number, number>> {
	const table: Record<string, Record<number, number>> = {};
	for (const { copy, status } of answers) {
		const row = (table[copy] ??= {});
		row[status] = (row[status] ?? 0) + 1;
	}
	return table;
}
