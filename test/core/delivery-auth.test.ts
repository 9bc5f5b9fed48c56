import { describe, expect, it } from 'vitest';

import {
	proofHeaders,
	signDelivery,
	receiveDelivery,
	type ProviderDefinition,
} from '../../shared/index.js';
import { type DeliveryAuth } from '../../shared/provider.js';
import { verifyDelivery } from '../../shared/verify-delivery.js';
import { kakiyo } from '../../shared/providers/kakiyo/index.js';
import {
	TIMESTAMPED_AT,
	TIMESTAMPED_BODY,
	TIMESTAMPED_HEX,
	TIMESTAMPED_SECRET,
} from '../helpers/vectors.js';

/** Kakiyo's definition with another way of authenticating deliveries. */
const authenticatedBy = (deliveryAuth: DeliveryAuth): ProviderDefinition => ({
	...kakiyo,
	deliveryAuth,
});
const SECRET = 'f'.repeat(64);
const AT_MS = Number(TIMESTAMPED_AT) * 1000;

describe('secret-header', () => {
	const provider = authenticatedBy({ kind: 'secret-header', header: 'X-Connector-Secret' });
	const check = (headers: Record<string, string>, secret: string | string[] = SECRET) =>
		verifyDelivery(provider, { headers, body: '{}' }, secret);

	it('verifyDelivery accepts the registered header carrying the secret, in any spelling, and a rotation', () => {
		expect(check({ 'x-connector-secret': SECRET })).toEqual({ ok: true });
		expect(check({ 'Http-X-Connector-Secret': SECRET })).toEqual({ ok: true });
		expect(check({ 'x-connector-secret': SECRET }, ['old', SECRET])).toEqual({ ok: true });
	});

	it('verifyDelivery refuses a wrong, missing, truncated or huge value, and any with no secret stored', () => {
		expect(check({ 'x-connector-secret': SECRET.slice(1) })).toEqual({
			ok: false,
			reason: 'mismatch',
		});
		expect(check({ 'x-connector-secret': `${SECRET} ` })).toEqual({
			ok: false,
			reason: 'mismatch',
		});
		expect(check({})).toEqual({ ok: false, reason: 'missing-signature' });
		expect(check({ 'x-connector-secret': 'x'.repeat(5000) })).toEqual({
			ok: false,
			reason: 'bad-encoding',
		});
		expect(check({ 'x-connector-secret': SECRET }, [])).toEqual({
			ok: false,
			reason: 'missing-secret',
		});
	});
});

describe('secret-in-body', () => {
	const provider = authenticatedBy({ kind: 'secret-in-body', field: 'secret' });
	const body = (secret: unknown) =>
		JSON.stringify({
			id_space: 'space_1',
			event: 'prospect.replied',
			timestamp: new Date().toISOString(),
			teamId: 't',
			data: { prospectId: 'p' },
			secret,
		});

	it('verifyDelivery accepts a body whose secret field matches, and refuses others', () => {
		expect(verifyDelivery(provider, { headers: {}, body: body(SECRET) }, SECRET)).toEqual({
			ok: true,
		});
		expect(verifyDelivery(provider, { headers: {}, body: body('guess') }, SECRET)).toMatchObject({
			reason: 'mismatch',
		});
		expect(verifyDelivery(provider, { headers: {}, body: body(42) }, SECRET)).toMatchObject({
			reason: 'missing-signature',
		});
		expect(verifyDelivery(provider, { headers: {}, body: '{"secret":' }, SECRET)).toMatchObject({
			reason: 'missing-signature',
		});
		// Only an own field counts: an inherited one is no proof.
		expect(
			verifyDelivery(
				provider,
				{ headers: {}, body: `{"__proto__":{"secret":"${SECRET}"}}` },
				SECRET,
			),
		).toMatchObject({ ok: false });
	});

	it('receiveDelivery keeps the secret out of the event it passes on', () => {
		const reception = receiveDelivery(
			provider,
			{ headers: {}, body: body(SECRET) },
			{ secret: SECRET, selected: ['*'] },
		);
		expect(reception.outcome).toBe('accepted');
		expect(reception.outcome === 'accepted' && reception.event).not.toHaveProperty('secret');
	});
});

