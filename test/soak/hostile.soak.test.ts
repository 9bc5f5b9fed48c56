/**
 * Hostile input against a real n8n, per provider and format: each input gets a clear status, runs
 * only where it is authentic and an event, leaves nothing polluted, and n8n still answers a good
 * delivery afterwards with its process alive. Sent byte for byte on a socket, so the table shows
 * what n8n itself does before the trigger sees a delivery (its body limit, its JSON parser, its
 * gzip, its HTTP parser). The table is printed for RELIABILITY.md.
 */
import { randomBytes } from 'node:crypto';
import { gzipSync } from 'node:zlib';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { sign } from '../../shared/index.js';
import { rawPost, rawRequest, requestHead, type RawAnswer } from './raw-http.js';
import {
	alive,
	scanSoak,
	FORMAT,
	FORMATS,
	outputIn,
	startSoakStack,
	type Format,
	type SoakStack,
	type Trigger,
} from './soak-stack.js';
import { runsOf } from './executions.js';

/** n8n's body limit for this stack, in MiB (`N8N_PAYLOAD_SIZE_MAX`; n8n's default is 16). */
const PAYLOAD_MAX_MB = 1;
const MiB = 1024 * 1024;
/** A key no code should ever find on a prototype. */
const POLLUTION = `soakPolluted_${randomBytes(4).toString('hex')}`;

let soak: SoakStack;
const RUN = randomBytes(4).toString('hex');
let sequence = 0;
const nextMark = () => `${RUN}-${(sequence += 1)}`;

type Header = readonly [string, string | Buffer];

/** What one row sends for a format: the trigger, a mark for its body, and how to prove it. */
interface Target {
	format: Format;
	trigger: Trigger;
	mark: string;
}

/** The proof's kind for a format. */
const kindOf = (format: Format) => FORMAT[format].auth.kind;
/** Whether the format's proof covers the body (an HMAC), rather than carrying the secret itself. */
const signsBody = (format: Format) =>
	kindOf(format) === 'hmac-sha256-header' || kindOf(format) === 'timestamped-hmac';

/** The event the format's deliveries carry, as a JSON body's text marked with `mark`. */
function eventJson(format: Format, mark: string, extra = ''): string {
	const { provider } = FORMAT[format];
	const event =
		format === 'breakcold-current'
			? 'record.updated'
			: format === 'breakcold-legacy'
				? 'lead.create'
				: (provider.sampleEvent ?? provider.events[0]!.id);
	const body: Record<string, unknown> = { ...provider.sampleFor(event), soakId: mark };
	delete body._connectorSample;
	const now = new Date().toISOString();
	if (provider.dateField !== null) body[provider.dateField ?? 'timestamp'] = now;
	if (format === 'breakcold-current') body.eventId = `evt_${mark}`;
	const text = JSON.stringify(body);
	return extra === '' ? text : `${text.slice(0, -1)},${extra}}`;
}

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/** The secret as Breakcold's legacy format carries it: the JSON object's first field. */
function withSecretField(body: Buffer, secret: string): Buffer {
	const start = body.subarray(0, 3).equals(BOM) ? 3 : 0;
	return body[start] === 0x7b
		? Buffer.concat([
				body.subarray(0, start),
				Buffer.from(`{"secret":${JSON.stringify(secret)},`),
				body.subarray(start + 1),
			])
		: body;
}

/**
 * Proves `body` (the exact bytes sent, or `signed` where the proof covers other bytes) as the
 * format's provider does; the headers (with `Content-Type` unless `contentType` is null) and the
 * body to send.
 */
