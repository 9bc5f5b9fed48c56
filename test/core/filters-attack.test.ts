/**
 * Trigger filters under attack and on a provider's bad day, through the core as the adapters
 * call it: `receiveDelivery` first, then `filteredOut` on the event it accepted. Nothing a forger
 * sends may reach a filter, and the filter must read the very value the run outputs.
 */
import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';

import {
	filteredOut,
	filtersOf,
	receiveDelivery,
	refuseBodyType,
	signDelivery,
	type ProviderDefinition,
} from '../../shared/index.js';
import { carriedValues, chosenValues, type FilterChoice } from '../../shared/filters.js';
import { sign } from '../../shared/sign.js';
import type { RawBody } from '../../shared/sign.js';
import { breakcold } from '../../shared/providers/breakcold/index.js';
import { kakiyo, KAKIYO_SIGNATURE_HEADER } from '../../shared/providers/kakiyo/index.js';
import { saleshandy, SALESHANDY_SECRET_HEADER } from '../../shared/providers/saleshandy/index.js';

const SECRET = 'whsec_filters_attack_0123456789abcdef';
const NOW = Date.parse('2026-03-01T12:00:00Z');

const kakiyoBody = (data: unknown, extra: Record<string, unknown> = {}): string =>
	JSON.stringify({
		event: 'linkedin.message.received',
		teamId: 'team_1',
		timestamp: new Date(NOW).toISOString(),
		data,
		...extra,
	});
const kakiyoSigned = (body: RawBody, secret = SECRET) => ({
	headers: { [KAKIYO_SIGNATURE_HEADER]: sign(body, secret) },
	body,
});
const sent = (sequence: unknown) => JSON.stringify({ event: 'email-sent', sequence });
const shSigned = (body: string, secret = SECRET) => ({
	headers: { [SALESHANDY_SECRET_HEADER]: secret },
	body,
});

type Verdict = 'refused' | 'ignored' | 'filtered' | 'run';

/** What an adapter does with a delivery: receive it, and only if accepted, filter it. */
function gate(
	provider: ProviderDefinition,
	delivery: { headers: Record<string, string>; body: RawBody },
	choice: FilterChoice,
	selected: readonly string[] = ['*'],
): Verdict {
	const reception = receiveDelivery(provider, delivery, { secret: SECRET, selected, now: NOW });
	if (reception.outcome !== 'accepted') return reception.outcome;
	return filteredOut(provider, reception.event, choice) === undefined ? 'run' : 'filtered';
}

/** The accepted event of a delivery, or a failure naming what happened instead. */
function accepted(
	provider: ProviderDefinition,
	delivery: { headers: Record<string, string>; body: RawBody },
	selected: readonly string[] = ['*'],
): Record<string, unknown> {
	const reception = receiveDelivery(provider, delivery, { secret: SECRET, selected, now: NOW });
	if (reception.outcome !== 'accepted') throw new Error(`not accepted: ${reception.outcome}`);
	return reception.event;
}

const campaigns = filtersOf(kakiyo).find((filter) => filter.key === 'campaigns')!;
const sequences = filtersOf(saleshandy)[0]!;
const objectTypes = filtersOf(breakcold)[0]!;
const only = (...values: unknown[]): FilterChoice => ({ values: { campaigns: values } });

