/**
 * Generated deliveries for fuzzing, as data each adapter sends its own way (the core's
 * `receiveDelivery`, a Zapier app's `perform`, a real n8n over HTTP): for one provider and one of
 * its formats, a delivery that is authentic, forged, unsigned, stale or replayed, and what must
 * come of it. Stale deliveries are dated outside the window rather than received late, so an
 * adapter that reads the clock itself needs no injected time.
 */
import fc from 'fast-check';

import {
	proveDelivery,
	type DeliveryAuth,
	type ProviderDefinition,
	type RawBody,
} from '../../shared/index.js';

export type Scenario = 'authentic' | 'forged' | 'unsigned' | 'stale' | 'replayed';
const SCENARIOS: readonly Scenario[] = ['authentic', 'forged', 'unsigned', 'stale', 'replayed'];

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
	readonly headers: Record<string, string>;
	readonly body: string;
}

export interface DeliveryCase {
	readonly scenario: Scenario;
	/** The event the body carries. */
	readonly event: string;
	/** The hook's secret, which signs what is authentic. */
	readonly secret: string;
	/** A second secret the trigger may hold too (a rotation), never one that signs a forgery. */
	readonly other: string;
	/** What is sent, in order: two deliveries for a replay (the provider's retry), else one. */
	readonly sent: readonly Sent[];
	/**
	 * What must come of each: `accepted` (a run, except a replay's second), `refused` (401, no
	 * run) or `ignored` (2xx, no run).
	 */
	readonly expected: 'accepted' | 'refused' | 'ignored';
}

const HOUR = 3_600_000;

/** A change to a sample, never to its `event`: a path of indices into each level's keys. */
const change = fc.record({
	path: fc.array(fc.nat(), { minLength: 1, maxLength: 3 }),
	value: fc.oneof(
		fc.jsonValue({ maxDepth: 2 }),
		fc.string({ unit: 'binary', maxLength: 40 }),
		fc.constantFrom('__proto__', '\u0000', '\u2028', '\ud800', 'é', '🙂'),
	),
});

function applyChange(root: Record<string, unknown>, edit: { path: number[]; value: unknown }) {
	let node: unknown = root;
	for (const [depth, index] of edit.path.entries()) {
		if (node === null || typeof node !== 'object') return root;
		const record = node as Record<string, unknown>;
		const keys = Object.keys(record).filter((key) => !(depth === 0 && key === 'event'));
		const key = keys.length === 0 ? 'extra' : (keys[index % keys.length] as string);
		if (depth === edit.path.length - 1 || keys.length === 0) {
			// A copy: a later change may descend into it, and fast-check may hand the same value again.
			record[key] = structuredClone(edit.value);
			return root;
		}
		node = record[key];
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

const text = (body: RawBody) => (typeof body === 'string' ? body : Buffer.from(body).toString());

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
			event: fc.constantFrom(...provider.events.map((entry) => entry.id)),
			edits: fc.array(change, { maxLength: 3 }),
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
			const bodyAt = (at: number) => {
				const sample = structuredClone(provider.sampleFor(input.event));
				const body = input.edits.reduce(applyChange, sample);
				body.n = input.n;
				if (dated) body[dateField] = new Date(at).toISOString();
				return JSON.stringify(body);
			};
			// Breakcold's current format sends a delivery id header (unsigned, so nothing reads it).
			const withId = (headers: Record<string, string>) =>
				auth.kind !== 'timestamped-hmac'
					? headers
					: { ...headers, 'X-Webhook-Delivery-Id': `dlv_${input.n}_${input.at}` };
			const prove = (body: string, key: string, at = now): Sent => {
				const proven = proveDelivery(provider, body, key, at, auth);
				return { headers: withId(proven.headers), body: text(proven.body) };
			};
			const authentic = prove(bodyAt(now), secret);
			const base = { event: input.event, secret, other };

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
		const id = sent.headers['X-Webhook-Delivery-Id'];
		return id === undefined ? {} : { 'X-Webhook-Delivery-Id': id };
	}
}
