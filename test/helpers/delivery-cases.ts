/**
 * Generated deliveries for fuzzing, as data each adapter sends its own way (the core's
 * `receiveDelivery`, a Zapier app's `perform`, a real n8n over HTTP): for one provider and one of
 * its formats, a delivery that is authentic, forged, unsigned, stale, replayed (the provider's
 * retry) or resent (an attacker's copy with its unsigned headers varied), and what must come of
 * it. Stale deliveries are dated outside the window rather than received late, so an adapter
 * that reads the clock itself needs no injected time.
 */
import { deflateSync, gzipSync } from 'node:zlib';

import fc from 'fast-check';

import { signDelivery, type ProviderDefinition } from '../../shared/index.js';
import { type DeliveryAuth } from '../../shared/provider.js';
import { type RawBody } from '../../shared/sign.js';

export type Scenario = 'authentic' | 'forged' | 'unsigned' | 'stale' | 'replayed' | 'resent';
const SCENARIOS: readonly Scenario[] = [
	'authentic',
	'forged',
	'unsigned',
	'stale',
	'replayed',
	'resent',
];

/**
 * Names every object inherits: as an event id (selected, delivered, asked a sample of) or a
 * body's key, a look-up that is not of own properties finds a function or a prototype.
 */
export const INHERITED_NAMES = [
	'constructor',
	'__proto__',
	'toString',
	'hasOwnProperty',
	'valueOf',
] as const;

/**
 * How a resent copy differs from the captured delivery: one header at a time, or its body sent
 * compressed with the `Content-Encoding` that says so (the server reads the same bytes).
 */
export type Variation = 'changed' | 'removed' | 'doubled' | 'case' | 'added-id' | 'encoded';
export const VARIATIONS: readonly Variation[] = [
	'changed',
	'removed',
	'doubled',
	'case',
	'added-id',
	'encoded',
];

/** A count per scenario, all zero: what a fuzz run tallies and prints. */
export function emptyTally(): Record<Scenario, number> {
	return Object.fromEntries(SCENARIOS.map((scenario) => [scenario, 0])) as Record<Scenario, number>;
}

type Forgery = 'other-secret' | 'tampered-body' | 'cut-body' | 'random-proof' | 'hostile-proof';
const FORGERIES: readonly Forgery[] = [
	'other-secret',
	'tampered-body',
	'cut-body',
	'random-proof',
	'hostile-proof',
];

export interface Sent {
	/** The headers as a Node server hands them on (a repeated header joined or dropped). */
	readonly headers: Record<string, string>;
	readonly body: string;
	/**
	 * The header lines as written on the wire, in order, with their case and repeats, where they
	 * differ from `headers`' entries: what a client sending raw bytes sends.
	 */
	readonly wire?: ReadonlyArray<readonly [string, string]>;
	/** The body as written on the wire, where it is encoded (`body` is what the server reads). */
	readonly wireBody?: Buffer;
}

/** What an attacker varied in a resent copy, and whether that may break its proof. */
export interface Resend {
	/** Each change that took effect, as `<variation> <header>`, e.g. `doubled X-Webhook-Event`. */
	readonly varied: readonly string[];
	/**
	 * Whether a header that carries the proof was changed, removed or doubled, so the copy may be
	 * refused rather than recognised as a repeat.
	 */
	readonly mayRefuse: boolean;
}

export interface DeliveryCase {
	readonly scenario: Scenario;
	/** The event the body carries. */
	readonly event: string;
	/** The hook's secret, which signs what is authentic. */
	readonly secret: string;
	/** A second secret the trigger may hold too (a rotation), never one that signs a forgery. */
	readonly other: string;
	/**
	 * The events the trigger is set to: the delivered one or the wildcard, and sometimes names
	 * every object inherits beside it.
	 */
	readonly selected: readonly string[];
	/**
	 * What is sent, in order: two deliveries for a replay (the provider's retry) and for a resent
	 * copy (the captured delivery, then the attacker's), else one.
	 */
	readonly sent: readonly Sent[];
	/**
	 * What must come of each: `accepted` (a run, except a replay's or a resent copy's second),
	 * `refused` (401, no run) or `ignored` (2xx, no run).
	 */
	readonly expected: 'accepted' | 'refused' | 'ignored';
	/** For a resent copy: what differs from the captured delivery. */
	readonly resend?: Resend;
}