describe('a forged delivery decides nothing, whatever it carries', () => {
	const choices: FilterChoice[] = [
		{ values: {} },
		only('c1'),
		{ values: { campaigns: ['c1'] }, keepWithout: false },
		{ values: { campaigns: 'c1, c2', agents: ['a1'] } },
	];

	it("Kakiyo: the chosen campaign under a wrong, another body's, or no signature gets 401", () => {
		const wanted = kakiyoBody({ campaignId: 'c1', campaign: { id: 'c1' } });
		// A captured genuine delivery of another campaign, its signature kept and its body edited.
		const captured = kakiyoSigned(kakiyoBody({ campaignId: 'c2' }));
		const forgeries = [
			kakiyoSigned(wanted, 'not-the-secret'),
			{ headers: captured.headers, body: wanted },
			{ headers: {}, body: wanted },
			{ headers: { [KAKIYO_SIGNATURE_HEADER]: '' }, body: wanted },
			{
				headers: {
					[KAKIYO_SIGNATURE_HEADER]: createHmac('sha256', '').update(wanted).digest('hex'),
				},
				body: wanted,
			},
			// The signature of the bytes without a BOM, sent with one.
			{ headers: kakiyoSigned(wanted).headers, body: `\ufeff${wanted}` },
		];
		for (const forged of forgeries)
			for (const choice of choices) expect(gate(kakiyo, forged, choice)).toBe('refused');
		// The same body, signed, does run: the refusals above are the proof's alone.
		expect(gate(kakiyo, kakiyoSigned(wanted), only('c1'))).toBe('run');
	});

	it('Saleshandy: the chosen sequence with a wrong or missing secret, or the secret in the body, gets 401', () => {
		const wanted = sent({ id: '139223', sequenceName: 'Q1' });
		const inBody = JSON.stringify({ ...JSON.parse(wanted), secret: SECRET });
		const choice = { values: { sequences: ['Q1'] } };
		for (const forged of [
			shSigned(wanted, 'guess'),
			shSigned(wanted, `${SECRET} `.slice(0, -2)),
			{ headers: {}, body: wanted },
			{ headers: {}, body: inBody },
		])
			expect(gate(saleshandy, forged, choice, ['email-sent'])).toBe('refused');
		expect(gate(saleshandy, shSigned(wanted), choice, ['email-sent'])).toBe('run');
	});

	it('Breakcold: a bad current signature cannot fall back to a right legacy secret, and a stale one gets 401', () => {
		const record = {
			eventId: 'evt_1',
			timestamp: new Date(NOW).toISOString(),
			workspaceId: 'ws_1',
			event: 'record.created',
			data: { id: 'rec_1', objectType: 'person' },
		};
		const body = JSON.stringify(record);
		const choice = { values: { objectTypes: 'person' } };
		const good = signDelivery(breakcold, body, SECRET, NOW);
		const forged = signDelivery(breakcold, body, 'guess', NOW);
		// The right secret in the body beside a wrong signature: judged by the signature alone.
		const downgrade = {
			headers: forged.headers,
			body: JSON.stringify({ ...record, secret: SECRET }),
		};
		const stale = signDelivery(breakcold, body, SECRET, NOW - 3_600_000);
		const legacyWrong = signDelivery(breakcold, body, 'guess', NOW, breakcold.deliveryAuth[1]);
		for (const delivery of [forged, downgrade, stale, legacyWrong])
			expect(gate(breakcold, delivery as typeof good, choice)).toBe('refused');
		expect(gate(breakcold, good, choice)).toBe('run');
	});

	it('a refused reception holds no event a filter could read', () => {
		const reception = receiveDelivery(
			kakiyo,
			kakiyoSigned(kakiyoBody({ campaignId: 'c1' }), 'guess'),
			{ secret: SECRET, selected: ['*'], now: NOW },
		);
		expect(reception).toEqual({ outcome: 'refused', status: 401, reason: 'mismatch' });
	});
});

