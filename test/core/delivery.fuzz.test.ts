/**
 * Fuzzing of what every adapter does first with a delivery (`receiveDelivery`, then a repeat
 * guard), per provider and per format: generated deliveries, each authentic, forged, unsigned,
 * stale or replayed. Nothing throws; only the authentic and fresh is accepted, once; nothing
 * authentic is refused. The case counts are printed and go into RELIABILITY.md.
 */
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';

import {
	authKinds,
	proveDelivery,
	receiveDelivery,
	RepeatGuard,
	type DeliveryAuth,
	type ProviderDefinition,
	type Reception,
} from '../../shared/index.js';
import { breakcold } from '../../shared/providers/breakcold/index.js';
import { kakiyo } from '../../shared/providers/kakiyo/index.js';
import { saleshandy } from '../../shared/providers/saleshandy/index.js';

const CASES = 10_000;
const NOW = Date.parse('2026-11-29T12:00:00Z');
const HOUR = 3_600_000;

type Scenario = 'authentic' | 'forged' | 'unsigned' | 'stale' | 'replayed';

const counts = new Map<string, Record<Scenario, number>>();

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
			record[key] = edit.value;
			return root;
		}
		node = record[key];
	}
	return root;
}

/** A delivery body the provider might send: a sample changed a little, dated `at`. */
function bodyArbitrary(provider: ProviderDefinition) {
	return fc
		.tuple(
			fc.constantFrom(...provider.events.map((entry) => entry.id)),
			fc.array(change, { maxLength: 3 }),
		)
		.map(([event, edits]) => {
			const sample = structuredClone(provider.sampleFor(event));
			const body = edits.reduce(applyChange, sample);
			if (provider.dateField !== null)
				body[provider.dateField ?? 'timestamp'] = new Date(NOW).toISOString();
			return { event, body: JSON.stringify(body) };
		});
}

const secretArbitrary = fc.string({ minLength: 1, maxLength: 64, unit: 'grapheme' });

/** Bytes changed in place: one flipped, or some cut off the end. */
function tamper(body: string, at: number, cut: boolean): string {
	const bytes = Buffer.from(body);
	if (cut) return bytes.subarray(0, at % bytes.length).toString('utf8');
	const index = at % bytes.length;
	bytes[index] = (bytes[index] as number) ^ 0x01;
	return bytes.toString('latin1');
}

function proofValue(auth: DeliveryAuth): 'header' | 'body' {
	return auth.kind === 'secret-in-body' ? 'body' : 'header';
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

function caseArbitrary(provider: ProviderDefinition) {
	return fc.record({
		scenario: fc.constantFrom<Scenario>('authentic', 'forged', 'unsigned', 'stale', 'replayed'),
		delivery: bodyArbitrary(provider),
		secret: secretArbitrary,
		other: secretArbitrary,
		forgery: fc.constantFrom(
			'other-secret',
			'tampered-body',
			'cut-body',
			'random-proof',
			'hostile-proof',
		),
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
		rotation: fc.boolean(),
	});
}

/** Deliver: the provider's own headers as a platform passes them, lower-cased. */
function lower(headers: Record<string, string>): Record<string, string> {
	return Object.fromEntries(
		Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]),
	);
}

