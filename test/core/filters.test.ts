import { describe, expect, it } from 'vitest';

import {
	filteredOut,
	filteredOutMessage,
	filterHelp,
	filtersOf,
	keepWithoutHelp,
} from '../../shared/index.js';
import { breakcold } from '../../shared/providers/breakcold/index.js';
import { kakiyo } from '../../shared/providers/kakiyo/index.js';
import { saleshandy } from '../../shared/providers/saleshandy/index.js';
import { carriedValues } from '../../shared/filters.js';

const filter = (provider: typeof kakiyo | typeof saleshandy | typeof breakcold, key: string) =>
	filtersOf(provider).find((entry) => entry.key === key)!;

/** Kakiyo's two documented forms: the guide's flat ids, the example endpoint's nested objects. */
const flat = { event: 'linkedin.message.received', data: { campaignId: 'c1', agentId: 'a1' } };
const nested = {
	event: 'campaign.completed',
	data: { campaign: { id: 'c2', name: 'Two' }, agent: { id: 'a2' } },
};
const agentOnly = { event: 'agent.offline', data: { agent: { id: 'a1' } } };

describe('filteredOut', () => {
	it('passes everything when nothing is chosen, in any form the platform hands over', () => {
		for (const values of [{}, { campaigns: [] }, { campaigns: '' }, { campaigns: ' , ' }])
			expect(filteredOut(kakiyo, nested, { values })).toBeUndefined();
	});

	it("reads Kakiyo's campaign and agent in both documented forms", () => {
		expect(carriedValues(filter(kakiyo, 'campaigns'), flat)).toEqual(['c1']);
		expect(carriedValues(filter(kakiyo, 'campaigns'), nested)).toEqual(['c2']);
		expect(carriedValues(filter(kakiyo, 'agents'), flat)).toEqual(['a1']);
		expect(carriedValues(filter(kakiyo, 'agents'), nested)).toEqual(['a2']);
	});

	it('drops a delivery of another campaign and runs one of a chosen campaign', () => {
		expect(filteredOut(kakiyo, flat, { values: { campaigns: ['c1'] } })).toBeUndefined();
		const out = filteredOut(kakiyo, nested, { values: { campaigns: ['c1'] } });
		expect(out?.filter.key).toBe('campaigns');
		expect(out?.carried).toEqual(['c2']);
		expect(filteredOutMessage('campaign.completed', out!)).toBe(
			'a "campaign.completed" delivery of campaign c2 is not one of the chosen: no run',
		);
	});

	it("takes an expression's comma-separated ids, trimmed", () => {
		expect(filteredOut(kakiyo, nested, { values: { campaigns: 'c9, c2' } })).toBeUndefined();
		expect(filteredOut(kakiyo, nested, { values: { campaigns: 'c9,c1' } })).toBeDefined();
	});

	it("takes an expression's numbers as the ids they are, never as nothing chosen", () => {
		const sent = { event: 'email-sent', sequence: { id: '139223' } };
		expect(filteredOut(saleshandy, sent, { values: { sequences: [139223] } })).toBeUndefined();
		expect(filteredOut(saleshandy, sent, { values: { sequences: 139223 } })).toBeUndefined();
		expect(filteredOut(saleshandy, sent, { values: { sequences: [1] } })).toBeDefined();
		expect(filteredOut(saleshandy, sent, { values: { sequences: 1 } })).toBeDefined();
	});

	it('needs every filter to match', () => {
		const values = { campaigns: ['c1'], agents: ['a2'] };
		expect(filteredOut(kakiyo, flat, { values })?.filter.key).toBe('agents');
		expect(filteredOut(kakiyo, flat, { values: { ...values, agents: ['a1'] } })).toBeUndefined();
	});

	it('lets an event without the field through unless the user turned that off', () => {
		const values = { campaigns: ['c1'] };
		expect(filteredOut(kakiyo, agentOnly, { values })).toBeUndefined();
		expect(filteredOut(kakiyo, agentOnly, { values, keepWithout: true })).toBeUndefined();
		const out = filteredOut(kakiyo, agentOnly, { values, keepWithout: false });
		expect(out).toEqual({ filter: filter(kakiyo, 'campaigns'), carried: [] });
		expect(filteredOutMessage('agent.offline', out!)).toContain('carries no campaign');
	});

	it('compares numbers as the strings a dropdown or an expression gives', () => {
		const sent = { event: 'email-sent', sequence: { id: 139223, sequenceName: 'Q1 founders' } };
		expect(filteredOut(saleshandy, sent, { values: { sequences: ['139223'] } })).toBeUndefined();
		expect(
			filteredOut(saleshandy, sent, { values: { sequences: ['Q1 founders'] } }),
		).toBeUndefined();
		expect(filteredOut(saleshandy, sent, { values: { sequences: ['Q2'] } })).toBeDefined();
	});

	it('never reads what an object inherits, nor a value that is not a string or number', () => {
		// There but not an id: it matches nothing, and does not pass as absent either.
		const odd = { event: 'x', data: { campaignId: { id: 'c1' }, campaign: ['c1'] } };
		expect(filteredOut(kakiyo, odd, { values: { campaigns: 'c1' } })?.carried).toHaveLength(1);
		const inherited = { event: 'x', data: Object.create({ campaignId: 'c1' }) as object };
		expect(carriedValues(filter(kakiyo, 'campaigns'), inherited)).toEqual([]);
		expect(carriedValues(filter(kakiyo, 'campaigns'), { data: { campaignId: '' } })).toEqual([]);
		expect(carriedValues(filter(kakiyo, 'campaigns'), 'c1')).toEqual([]);
	});

	it("reads Breakcold's object type from current record events only", () => {
		const record = { event: 'record.created', data: { objectType: 'person' } };
		expect(filteredOut(breakcold, record, { values: { objectTypes: 'person' } })).toBeUndefined();
		expect(filteredOut(breakcold, record, { values: { objectTypes: 'company' } })).toBeDefined();
		const legacy = breakcold.sampleFor('lead.create');
		expect(carriedValues(filter(breakcold, 'objectTypes'), legacy)).toEqual([]);
	});
});

