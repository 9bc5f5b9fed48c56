/**
 * Load on a real n8n: 500 concurrent authenticated deliveries across every provider and format,
 * with some of the providers' retries racing their originals, then 500 more with 10% forged
 * mixed in. Each delivery carries a mark of its own, found again in the runs: none lost, none run
 * twice, every forged one refused, and no 5xx from the triggers. n8n itself may answer 503
 * "Database is not ready!" while its database ping (5 s timeout) waits behind the burst on a busy
 * machine: that is counted and printed, a delivery so answered must not have run, and it is sent
 * again as the provider would, after which it must run once.
 */
import { randomBytes } from 'node:crypto';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
	delivery,
	expectAccepted,
	FORMATS,
	retryOf,
	scanSoak,
	startSoakStack,
	tally,
	type Format,
	type Sent,
	type SoakStack,
} from './soak-stack.js';
import { until } from '../harness/driver.js';
import { runsOf } from './executions.js';

const DELIVERIES = 500;
/** Of the first 500, how many the provider sends again while the first is in flight. */
const RETRIES = 50;
const FORGED_SHARE = 0.1;

let soak: SoakStack;
const RUN = randomBytes(4).toString('hex');
let sequence = 0;

interface Planned {
	format: Format;
	mark: string;
	sent: Sent;
	kind: 'authentic' | 'retry' | 'forged';
}

/** A fresh authentic delivery in the format, marked uniquely. */
function authentic(format: Format): Planned {
	const mark = `${RUN}-${(sequence += 1)}`;
	return {
		format,
		mark,
		sent: delivery(format, soak.triggerOf(format).secret, mark),
		kind: 'authentic',
	};
}

/** The same delivery proven with a secret the trigger does not hold. */
function forged(format: Format): Planned {
	const mark = `${RUN}-${(sequence += 1)}`;
	const guess = `forged-${randomBytes(16).toString('hex')}`;
	return { format, mark, sent: delivery(format, guess, mark), kind: 'forged' };
}

/**
 * The provider's retry of a delivery: the same bytes, or for Breakcold's signed format the same
 * delivery id, signed anew a second later.
 */
function retry(of: Planned): Planned {
	const secret = soak.triggerOf(of.format).secret;
	const sent = retryOf(of.format, secret, of.mark, of.sent, Date.now() + 1_000);
	return { ...of, sent, kind: 'retry' };
}

interface Answer {
	status: number;
	text: string;
}

/** Posts a delivery; n8n's status and answer (status 0 when it answered nothing). */
async function post(entry: Planned): Promise<Answer> {
	try {
		const response = await fetch(soak.triggerOf(entry.format).url, {
			method: 'POST',
			headers: entry.sent.headers,
			body: entry.sent.body,
		});
		return { status: response.status, text: await response.text() };
	} catch (error) {
		return { status: 0, text: String(error) };
	}
}

/** n8n's own back-pressure: its database monitor's 503 while a ping is late. */
const unready = (answer: Answer) =>
	answer.status === 503 && answer.text.includes('Database is not ready');

/** How often each mark ran, over every trigger's runs. */
async function runCounts(): Promise<{ counts: Map<unknown, number>; runs: number }> {
	const counts = new Map<unknown, number>();
	let runs = 0;
	for (const trigger of Object.values(soak.triggers)) {
		const list = await runsOf(soak.stack.api, trigger.workflowId);
		runs += list.length;
		for (const [mark, count] of tally(list, trigger, 'soakId'))
			counts.set(mark, (counts.get(mark) ?? 0) + count);
	}
	return { counts, runs };
}

/**
 * Posts every delivery at once; then, as a provider does, sends again each one n8n answered with
 * its own 503, once n8n is ready, until none is left. The first answers, the last answer of each,
 * how many were sent again, and how many of those had run before (none may have).
 */
async function deliver(planned: Planned[]) {
	const started = performance.now();
	const first = await Promise.all(planned.map(post));
	const seconds = (performance.now() - started) / 1000;
	const last = [...first];
	const refusedFirst = planned.filter((_, index) => unready(first[index]!));
	// A 503 whose twin (the original or its racing retry) was taken may have run through the twin.
	const taken = new Set(
		planned.filter((_, index) => first[index]!.status === 200).map((e) => e.mark),
	);
	const { counts } = await runCounts();
	const ranBeforeRetry = refusedFirst.filter(
		(entry) => counts.has(entry.mark) && !taken.has(entry.mark),
	).length;
	let again = 0;
	for (let round = 0; round < 5 && last.some(unready); round++) {
		await until(
			'n8n ready again',
			async () => (await fetch(`${soak.stack.n8n.url}/healthz/readiness`)).status,
			(status) => status === 200,
		);
		const pending = planned.flatMap((entry, index) => (unready(last[index]!) ? [index] : []));
		again += pending.length;
		const answers = await Promise.all(
			pending.map((index) =>
				post(planned[index]!.kind === 'forged' ? planned[index]! : retry(planned[index]!)),
			),
		);
		pending.forEach((index, at) => (last[index] = answers[at]!));
	}
	return { first, last, seconds, again, ranBeforeRetry, unreadyFirst: refusedFirst.length };
}

const statusesOf = (answers: Answer[]) => {
	const statuses = answers.map((answer) => answer.status);
	return JSON.stringify(
		Object.fromEntries(
			[...new Set(statuses)]
				.sort()
				.map((status) => [status, statuses.filter((s) => s === status).length]),
		),
	);
};

