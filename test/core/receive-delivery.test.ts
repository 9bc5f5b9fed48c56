import { describe, expect, it } from 'vitest';

import { kakiyo, receiveDelivery, sign } from '../../shared/index.js';
import { GUIDE_BODY, GUIDE_HEX, TEST_SECRET } from '../helpers/vectors.js';

const signed = (body: string) => ({ 'X-Kakiyo-Signature': sign(body, TEST_SECRET) });
const receive = (
	body: string,
	headers: Record<string, string>,
	selected = ['*'],
	secret: string | null = TEST_SECRET,
) => receiveDelivery(kakiyo, { headers, body }, { secret, selected });

describe('receiveDelivery', () => {
	it('receiveDelivery accepts the signed guide example and returns the event intact', () => {
		expect(receive(GUIDE_BODY, { 'x-kakiyo-signature': GUIDE_HEX })).toEqual({
			outcome: 'accepted',
			event: JSON.parse(GUIDE_BODY),
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
		expect(receive(GUIDE_BODY, { 'x-kakiyo-signature': GUIDE_HEX }, ['*'], null)).toEqual({
			outcome: 'refused',
			status: 401,
			reason: 'missing-secret',
		});
		expect(receive('{"event":', {})).toMatchObject({ outcome: 'refused' });
	});

	it('receiveDelivery answers 400 with a reason for a signed body that is no event', () => {
		expect(receive('{"event":', signed('{"event":'))).toMatchObject({
			outcome: 'invalid',
			status: 400,
			reason: 'malformed-json',
		});
		expect(receive('{"hello":1}', signed('{"hello":1}'))).toMatchObject({
			outcome: 'invalid',
			status: 400,
			reason: 'not-an-event',
			message: expect.stringContaining('"event"'),
		});
	});

	it('receiveDelivery ignores with 200 an event nobody selected', () => {
		expect(receive(GUIDE_BODY, signed(GUIDE_BODY), ['campaign.completed'])).toEqual({
			outcome: 'ignored',
			status: 200,
			eventId: 'linkedin.message.received',
		});
		expect(receive(GUIDE_BODY, signed(GUIDE_BODY), ['linkedin.message.received']).outcome).toBe(
			'accepted',
		);
	});
});