describe('the filter reads what the run outputs', () => {
	it('duplicate keys: JSON.parse keeps the last, and the filter and the run both see it', () => {
		const body = `{"event":"linkedin.message.received","teamId":"t","timestamp":"${new Date(NOW).toISOString()}","data":{"campaignId":"a","campaignId":"b"}}`;
		const event = accepted(kakiyo, kakiyoSigned(body));
		expect((event.data as Record<string, unknown>).campaignId).toBe('b');
		expect(carriedValues(campaigns, event)).toEqual(['b']);
		expect(gate(kakiyo, kakiyoSigned(body), only('a'))).toBe('filtered');
		expect(gate(kakiyo, kakiyoSigned(body), only('b'))).toBe('run');
	});

	it('unicode escapes are read as the characters they spell, in keys and values alike', () => {
		const body = kakiyoBody({}).replace('"data":{}', '"data":{"campaign\\u0049d":"c\\u0031"}');
		const event = accepted(kakiyo, kakiyoSigned(body));
		expect(event.data).toEqual({ campaignId: 'c1' });
		expect(gate(kakiyo, kakiyoSigned(body), only('c1'))).toBe('run');
		// An escaped BOM or zero-width character makes another key and another id: no match.
		for (const odd of ['"\\ufeffcampaignId":"c1"', '"campaignId":"c1\\u200b"']) {
			const other = kakiyoBody({}).replace('"data":{}', `"data":{${odd}}`);
			expect(gate(kakiyo, kakiyoSigned(other), { ...only('c1'), keepWithout: false })).toBe(
				'filtered',
			);
		}
	});

	it('__proto__ and constructor keys, literal or escaped, never supply a campaign', () => {
		const stamp = new Date(NOW).toISOString();
		const head = `{"event":"linkedin.message.received","teamId":"t","timestamp":"${stamp}"`;
		const bodies = [
			`${head},"data":{"__proto__":{"campaignId":"c1"}}}`,
			`${head},"data":{"\\u005f_proto__":{"campaignId":"c1"}}}`,
			`${head},"__proto__":{"data":{"campaignId":"c1"}},"data":{}}`,
			`${head},"data":{"constructor":{"prototype":{"campaignId":"c1"}},"campaign":{"__proto__":{"id":"c1"}}}}`,
		];
		for (const body of bodies) {
			const event = accepted(kakiyo, kakiyoSigned(body));
			expect(carriedValues(campaigns, event), body).toEqual([]);
			expect(gate(kakiyo, kakiyoSigned(body), { ...only('c1'), keepWithout: false }), body).toBe(
				'filtered',
			);
		}
		// An own campaign beside a __proto__ one: only the own one counts.
		const beside = `${head},"data":{"campaignId":"c2","__proto__":{"campaignId":"c1"}}}`;
		expect(gate(kakiyo, kakiyoSigned(beside), only('c1'))).toBe('filtered');
		// Chosen values that name Object's own members match only deliveries that carry them.
		const plain = kakiyoSigned(kakiyoBody({ campaignId: 'c2' }));
		expect(gate(kakiyo, plain, only('__proto__', 'constructor', 'toString'))).toBe('filtered');
		const named = kakiyoSigned(kakiyoBody({ campaignId: 'constructor' }));
		expect(gate(kakiyo, named, only('constructor'))).toBe('run');
	});

	it('a UTF-8 BOM signed with the body is skipped; the filter reads the JSON after it', () => {
		const body = `\ufeff${kakiyoBody({ campaignId: 'c1' })}`;
		expect(gate(kakiyo, kakiyoSigned(body), only('c1'))).toBe('run');
		expect(gate(kakiyo, kakiyoSigned(body), only('c2'))).toBe('filtered');
	});

	it('a body that is no UTF-8 JSON (UTF-16, a form) is answered without a run, filters or not', () => {
		const json = kakiyoBody({ campaignId: 'c1' });
		const utf16 = new Uint8Array(Buffer.from(`\ufeff${json}`, 'utf16le'));
		const form = 'event=linkedin.message.received&data%5BcampaignId%5D=c1';
		for (const body of [utf16, form])
			expect(gate(kakiyo, kakiyoSigned(body), only('c1'))).toBe('ignored');
		// Only a multipart type is refused before reading; the rest are judged by their proof.
		for (const type of [
			'text/plain',
			'application/x-www-form-urlencoded; charset=utf-16',
			undefined,
		])
			expect(refuseBodyType(kakiyo, type)).toBeUndefined();
	});

	it('invalid UTF-8 in an id reads as U+FFFD in both the filter and the run (a provider-only collision)', () => {
		const bytes = (last: number) => {
			const text = kakiyoBody({ campaignId: 'cX' });
			const raw = Buffer.from(text, 'utf8');
			raw[text.indexOf('cX') + 1] = last;
			return new Uint8Array(raw);
		};
		const [a, b] = [bytes(0xff), bytes(0xfe)];
		for (const body of [a, b]) {
			const event = accepted(kakiyo, kakiyoSigned(body));
			expect(carriedValues(campaigns, event)).toEqual(['c\ufffd']);
			expect(event.data).toEqual({ campaignId: 'c\ufffd' });
		}
	});

	it('the core never skips a filter for a _sample mark: only the n8n adapter does, listening', () => {
		const body = kakiyoBody({ campaignId: 'c2' }, { _sample: true });
		expect(gate(kakiyo, kakiyoSigned(body), only('c1'))).toBe('filtered');
	});
});