describe('timestamped-hmac', () => {
	const provider = authenticatedBy({
		kind: 'timestamped-hmac',
		signatureHeader: 'X-Webhook-Signature',
		timestampHeader: 'X-Webhook-Timestamp',
		toleranceSeconds: 300,
	});
	const check = (headers: Record<string, string>, now: number, body = TIMESTAMPED_BODY) =>
		verifyDelivery(provider, { headers, body }, TIMESTAMPED_SECRET, now);
	const headers = (signature = `sha256=${TIMESTAMPED_HEX}`, timestamp = TIMESTAMPED_AT) => ({
		'x-webhook-signature': signature,
		'x-webhook-timestamp': timestamp,
	});

	it('verifyDelivery accepts the known-answer vector within the tolerance', () => {
		expect(check(headers(), AT_MS + 1000)).toEqual({ ok: true });
		expect(check(headers(TIMESTAMPED_HEX), AT_MS - 299_000)).toEqual({ ok: true });
	});

	it('verifyDelivery refuses a timestamp too old or too far ahead, measured against the injected clock', () => {
		expect(check(headers(), AT_MS + 301_000)).toEqual({ ok: false, reason: 'too-old' });
		expect(check(headers(), AT_MS - 301_000)).toEqual({ ok: false, reason: 'too-new' });
	});

	it('verifyDelivery refuses a missing or unreadable timestamp, a moved timestamp and a changed body', () => {
		expect(check({ 'x-webhook-signature': `sha256=${TIMESTAMPED_HEX}` }, AT_MS)).toEqual({
			ok: false,
			reason: 'missing-timestamp',
		});
		expect(check(headers(undefined, 'yesterday'), AT_MS)).toMatchObject({
			reason: 'missing-timestamp',
		});
		expect(check(headers(undefined, '1700000001'), AT_MS)).toEqual({
			ok: false,
			reason: 'mismatch',
		});
		expect(check(headers(), AT_MS, TIMESTAMPED_BODY.replace('rec_1', 'rec_2'))).toEqual({
			ok: false,
			reason: 'mismatch',
		});
	});

	it('verifyDelivery reads a timestamp in milliseconds too', () => {
		const proven = signDelivery(provider, TIMESTAMPED_BODY, TIMESTAMPED_SECRET, AT_MS);
		expect(proven.headers['X-Webhook-Signature']).toBe(`sha256=${TIMESTAMPED_HEX}`);
		const ms = headers(undefined, String(AT_MS));
		expect(check(ms, AT_MS)).toEqual({ ok: false, reason: 'mismatch' });
	});
});

describe('signDelivery and proofHeaders', () => {
	const kinds: DeliveryAuth[] = [
		kakiyo.deliveryAuth,
		{ kind: 'secret-header', header: 'X-Connector-Secret' },
		{ kind: 'secret-in-body', field: 'secret' },
		{
			kind: 'timestamped-hmac',
			signatureHeader: 'X-Sig',
			timestampHeader: 'X-Ts',
			toleranceSeconds: 300,
		},
	];

	it.each(kinds.map((auth) => [auth.kind, auth]))(
		'signDelivery makes a %s delivery verifyDelivery accepts, and no other secret does',
		(_kind, auth) => {
			const provider = authenticatedBy(auth);
			const proven = signDelivery(provider, '{"event":"x"}', SECRET);
			const delivery = { headers: proven.headers, body: proven.body };
			expect(verifyDelivery(provider, delivery, SECRET)).toEqual({ ok: true });
			expect(verifyDelivery(provider, delivery, 'another-secret')).toMatchObject({ ok: false });
			for (const name of proofHeaders(provider))
				expect(Object.keys(proven.headers)).toContain(name);
		},
	);
});

describe('several formats in one definition', () => {
	const signed: DeliveryAuth = {
		kind: 'timestamped-hmac',
		signatureHeader: 'X-Webhook-Signature',
		timestampHeader: 'X-Webhook-Timestamp',
		toleranceSeconds: 300,
	};
	const inBody: DeliveryAuth = { kind: 'secret-in-body', field: 'secret' };
	const provider: ProviderDefinition = {
		...kakiyo,
		dateField: null,
		deliveryAuth: [signed, inBody],
	};
	const legacy = JSON.stringify({ event: 'lead.create', secret: SECRET, payload: { id: 'l1' } });
	const current = JSON.stringify({ event: 'record.created', data: { id: 'r1' } });
	const receive = (headers: Record<string, string>, body: string) =>
		receiveDelivery(provider, { headers, body }, { secret: SECRET, selected: ['*'], now: AT_MS });

	it('each delivery is judged by the format it carries: signed current, secret-in-body legacy (secret dropped from the event)', () => {
		const proof = signDelivery(provider, current, SECRET, AT_MS);
		expect(receive(proof.headers, String(proof.body))).toMatchObject({ outcome: 'accepted' });
		const old = receive({}, legacy);
		expect(old).toMatchObject({ outcome: 'accepted', event: { payload: { id: 'l1' } } });
		expect(old.outcome === 'accepted' && 'secret' in old.event).toBe(false);
		expect(proofHeaders(provider)).toEqual(['X-Webhook-Signature', 'X-Webhook-Timestamp']);
	});

	it('a delivery that carries a signature is judged by it alone: a bad one cannot fall back to the body secret', () => {
		const forged = {
			'X-Webhook-Signature': `sha256=${'0'.repeat(64)}`,
			'X-Webhook-Timestamp': String(AT_MS / 1000),
		};
		expect(receive(forged, legacy)).toMatchObject({ outcome: 'refused', reason: 'mismatch' });
		expect(receive({}, current)).toMatchObject({ outcome: 'refused', status: 401 });
		expect(
			receive({}, JSON.stringify({ event: 'lead.create', secret: 'guess', payload: {} })),
		).toMatchObject({ outcome: 'refused', reason: 'mismatch' });
	});
});