const HOUR = 3_600_000;

/**
 * A change to a sample, never to its `event`: a path of indices into each level's keys, and at
 * the last level sometimes a key of its own named as an inherited property (`__proto__` as JSON
 * gives it: a plain key).
 */
const change = fc.record({
	path: fc.array(fc.nat(), { minLength: 1, maxLength: 3 }),
	value: fc.oneof(
		fc.jsonValue({ maxDepth: 2 }),
		fc.string({ unit: 'binary', maxLength: 40 }),
		fc.constantFrom('\u0000', '\u2028', '\ud800', 'é', '🙂', ...INHERITED_NAMES),
	),
	key: fc.oneof(
		{ weight: 4, arbitrary: fc.constant(undefined) },
		{ weight: 1, arbitrary: fc.constantFrom(...INHERITED_NAMES) },
	),
});

function applyChange(
	root: Record<string, unknown>,
	edit: { path: number[]; value: unknown; key: string | undefined },
) {
	let node: unknown = root;
	for (const [depth, index] of edit.path.entries()) {
		if (node === null || typeof node !== 'object') return root;
		const record = node as Record<string, unknown>;
		const keys = Object.keys(record).filter((key) => !(depth === 0 && key === 'event'));
		if (depth === edit.path.length - 1 || keys.length === 0) {
			// A copy: a later change may descend into it, and fast-check may hand the same value again.
			const value = structuredClone(edit.value);
			const key = edit.key ?? (keys.length === 0 ? 'extra' : (keys[index % keys.length] as string));
			// Defined, not assigned: `record.__proto__ = value` would set the prototype instead.
			Object.defineProperty(record, key, {
				value,
				enumerable: true,
				writable: true,
				configurable: true,
			});
			return root;
		}
		node = record[keys[index % keys.length] as string];
	}
	return root;
}

/** Bytes changed: one flipped, or some cut off the end. */
function tamper(body: string, at: number, cut: boolean): string {
	const bytes = Buffer.from(body);
	if (cut) return bytes.subarray(0, at % bytes.length).toString('utf8');
	const index = at % bytes.length;
	bytes[index] = (bytes[index] as number) ^ 0x01;
	return bytes.toString('latin1');
}

/** The header that carries the proof, for a kind that has one. */
function proofHeader(auth: DeliveryAuth): string | undefined {
	switch (auth.kind) {
		case 'hmac-sha256-header':
		case 'secret-header':
			return auth.header;
		case 'timestamped-hmac':
			return auth.signatureHeader;
		case 'secret-in-body':
			return undefined;
	}
}

/** The headers whose change can break the proof: those it travels in or signs. */
function signedHeaders(auth: DeliveryAuth): string[] {
	return auth.kind === 'timestamped-hmac'
		? [auth.signatureHeader, auth.timestampHeader]
		: [proofHeader(auth)].filter((name) => name !== undefined);
}

const text = (body: RawBody) => (typeof body === 'string' ? body : Buffer.from(body).toString());

/** The only delivery id header any provider sends (Breakcold's current format; unsigned). */
const DELIVERY_ID_HEADER = 'X-Webhook-Delivery-Id';

/**
 * Values a resent copy's `Content-Type` takes: JSON spelled otherwise, or another type, among
 * them those n8n parses before the trigger runs (form, XML, multipart).
 */
const CONTENT_TYPES = [
	'application/json; charset=utf-8',
	'Application/JSON',
	'application/vnd.api+json',
	'text/json',
	'text/plain',
	'application/x-www-form-urlencoded',
	'application/octet-stream',
	'application/xml',
	'multipart/form-data; boundary=resent',
] as const;

/** Stands for the captured value with its letters' case changed, among a change's values. */
const RECASED = Symbol('recased');

/** One change to a resent copy's headers; `header` indexes the headers the provider sent. */
const variation = fc.record({
	kind: fc.constantFrom(...VARIATIONS),
	header: fc.nat(),
	value: fc.oneof(
		fc.string({
			unit: fc.integer({ min: 0x21, max: 0x7e }).map((code) => String.fromCharCode(code)),
			minLength: 1,
			maxLength: 40,
		}),
		fc.constantFrom(...INHERITED_NAMES),
		fc.constant(RECASED),
	),
	contentType: fc.constantFrom(...CONTENT_TYPES),
});