describe('what a genuine delivery carries', () => {
	it('flat and nested forms with different campaigns: either one chosen runs it', () => {
		// Kakiyo documents the two forms on different pages, never together; only a signed body
		// can hold both, so this is the provider's inconsistency, not a forger's lever.
		const both = kakiyoSigned(kakiyoBody({ campaignId: 'c1', campaign: { id: 'c2' } }));
		expect(carriedValues(campaigns, accepted(kakiyo, both))).toEqual(['c1', 'c2']);
		expect(gate(kakiyo, both, only('c1'))).toBe('run');
		expect(gate(kakiyo, both, only('c2'))).toBe('run');
		expect(gate(kakiyo, both, only('c3'))).toBe('filtered');
	});

	it("Saleshandy's id and name both count: a name that equals another sequence's id matches it", () => {
		const named = sent({ id: '777', sequenceName: '139223' });
		const choice = { values: { sequences: ['139223'] } };
		expect(gate(saleshandy, shSigned(named), choice, ['email-sent'])).toBe('run');
	});

	it('numbers and strings compare as JSON.parse renders them, the same value the run shows', () => {
		const cases: [string, string, Verdict][] = [
			['139223', '139223', 'run'],
			['"139223"', '139223', 'run'],
			['139223.0', '139223', 'run'],
			['1.39223e5', '139223', 'run'],
			['"139223.0"', '139223', 'filtered'],
			['1e21', '1e+21', 'run'],
			// Past 2^53 a JSON number is rounded: the id as typed no longer matches, and two
			// ids round to one. Saleshandy documents its sequence id as a string.
			['9007199254740993', '9007199254740993', 'filtered'],
			['9007199254740993', '9007199254740992', 'run'],
		];
		for (const [json, chosen, verdict] of cases) {
			const body = `{"event":"email-sent","sequence":{"id":${json}}}`;
			const choice = { values: { sequences: [chosen] } };
			expect(gate(saleshandy, shSigned(body), choice, ['email-sent']), json).toBe(verdict);
		}
	});

	it('ids compare exactly: case, surrounding spaces and Unicode forms all differ', () => {
		const choice = (value: string) => ({ values: { objectTypes: value }, keepWithout: false });
		const record = (objectType: string) => {
			const body = JSON.stringify({
				eventId: 'evt_1',
				timestamp: new Date(NOW).toISOString(),
				workspaceId: 'ws_1',
				event: 'record.created',
				data: { id: 'rec_1', objectType },
			});
			return signDelivery(breakcold, body, SECRET, NOW) as {
				headers: Record<string, string>;
				body: string;
			};
		};
		expect(gate(breakcold, record('person'), choice('Person'))).toBe('filtered');
		// Surrounding spaces are trimmed on both sides (a listed name is trimmed too).
		expect(gate(breakcold, record('person '), choice('person'))).toBe('run');
		expect(gate(breakcold, record('person'), choice(' person '))).toBe('run');
		expect(gate(breakcold, record('caf\u00e9'), choice('cafe\u0301'))).toBe('filtered');
		expect(gate(breakcold, record(' '), choice('person'))).toBe('filtered');
	});

	it('a very long id or a long chosen list costs a linear pass and still compares exactly', () => {
		const long = 'c'.repeat(1_000_000);
		const body = kakiyoSigned(kakiyoBody({ campaignId: long }));
		const many = Array.from({ length: 50_000 }, (_, index) => `c${index}`);
		const started = performance.now();
		expect(gate(kakiyo, body, only(long))).toBe('run');
		expect(gate(kakiyo, body, only(`${long}x`))).toBe('filtered');
		expect(gate(kakiyo, body, { values: { campaigns: many.join(',') } })).toBe('filtered');
		expect(gate(kakiyo, body, { values: { campaigns: [...many, long] } })).toBe('run');
		expect(performance.now() - started).toBeLessThan(5_000);
	});

	it('null or an empty string counts as carrying nothing, so keepWithout decides', () => {
		for (const value of [null, '']) {
			const body = kakiyoSigned(kakiyoBody({ campaignId: value }));
			expect(gate(kakiyo, body, only('c1'))).toBe('run');
			expect(gate(kakiyo, body, { ...only('c1'), keepWithout: false })).toBe('filtered');
		}
	});

	// Found by attack, mended in the core (provider-only, fails open before): a campaign field present
	// with a value the filter cannot read (an array, an object, a boolean) is taken for an absent one,
	// so with the default "run events without the field" a delivery about campaign c2 runs a trigger
	// filtered to c1. `filteredOut`'s own contract says a delivery that "carries the field with none
	// of the chosen values" is dropped. It was reproduced by:
	//   filteredOut(kakiyo, { event: 'x', data: { campaignId: ['c2'] } }, { values: { campaigns: ['c1'] } })
	//   // undefined (runs)
	it('a field present with a value it cannot read does not pass as an absent one', () => {
		for (const value of [['c2'], { id: 'c2' }, true]) {
			const body = kakiyoSigned(kakiyoBody({ campaignId: value }));
			expect(gate(kakiyo, body, only('c1')), JSON.stringify(value)).toBe('filtered');
		}
	});

	// Found by attack, mended in the core (fails closed, silently before): Saleshandy's list trims
	// each title (`z.string().trim()` rewrites the value), but a delivery's `sequence.sequenceName` is
	// compared untrimmed, so a sequence whose name has a leading or trailing space can be chosen from
	// the dropdown and never runs (the webhook and API ids differ, so its id cannot rescue it). It was
	// reproduced by:
	//   list payload [{ title: 'Q1 founders ' }] gives the option value 'Q1 founders';
	//   a signed email-sent of { id: '139223', sequenceName: 'Q1 founders ' } is filtered out.
	it("a sequence chosen from Saleshandy's list runs its own deliveries, spaces and all", () => {
		const [option] = sequences.listOptions!().parse({
			status: 200,
			headers: {},
			body: { message: 'ok', payload: [{ id: 'JA5YdAr9wy', title: 'Q1 founders ' }] },
		});
		const body = sent({ id: '139223', sequenceName: 'Q1 founders ' });
		const choice = { values: { sequences: [option!.value] } };
		expect(gate(saleshandy, shSigned(body), choice, ['email-sent'])).toBe('run');
	});
});