beforeAll(async () => {
	soak = await startSoakStack('load');
	for (const format of FORMATS) {
		const probe = authentic(format);
		expectAccepted(format, soak.triggerOf(format).secret, probe.sent);
	}
}, 900_000);

afterAll(async () => {
	await soak?.stack.close();
});

describe('load on a real n8n, every provider and format', { timeout: 600_000 }, () => {
	const seen = new Map<unknown, number>();
	const ran = async () => {
		const { counts, runs } = await runCounts();
		seen.clear();
		for (const [mark, count] of counts) seen.set(mark, count);
		return runs;
	};

	it(`${DELIVERIES} concurrent authentic deliveries (and ${RETRIES} retries racing them): each runs once, no 5xx from a trigger`, async () => {
		const originals = Array.from({ length: DELIVERIES }, (_, index) =>
			authentic(FORMATS[index % FORMATS.length]!),
		);
		const retries = originals.filter((_, index) => index % (DELIVERIES / RETRIES) === 0).map(retry);
		// Each retry goes right after its original, so the two are in flight together.
		const planned = originals.flatMap((original) => {
			const again = retries.find((entry) => entry.mark === original.mark);
			return again ? [original, again] : [original];
		});
		const sent = await deliver(planned);
		const runs = await ran();
		const duplicates = originals.filter((entry) => (seen.get(entry.mark) ?? 0) > 1).length;
		const lost = originals.filter((entry) => (seen.get(entry.mark) ?? 0) === 0).length;
		const strangers = [...seen.keys()].filter(
			(mark) => !originals.some((entry) => entry.mark === mark),
		).length;
		console.log(
			`load, authentic: ${planned.length} deliveries (${DELIVERIES} distinct + ${RETRIES} retries; ${FORMATS.join(', ')} in turn) at concurrency ${planned.length} in ${sent.seconds.toFixed(1)} s: statuses ${statusesOf(sent.first)}, n8n's own 503 ${sent.unreadyFirst} (run before being sent again: ${sent.ranBeforeRetry}), sent again ${sent.again}, statuses at last ${statusesOf(sent.last)}; runs ${runs}, duplicates ${duplicates}, lost ${lost}, unknown ${strangers}`,
		);
		expect(sent.first.filter((answer) => answer.status !== 200 && !unready(answer))).toEqual([]);
		expect(sent.last.filter((answer) => answer.status !== 200)).toEqual([]);
		expect({ runs, duplicates, lost, strangers, ranBeforeRetry: sent.ranBeforeRetry }).toEqual({
			runs: DELIVERIES,
			duplicates: 0,
			lost: 0,
			strangers: 0,
			ranBeforeRetry: 0,
		});
	});

	it(`${DELIVERIES} more with ${FORGED_SHARE * 100}% forged: every forged one 401 and never run, every authentic one runs once`, async () => {
		const before = await ran();
		const forgedEvery = Math.round(1 / FORGED_SHARE);
		const planned = Array.from({ length: DELIVERIES }, (_, index) => {
			const format = FORMATS[index % FORMATS.length]!;
			// Every tenth delivery, shifted so each format gets its share of forgeries.
			return (index + Math.floor(index / forgedEvery)) % forgedEvery === 0
				? forged(format)
				: authentic(format);
		});
		const sent = await deliver(planned);
		const runs = (await ran()) - before;
		const forgedOnes = planned.filter((entry) => entry.kind === 'forged');
		const authenticOnes = planned.filter((entry) => entry.kind === 'authentic');
		const forgedRefused = planned.filter(
			(entry, index) => entry.kind === 'forged' && sent.last[index]!.status === 401,
		).length;
		const forgedRan = forgedOnes.filter((entry) => seen.has(entry.mark)).length;
		const duplicates = authenticOnes.filter((entry) => (seen.get(entry.mark) ?? 0) > 1).length;
		const lost = authenticOnes.filter((entry) => (seen.get(entry.mark) ?? 0) === 0).length;
		const perFormat = FORMATS.map(
			(format) => `${format} ${forgedOnes.filter((entry) => entry.format === format).length}`,
		).join(', ');
		console.log(
			`load, ${FORGED_SHARE * 100}% forged: ${planned.length} deliveries (${authenticOnes.length} authentic, ${forgedOnes.length} forged: ${perFormat}) at concurrency ${planned.length} in ${sent.seconds.toFixed(1)} s: statuses ${statusesOf(sent.first)}, n8n's own 503 ${sent.unreadyFirst} (run before being sent again: ${sent.ranBeforeRetry}), sent again ${sent.again}, statuses at last ${statusesOf(sent.last)}; forged refused ${forgedRefused}, forged run ${forgedRan}; runs ${runs}, duplicates ${duplicates}, lost ${lost}`,
		);
		expect(
			planned
				.map((entry, index) => ({ kind: entry.kind, answer: sent.first[index]! }))
				.filter(
					({ kind, answer }) =>
						answer.status !== (kind === 'forged' ? 401 : 200) && !unready(answer),
				),
		).toEqual([]);
		expect(
			planned.filter(
				(entry, index) => sent.last[index]!.status !== (entry.kind === 'forged' ? 401 : 200),
			),
		).toEqual([]);
		expect({ runs, forgedRan, duplicates, lost, ranBeforeRetry: sent.ranBeforeRetry }).toEqual({
			runs: authenticOnes.length,
			forgedRan: 0,
			duplicates: 0,
			lost: 0,
			ranBeforeRetry: 0,
		});
	});

	it("leaves no API key or hook secret in n8n's output and logs, the runs, or this file's output", async () => {
		expect(await scanSoak(soak)).toEqual([]);
	});
});
