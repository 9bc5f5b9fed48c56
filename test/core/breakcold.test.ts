import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

import { signDelivery, receiveDelivery } from '../../shared/index.js';
import { sign } from '../../shared/sign.js';
import {
	breakcold,
	BREAKCOLD_EVENTS,
	BREAKCOLD_TOLERANCE_SECONDS,
} from '../../shared/providers/breakcold/index.js';

const SECRET = 'whsec_0123456789abcdef';
const NOW = Date.parse('2026-11-24T10:00:00Z');
const seedText = () => {
	const seeds = join(__dirname, '..', '..', '..', 'shared', 'seeds');
	const file = readdirSync(seeds).find((name) => name.startsWith('003_'))!;
	const text = readFileSync(join(seeds, file), 'utf8');
	return JSON.parse(text.slice(text.indexOf('{'), text.lastIndexOf('}') + 1)) as Record<
		string,
		unknown
	>;
};
const receive = (headers: Record<string, string>, body: string, now = NOW) =>
	receiveDelivery(breakcold, { headers, body }, { secret: SECRET, selected: ['*'], now });

describe('breakcold definition', () => {
	it('both formats in one catalogue, each event marked with its format, each sample accepted', () => {
		const ids = BREAKCOLD_EVENTS.map((entry) => entry.id);
		expect(new Set(ids).size).toBe(ids.length);
		expect(BREAKCOLD_EVENTS.filter((entry) => entry.format === 'legacy')).toHaveLength(34);
		expect(BREAKCOLD_EVENTS.filter((entry) => entry.format === 'current')).toHaveLength(12);
		for (const { id } of BREAKCOLD_EVENTS) {
			const sample = breakcold.sampleFor(id);
			expect(sample.event).toBe(id);
			expect(breakcold.schemaFor(id).safeParse(sample).success, id).toBe(true);
			expect(sample).not.toHaveProperty('secret');
		}
	});

	it("lead.create's sample is the seed's, verbatim but for its secret", () => {
		const seed = seedText();
		delete seed.secret;
		expect(breakcold.sampleFor('lead.create')).toEqual(seed);
	});
});

describe('breakcold deliveries', () => {
	const legacy = JSON.stringify({ ...breakcold.sampleFor('lead.create'), secret: SECRET });
	const current = JSON.stringify(breakcold.sampleFor('record.created'));
	const signedAt = (at: number, body = current) => ({
		'X-Webhook-Timestamp': String(Math.floor(at / 1000)),
		'X-Webhook-Signature': `sha256=${sign(`${Math.floor(at / 1000)}.${body}`, SECRET)}`,
		'X-Webhook-Delivery-Id': 'dlv_1',
	});

	it('legacy: the right body secret runs, without the secret in the output; a wrong one is 401', () => {
		const accepted = receive({}, legacy);
		expect(accepted).toMatchObject({ outcome: 'accepted', event: { event: 'lead.create' } });
		expect(JSON.stringify(accepted)).not.toContain(SECRET);
		const wrong = legacy.replace(SECRET, 'whsec_guess');
		expect(receive({}, wrong)).toMatchObject({ outcome: 'refused', status: 401 });
	});

	it(`current: a fresh signature runs; one more than ${BREAKCOLD_TOLERANCE_SECONDS} s old or ahead, or made with another secret, is 401`, () => {
		expect(receive(signedAt(NOW), current)).toMatchObject({ outcome: 'accepted' });
		const tolerance = BREAKCOLD_TOLERANCE_SECONDS * 1000;
		expect(receive(signedAt(NOW - tolerance - 1000), current)).toMatchObject({
			outcome: 'refused',
		});
		expect(receive(signedAt(NOW + tolerance + 1000), current)).toMatchObject({
			outcome: 'refused',
		});
		const other = signDelivery(breakcold, current, 'another', NOW);
		expect(receive(other.headers, current)).toMatchObject({ outcome: 'refused' });
	});

	it('a retry carries the same delivery id and so the same fingerprint, whatever its new timestamp', () => {
		const first = receive(signedAt(NOW), current);
		const retry = receive(signedAt(NOW + 30_000), current, NOW + 30_000);
		expect(first.outcome === 'accepted' && retry.outcome === 'accepted').toBe(true);
		if (first.outcome === 'accepted' && retry.outcome === 'accepted')
			expect(retry.fingerprint).toBe(first.fingerprint);
	});
});