describe('the words', () => {
	it('say which events carry the field and what an event without it does', () => {
		for (const provider of [kakiyo, saleshandy, breakcold]) {
			expect(filtersOf(provider).length).toBeGreaterThan(0);
			for (const entry of filtersOf(provider)) {
				const help = filterHelp(provider, entry);
				expect(help).toContain(entry.label.toLowerCase());
				expect(help).toContain(`carries no ${entry.noun} still runs`);
			}
			expect(keepWithoutHelp(provider)).toContain(filtersOf(provider)[0]!.noun);
		}
	});
});

describe('the lists', () => {
	const parse = (provider: typeof kakiyo | typeof saleshandy, key: string, body: unknown) =>
		filter(provider, key).listOptions!().parse({ status: 200, headers: {}, body });

	it("read Kakiyo's undocumented list bodies in any usual wrapper, skipping entries without an id", () => {
		const items = [{ id: 'c1', name: 'One', status: 'active' }, { name: 'no id' }, { id: 7 }];
		const expected = [
			{ value: 'c1', name: 'One (active)' },
			{ value: '7', name: '7' },
		];
		for (const body of [items, { data: items }, { campaigns: items }, { items }])
			expect(parse(kakiyo, 'campaigns', body)).toEqual(expected);
		expect(() => parse(kakiyo, 'agents', { data: 'nope' })).toThrow(/Kakiyo/);
	});

	it("list Saleshandy's sequences by name, once each, paused ones marked", () => {
		const payload = [
			{ id: 'JA5YdAr9wy', title: 'Q1', active: true },
			{ id: 'Kq2XbPz8mT', title: 'Q2', active: false },
			{ id: 'Zz', title: 'Q1' },
		];
		expect(parse(saleshandy, 'sequences', { message: 'ok', payload })).toEqual([
			{ value: 'Q1', name: 'Q1' },
			{ value: 'Q2', name: 'Q2 (paused)' },
		]);
		expect(filter(saleshandy, 'sequences').listOptions!().request).toEqual({
			method: 'GET',
			path: '/sequences',
			query: { pageSize: '1000', page: '1' },
		});
	});

	it("turn a refused key into the provider's words", () => {
		const call = filter(kakiyo, 'campaigns').listOptions!();
		expect(() =>
			call.parse({
				status: 401,
				headers: {},
				body: { error: 'invalid_api_key', message: 'Invalid API key' },
			}),
		).toThrow(/API key/);
	});
});