describe('what the user chose', () => {
	it('reads lists, comma-separated text and finite numbers; drops blanks and duplicates', () => {
		expect(chosenValues('c1, c2,,c1 ')).toEqual(['c1', 'c2']);
		expect(chosenValues([' c1 ', 7, 'c1', null, undefined, ''])).toEqual(['c1', '7']);
		// What is there but cannot be read stays, matching nothing: it never widens the filter.
		expect(chosenValues(['c1', NaN, Infinity, true])).toHaveLength(2);
		expect(chosenValues(0)).toEqual(['0']);
		// Only text is split: a listed name with a comma stays whole.
		expect(chosenValues(['Q1, founders'])).toEqual(['Q1, founders']);
		expect(chosenValues('Q1, founders')).toEqual(['Q1', 'founders']);
	});

	it('nothing chosen (undefined, null, empty) lets every genuine delivery run', () => {
		const body = kakiyoSigned(kakiyoBody({ campaignId: 'c2' }));
		for (const value of [undefined, null, '', ' , ', [], [null, undefined, '']])
			expect(gate(kakiyo, body, { values: { campaigns: value } })).toBe('run');
	});

	// Found by attack, mended in the core (fails open before): a choice the filter cannot read (an n8n
	// expression yielding objects, such as the items of a "list campaigns" call, a boolean, nested
	// lists) counts as nothing chosen, so every campaign runs: the same class as the bug f9c45f8 fixed
	// for numbers. It was reproduced by:
	//   filteredOut(kakiyo, { event: 'x', data: { campaignId: 'c2' } },
	//     { values: { campaigns: [{ id: 'c9', name: 'Nine' }] } })   // undefined (runs)
	it('a choice it cannot read never widens the filter to every delivery', () => {
		const body = kakiyoSigned(kakiyoBody({ campaignId: 'c2' }));
		for (const value of [[{ id: 'c9', name: 'Nine' }], { c9: true }, true, [['c9']]])
			expect(gate(kakiyo, body, { values: { campaigns: value } }), JSON.stringify(value)).toBe(
				'filtered',
			);
	});

	it('keepWithout: only a clear no turns it off in the core (false, 0, and their text)', () => {
		const agentOnly = kakiyoSigned(kakiyoBody({ agent: { id: 'a1' } }));
		for (const keepWithout of [false, 0, '0', 'no', 'False'])
			expect(gate(kakiyo, agentOnly, { ...only('c1'), keepWithout }), String(keepWithout)).toBe(
				'filtered',
			);
		for (const keepWithout of [true, undefined, null, 1, '', 'true', 'yes'])
			expect(gate(kakiyo, agentOnly, { ...only('c1'), keepWithout }), String(keepWithout)).toBe(
				'run',
			);
	});

	// Found by attack, mended in the core (fails open, n8n before): n8n hands an expression's text to
	// a boolean option unchanged (the option has no validateType), so `{{ 'false' }}` keeps events
	// without a campaign running; Zapier's adapter reads 'false' and 'no' as off (keepsEventsWithout),
	// n8n's passes the value raw. The core takes `unknown` and now reads it once for both. It was
	// reproduced by:
	//   filteredOut(kakiyo, { event: 'x', data: {} }, { values: { campaigns: ['c1'] }, keepWithout: 'false' })
	//   // undefined (runs)
	it("keepWithout given as the text 'false' turns it off", () => {
		const agentOnly = kakiyoSigned(kakiyoBody({ agent: { id: 'a1' } }));
		expect(gate(kakiyo, agentOnly, { ...only('c1'), keepWithout: 'false' })).toBe('filtered');
	});
});

describe('the three filters read only their documented paths', () => {
	it('Kakiyo campaigns and agents, Saleshandy sequences, Breakcold object types', () => {
		expect(campaigns.paths).toEqual([
			['data', 'campaignId'],
			['data', 'campaign', 'id'],
		]);
		expect(sequences.paths).toEqual([
			['sequence', 'id'],
			['sequence', 'sequenceName'],
		]);
		expect(objectTypes.paths).toEqual([['data', 'objectType']]);
		// A top-level or header-like copy of the field is never read.
		const stray = {
			event: 'x',
			campaignId: 'c1',
			campaign: { id: 'c1' },
			data: { campaignID: 'c1' },
		};
		expect(carriedValues(campaigns, stray)).toEqual([]);
	});
});
