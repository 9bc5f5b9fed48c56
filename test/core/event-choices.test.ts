import { describe, expect, it } from 'vitest';

import {
	eventChoices,
	isSelected,
	kakiyo,
	loadEventChoices,
	KAKIYO_EVENTS,
	MAX_REMEMBERED,
	rememberDelivery,
	REPEAT_WINDOW_MS,
} from '../../shared/index.js';

describe('eventChoices', () => {
	it('eventChoices offers All Events first, then the static catalogue when there is no live list', () => {
		const choices = eventChoices(kakiyo);
		expect(choices[0]).toMatchObject({ id: '*', name: 'All Events' });
		expect(choices.slice(1).map((entry) => entry.id)).toEqual(
			KAKIYO_EVENTS.map((entry) => entry.id),
		);
	});

	it("eventChoices puts Kakiyo's live entries first and adds the catalogue's missing ones", () => {
		const live = [
			{
				id: 'prospect.meeting_booked',
				name: 'Meeting Booked',
				description: 'New upstream event',
				category: 'prospect',
			},
			{
				id: 'prospect.qualified',
				name: 'Prospect Qualified (live)',
				description: 'live text',
				category: 'prospect',
			},
		];
		const choices = eventChoices(kakiyo, live);
		expect(choices.slice(0, 3).map((entry) => entry.name)).toEqual([
			'All Events',
			'Meeting Booked',
			'Prospect Qualified (live)',
		]);
		expect(choices.filter((entry) => entry.id === 'prospect.qualified')).toHaveLength(1);
		expect(choices.map((entry) => entry.id)).toContain('linkedin.message.received');
		expect(choices).toHaveLength(KAKIYO_EVENTS.length + 2);
	});

	it('eventChoices never lists the wildcard twice', () => {
		const choices = eventChoices(kakiyo, [
			{ id: '*', name: 'All', description: '', category: 'all' },
		]);
		expect(choices.filter((entry) => entry.id === '*')).toHaveLength(1);
	});
});

describe('isSelected', () => {
	it('isSelected accepts a listed event or the wildcard, nothing else', () => {
		expect(isSelected(kakiyo, ['agent.offline'], 'agent.offline')).toBe(true);
		expect(isSelected(kakiyo, ['*'], 'anything.new')).toBe(true);
		expect(isSelected(kakiyo, ['agent.offline'], 'campaign.completed')).toBe(false);
		expect(isSelected(kakiyo, [], 'agent.offline')).toBe(false);
	});
});

describe('rememberDelivery', () => {
	const now = 1_700_000_000_000;

	it('rememberDelivery calls the same bytes a repeat and different bytes new', () => {
		const first = rememberDelivery(undefined, '{"a":1}', now);
		expect(first.repeat).toBe(false);
		expect(rememberDelivery(first.seen, Buffer.from('{"a":1}'), now + 1_000).repeat).toBe(true);
		expect(rememberDelivery(first.seen, '{"a": 1}', now + 1_000).repeat).toBe(false);
	});

	it('rememberDelivery forgets deliveries older than the window', () => {
		const first = rememberDelivery(undefined, 'x', now);
		expect(rememberDelivery(first.seen, 'x', now + REPEAT_WINDOW_MS + 1).repeat).toBe(false);
	});

	it('rememberDelivery keeps at most MAX_REMEMBERED entries, the newest', () => {
		let seen = rememberDelivery(undefined, 'oldest', now).seen;
		for (let i = 0; i < MAX_REMEMBERED; i++)
			seen = rememberDelivery(seen, `body-${i}`, now + i).seen;
		expect(seen).toHaveLength(MAX_REMEMBERED);
		expect(rememberDelivery(seen, 'oldest', now + MAX_REMEMBERED).repeat).toBe(false);
		expect(rememberDelivery(seen, `body-${MAX_REMEMBERED - 1}`, now + MAX_REMEMBERED).repeat).toBe(
			true,
		);
	});

	it('rememberDelivery ignores a corrupted memory instead of throwing', () => {
		expect(rememberDelivery('nonsense' as never, 'x', now).repeat).toBe(false);
		expect(rememberDelivery([null, { at: 1 }] as never, 'x', now).repeat).toBe(false);
	});
});

describe('loadEventChoices', () => {
	it("loadEventChoices merges Kakiyo's live list when the call succeeds", async () => {
		const live = [
			{
				id: 'prospect.meeting_booked',
				name: 'Meeting Booked',
				description: '',
				category: 'prospect',
			},
		];
		const warnings: string[] = [];
		const choices = await loadEventChoices(
			kakiyo,
			async () => ({ status: 200, headers: {}, body: live }),
			(m) => warnings.push(m),
		);
		expect(choices[1]?.id).toBe('prospect.meeting_booked');
		expect(warnings).toEqual([]);
	});

	it('loadEventChoices falls back to the catalogue and says why when Kakiyo fails or is unreachable', async () => {
		const warnings: string[] = [];
		const down = await loadEventChoices(
			kakiyo,
			async () => ({ status: 503, headers: {}, body: {} }),
			(m) => warnings.push(m),
		);
		const refused = await loadEventChoices(
			kakiyo,
			async () => Promise.reject(new Error('ECONNREFUSED')),
			(m) => warnings.push(m),
		);
		expect(down).toEqual(eventChoices(kakiyo));
		expect(refused).toEqual(eventChoices(kakiyo));
		expect(warnings).toEqual([
			expect.stringMatching(/^Kakiyo's event list is unavailable.*HTTP 503/),
			expect.stringMatching(/^Kakiyo's event list is unavailable.*Could not reach Kakiyo/),
		]);
	});
});