type HeaderChange = typeof variation extends fc.Arbitrary<infer T> ? T : never;

/** `text` with its letters' case changed, never left as it was where it has letters. */
function recased(text: string, seed: number): string {
	const upper = text.toUpperCase();
	const lower = text.toLowerCase();
	const swapped = [...text]
		.map((char) => (char === char.toUpperCase() ? char.toLowerCase() : char.toUpperCase()))
		.join('');
	const options = [upper, lower, swapped].filter((option) => option !== text);
	return options.length === 0 ? text : (options[seed % options.length] as string);
}

/**
 * Headers Node's HTTP server keeps only the first of when a request repeats them; it joins the
 * copies of any other with `, ` (`IncomingMessage.headers`).
 */
const FIRST_ONLY = new Set([
	'age',
	'authorization',
	'content-length',
	'content-type',
	'etag',
	'expires',
	'from',
	'host',
	'if-modified-since',
	'if-unmodified-since',
	'last-modified',
	'location',
	'max-forwards',
	'proxy-authorization',
	'referer',
	'retry-after',
	'server',
	'user-agent',
]);

/** Header lines as a Node server hands them on: names in lower case, repeats joined or dropped. */
export function asReceived(
	lines: ReadonlyArray<readonly [string, string]>,
): Record<string, string> {
	const headers = new Map<string, string>();
	for (const [name, value] of lines) {
		const key = name.toLowerCase();
		const before = headers.get(key);
		if (before === undefined) headers.set(key, value);
		else if (!FIRST_ONLY.has(key)) headers.set(key, `${before}, ${value}`);
	}
	return Object.fromEntries(headers);
}

/**
 * A captured delivery's header lines with `changes` made, as an attacker re-sends it: the body and
 * its proof as captured, each header the provider sent changed, removed, doubled or renamed in
 * another case, a delivery id header added, or the body compressed (gzip or deflate). A change
 * to a header an earlier one removed, or a second compression, does nothing and is not counted.
 */
function vary(
	captured: Sent,
	auth: DeliveryAuth,
	changes: ReadonlyArray<HeaderChange>,
): { wire: Array<[string, string]>; wireBody?: Buffer; resend: Resend } {
	const names = Object.keys(captured.headers);
	const signed = signedHeaders(auth).map((name) => name.toLowerCase());
	let lines: Array<[string, string]> = Object.entries(captured.headers);
	const varied: string[] = [];
	let mayRefuse = false;
	let wireBody: Buffer | undefined;
	for (const [index, change] of changes.entries()) {
		if (change.kind === 'encoded') {
			if (wireBody !== undefined) continue;
			const gzip = change.header % 2 === 0;
			const bytes = Buffer.from(captured.body);
			wireBody = gzip ? gzipSync(bytes) : deflateSync(bytes);
			lines.push(['Content-Encoding', gzip ? 'gzip' : 'deflate']);
			varied.push(`encoded ${gzip ? 'gzip' : 'deflate'}`);
			continue;
		}
		if (change.kind === 'added-id') {
			const value =
				typeof change.value === 'string' ? change.value : `dlv_resent_${index}_${change.header}`;
			lines.push([DELIVERY_ID_HEADER, value]);
			varied.push(`added-id ${DELIVERY_ID_HEADER}`);
			continue;
		}
		const name = names[change.header % names.length] as string;
		const same = ([line]: readonly [string, string]) => line.toLowerCase() === name.toLowerCase();
		const first = lines.find(same);
		if (first === undefined) continue;
		switch (change.kind) {
			case 'changed': {
				const wanted =
					name.toLowerCase() === 'content-type'
						? change.contentType
						: change.value === RECASED
							? recased(first[1], change.header)
							: change.value;
				const value = wanted === first[1] ? `${wanted}x` : wanted;
				lines = lines.map((line) => (same(line) ? [line[0], value] : line));
				break;
			}
			case 'removed':
				lines = lines.filter((line) => !same(line));
				break;
			case 'doubled':
				lines.push([first[0], first[1]]);
				break;
			case 'case': {
				const renamed = recased(first[0], change.header);
				lines = lines.map((line) => (same(line) ? [renamed, line[1]] : line));
				break;
			}
		}
		varied.push(`${change.kind} ${name}`);
		if (change.kind !== 'case' && signed.includes(name.toLowerCase())) mayRefuse = true;
	}
	return {
		wire: lines,
		...(wireBody === undefined ? {} : { wireBody }),
		resend: { varied, mayRefuse },
	};
}