function proven(
	{ format, trigger, mark }: Target,
	body: Buffer,
	options: { contentType?: string | null; signed?: Buffer; proof?: string } = {},
): { headers: Header[]; body: Buffer } {
	const { auth } = FORMAT[format];
	const secret = trigger.secret;
	const headers: Header[] = [];
	if (options.contentType !== null)
		headers.push(['Content-Type', options.contentType ?? 'application/json']);
	const over = options.signed ?? body;
	switch (auth.kind) {
		case 'hmac-sha256-header':
			headers.push([auth.header, options.proof ?? sign(over, secret)]);
			return { headers, body };
		case 'secret-header':
			headers.push([auth.header, options.proof ?? secret]);
			return { headers, body };
		case 'timestamped-hmac': {
			const at = String(Math.floor(Date.now() / 1000));
			const signature = `sha256=${sign(Buffer.concat([Buffer.from(`${at}.`), over]), secret)}`;
			headers.push(
				[auth.signatureHeader, options.proof ?? signature],
				[auth.timestampHeader, at],
				['X-Webhook-Delivery-Id', `dlv_${mark}`],
				['X-Webhook-Event', 'record.updated'],
			);
			return { headers, body };
		}
		case 'secret-in-body':
			return { headers, body: withSecretField(body, options.proof ?? secret) };
	}
}

/** The name of the header that carries the proof, where there is one. */
function proofHeader(format: Format): string | undefined {
	const { auth } = FORMAT[format];
	return auth.kind === 'hmac-sha256-header' || auth.kind === 'secret-header'
		? auth.header
		: auth.kind === 'timestamped-hmac'
			? auth.signatureHeader
			: undefined;
}

/** The authentic proof of `body` for the format: the value of its proof header, or its secret. */
function rightProof(target: Target, body: Buffer): string {
	const { headers } = proven(target, body);
	const name = proofHeader(target.format);
	const found = headers.find(([header]) => header === name);
	return found ? String(found[1]) : target.trigger.secret;
}

interface Expected {
	status: number;
	run: boolean;
}

interface Row {
	input: string;
	send(target: Target): Promise<RawAnswer>;
	expected(format: Format): Expected;
	/** Checks on the run's output, where it runs. */
	output?(output: Record<string, unknown>): void;
}

const runs: Expected = { status: 200, run: true };
const refused: Expected = { status: 401, run: false };
const ignored: Expected = { status: 200, run: false };
const status = (code: number): Expected => ({ status: code, run: false });

const json = (target: Target, extra = '') =>
	Buffer.from(eventJson(target.format, target.mark, extra));
const post = (target: Target, sent: { headers: Header[]; body: Buffer }) =>
	rawPost(target.trigger.url, sent.headers, sent.body);

/** Sends the request with the proof header written as `line` (bytes a raw client may send). */
async function withProofLine(target: Target, line: (proof: string) => Buffer): Promise<RawAnswer> {
	const body = json(target);
	const sent = proven(target, body);
	const name = proofHeader(target.format);
	const headers: Header[] =
		name === undefined
			? [...sent.headers, ['X-Note', line('legacy')]]
			: sent.headers.map(([header, value]) =>
					header === name ? ([header, line(String(value))] as const) : ([header, value] as const),
				);
	return rawPost(target.trigger.url, headers, sent.body);
}

const UNICODE = {
	loneSurrogate: '\ud800 and \udfff',
	nul: 'a\u0000b',
	rtl: '\u202egnp.exe',
	emoji: '🙂👩🏽‍💻',
	zeroWidth: 'a\u200bb\ufeffc',
};

