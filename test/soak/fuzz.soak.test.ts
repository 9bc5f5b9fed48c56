/**
 * The real n8n fuzzed with the core's generated deliveries (`test/helpers/delivery-cases.ts`),
 * per provider and format, proven with the secret each trigger holds: authentic → 200 and one
 * run; forged, unsigned or stale by its signed timestamp → 401 and no run; stale by its date →
 * 200 and no run; a replay's second delivery → 200 and no second run; an attacker's resent copy
 * with its unsigned headers varied → 200 (401 where its proof header was changed, n8n's own 400
 * or 422 where its Content-Type is multipart or XML, which n8n reads first) and no second run. Sent byte for byte, header lines as written (case and repeats kept), so a header
 * value Node's HTTP parser refuses (a control character) meets n8n's 400, and a body that is no
 * JSON meets n8n's own parser (422) before the trigger. Counts are printed.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { ProviderDefinition } from '../../shared/index.js';
import { type DeliveryAuth } from '../../shared/provider.js';
import {
	deliveryCases,
	emptyTally,
	VARIATIONS,
	type DeliveryCase,
} from '../helpers/delivery-cases.js';
import { rawPost } from './raw-http.js';
import {
	FORMAT,
	FORMATS,
	outputIn,
	scanSoak,
	startSoakStack,
	type SoakStack,
} from './soak-stack.js';
import { runsOf } from './executions.js';

/** Cases per format: a few hundred, so the file stays within a few minutes. */
const CASES = 200;
/** Cases generated at a time, each batch dated when it is made. */
const BATCH = 50;
/** Cases in flight at once. */
const CONCURRENCY = 8;
const SEED = Number(process.env.SOAK_FUZZ_SEED ?? Date.now() % 2 ** 31);

let soak: SoakStack;
/**
 * Every `n` a case that runs has used, over all formats (a run is known by its `n`), and every
 * id its provider signed in the body (the trigger knows a delivery by that id).
 */
const used = new Set<string>();
const lines: string[] = [];

/** Whether Node's HTTP parser refuses a header value: it holds a control character other than tab. */
const unsendable = (value: string) =>
	[...value].some((char) => {
		const code = char.charCodeAt(0);
		return (code < 0x20 && code !== 0x09) || code === 0x7f;
	});

/** What n8n's own parser does with an `application/json` body before the trigger sees it. */
function n8nParses(body: string): boolean {
	const bytes = Buffer.from(body);
	if (bytes.length === 0) return true;
	const text = bytes.toString('utf8');
	try {
		JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
		return true;
	} catch {
		return false;
	}
}

/** The id the provider signs in an authentic body, if it signs one there (`deliveryIdField`). */
function signedIdOf(provider: ProviderDefinition, auth: DeliveryAuth, body: string) {
	const field = provider.deliveryIdField;
	if (
		field === undefined ||
		(auth.kind !== 'timestamped-hmac' && auth.kind !== 'hmac-sha256-header')
	)
		return undefined;
	const event = JSON.parse(body) as Record<string, unknown>;
	const id = Object.hasOwn(event, field) ? event[field] : undefined;
	return typeof id === 'string' && id.trim() !== '' ? id : undefined;
}

/**
 * The statuses each of a case's deliveries may get, and whether the case runs once: not where
 * the event is not among the trigger's (a name every object inherits, where the provider has no
 * wildcard and the workflow lists the catalogue).
 */
