import { describe, expect, it } from 'vitest';

import { receiveDelivery } from '../../shared/index.js';
import { DEFAULT_MAX_AGE_MS } from '../../shared/delivery-age.js';
import { sign } from '../../shared/sign.js';
import { kakiyo } from '../../shared/providers/kakiyo/index.js';
import { GUIDE_BODY, GUIDE_HEX, TEST_SECRET } from '../helpers/vectors.js';

/** The guide example's own date, 2023-06-15T10:30:00Z. */
const GUIDE_AT = Date.parse('2023-06-15T10:30:00Z');
const HOUR = 3_600_000;

const signed = (body: string) => ({ 'X-Kakiyo-Signature': sign(body, TEST_SECRET) });
const receive = (
	body: string,
	headers: Record<string, string>,
	options: { selected?: string[]; secret?: string | null; now?: number; maxAgeMs?: number } = {},
) =>
	receiveDelivery(
		kakiyo,
		{ headers, body },
		{
			secret: options.secret === undefined ? TEST_SECRET : options.secret,
			selected: options.selected ?? ['*'],
			now: options.now ?? GUIDE_AT + 1000,
			...(options.maxAgeMs === undefined ? {} : { maxAgeMs: options.maxAgeMs }),
		},
	);
const event = (fields: Record<string, unknown>) =>
	JSON.stringify({
		event: 'prospect.replied',
		teamId: 'team_1',
		timestamp: new Date(GUIDE_AT).toISOString(),
		data: { prospectId: 'p_1' },
		...fields,
	});