function runCase(
	provider: ProviderDefinition,
	auth: DeliveryAuth,
	input: ReturnType<typeof caseArbitrary> extends fc.Arbitrary<infer T> ? T : never,
): Scenario {
	const { scenario, delivery, secret, other } = input;
	const stored = input.rotation ? [other, secret] : secret;
	const selected = [provider.wildcard ?? delivery.event];
	const receive = (
		headers: Record<string, string>,
		body: string,
		now = NOW,
	): Reception<{ event: string }> =>
		receiveDelivery(
			provider,
			{ headers: lower(headers), body: Buffer.from(body) },
			{ secret: stored, selected, now },
		);
	const proven = proveDelivery(provider, delivery.body, secret, NOW, auth);
	const body =
		typeof proven.body === 'string' ? proven.body : Buffer.from(proven.body).toString('utf8');
	// Breakcold's current format ids its deliveries; its legacy one and the others do not.
	const withId = (headers: Record<string, string>, id: string) =>
		provider.deliveryIdHeader === undefined || auth.kind !== 'timestamped-hmac'
			? headers
			: { ...headers, [provider.deliveryIdHeader]: id };

	switch (scenario) {
		case 'authentic': {
			const reception = receive(withId(proven.headers, `dlv_${input.at}`), body);
			expect(reception.outcome).toBe('accepted');
			return scenario;
		}
		case 'replayed': {
			const guard = new RepeatGuard();
			const first = receive(withId(proven.headers, `dlv_${input.at}`), body);
			// A provider's retry: the same body, or for a timestamped format a new timestamp and signature.
			const again =
				auth.kind === 'timestamped-hmac'
					? proveDelivery(provider, delivery.body, secret, NOW + 30_000, auth)
					: proven;
			const second = receive(withId(again.headers, `dlv_${input.at}`), body, NOW + 30_000);
			expect(first.outcome).toBe('accepted');
			expect(second.outcome).toBe('accepted');
			if (first.outcome !== 'accepted' || second.outcome !== 'accepted') return scenario;
			expect(guard.remember('trigger', first.fingerprint, first.rememberUntil, NOW).repeat).toBe(
				false,
			);
			expect(
				guard.remember('trigger', second.fingerprint, second.rememberUntil, NOW + 30_000).repeat,
			).toBe(true);
			return scenario;
		}
		case 'unsigned': {
			const header = proofHeader(auth);
			const headers = header === undefined ? proven.headers : { ...proven.headers, [header]: '' };
			const bare =
				proofValue(auth) === 'body'
					? JSON.stringify({ ...(JSON.parse(body) as object), secret: undefined })
					: body;
			const stripped = Object.fromEntries(
				Object.entries(headers).filter(([name]) => name !== header),
			);
			expect(receive(stripped, bare).outcome).toBe('refused');
			return scenario;
		}
		case 'stale': {
			const offset = input.offset * 60_000;
			if (auth.kind === 'timestamped-hmac') {
				// Signed correctly, dated outside the tolerance either way.
				const when = NOW + (input.ahead ? 1 : -1) * (auth.toleranceSeconds * 1000 + offset);
				const old = proveDelivery(provider, delivery.body, secret, when, auth);
				expect(receive(old.headers, body)).toMatchObject({ outcome: 'refused', status: 401 });
				return scenario;
			}
			// No date to judge (Breakcold's legacy format): a replay is the repeat guard's.
			if (provider.dateField === null)
				return runCase(provider, auth, { ...input, scenario: 'replayed' });
			// Authentic but dated outside Maximum Age (24 hours by default).
			const reception = receive(
				proven.headers,
				body,
				NOW + (input.ahead ? -1 : 1) * (24 * HOUR + offset),
			);
			expect(reception.outcome).toBe('ignored');
			return scenario;
		}
		case 'forged': {
			let headers = proven.headers;
			let forgedBody = body;
			const header = proofHeader(auth);
			const carriesInBody = proofValue(auth) === 'body';
			const signsBody = auth.kind === 'hmac-sha256-header' || auth.kind === 'timestamped-hmac';
			let forgery = input.forgery;
			// A shared secret proves its sender, not the body: changing the body is no forgery there.
			if (!signsBody && (forgery === 'tampered-body' || forgery === 'cut-body'))
				forgery = 'other-secret';
			switch (forgery) {
				case 'other-secret': {
					fc.pre(`${other}#` !== secret);
					// Signed with a secret the trigger does not hold.
					const alien = proveDelivery(provider, delivery.body, `${other}#`, NOW, auth);
					headers = alien.headers;
					forgedBody =
						typeof alien.body === 'string' ? alien.body : Buffer.from(alien.body).toString('utf8');
					break;
				}
				case 'tampered-body':
					forgedBody = tamper(body, input.at, false);
					break;
				case 'cut-body':
					fc.pre(Buffer.byteLength(body) > 1);
					forgedBody = tamper(body, input.at, true);
					break;
				case 'random-proof':
				case 'hostile-proof': {
					const value =
						forgery === 'random-proof' ? Buffer.from(input.random).toString('hex') : input.hostile;
					if (carriesInBody)
						forgedBody = JSON.stringify({ ...(JSON.parse(body) as object), secret: value });
					else headers = { ...headers, [header as string]: value };
					fc.pre(value !== secret && !(typeof stored !== 'string' && stored.includes(value)));
					break;
				}
			}
			const reception = receive(headers, forgedBody);
			expect(reception.outcome).toBe('refused');
			return scenario;
		}
	}
}

describe('fuzzing the receive path, per provider and format', () => {
	const formats = [kakiyo, saleshandy, breakcold].flatMap((provider) =>
		authKinds(provider).map((auth) => ({
			provider,
			auth,
			label: `${provider.displayName} (${auth.kind})`,
		})),
	);

	it.each(formats)(
		`$label: ${CASES.toLocaleString('en')} generated deliveries; only the authentic and fresh is accepted, once`,
		({ provider, auth, label }) => {
			const tally: Record<Scenario, number> = {
				authentic: 0,
				forged: 0,
				unsigned: 0,
				stale: 0,
				replayed: 0,
			};
			fc.assert(
				fc.property(caseArbitrary(provider), (input) => {
					tally[runCase(provider, auth, input)] += 1;
				}),
				{ numRuns: CASES },
			);
			counts.set(label, tally);
			expect(Object.values(tally).reduce((sum, count) => sum + count, 0)).toBeGreaterThanOrEqual(
				CASES,
			);
		},
	);

	afterAll(() => {
		for (const [label, tally] of counts)
			console.log(
				`fuzz ${label}: ${Object.entries(tally)
					.map(([scenario, count]) => `${scenario} ${count}`)
					.join(', ')}`,
			);
	});
});