function expectation(
	delivery: DeliveryCase,
	provider: ProviderDefinition,
	timestamped: boolean,
): { statuses: number[][]; runs: boolean } {
	const statuses = delivery.sent.map((sent, index) => {
		if (Object.values(sent.headers).some(unsendable)) return [400];
		if (!n8nParses(sent.body)) return [422];
		switch (delivery.scenario) {
			case 'authentic':
			case 'replayed':
				return [200];
			case 'resent': {
				if (index === 0) return [200];
				const trigger = delivery.resend?.mayRefuse === true ? [200, 401] : [200];
				// n8n reads these types itself before the trigger: a JSON body is no form, and its XML
				// parser refuses some JSON (422) and lets other JSON through to the trigger.
				const type = sent.headers['content-type'] ?? '';
				if (/^multipart\//i.test(type)) return [400];
				if (/[/+]xml$/i.test(type.split(';')[0]!.trim())) return [422, ...trigger];
				return trigger;
			}
			case 'stale':
				return timestamped ? [401] : [200];
			case 'forged':
			case 'unsigned':
				return [401];
		}
	});
	const selected =
		provider.wildcard !== undefined || provider.events.some(({ id }) => id === delivery.event);
	return { statuses, runs: delivery.expected === 'accepted' && selected };
}

/** Runs `work` over `items`, `limit` at a time. */
async function pool<T>(items: T[], limit: number, work: (item: T) => Promise<void>) {
	let next = 0;
	await Promise.all(
		Array.from({ length: limit }, async () => {
			while (next < items.length) await work(items[next++]!);
		}),
	);
}

beforeAll(async () => {
	soak = await startSoakStack('fuzz');
}, 900_000);

afterAll(async () => {
	console.log(`fuzz through n8n (seed ${SEED}):\n${lines.join('\n')}`);
	await soak?.stack.close();
});

describe(
	'the real n8n fuzzed with generated deliveries, per provider and format',
	{
		timeout: 600_000,
	},
	() => {
		it.each(FORMATS)(`%s: ${CASES} cases; only the authentic runs, once`, async (format) => {
			const { provider, auth } = FORMAT[format];
			const trigger = soak.triggerOf(format);
			const timestamped = auth.kind === 'timestamped-hmac';
			const known = new Set(
				(await runsOf(soak.stack.api, trigger.workflowId)).map((run) => run.id),
			);
			const scenarios = emptyTally();
			const varied: Record<string, number> = Object.fromEntries(
				VARIATIONS.map((variation) => [variation, 0]),
			);
			const statuses: Record<string, number> = {};
			const copies: Record<string, number> = {};
			const wrong: string[] = [];
			const running = new Set<number>();
			let skipped = 0;
			let sentCount = 0;
			let done = 0;
			for (let batch = 0; done < CASES; batch++) {
				const cases: DeliveryCase[] = [];
				const sample = fc.sample(deliveryCases(provider, auth, Date.now(), trigger.secret), {
					numRuns: BATCH,
					seed: SEED + batch + FORMATS.indexOf(format) * 1_000,
				});
				for (const delivery of sample) {
					if (done + cases.length === CASES) break;
					if (expectation(delivery, provider, timestamped).runs) {
						const body = delivery.sent[0]!.body;
						const n = (JSON.parse(body) as { n: number }).n;
						const id = signedIdOf(provider, auth, body);
						const keys = [`n:${n}`, ...(id === undefined ? [] : [`id:${id}`])];
						// Two runs known by one `n` could not be told apart, and a second delivery of a
						// signed id is a repeat: keep the first.
						if (keys.some((key) => used.has(key))) {
							skipped += 1;
							continue;
						}
						for (const key of keys) used.add(key);
						running.add(n);
					}
					cases.push(delivery);
				}
				done += cases.length;
				await pool(cases, CONCURRENCY, async (delivery) => {
					scenarios[delivery.scenario] += 1;
					for (const change of delivery.resend?.varied ?? [])
						varied[change.split(' ')[0]!] = (varied[change.split(' ')[0]!] ?? 0) + 1;
					const expected = expectation(delivery, provider, timestamped);
					for (const [index, sent] of delivery.sent.entries()) {
						const answer = await rawPost(
							trigger.url,
							sent.wire ?? Object.entries(sent.headers),
							sent.wireBody ?? sent.body,
						);
						sentCount += 1;
						statuses[answer.status] = (statuses[answer.status] ?? 0) + 1;
						if (delivery.scenario === 'resent' && index === 1)
							copies[answer.status] = (copies[answer.status] ?? 0) + 1;
						if (!expected.statuses[index]!.includes(answer.status))
							wrong.push(
								`${delivery.scenario} #${index + 1}: ${answer.status}, expected ${expected.statuses[index]!.join(' or ')}: ${JSON.stringify(sent).split(trigger.secret).join('<secret>').slice(0, 400)}`,
							);
					}
				});
			}

			const fresh = (await runsOf(soak.stack.api, trigger.workflowId)).filter(
				(run) => !known.has(run.id),
			);
			const counts = new Map<unknown, number>();
			for (const run of fresh) {
				const n = outputIn(run, trigger)?.n;
				counts.set(n, (counts.get(n) ?? 0) + 1);
			}
			const twice = [...counts.values()].filter((count) => count > 1).length;
			const lost = [...running].filter((n) => !counts.has(n)).length;
			const strangers = [...counts.keys()].filter((n) => !running.has(n as number)).length;
			lines.push(
				`  ${provider.displayName} (${auth.kind}): ${CASES} cases (${Object.entries(scenarios)
					.map(([scenario, count]) => `${scenario} ${count}`)
					.join(
						', ',
					)}), ${sentCount} deliveries: statuses ${JSON.stringify(statuses)}; resent copies ${JSON.stringify(copies)} after ${Object.entries(
					varied,
				)
					.map(([variation, count]) => `${variation} ${count}`)
					.join(
						', ',
					)}; runs ${fresh.length} of ${running.size} expected, twice ${twice}, lost ${lost}, unexpected ${strangers}; ${skipped} cases skipped for an n or id already used`,
			);
			expect(wrong).toEqual([]);
			expect({ runs: fresh.length, twice, lost, strangers }).toEqual({
				runs: running.size,
				twice: 0,
				lost: 0,
				strangers: 0,
			});
		});

		it("leaves no API key or hook secret in n8n's output and logs, the runs, or this file's output", async () => {
			expect(await scanSoak(soak)).toEqual([]);
		});
	},
);
