import { describe, expect, it } from 'vitest';

import { eventChoices, loadEventChoices, selectedEvents } from '../../shared/index.js';
import { isSelected } from '../../shared/event-choices.js';
import { kakiyo, KAKIYO_EVENTS } from '../../shared/providers/kakiyo/index.js';

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

describe('selectedEvents', () => {
	it('selectedEvents reads a list, one id, or a comma list from an expression', () => {
		expect(selectedEvents(['agent.offline', ' campaign.completed '])).toEqual([
			'agent.offline',
			'campaign.completed',
		]);
		expect(selectedEvents('agent.offline')).toEqual(['agent.offline']);
		expect(selectedEvents('agent.offline, campaign.completed,,')).toEqual([
			'agent.offline',
			'campaign.completed',
		]);
		expect(selectedEvents('*')).toEqual(['*']);
	});

	it('selectedEvents returns nothing for what is no selection', () => {
		for (const value of [undefined, null, 42, {}, '', ' , ', [1, null]])
			expect(selectedEvents(value)).toEqual([]);
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