const ROWS: Row[] = [
	{
		input: 'authentic JSON (control)',
		send: (target) => post(target, proven(target, json(target))),
		expected: () => runs,
	},
	{
		input: `oversized body, ${2 * PAYLOAD_MAX_MB} MiB signed (N8N_PAYLOAD_SIZE_MAX=${PAYLOAD_MAX_MB})`,
		send: (target) =>
			post(target, proven(target, json(target, `"pad":"${'x'.repeat(2 * PAYLOAD_MAX_MB * MiB)}"`))),
		// n8n reads the body before the trigger does; its limit's error reaches the client as n8n's
		// "There was a problem executing the workflow": a 500, not a 413.
		expected: () => status(500),
	},
	{
		input: 'invalid JSON, signed',
		send: (target) => post(target, proven(target, Buffer.from('{"event": "lead.create", '))),
		expected: () => status(422),
	},
	{
		input: 'JSON sent as text/plain, signed',
		send: (target) => post(target, proven(target, json(target), { contentType: 'text/plain' })),
		expected: () => runs,
	},
	{
		input: 'JSON with no Content-Type, signed',
		send: (target) => post(target, proven(target, json(target), { contentType: null })),
		expected: () => runs,
	},
	{
		input: 'form-encoded body, signed',
		send: (target) =>
			post(
				target,
				proven(target, Buffer.from(`event=lead.create&soakId=${target.mark}`), {
					contentType: 'application/x-www-form-urlencoded',
				}),
			),
		// Authentic but no event; Breakcold's legacy proof is a JSON field, which a form lacks.
		expected: (format) => (format === 'breakcold-legacy' ? refused : ignored),
	},
	{
		input: 'gzip (Content-Encoding: gzip), proof over the decompressed bytes',
		send: (target) => {
			const sent = proven(target, json(target));
			return rawPost(
				target.trigger.url,
				[...sent.headers, ['Content-Encoding', 'gzip']],
				gzipSync(sent.body),
			);
		},
		expected: () => runs,
	},
	{
		input: 'gzip (Content-Encoding: gzip), proof over the compressed bytes',
		send: (target) => {
			const plain = proven(target, json(target)).body;
			const compressed = gzipSync(plain);
			const sent = proven(target, plain, { signed: compressed });
			return rawPost(
				target.trigger.url,
				[...sent.headers, ['Content-Encoding', 'gzip']],
				compressed,
			);
		},
		// n8n inflates before anyone reads the body: only a proof over the inflated bytes holds.
		expected: (format) => (signsBody(format) ? refused : runs),
	},
	{
		input: `gzip bomb: ${PAYLOAD_MAX_MB * 20} MiB inflated from a few KiB`,
		send: (target) => {
			const sent = proven(target, json(target, `"pad":"${'0'.repeat(20 * PAYLOAD_MAX_MB * MiB)}"`));
			return rawPost(
				target.trigger.url,
				[...sent.headers, ['Content-Encoding', 'gzip']],
				gzipSync(sent.body),
			);
		},
		// n8n inflates as it reads, and its limit holds on the inflated bytes; answered as above.
		expected: () => status(500),
	},
	{
		input: 'Content-Encoding: gzip on a body that is not gzip',
		send: (target) => {
			const sent = proven(target, json(target));
			return rawPost(
				target.trigger.url,
				[...sent.headers, ['Content-Encoding', 'gzip']],
				sent.body,
			);
		},
		// zlib's "incorrect header check", answered as above.
		expected: () => status(500),
	},
	{
		input: 'proof twice: the right one, then a wrong one',
		send: (target) => {
			const body = json(target);
			const name = proofHeader(target.format);
			if (name === undefined) {
				// Breakcold's legacy proof is a body field: the same key twice, JSON keeps the last.
				const twice = Buffer.from(
					`{"secret":${JSON.stringify(target.trigger.secret)},"secret":"wrong",${body.subarray(1).toString()}`,
				);
				return post(target, { headers: [['Content-Type', 'application/json']], body: twice });
			}
			const sent = proven(target, body);
			return post(target, { headers: [...sent.headers, [name, 'wrong']], body: sent.body });
		},
		// Node joins a repeated header with ", ". A signature header may list several signatures (as
		// during a rotation) and one right signature proves the body; a secret header, joined, is no
		// longer the secret; JSON keeps a repeated key's last value.
		expected: (format) => (signsBody(format) ? runs : refused),
	},
	{
		input: 'proof twice, both right',
		send: (target) => {
			const body = json(target);
			const name = proofHeader(target.format);
			if (name === undefined) {
				const secret = JSON.stringify(target.trigger.secret);
				const twice = Buffer.from(
					`{"secret":${secret},"secret":${secret},${body.subarray(1).toString()}`,
				);
				return post(target, { headers: [['Content-Type', 'application/json']], body: twice });
			}
			const sent = proven(target, body);
			return post(target, {
				headers: [...sent.headers, [name, rightProof(target, body)]],
				body: sent.body,
			});
		},
		// As above; here the repeated key's last value is the secret.
		expected: (format) => (format === 'saleshandy' ? refused : runs),
	},
	{
		input: 'header injection: bare LF in the proof header, then "X-Injected: 1"',
		send: (target) =>
			withProofLine(target, (proof) => Buffer.from(`${proof}\nX-Injected: 1`, 'latin1')),
		expected: () => status(400),
	},
	{
		input: 'header injection: bare CR in the proof header',
		send: (target) =>
			withProofLine(target, (proof) => Buffer.from(`${proof}\rX-Injected: 1`, 'latin1')),
		expected: () => status(400),
	},
	{
		input: 'NUL in the proof header',
		send: (target) => withProofLine(target, (proof) => Buffer.from(`${proof}\u0000`, 'latin1')),
		expected: () => status(400),
	},
	{
		input: 'proof header folded onto a second line (obs-fold)',
		send: (target) =>
			withProofLine(target, (proof) =>
				Buffer.from(`${proof.slice(0, 8)}\r\n ${proof.slice(8)}`, 'latin1'),
			),
		expected: () => status(400),
	},
	{
		input: 'Content-Length and Transfer-Encoding: chunked together (smuggling)',
		send: (target) => {
			const sent = proven(target, json(target));
			const chunked = Buffer.concat([
				Buffer.from(`${sent.body.length.toString(16)}\r\n`),
				sent.body,
				Buffer.from('\r\n0\r\n\r\n'),
			]);
			const head = requestHead(
				target.trigger.url,
				[...sent.headers, ['Transfer-Encoding', 'chunked']],
				chunked.length,
			);
			return rawRequest(target.trigger.url, head, chunked);
		},
		expected: () => status(400),
	},
	{
		input: '100 KB proof',
		send: (target) => post(target, proven(target, json(target), { proof: 'a'.repeat(100_000) })),
		// Node's 16 KiB limit on a request's headers answers first; a proof in the body is just wrong.
		expected: (format) => (format === 'breakcold-legacy' ? refused : status(431)),
	},
	{
		input: '8 KB proof (under the header limit)',
		send: (target) => post(target, proven(target, json(target), { proof: 'a'.repeat(8_000) })),
		expected: () => refused,
	},
	{
		input: 'empty proof',
		send: (target) => post(target, proven(target, json(target), { proof: '' })),
		expected: () => refused,
	},
	{
		input:
			'unicode in a signed body: lone surrogates, NUL, RTL override, emoji, zero-width, BOM inside',
		send: (target) =>
			post(target, proven(target, json(target, `"unicode":${JSON.stringify(UNICODE)}`))),
		expected: () => runs,
		output: (output) => expect(output.unicode).toEqual(UNICODE),
	},
	{
		input: 'invalid UTF-8 bytes in a string (0xFF, an encoded surrogate), signed over them',
		send: (target) => {
			const body = json(target, '"bytes":"<>"');
			const at = body.indexOf('"bytes":"<') + '"bytes":"<'.length;
			const raw = Buffer.concat([
				body.subarray(0, at),
				Buffer.from([0xff, 0xed, 0xa0, 0x80]),
				body.subarray(at),
			]);
			return post(target, proven(target, raw));
		},
		expected: () => runs,
		// Read as UTF-8, each bad byte becomes U+FFFD: the run gets text, the signature held on the bytes.
		output: (output) => expect(output.bytes).toMatch(/^<\ufffd+>$/),
	},
	{
		input: 'a BOM before a signed JSON body',
		send: (target) => post(target, proven(target, Buffer.concat([BOM, json(target)]))),
		// The core skips a BOM as n8n's own parser does (it once read such a delivery as no event,
		// and refused Breakcold's legacy one): authentic, so it runs.
		expected: () => runs,
	},
	{
		input: 'prototype keys in a signed body: "__proto__" (top and nested), "constructor.prototype"',
		send: (target) =>
			post(
				target,
				proven(
					target,
					json(
						target,
						`"__proto__":{"${POLLUTION}":"top"},"constructor":{"prototype":{"${POLLUTION}":"ctor"}},"nested":{"__proto__":{"${POLLUTION}":"nested"},"kept":1}`,
					),
				),
			),
		expected: () => runs,
		output: (output) => {
			// The core drops "__proto__" keys; n8n's deepCopy drops "constructor" and "prototype".
			expect(Object.hasOwn(output, '__proto__')).toBe(false);
			expect(Object.hasOwn(output, 'constructor')).toBe(false);
			expect(Object.getPrototypeOf(output)).toBe(Object.prototype);
			expect(output[POLLUTION]).toBeUndefined();
			expect(output.nested).toEqual({ kept: 1 });
		},
	},
];