/**
 * Cases for `provider` in the format `auth`, dated around `now`. Each authentic delivery carries
 * its own id (`n`), so two cases never repeat each other. `secret` fixes the hook's secret, for a
 * trigger that holds one already (a real n8n's); otherwise each case has its own.
 */
export function deliveryCases(
	provider: ProviderDefinition,
	auth: DeliveryAuth,
	now = Date.now(),
	secret?: string,
): fc.Arbitrary<DeliveryCase> {
	const signsBody = auth.kind === 'hmac-sha256-header' || auth.kind === 'timestamped-hmac';
	const dated = provider.dateField !== null;
	const dateField = provider.dateField ?? 'timestamp';
	return fc
		.record({
			scenario: fc.constantFrom(...SCENARIOS),
			event: fc.oneof(
				{ weight: 9, arbitrary: fc.constantFrom(...provider.events.map((entry) => entry.id)) },
				{ weight: 1, arbitrary: fc.constantFrom(...INHERITED_NAMES) },
			),
			alsoSelected: fc.oneof(
				{ weight: 3, arbitrary: fc.constant([]) },
				{ weight: 1, arbitrary: fc.subarray([...INHERITED_NAMES], { minLength: 1, maxLength: 2 }) },
			),
			edits: fc.array(change, { maxLength: 3 }),
			variations: fc.array(variation, { minLength: 1, maxLength: 3 }),
			n: fc.nat(),
			secret:
				secret === undefined
					? fc.string({ minLength: 1, maxLength: 64, unit: 'grapheme' })
					: fc.constant(secret),
			other: fc.string({ minLength: 1, maxLength: 64, unit: 'grapheme' }),
			forgery: fc.constantFrom(...FORGERIES),
			hostile: fc.oneof(
				fc.string({ unit: 'binary', maxLength: 2000 }),
				fc.stringMatching(/^(sha256=)?[0-9a-fA-F]{0,80}$/),
				fc.constantFrom('', ' ', ',', 'sha256=', 'a'.repeat(5000)),
			),
			random: fc.uint8Array({ minLength: 32, maxLength: 32 }),
			at: fc.nat(),
			/** How far outside the window a stale delivery is dated, in minutes. */
			offset: fc.integer({ min: 1, max: 60 * 24 * 400 }),
			ahead: fc.boolean(),
		})
		.filter(
			(input) =>
				input.secret !== input.other &&
				`${input.other}#` !== input.secret &&
				input.hostile !== input.secret &&
				input.hostile !== input.other,
		)
		.map((input): DeliveryCase => {
			const { secret, other } = input;
			const idField = provider.deliveryIdField;
			const bodyAt = (at: number) => {
				const sample = structuredClone(provider.sampleFor(input.event));
				// Each delivery has an id of its own where the provider signs one (a change may vary it).
				if (idField !== undefined && Object.hasOwn(sample, idField))
					sample[idField] = `evt_${input.n}`;
				const body = input.edits.reduce(applyChange, sample);
				body.n = input.n;
				if (dated) body[dateField] = new Date(at).toISOString();
				return JSON.stringify(body);
			};
			// Breakcold's current format sends its event, an id and its client too, none of them signed.
			const unsigned: Record<string, string> =
				auth.kind !== 'timestamped-hmac'
					? {}
					: {
							'User-Agent': 'Breakcold-Webhooks/1.0',
							'X-Webhook-Event': input.event,
							[DELIVERY_ID_HEADER]: `dlv_${input.n}_${input.at}`,
						};
			const prove = (body: string, key: string, at = now): Sent => {
				const proven = signDelivery(provider, body, key, at, auth);
				return {
					headers: { 'Content-Type': 'application/json', ...unsigned, ...proven.headers },
					body: text(proven.body),
				};
			};
			const authentic = prove(bodyAt(now), secret);
			const base = {
				event: input.event,
				secret,
				other,
				selected: [provider.wildcard ?? input.event, ...input.alsoSelected],
			};

			let scenario = input.scenario;
			// No date to judge (Breakcold's legacy format): a replay is the repeat guard's to drop.
			if (scenario === 'stale' && !dated && auth.kind !== 'timestamped-hmac') scenario = 'replayed';
			switch (scenario) {
				case 'authentic':
					return { ...base, scenario, sent: [authentic], expected: 'accepted' };
				case 'replayed': {
					// The provider's retry: the same body; a timestamped format signs it anew.
					const retry =
						auth.kind === 'timestamped-hmac'
							? prove(authentic.body, secret, now + 30_000)
							: authentic;
					return {
						...base,
						scenario,
						sent: [authentic, { ...retry, headers: { ...retry.headers, ...idOf(authentic) } }],
						expected: 'accepted',
					};
				}
				case 'resent': {
					// Within the window, as captured: only what no proof covers differs.
					const { wire, wireBody, resend } = vary(authentic, auth, input.variations);
					const copy = {
						headers: asReceived(wire),
						body: authentic.body,
						wire,
						...(wireBody === undefined ? {} : { wireBody }),
					};
					return { ...base, scenario, sent: [authentic, copy], expected: 'accepted', resend };
				}
				case 'unsigned': {
					const header = proofHeader(auth);
					const headers = Object.fromEntries(
						Object.entries(authentic.headers).filter(([name]) => name !== header),
					);
					const body =
						auth.kind === 'secret-in-body'
							? JSON.stringify({
									...(JSON.parse(authentic.body) as object),
									[auth.field]: undefined,
								})
							: authentic.body;
					return { ...base, scenario, sent: [{ headers, body }], expected: 'refused' };
				}
				case 'stale': {
					const away = (input.ahead ? 1 : -1) * input.offset * 60_000;
					if (auth.kind === 'timestamped-hmac') {
						// Signed correctly, dated outside the tolerance either way.
						const at = now + away + Math.sign(away) * auth.toleranceSeconds * 1000;
						return {
							...base,
							scenario,
							sent: [prove(authentic.body, secret, at)],
							expected: 'refused',
						};
					}
					// Authentic, but dated outside Maximum Age (24 hours by default).
					const at = now + away + Math.sign(away) * 24 * HOUR;
					return { ...base, scenario, sent: [prove(bodyAt(at), secret)], expected: 'ignored' };
				}
				case 'forged': {
					let forgery = input.forgery;
					// A shared secret proves its sender, not the body: changing the body is no forgery there.
					if (!signsBody && (forgery === 'tampered-body' || forgery === 'cut-body'))
						forgery = 'other-secret';
					if (forgery === 'cut-body' && Buffer.byteLength(authentic.body) < 2)
						forgery = 'tampered-body';
					let sent: Sent;
					switch (forgery) {
						case 'other-secret':
							sent = prove(bodyAt(now), `${other}#`);
							break;
						case 'tampered-body':
						case 'cut-body':
							sent = {
								...authentic,
								body: tamper(authentic.body, input.at, forgery === 'cut-body'),
							};
							break;
						case 'random-proof':
						case 'hostile-proof': {
							const value =
								forgery === 'random-proof'
									? Buffer.from(input.random).toString('hex')
									: input.hostile;
							const header = proofHeader(auth);
							sent =
								auth.kind === 'secret-in-body'
									? {
											...authentic,
											body: JSON.stringify({
												...(JSON.parse(authentic.body) as object),
												[auth.field]: value,
											}),
										}
									: { ...authentic, headers: { ...authentic.headers, [header as string]: value } };
							break;
						}
					}
					return { ...base, scenario, sent: [sent], expected: 'refused' };
				}
			}
		});

	/** The delivery id header of a sent delivery, which a retry carries again. */
	function idOf(sent: Sent): Record<string, string> {
		const id = sent.headers[DELIVERY_ID_HEADER];
		return id === undefined ? {} : { [DELIVERY_ID_HEADER]: id };
	}
}
