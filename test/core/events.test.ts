import { describe, expect, it } from 'vitest';

import { parseEvent } from '../../shared/parse-event.js';
import { KAKIYO_EVENTS, KAKIYO_WILDCARD, kakiyo } from '../../shared/providers/kakiyo/index.js';
import { GUIDE_BODY, NON_ASCII_BODY } from '../helpers/vectors.js';

/** The same event in the other documented envelope. */
function otherEnvelope(sample: Record<string, unknown>): Record<string, unknown> {
	const { teamId, team, ...rest } = sample as { teamId?: string; team?: { id: string } };
	return teamId !== undefined
		? { ...rest, team: { id: teamId, name: 'Sales Team Alpha' } }
		: { ...rest, teamId: team?.id };
}

describe('catalogue', () => {
	it('catalogue holds the union of every list Kakiyo documents, each id once', () => {
		const ids = KAKIYO_EVENTS.map((entry) => entry.id);
		expect(new Set(ids).size).toBe(ids.length);
		const documented = [
			// webhooks guide
			'linkedin.message.sent',
			'linkedin.message.received',
			'linkedin.invitation.sent',
			'linkedin.invitation.accepted',
			'prospect.qualification.manual',
			'prospect.unqualified',
			// test-events reference
			'prospect.qualified',
			'prospect.responded',
			'prospect.disqualified',
			'prospect.paused',
			'prospect.resumed',
			'campaign.started',
			'campaign.paused',
			'campaign.resumed',
			'campaign.completed',
			'campaign.deleted',
			'message.sent',
			'message.failed',
			'message.received',
			'message.scheduled',
			'connection.sent',
			'connection.accepted',
			'connection.rejected',
			'connection.withdrawn',
			'agent.status_changed',
			'agent.health_alert',
			'agent.limits_reached',
			'agent.offline',
			// MCP skill example
			'prospect.replied',
		];
		expect([...ids].sort()).toEqual([...documented].sort());
		expect(KAKIYO_WILDCARD).toBe('*');
	});

	it('every catalogue entry has a display name, a description and a category', () => {
		for (const entry of KAKIYO_EVENTS) {
			expect(entry.name, entry.id).toMatch(/^[A-Z]/);
			expect(entry.description, entry.id).toMatch(/^Triggers when .+\.$/);
			expect(['prospect', 'campaign', 'message', 'connection', 'agent']).toContain(entry.category);
		}
	});
});

describe('samples and schemas', () => {
	it.each(KAKIYO_EVENTS.map((entry) => [entry.id]))(
		'the sample of %s is accepted by its schema in both envelopes',
		(id) => {
			const sample = kakiyo.sampleFor(id);
			expect(sample.event).toBe(id);
			expect(kakiyo.schemaFor(id).safeParse(sample).success).toBe(true);
			expect(kakiyo.schemaFor(id).safeParse(otherEnvelope(sample)).success).toBe(true);
			expect(parseEvent(kakiyo, JSON.stringify(sample))).toEqual({ ok: true, event: sample });
		},
	);

	it("a schema refuses another event's payload", () => {
		const sample = kakiyo.sampleFor('campaign.completed');
		expect(kakiyo.schemaFor('prospect.qualified').safeParse(sample).success).toBe(false);
	});

	it('sampleFor returns a fresh copy each call', () => {
		const first = kakiyo.sampleFor('prospect.qualified') as { data: Record<string, unknown> };
		first.data.changed = true;
		expect(kakiyo.sampleFor('prospect.qualified')).not.toHaveProperty('data.changed');
	});
});

describe('parseEvent', () => {
	it('parseEvent reads the guide example and keeps every field', () => {
		const result = parseEvent(kakiyo, GUIDE_BODY);
		expect(result).toEqual({ ok: true, event: JSON.parse(GUIDE_BODY) });
	});

	it('parseEvent reads raw non-ASCII bytes in the team{} envelope', () => {
		const result = parseEvent(kakiyo, Buffer.from(NON_ASCII_BODY, 'utf8'));
		expect(result.ok).toBe(true);
		expect(result.ok && (result.event as { data: { message: string } }).data.message).toBe(
			'Grüße aus München 👋 — 你好',
		);
	});

	it('parseEvent keeps unknown fields at every level', () => {
		const event = {
			...kakiyo.sampleFor('prospect.qualified'),
			deliveryId: 'd_1',
		} as unknown as Record<string, unknown> & {
			data: { prospect: Record<string, unknown> };
		};
		event.data.prospect.seniority = 'VP';
		const result = parseEvent(kakiyo, event);
		expect(result).toEqual({ ok: true, event });
	});

	it('parseEvent accepts an event the catalogue does not know yet', () => {
		const result = parseEvent(kakiyo, {
			event: 'prospect.meeting_booked',
			teamId: 'team_1',
			timestamp: 'x',
			data: {},
		});
		expect(result.ok).toBe(true);
	});

	it('parseEvent returns malformed-json for a body that is not JSON', () => {
		for (const raw of ['{', '', 'null,', Buffer.from([0xff, 0xfe])]) {
			expect(parseEvent(kakiyo, raw)).toMatchObject({ ok: false, reason: 'malformed-json' });
		}
	});

	it('parseEvent returns not-an-event for JSON that is no event', () => {
		for (const raw of ['[]', '42', 'null', '{"data":{}}', '{"event":""}']) {
			expect(parseEvent(kakiyo, raw)).toMatchObject({ ok: false, reason: 'not-an-event' });
		}
	});

	it('parseEvent returns invalid-event naming the field when the envelope or data is wrong', () => {
		const noTeam = { event: 'message.received', timestamp: 't', data: { prospectId: 'p' } };
		expect(parseEvent(kakiyo, noTeam)).toMatchObject({
			ok: false,
			reason: 'invalid-event',
			message: expect.stringContaining('teamId'),
		});
		const noProspect = {
			event: 'message.received',
			teamId: 'team_1',
			timestamp: 't',
			data: { agentId: 'a' },
		};
		expect(parseEvent(kakiyo, noProspect)).toMatchObject({
			ok: false,
			reason: 'invalid-event',
			message: expect.stringContaining('prospectId'),
		});
		const wrongType = {
			event: 'campaign.completed',
			teamId: 'team_1',
			timestamp: 't',
			data: { campaign: { id: 7 } },
		};
		expect(parseEvent(kakiyo, wrongType)).toMatchObject({
			ok: false,
			reason: 'invalid-event',
			message: expect.stringContaining('data.campaign.id'),
		});
	});
});