interface Result {
	status: number;
	run: boolean;
}

const results = new Map<string, Map<Format, Result>>();

beforeAll(async () => {
	soak = await startSoakStack('hostile', { env: { N8N_PAYLOAD_SIZE_MAX: String(PAYLOAD_MAX_MB) } });
}, 900_000);

afterAll(async () => {
	const cell = (result: Result | undefined) =>
		result === undefined ? '—' : `${result.status}, ${result.run ? 'run' : 'no run'}`;
	const lines = [
		`| input | ${FORMATS.join(' | ')} |`,
		`|---|${FORMATS.map(() => '---').join('|')}|`,
		...ROWS.map(
			(row) =>
				`| ${row.input} | ${FORMATS.map((format) => cell(results.get(row.input)?.get(format))).join(' | ')} |`,
		),
	];
	console.log(`hostile input, status and run per format:\n${lines.join('\n')}`);
	await soak?.stack.close();
});

describe('hostile input against a real n8n', { timeout: 300_000 }, () => {
	it.each(FORMATS)(
		'%s: each input a clear status, a run only where authentic, n8n fine after',
		async (format) => {
			const trigger = soak.triggerOf(format);
			const count = async () => (await runsOf(soak.stack.api, trigger.workflowId)).length;
			const mismatches: string[] = [];
			let before = await count();
			for (const row of ROWS) {
				const target = { format, trigger, mark: nextMark() };
				const answer = await row.send(target);
				const all = await runsOf(soak.stack.api, trigger.workflowId);
				const run = all.length > before;
				const result = { status: answer.status, run };
				if (!results.has(row.input)) results.set(row.input, new Map());
				results.get(row.input)!.set(format, result);
				const expected = row.expected(format);
				if (result.status !== expected.status || run !== expected.run || all.length > before + 1)
					mismatches.push(
						`${row.input}: ${JSON.stringify(result)} (${all.length - before} runs), expected ${JSON.stringify(expected)}; answer ${JSON.stringify(answer.text.slice(0, 300))}`,
					);
				if (run && row.output) {
					const output = all
						.map((entry) => outputIn(entry, trigger))
						.find((o) => o?.soakId === target.mark);
					if (output === undefined)
						mismatches.push(`${row.input}: its run has no output marked ${target.mark}`);
					else
						try {
							row.output(output);
						} catch (error) {
							mismatches.push(`${row.input}: ${(error as Error).message}`);
						}
				}
				before = all.length;
			}
			expect(mismatches).toEqual([]);

			// Nothing left half-done: n8n is alive and runs the next good delivery, unpolluted.
			expect(alive(soak.stack.n8n.pid)).toBe(true);
			const target = { format, trigger, mark: nextMark() };
			expect((await post(target, proven(target, json(target)))).status).toBe(200);
			const after = await runsOf(soak.stack.api, trigger.workflowId);
			expect(after).toHaveLength(before + 1);
			const output = after
				.map((entry) => outputIn(entry, trigger))
				.find((o) => o?.soakId === target.mark);
			expect(output).toBeDefined();
			expect(JSON.stringify(after)).not.toContain(POLLUTION);
			expect(output![POLLUTION]).toBeUndefined();
		},
	);

	it("leaves no API key or hook secret in n8n's output and logs, the runs, or this file's output", async () => {
		expect(await scanSoak(soak)).toEqual([]);
	});
});