describe('receiveDelivery', () => {
	it('receiveDelivery accepts the signed guide example and returns it intact with its fingerprint', () => {
		expect(receive(GUIDE_BODY, { 'x-kakiyo-signature': GUIDE_HEX })).toEqual({
			outcome: 'accepted',
			event: JSON.parse(GUIDE_BODY),
			fingerprint: expect.stringMatching(/^[\w-]{22}$/),
			rememberUntil: GUIDE_AT + DEFAULT_MAX_AGE_MS,
		});
	});

	it('receiveDelivery refuses with 401 before parsing: forged, unsigned, or no secret stored', () => {
		expect(receive(GUIDE_BODY, signed('{}'))).toEqual({
			outcome: 'refused',
			status: 401,
			reason: 'mismatch',
		});
		expect(receive(GUIDE_BODY, {})).toEqual({
			outcome: 'refused',
			status: 401,
			reason: 'missing-signature',
		});
		expect(receive(GUIDE_BODY, { 'x-kakiyo-signature': GUIDE_HEX }, { secret: null })).toEqual({
			outcome: 'refused',
			status: 401,
			reason: 'missing-secret',
		});
		expect(receive('{"event":', {})).toMatchObject({ outcome: 'refused' });
	});

	it('receiveDelivery runs a signed event its schema refuses, as sent, with a warning naming the fields', () => {
		const odd = event({ data: { prospectId: 42, extra: true } });
		const reception = receive(odd, signed(odd));
		expect(reception).toMatchObject({ outcome: 'accepted', event: JSON.parse(odd) });
		expect(reception.outcome === 'accepted' && reception.warning).toMatch(
			/"prospect\.replied".*data\.prospectId.*runs as sent/,
		);
	});

	it('receiveDelivery answers 200 without a run for a signed body that is no event, saying why', () => {
		for (const body of ['{"event":', '{"hello":1}', '[1,2]', '"text"', '{"event":""}', '']) {
			expect(receive(body, signed(body)), body).toMatchObject({
				outcome: 'ignored',
				status: 200,
				reason: 'not-an-event',
				message: expect.stringContaining('no event'),
			});
		}
	});

	it('receiveDelivery ignores with 200 an event nobody selected', () => {
		expect(receive(GUIDE_BODY, signed(GUIDE_BODY), { selected: ['campaign.completed'] })).toEqual({
			outcome: 'ignored',
			status: 200,
			reason: 'not-selected',
			message: expect.stringContaining('linkedin.message.received'),
		});
		expect(
			receive(GUIDE_BODY, signed(GUIDE_BODY), { selected: ['linkedin.message.received'] }).outcome,
		).toBe('accepted');
	});

	it('receiveDelivery refuses with 200 and no run a signed delivery dated beyond Maximum Age, either way', () => {
		const now = GUIDE_AT + 2 * 24 * HOUR;
		expect(receive(GUIDE_BODY, signed(GUIDE_BODY), { now })).toMatchObject({
			outcome: 'ignored',
			status: 200,
			reason: 'too-old',
			message: expect.stringMatching(/2023-06-15T10:30:00\.000Z.*24 hours old.*replay/),
		});
		expect(receive(GUIDE_BODY, signed(GUIDE_BODY), { now: GUIDE_AT - 25 * HOUR })).toMatchObject({
			outcome: 'ignored',
			reason: 'too-new',
		});
		expect(receive(GUIDE_BODY, signed(GUIDE_BODY), { now: GUIDE_AT + 23 * HOUR }).outcome).toBe(
			'accepted',
		);
		expect(receive(GUIDE_BODY, signed(GUIDE_BODY), { now, maxAgeMs: 72 * HOUR }).outcome).toBe(
			'accepted',
		);
	});

	it('receiveDelivery keeps the 24-hour check for a Maximum Age that is negative or no number', () => {
		const now = GUIDE_AT + 2 * 24 * HOUR;
		for (const maxAgeMs of [Number.NaN, -1, Number.POSITIVE_INFINITY])
			expect(
				receive(GUIDE_BODY, signed(GUIDE_BODY), { now, maxAgeMs }).outcome,
				String(maxAgeMs),
			).toBe('ignored');
	});

	it('receiveDelivery with a Maximum Age of 0 accepts any date and remembers it for the default window', () => {
		const now = GUIDE_AT + 400 * 24 * HOUR;
		expect(receive(GUIDE_BODY, signed(GUIDE_BODY), { now, maxAgeMs: 0 })).toMatchObject({
			outcome: 'accepted',
			rememberUntil: now + DEFAULT_MAX_AGE_MS,
		});
	});

	it('receiveDelivery reads epoch seconds and milliseconds as dates, and runs an undated event with a warning', () => {
		const seconds = event({ timestamp: Math.floor(GUIDE_AT / 1000) - 3 * 24 * 3600 });
		const millis = event({ timestamp: GUIDE_AT - 3 * 24 * HOUR });
		expect(receive(seconds, signed(seconds)).outcome).toBe('ignored');
		expect(receive(millis, signed(millis)).outcome).toBe('ignored');
		const undated = event({ timestamp: undefined });
		const reception = receive(undated, signed(undated));
		expect(reception).toMatchObject({
			outcome: 'accepted',
			rememberUntil: GUIDE_AT + 1000 + DEFAULT_MAX_AGE_MS,
		});
		expect(reception.outcome === 'accepted' && reception.warning).toMatch(/no timestamp/);
	});

	it('receiveDelivery never throws on a numeric timestamp of any size: units told apart, the absurd undated', () => {
		const now = GUIDE_AT + 1000;
		const outcomes = (timestamp: unknown) => {
			const body = event({ timestamp });
			return receive(body, signed(body), { now }).outcome;
		};
		expect(outcomes(GUIDE_AT * 1000)).toBe('accepted'); // microseconds
		expect(outcomes(GUIDE_AT * 1e6)).toBe('accepted'); // nanoseconds
		expect(outcomes((GUIDE_AT - 3 * 24 * HOUR) * 1e6)).toBe('ignored');
		for (const absurd of [
			1e300,
			1e20,
			Number.MAX_VALUE,
			-1,
			0,
			[GUIDE_AT],
			{ at: GUIDE_AT },
			true,
		]) {
			const body = event({ timestamp: absurd });
			const reception = receive(body, signed(body), { now });
			expect(reception.outcome, String(absurd)).toBe('accepted');
			expect(reception.outcome === 'accepted' && reception.warning).toMatch(
				/no timestamp that reads as a date/,
			);
		}
		const far = event({ timestamp: '+275760-09-13T00:00:00.001Z' });
		expect(receive(far, signed(far), { now }).outcome).toBe('accepted');
	});

	it('receiveDelivery reads a signed body nested thousands deep, escapes or not, the same way', () => {
		const deep = (inner: string) => `${'{"a":'.repeat(5000)}${inner}${'}'.repeat(5000)}`;
		for (const data of [deep('"plain"'), deep('"\\u00e9t\u00e9"')]) {
			const body = `{"event":"prospect.replied","teamId":"t","timestamp":"${new Date(GUIDE_AT).toISOString()}","data":{"prospectId":"p","deep":${data}}}`;
			expect(receive(body, signed(body)).outcome).toBe('accepted');
		}
	});

	it('receiveDelivery lets no body key change a prototype, however it is spelled', () => {
		for (const key of ['__proto__', '\\u005f_proto__', '__pr\\u006fto__']) {
			const body = `{"event":"prospect.replied","timestamp":"2023-06-15T10:30:00Z","data":{"${key}":{"prospectId":"inherited"}},"${key}":{"teamId":"inherited"}}`;
			const reception = receive(body, signed(body));
			expect(reception.outcome, key).toBe('accepted');
			if (reception.outcome !== 'accepted') continue;
			const delivered = reception.event as unknown as {
				teamId?: unknown;
				data: { prospectId?: unknown };
			};
			expect(Object.getPrototypeOf(delivered), key).toBe(Object.prototype);
			expect(delivered.teamId, key).toBeUndefined();
			expect(delivered.data.prospectId, key).toBeUndefined();
			expect({ ...delivered }.teamId, key).toBeUndefined();
			// The schema saw no inherited teamId or prospectId either.
			expect(reception.warning, key).toContain('teamId');
			expect(reception.warning, key).toContain('data.prospectId');
		}
	});
});

