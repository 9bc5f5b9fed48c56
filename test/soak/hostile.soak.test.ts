/**
 * Hostile input against a real n8n, per provider and format, on both versions of the trigger node
 * users' workflows hold (n8n reads a body differently for each): each input gets a clear status,
 * runs only where it is authentic, new and an event, and otherwise leaves nothing behind: no run,
 * no stored execution of any status, no Error Workflow started. Families: hostile bodies and
 * headers; every content type n8n parses before the trigger and every Content-Encoding, unproven;
 * bodies over n8n's limit; a genuine delivery re-sent with each of its provider's headers
 * changed, removed, doubled or re-cased, and across content types and encodings. Sent byte for
 * byte on a socket, so the table shows what n8n itself does before the trigger sees a request
 * (its body limit, its parsers, its inflating, Node's HTTP parser), and who answered. The table
 * and the count per family are printed for RELIABILITY.md.
 */
import { randomBytes } from 'node:crypto';
import { brotliCompressSync, deflateRawSync, deflateSync, gzipSync } from 'node:zlib';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { sign } from '../../shared/sign.js';
import { sleep } from '../harness/driver.js';
import { executionWithData, runsOf, storedExecutions, type StoredExecution } from './executions.js';
import { rawPost, rawRequest, requestHead, type RawAnswer } from './raw-http.js';
import {
	activateErrorWorkflow,
	activateFailingWorkflow,
	activateTrigger,
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

/** n8n's body limit for this stack, in MiB (`N8N_PAYLOAD_SIZE_MAX`; n8n's default is 16). */
const PAYLOAD_MAX_MB = 1;
const MiB = 1024 * 1024;
/** A key no code should ever find on a prototype. */
const POLLUTION = `soakPolluted_${randomBytes(4).toString('hex')}`;

/**
 * The trigger node's versions: 1.1 is what the editor adds; 1 still loads. For version 1 n8n
 * reads every body but a multipart one itself; for 1.1 only JSON, text, form and XML, and the
 * trigger reads any other.
 */
const VERSIONS = [1, 1.1] as const;
type Version = (typeof VERSIONS)[number];

let soak: SoakStack;
/** Each format's trigger per node version, each with the Error Workflow below. */
const triggers = new Map<string, Trigger>();
const triggerFor = (format: Format, version: Version) =>
	triggers.get(`${FORMAT[format].provider.id}@${version}`)!;
let errorWorkflow: string;
const RUN = randomBytes(4).toString('hex');
let sequence = 0;
const nextMark = () => `${RUN}-${(sequence += 1)}`;

type Header = readonly [string, string | Buffer];
/** A request as sent: its headers, in order, and its body. */
interface Sent {
	headers: Header[];
	body: Buffer;
}

/** What one row sends for a format: the trigger, a mark for its body, and how to prove it. */
interface Target {
	format: Format;
	version: Version;
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
 * format's provider does, with every header it sends; the headers (with `Content-Type` unless
 * `contentType` is null) and the body to send.
 */
function proven(
	{ format, trigger, mark }: Target,
	body: Buffer,
	options: { contentType?: string | null; signed?: Buffer; proof?: string } = {},
): Sent {
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
				['User-Agent', 'Breakcold-Webhooks/1.0'],
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

/**
 * Who answered: the trigger (its answers carry an `error` field), n8n (its own errors carry a
 * `code`, its 200 says the workflow started), or Node's HTTP parser (a bare status, no body).
 */
type Answerer = 'trigger' | 'n8n' | 'http';

function answeredBy(answer: RawAnswer): Answerer {
	const body = answer.text.slice(answer.text.indexOf('\r\n\r\n') + 4);
	if (answer.status === 0 || (answer.status >= 400 && body.trim() === '')) return 'http';
	return /"error":"/.test(body) ? 'trigger' : 'n8n';
}

interface Expected {
	status: number;
	run: boolean;
	/** Who must have answered, where it matters (the trigger, or n8n before the trigger ran). */
	by?: Answerer;
}

interface Row {
	input: string;
	/**
	 * Rows with the same `replay` re-send one genuine delivery (`genuine`), which is sent and run
	 * first, as an attacker who captured it would.
	 */
	replay?: string;
	send(target: Target, genuine: Sent): Promise<RawAnswer>;
	expected(format: Format, version: Version): Expected;
	/** Checks on the run's output, where it runs. */
	output?(output: Record<string, unknown>): void;
}

const runs: Expected = { status: 200, run: true };
const refused: Expected = { status: 401, run: false, by: 'trigger' };
const ignored: Expected = { status: 200, run: false };
const status = (code: number): Expected => ({ status: code, run: false });
/** Answered by n8n before the trigger ran. */
const byN8n = (code: number): Expected => ({ status: code, run: false, by: 'n8n' });
/** Answered by the trigger itself, without a run. */
const byTrigger = (code: number): Expected => ({ status: code, run: false, by: 'trigger' });

const json = (target: Target, extra = '') =>
	Buffer.from(eventJson(target.format, target.mark, extra));
const post = (target: Target, sent: Sent) => rawPost(target.trigger.url, sent.headers, sent.body);

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

/** Hostile bodies and headers, most of them proven. */
const HOSTILE: Row[] = [
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

const BOUNDARY = 'soakBoundary7MA4YWxk';
/** A multipart/form-data body of `fields`, as `curl -F name=value` sends it. */
const formData = (fields: ReadonlyArray<readonly [string, string | Buffer]>): Buffer =>
	Buffer.concat([
		...fields.flatMap(([name, value]) => [
			Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n`),
			Buffer.from(value),
			Buffer.from('\r\n'),
		]),
		Buffer.from(`--${BOUNDARY}--\r\n`),
	]);
const FORM_DATA = `multipart/form-data; boundary=${BOUNDARY}`;

/** Made once, sent many times: bodies that inflate to 20× n8n's limit. */
let bombs: { gzip: Buffer; deflate: Buffer } | undefined;
const bomb = () => {
	const inflated = Buffer.alloc(20 * PAYLOAD_MAX_MB * MiB, '0');
	bombs ??= { gzip: gzipSync(inflated), deflate: deflateSync(inflated) };
	return bombs;
};
const overLimit = () => Buffer.alloc(2 * PAYLOAD_MAX_MB * MiB, '0');

/** A request with no proof at all, with `contentType` (none when null) and `encoding`. */
const unproven =
	(contentType: string | null, body: (target: Target) => Buffer, encoding?: string) =>
	(target: Target) =>
		rawPost(
			target.trigger.url,
			[
				...(contentType === null ? [] : [['Content-Type', contentType] as const]),
				...(encoding === undefined ? [] : [['Content-Encoding', encoding] as const]),
			],
			body(target),
		);

/** Every content type n8n parses before the trigger runs, and some it does not, none proven. */
const CONTENT_TYPES: Row[] = [
	{
		input: 'multipart/form-data, no proof (`curl -F a=b`)',
		send: unproven(FORM_DATA, () => formData([['a', 'b']])),
		// n8n took the body apart before the trigger ran: there are no bytes left to prove.
		expected: () => byTrigger(415),
	},
	{
		input: 'multipart/form-data with a proven delivery in a field and its proof in the headers',
		send: (target) => {
			const sent = proven(target, json(target));
			const headers = sent.headers.filter(([name]) => name !== 'Content-Type');
			return rawPost(
				target.trigger.url,
				[['Content-Type', FORM_DATA], ...headers],
				formData([['payload', sent.body]]),
			);
		},
		expected: () => byTrigger(415),
	},
	{
		input: 'multipart/form-data without a boundary',
		send: unproven('multipart/form-data', () => formData([['a', 'b']])),
		// formidable, n8n's multipart parser, refuses it.
		expected: () => byN8n(400),
	},
	{
		input: 'multipart/mixed (n8n leaves it unread), no proof',
		send: unproven(`multipart/mixed; boundary=${BOUNDARY}`, () => formData([['a', 'b']])),
		expected: () => byTrigger(415),
	},
	{
		input: 'application/x-www-form-urlencoded, no proof',
		send: unproven('application/x-www-form-urlencoded', () => Buffer.from('a=b&event=lead.create')),
		expected: () => refused,
	},
	{
		input: 'application/xml, no proof',
		send: unproven('application/xml', () => Buffer.from('<event>lead.create</event>')),
		expected: () => refused,
	},
	{
		input: 'text/xml, no proof',
		send: unproven('text/xml', () => Buffer.from('<event>lead.create</event>')),
		expected: () => refused,
	},
	{
		input: 'application/atom+xml, no proof',
		send: unproven('application/atom+xml', () => Buffer.from('<feed><entry/></feed>')),
		expected: () => refused,
	},
	{
		input: 'text/plain, no proof',
		send: unproven('text/plain', (target) => json(target)),
		expected: () => refused,
	},
	{
		input: 'no Content-Type, no proof',
		send: unproven(null, (target) => json(target)),
		expected: () => refused,
	},
	{
		input: 'application/octet-stream, no proof',
		send: unproven('application/octet-stream', (target) => json(target)),
		expected: () => refused,
	},
	{
		input: 'application/json with an unknown charset, no proof',
		send: unproven('application/json; charset=soak-unknown', (target) => json(target)),
		// n8n decodes the body by its charset before it parses it: "Unknown encoding".
		expected: () => byN8n(422),
	},
	{
		input: 'application/json, empty body, no proof',
		send: unproven('application/json', () => Buffer.alloc(0)),
		expected: () => refused,
	},
	{
		input: 'JSON that does not parse, no proof',
		send: unproven('application/json', () => Buffer.from('{"event": "lead.create", ')),
		expected: () => byN8n(422),
	},
];

const gzipOf = (target: Target) => gzipSync(json(target));

/** Every Content-Encoding, none proven. n8n inflates exactly `gzip` and `deflate` itself. */
const ENCODINGS: Row[] = [
	{
		input: 'gzip, no proof',
		send: unproven('application/json', gzipOf, 'gzip'),
		expected: () => refused,
	},
	{
		input: 'deflate, no proof',
		send: unproven('application/json', (target) => deflateSync(json(target)), 'deflate'),
		expected: () => refused,
	},
	{
		input: 'deflate without its zlib header (raw deflate)',
		send: unproven('application/json', (target) => deflateRawSync(json(target)), 'deflate'),
		expected: () => byN8n(500),
	},
	{
		input: 'br (n8n does not inflate it), no proof',
		send: unproven('application/json', (target) => brotliCompressSync(json(target)), 'br'),
		// n8n's JSON parser reads the compressed bytes.
		expected: () => byN8n(422),
	},
	{
		input: 'br with no Content-Type, no proof',
		send: unproven(null, (target) => brotliCompressSync(json(target)), 'br'),
		expected: () => refused,
	},
	{
		input: 'identity, no proof',
		send: unproven('application/json', (target) => json(target), 'identity'),
		expected: () => refused,
	},
	{
		input: 'an unknown encoding (x-soak), no proof',
		send: unproven('application/json', (target) => json(target), 'x-soak'),
		expected: () => refused,
	},
	{
		input: '`GZIP` in capitals (n8n does not inflate it), no proof',
		send: unproven('application/json', gzipOf, 'GZIP'),
		expected: () => byN8n(422),
	},
	{
		input: '`gzip, identity` (n8n does not inflate it), no proof',
		send: unproven('application/json', gzipOf, 'gzip, identity'),
		expected: () => byN8n(422),
	},
	{
		input: 'gzip header on a body that is not gzip, no proof',
		send: unproven('application/json', (target) => json(target), 'gzip'),
		expected: () => byN8n(500),
	},
	{
		input: 'gzip cut short, no proof',
		send: unproven('application/json', (target) => gzipOf(target).subarray(0, 20), 'gzip'),
		expected: () => byN8n(500),
	},
	{
		input: `gzip bomb: ${20 * PAYLOAD_MAX_MB} MiB inflated from ${Math.round(gzipSync(Buffer.alloc(20 * PAYLOAD_MAX_MB * MiB, '0')).length / 1024)} KiB, no proof`,
		send: unproven('application/json', () => bomb().gzip, 'gzip'),
		expected: () => byN8n(500),
	},
	{
		input: `deflate bomb: ${20 * PAYLOAD_MAX_MB} MiB inflated, no proof`,
		send: unproven('application/json', () => bomb().deflate, 'deflate'),
		expected: () => byN8n(500),
	},
	{
		input: 'gzip with no Content-Type, no proof',
		send: unproven(null, gzipOf, 'gzip'),
		expected: () => refused,
	},
	{
		input: 'gzip header on a body that is not gzip, no Content-Type',
		send: unproven(null, (target) => json(target), 'gzip'),
		// Version 1.1 leaves a body of no type to the trigger, whose read fails: answered, not thrown.
		expected: (_format, version) => (version === 1 ? byN8n(500) : byTrigger(400)),
	},
	{
		input: 'gzip bomb, no Content-Type',
		send: unproven(null, () => bomb().gzip, 'gzip'),
		expected: (_format, version) => (version === 1 ? byN8n(500) : byTrigger(413)),
	},
	{
		input: 'multipart/mixed with a gzip header on a body that is not gzip',
		send: unproven('multipart/mixed', (target) => json(target), 'gzip'),
		expected: () => byTrigger(415),
	},
];

/** A chunked request: no Content-Length, so nothing can refuse it by its announced size. */
function chunked(url: string, headers: Header[], body: Buffer): Promise<RawAnswer> {
	const framed = Buffer.concat([
		Buffer.from(`${body.length.toString(16)}\r\n`),
		body,
		Buffer.from('\r\n0\r\n\r\n'),
	]);
	const head = requestHead(url, [...headers, ['Transfer-Encoding', 'chunked']], null);
	return rawRequest(url, head, framed);
}

/** Bodies over N8N_PAYLOAD_SIZE_MAX, none proven. */
const OVER_LIMIT: Row[] = [
	{
		input: `${2 * PAYLOAD_MAX_MB} MiB application/json, no proof`,
		send: unproven('application/json', overLimit),
		expected: () => byN8n(500),
	},
	{
		input: `${2 * PAYLOAD_MAX_MB} MiB text/plain, no proof`,
		send: unproven('text/plain', overLimit),
		expected: () => byN8n(500),
	},
	{
		input: `${2 * PAYLOAD_MAX_MB} MiB with no Content-Type, no proof`,
		send: unproven(null, overLimit),
		expected: (_format, version) => (version === 1 ? byN8n(500) : byTrigger(413)),
	},
	{
		input: `${2 * PAYLOAD_MAX_MB} MiB chunked, no Content-Type nor Content-Length, no proof`,
		send: (target) => chunked(target.trigger.url, [], overLimit()),
		expected: (_format, version) => (version === 1 ? byN8n(500) : byTrigger(413)),
	},
	{
		input: `${2 * PAYLOAD_MAX_MB} MiB multipart/form-data field (n8n's body limit does not apply), no proof`,
		send: unproven(FORM_DATA, () => formData([['a', overLimit()]])),
		expected: () => byTrigger(415),
	},
	{
		input: `${2 * PAYLOAD_MAX_MB} MiB multipart/mixed, no proof`,
		send: unproven('multipart/mixed', overLimit),
		expected: () => byTrigger(415),
	},
];

/** What a header is to a format's proof, which decides what changing it does. */
type Role = 'hmac' | 'secret' | 'timestamp' | 'content-type' | 'unsigned';

function roleOf(format: Format, header: string): Role {
	const { auth } = FORMAT[format];
	if (header === 'Content-Type') return 'content-type';
	if (auth.kind === 'hmac-sha256-header' && header === auth.header) return 'hmac';
	if (auth.kind === 'secret-header' && header === auth.header) return 'secret';
	if (auth.kind === 'timestamped-hmac' && header === auth.signatureHeader) return 'hmac';
	if (auth.kind === 'timestamped-hmac' && header === auth.timestampHeader) return 'timestamp';
	return 'unsigned';
}

const VARIANTS = ['changed', 'removed', 'doubled', 're-cased'] as const;
type Variant = (typeof VARIANTS)[number];

/**
 * What a replay with one header varied gets: 401 where the proof no longer holds, else 200 and no
 * run, its repeat known by what the proof covers. Node joins a doubled header as `A, A` (one
 * right signature in such a list proves the body, as during a rotation; a doubled secret or
 * timestamp is no longer one) but keeps the first of two Content-Types; a name's case is lost.
 */
const REPLAY_STATUS: Record<Role, Record<Variant, number>> = {
	hmac: { changed: 401, removed: 401, doubled: 200, 're-cased': 200 },
	secret: { changed: 401, removed: 401, doubled: 401, 're-cased': 200 },
	timestamp: { changed: 401, removed: 401, doubled: 401, 're-cased': 200 },
	'content-type': { changed: 200, removed: 200, doubled: 200, 're-cased': 200 },
	unsigned: { changed: 200, removed: 200, doubled: 200, 're-cased': 200 },
};

/** A value of `header` that differs from `value` while keeping its form. */
function changedValue(role: Role, value: string): string {
	switch (role) {
		case 'content-type':
			return 'text/plain';
		case 'timestamp':
			return String(Number(value) + 1);
		case 'hmac':
		case 'secret':
			return `${value.slice(0, -1)}${value.endsWith('0') ? '1' : '0'}`;
		case 'unsigned':
			return `${value}-changed`;
	}
}

function varied(sent: Sent, format: Format, header: string, variant: Variant): Sent {
	const role = roleOf(format, header);
	const headers = sent.headers.flatMap(([name, value]): Header[] => {
		if (name !== header) return [[name, value]];
		switch (variant) {
			case 'changed':
				return [[name, changedValue(role, String(value))]];
			case 'removed':
				return [];
			case 'doubled':
				return [
					[name, value],
					[name, value],
				];
			case 're-cased':
				return [[name.toUpperCase(), value]];
		}
	});
	return { headers, body: sent.body };
}

/** The headers each format's provider sends with a delivery. */
const headersOf = (format: Format) =>
	proven(
		{ format, version: 1, trigger: { secret: 's' } as Trigger, mark: 'm' },
		Buffer.from('{}'),
	).headers.map(([name]) => name);

/** A genuine delivery re-sent with each of its provider's headers varied every way. */
const headerReplays = (format: Format): Row[] =>
	headersOf(format).flatMap((header) =>
		VARIANTS.map((variant) => ({
			input: `replay, ${header} ${variant}`,
			replay: header,
			send: (target: Target, genuine: Sent) =>
				post(target, varied(genuine, target.format, header, variant)),
			expected: (f: Format) => {
				const code = REPLAY_STATUS[roleOf(f, header)][variant];
				return code === 401 ? refused : ignored;
			},
		})),
	);

/** `sent` with its Content-Type replaced by `type` (none when null), and `more` headers. */
function retyped(sent: Sent, type: string | null, more: Header[] = []): Sent {
	const headers = sent.headers.filter(([name]) => name !== 'Content-Type');
	return {
		headers: [...(type === null ? [] : [['Content-Type', type] as const]), ...headers, ...more],
		body: sent.body,
	};
}

/** A genuine delivery re-sent under another content type: never a second run. */
const TYPE_REPLAYS: Row[] = [
	...(
		[
			// Its bytes are no multipart body: formidable, n8n's parser, refuses them.
			[FORM_DATA, byN8n(400)],
			[`multipart/mixed; boundary=${BOUNDARY}`, byTrigger(415)],
			['application/x-www-form-urlencoded', ignored],
			['text/plain', ignored],
			[null, ignored],
			['application/octet-stream', ignored],
			['application/json; charset=utf-16le', byN8n(422)],
		] as const
	).map(([type, expected]) => ({
		input: `replay as ${type ?? 'no Content-Type'}`,
		replay: 'content types',
		send: (target: Target, genuine: Sent) => post(target, retyped(genuine, type)),
		expected: () => expected,
	})),
	{
		input: 'replay inside a multipart/form-data field, its proof in the headers',
		replay: 'content types',
		send: (target, genuine) =>
			post(target, {
				headers: retyped(genuine, FORM_DATA).headers,
				body: formData([['payload', genuine.body]]),
			}),
		expected: () => byTrigger(415),
	},
];

/** A genuine delivery re-sent compressed, or claiming to be: never a second run. */
const ENCODING_REPLAYS: Row[] = (
	[
		['gzip', 'gzip', 'application/json', gzipSync, ignored],
		['deflate', 'deflate', 'application/json', deflateSync, ignored],
		['br', 'br', 'application/json', brotliCompressSync, byN8n(422)],
		['identity', 'identity', 'application/json', (body: Buffer) => body, ignored],
		['an unknown encoding (x-soak)', 'x-soak', 'application/json', (body: Buffer) => body, ignored],
		['gzip, no Content-Type', 'gzip', null, gzipSync, ignored],
		[
			'a gzip header, the body not gzip',
			'gzip',
			'application/json',
			(body: Buffer) => body,
			byN8n(500),
		],
	] as const
).map(([label, encoding, type, encode, expected]) => ({
	input: `replay with ${label}`,
	replay: 'encodings',
	send: (target: Target, genuine: Sent) => {
		const sent = retyped(genuine, type, [['Content-Encoding', encoding]]);
		return post(target, { headers: sent.headers, body: encode(genuine.body) });
	},
	expected: () => expected,
}));

/** Each family of rows, and the rows it sends to a format. */
const FAMILIES: ReadonlyArray<{ family: string; rows: (format: Format) => Row[] }> = [
	{ family: 'hostile bodies and headers', rows: () => HOSTILE },
	{ family: 'content types, no proof', rows: () => CONTENT_TYPES },
	{ family: 'Content-Encoding, no proof', rows: () => ENCODINGS },
	{ family: "over n8n's body limit, no proof", rows: () => OVER_LIMIT },
	{ family: 'replay, a header changed, removed, doubled or re-cased', rows: headerReplays },
	{ family: 'replay under another content type', rows: () => TYPE_REPLAYS },
	{ family: 'replay under a Content-Encoding', rows: () => ENCODING_REPLAYS },
];

interface Result {
	status: number;
	run: boolean;
	by: Answerer;
}

/** Each row's result per column (`format@version`), in the order rows were first sent. */
const results = new Map<string, Map<string, Result>>();
/** Per family: requests sent, runs they started, and their statuses. */
const tallies = new Map<string, { sent: number; ran: number; statuses: Map<string, number> }>();
/** The genuine deliveries that replays re-sent, each sent and run once first. */
const genuines = { sent: 0, ran: 0 };

function record(family: string, input: string, column: string, result: Result): void {
	if (!results.has(input)) results.set(input, new Map());
	results.get(input)!.set(column, result);
	const tally = tallies.get(family) ?? { sent: 0, ran: 0, statuses: new Map<string, number>() };
	tally.sent += 1;
	if (result.run) tally.ran += 1;
	const key = `${result.status}${result.by === 'trigger' || result.status === 200 ? '' : ` ${result.by}`}`;
	tally.statuses.set(key, (tally.statuses.get(key) ?? 0) + 1);
	tallies.set(family, tally);
}

/** The executions stored as last listed, by id. */
let known = new Set<string>();

/** The executions n8n stored since the last call, of any workflow and status. */
async function newExecutions(): Promise<StoredExecution[]> {
	const all = await storedExecutions(soak.stack.api);
	const fresh = all.filter((execution) => !known.has(execution.id));
	known = new Set(all.map((execution) => execution.id));
	return fresh;
}

const listed = (executions: StoredExecution[]) =>
	JSON.stringify(
		executions.map(({ id, workflowId, status, mode }) => ({ id, workflowId, status, mode })),
	);

const NOTHING: Sent = { headers: [], body: Buffer.alloc(0) };
const CASES = FORMATS.flatMap((format) => VERSIONS.map((version) => [format, version] as const));
const column = (format: Format, version: Version) => `${format}@${version}`;
/** Runs of the Error Workflow the control below started. */
let controlRuns = 0;

beforeAll(async () => {
	soak = await startSoakStack('hostile', { env: { N8N_PAYLOAD_SIZE_MAX: String(PAYLOAD_MAX_MB) } });
	const host = {
		api: soak.stack.api,
		providers: soak.stack.providers,
		webhookUrl: soak.stack.n8n.webhookUrl,
	};
	errorWorkflow = await activateErrorWorkflow(soak.stack.api, 'hostile: Error Workflow');
	for (const version of VERSIONS)
		for (const { provider } of Object.values(soak.triggers))
			triggers.set(
				`${provider.id}@${version}`,
				await activateTrigger(host, provider, {
					webhookId: `hostile-${provider.id}-v${String(version).replace('.', '-')}`,
					typeVersion: version,
					settings: { errorWorkflow },
				}),
			);
}, 900_000);

afterAll(async () => {
	const cell = (result: Result | undefined) =>
		result === undefined
			? '—'
			: `${result.status}${result.run ? ' run' : ''}${result.by === 'trigger' || result.status === 200 ? '' : ` ${result.by}`}`;
	const columns = CASES.map(([format, version]) => column(format, version));
	const lines = [
		`| input | ${columns.join(' | ')} |`,
		`|---|${columns.map(() => '---').join('|')}|`,
		...[...results].map(
			([input, row]) => `| ${input} | ${columns.map((key) => cell(row.get(key))).join(' | ')} |`,
		),
	];
	const families = [...tallies].map(
		([family, tally]) =>
			`${family}: ${tally.sent} requests, ${tally.ran} runs, ${JSON.stringify(Object.fromEntries(tally.statuses))}`,
	);
	console.log(
		`hostile input, status per format and node version (n8n = n8n answered before the trigger, http = Node's parser):\n${lines.join('\n')}\n\n${families.join('\n')}\ngenuine deliveries re-sent by the replays: ${genuines.sent} sent, ${genuines.ran} run`,
	);
	await soak?.stack.close();
});

describe('hostile input against a real n8n', { timeout: 900_000 }, () => {
	it('a workflow that fails on this n8n starts the Error Workflow, so the checks below would see one', async () => {
		await newExecutions();
		const url = await activateFailingWorkflow(
			{ api: soak.stack.api, webhookUrl: soak.stack.n8n.webhookUrl },
			{ webhookId: 'hostile-fails', errorWorkflow },
		);
		expect((await rawPost(url, [['Content-Type', 'application/json']], '{}')).status).toBe(200);
		await sleep(2_000);
		const fresh = await newExecutions();
		controlRuns = fresh.filter((execution) => execution.workflowId === errorWorkflow).length;
		expect(controlRuns).toBeGreaterThan(0);
		expect(fresh.some((execution) => execution.status === 'error')).toBe(true);
	});

	it.each(CASES)(
		'%s on node version %s: each input a clear status, a run only where authentic and new, nothing else stored',
		async (format, version) => {
			const trigger = triggerFor(format, version);
			const mismatches: string[] = [];
			let genuine: { group: string; sent: Sent } | undefined;
			await newExecutions();
			for (const { family, rows } of FAMILIES)
				for (const row of rows(format)) {
					if (row.replay !== undefined && genuine?.group !== row.replay) {
						const target = { format, version, trigger, mark: nextMark() };
						const sent = proven(target, json(target));
						const answer = await post(target, sent);
						const fresh = await newExecutions();
						genuines.sent += 1;
						if (answer.status === 200 && fresh.length === 1 && fresh[0]!.status === 'success')
							genuines.ran += 1;
						else
							mismatches.push(
								`the genuine delivery replayed by "${row.replay}": ${answer.status}, stored ${listed(fresh)}`,
							);
						genuine = { group: row.replay, sent };
					}
					const target = { format, version, trigger, mark: nextMark() };
					const answer = await row.send(target, genuine?.sent ?? NOTHING);
					const fresh = await newExecutions();
					const result = { status: answer.status, run: fresh.length > 0, by: answeredBy(answer) };
					record(family, row.input, column(format, version), result);
					const expected = row.expected(format, version);
					const stray = fresh.filter(
						(execution) =>
							execution.status !== 'success' || execution.workflowId !== trigger.workflowId,
					);
					if (
						result.status !== expected.status ||
						result.run !== expected.run ||
						(expected.by !== undefined && result.by !== expected.by) ||
						fresh.length > 1 ||
						stray.length > 0
					)
						mismatches.push(
							`${row.input}: ${JSON.stringify(result)}, stored ${listed(fresh)}; expected ${JSON.stringify(expected)}; answer ${JSON.stringify(answer.text.slice(0, 300))}`,
						);
					if (result.run && row.output && fresh.length === 1) {
						const output = outputIn(await executionWithData(soak.stack.api, fresh[0]!.id), trigger);
						if (output?.soakId !== target.mark)
							mismatches.push(`${row.input}: its run has no output marked ${target.mark}`);
						else
							try {
								row.output(output);
							} catch (error) {
								mismatches.push(`${row.input}: ${(error as Error).message}`);
							}
					}
				}
			// n8n may store an execution a moment after it answered (it answers a throw first).
			await sleep(2_000);
			const late = await newExecutions();
			expect(listed(late)).toBe('[]');
			expect(mismatches).toEqual([]);

			// Nothing left half-done: n8n is alive and runs the next good delivery, unpolluted.
			expect(alive(soak.stack.n8n.pid)).toBe(true);
			const target = { format, version, trigger, mark: nextMark() };
			expect((await post(target, proven(target, json(target)))).status).toBe(200);
			const fresh = await newExecutions();
			expect(fresh.map((execution) => execution.status)).toEqual(['success']);
			const output = outputIn(await executionWithData(soak.stack.api, fresh[0]!.id), trigger);
			expect(output?.soakId).toBe(target.mark);
			expect(output![POLLUTION]).toBeUndefined();
			expect(JSON.stringify(await runsOf(soak.stack.api, trigger.workflowId))).not.toContain(
				POLLUTION,
			);
		},
	);

	it("XML n8n cannot parse: answered by n8n, or by no one once n8n's parser is stuck; never a run, nothing stored", async () => {
		// Last, since it can leave n8n unable to answer any XML request at all (RELIABILITY.md):
		// n8n 2.40.7 parses XML with one xml2js parser for the whole process, whose state a body it
		// cannot parse may break, after which a parse never ends. So each answer is one of a few.
		const family = 'XML n8n cannot parse';
		const noAnswerMs = 10_000;
		const mismatches: string[] = [];
		const check = async (
			input: string,
			key: string,
			answer: RawAnswer,
			allowed: readonly number[],
		) => {
			const fresh = await newExecutions();
			const result = { status: answer.status, run: fresh.length > 0, by: answeredBy(answer) };
			record(family, input, key, result);
			if (!allowed.includes(result.status) || fresh.length > 0)
				mismatches.push(
					`${key}, ${input}: ${JSON.stringify(result)}, stored ${listed(fresh)}; allowed ${allowed.join(', ')}`,
				);
		};
		await newExecutions();
		for (const [format, version] of CASES) {
			const trigger = triggerFor(format, version);
			const key = column(format, version);
			const genuine = { format, version, trigger, mark: nextMark() };
			const sent = proven(genuine, json(genuine));
			expect((await post(genuine, sent)).status).toBe(200);
			expect((await newExecutions()).map((execution) => execution.status)).toEqual(['success']);
			// 422: n8n's parser said so; 0: no answer, its parse never ended; 401: n8n, its parser
			// broken, read nothing and handed the request on.
			await check(
				'XML that does not parse, no proof',
				key,
				await rawPost(
					trigger.url,
					[['Content-Type', 'application/xml']],
					'<event>lead.create</',
					noAnswerMs,
				),
				[422, 0, 401],
			);
			// 200: handed on as above, and known as a repeat by its proof.
			await check(
				'replay as application/xml (JSON, no XML)',
				key,
				await rawPost(trigger.url, retyped(sent, 'application/xml').headers, sent.body, noAnswerMs),
				[422, 0, 200],
			);
		}
		const last = triggerFor('kakiyo', 1.1);
		await check(
			'well-formed XML after them, no proof',
			column('kakiyo', 1.1),
			await rawPost(
				last.url,
				[['Content-Type', 'application/xml']],
				'<event>lead.create</event>',
				noAnswerMs,
			),
			[401, 0],
		);
		await sleep(2_000);
		expect(listed(await newExecutions())).toBe('[]');
		expect(mismatches).toEqual([]);
	});

	it('the Error Workflow ran for none of them', async () => {
		await sleep(2_000);
		const runs = (await storedExecutions(soak.stack.api)).filter(
			(execution) => execution.workflowId === errorWorkflow,
		);
		expect(runs).toHaveLength(controlRuns);
	});

	it("leaves no API key or hook secret in n8n's output and logs, the runs, or this file's output", async () => {
		const secrets = [...triggers.values()].map((trigger) => ({
			label: `${trigger.node} (${trigger.url})`,
			value: trigger.secret,
		}));
		expect(await scanSoak(soak, { secrets })).toEqual([]);
	});
});