describe('receiveDelivery, as a definition varies', () => {
	const body = event({});
	const headers = signed(body);
	const options = { secret: TEST_SECRET, selected: ['*'], now: GUIDE_AT + 2 * DEFAULT_MAX_AGE_MS };

	it('a definition without dependable dates runs an old delivery, unwarned; the default field refuses it', () => {
		expect(receiveDelivery(kakiyo, { headers, body }, options)).toMatchObject({
			outcome: 'ignored',
			reason: 'too-old',
		});
		const undated = receiveDelivery({ ...kakiyo, dateField: null }, { headers, body }, options);
		expect(undated).toMatchObject({ outcome: 'accepted' });
		expect(undated).not.toHaveProperty('warning');
	});

	it('a definition reads the date from its own field', () => {
		const dated = { ...kakiyo, dateField: 'sentAt' };
		const old = event({ timestamp: undefined, sentAt: new Date(GUIDE_AT).toISOString() });
		expect(receiveDelivery(dated, { headers: signed(old), body: old }, options)).toMatchObject({
			outcome: 'ignored',
			reason: 'too-old',
		});
	});

	it('a signed id in the body keys the fingerprint; no unsigned header can change it', () => {
		const withId = { ...kakiyo, deliveryIdField: 'eventId', dateField: null };
		const marked = event({ eventId: 'd_1' });
		const fingerprint = (reception: ReturnType<typeof receiveDelivery>) =>
			reception.outcome === 'accepted' ? reception.fingerprint : reception.outcome;
		const first = receiveDelivery(withId, { headers: signed(marked), body: marked }, options);
		expect(fingerprint(first)).toBe('id:d_1');
		// What an attacker re-sending a captured delivery controls: every header but the proof.
		for (const extra of [
			{ 'x-webhook-delivery-id': 'made-up' },
			{ 'X-Webhook-Delivery-Id': 'd_1, d_1' },
			{ 'x-delivery-id': 'D_1' },
			{ 'content-type': 'text/plain' },
		]) {
			const resent = receiveDelivery(
				withId,
				{ headers: { ...signed(marked), ...extra }, body: marked },
				options,
			);
			expect(fingerprint(resent)).toBe('id:d_1');
		}
		// A body without the field is known by its proof, as any other.
		const unmarked = receiveDelivery(withId, { headers, body }, options);
		expect(fingerprint(unmarked)).toMatch(/^[\w-]{22}$/);
		// A long or unusual id is hashed: what a repeat guard keeps stays small and plain.
		for (const id of ['d'.repeat(65), 'd 1', 'délivrée']) {
			const odd = event({ eventId: id });
			expect(
				fingerprint(receiveDelivery(withId, { headers: signed(odd), body: odd }, options)),
			).toMatch(/^id:[\w-]{22}$/);
		}
		// Where the proof does not cover the body, the field decides nothing.
		const shared = {
			...withId,
			deliveryAuth: { kind: 'secret-header', header: 'X-Secret' },
		} as const;
		const bySecret = receiveDelivery(
			shared,
			{ headers: { 'x-secret': TEST_SECRET }, body: marked },
			options,
		);
		expect(fingerprint(bySecret)).toMatch(/^[\w-]{22}$/);
	});

	it('a byte order mark before a signed body is skipped, as n8n skips it: the delivery runs, signed over the bytes as sent', () => {
		const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(GUIDE_BODY)]);
		const reception = receiveDelivery(
			kakiyo,
			// Signed without the mark: not the bytes that came.
			{ headers: signed(GUIDE_BODY), body: bytes },
			{ secret: TEST_SECRET, selected: ['*'], now: GUIDE_AT + 1000 },
		);
		expect(reception).toMatchObject({ outcome: 'refused' });
		const right = receiveDelivery(
			kakiyo,
			{ headers: { 'X-Kakiyo-Signature': sign(bytes, TEST_SECRET) }, body: bytes },
			{ secret: TEST_SECRET, selected: ['*'], now: GUIDE_AT + 1000 },
		);
		expect(right).toMatchObject({ outcome: 'accepted', event: JSON.parse(GUIDE_BODY) });
	});

	it("an HMAC-signed delivery's fingerprint is its HMAC folded in half: no truncated signature, the same for a retry", () => {
		const reception = receive(GUIDE_BODY, signed(GUIDE_BODY));
		const digest = Buffer.from(sign(GUIDE_BODY, TEST_SECRET), 'hex');
		const folded = Buffer.from(digest.subarray(0, 16).map((byte, i) => byte ^ digest[i + 16]!));
		expect(reception).toMatchObject({ fingerprint: folded.toString('base64url') });
		expect(digest.subarray(0, 16).toString('base64url')).not.toBe(folded.toString('base64url'));
		expect(receive(GUIDE_BODY, signed(GUIDE_BODY))).toMatchObject({
			fingerprint: folded.toString('base64url'),
		});
	});

	it("a delivery proven with a pending secret is the provider's test: 200, no run; others stay refused", () => {
		const fresh = { ...options, now: GUIDE_AT + 1000, secret: undefined };
		expect(
			receiveDelivery(kakiyo, { headers, body }, { ...fresh, pending: [TEST_SECRET] }),
		).toMatchObject({ outcome: 'ignored', status: 200, reason: 'test-delivery' });
		expect(
			receiveDelivery(kakiyo, { headers, body }, { ...fresh, pending: ['another secret'] }),
		).toMatchObject({ outcome: 'refused', status: 401 });
		expect(receiveDelivery(kakiyo, { headers, body }, fresh)).toMatchObject({
			outcome: 'refused',
		});
	});
});
