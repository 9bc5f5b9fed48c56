/**
 * Issue 22 in the Zapier apps: each provider's filters as input fields, the hidden triggers that
 * list their choices (the APIs mocked with nock), and `perform` dropping a proven delivery of
 * another campaign, sequence or object type, after authenticating it and before Zapier's cache.
 */
import nock from 'nock';
import zapier, { type Bundle } from 'zapier-platform-core';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';

import {
	filterHelp,
	filtersOf,
	keepWithoutHelp,
	signDelivery,
	type ProviderDefinition,
} from '../../shared/index.js';
import { breakcold } from '../../shared/providers/breakcold/index.js';
import { kakiyo } from '../../shared/providers/kakiyo/index.js';
import { saleshandy } from '../../shared/providers/saleshandy/index.js';
import BreakcoldApp from '../apps/breakcold/src/index.js';
import SaleshandyApp from '../apps/saleshandy/src/index.js';
import { keepsEventsWithout } from '../../shared/index.js';
import {
	API,
	API_KEY,
	App as KakiyoApp,
	bundle,
	handlerOf,
	mockZapierCache,
	rawRequest,
	type RpcCall,
} from './helpers.js';

type App = typeof KakiyoApp;
interface Field {
	key: string;
	label: string;
	list?: boolean;
	required?: boolean;
	dynamic?: string;
	choices?: unknown;
	type?: string;
	default?: string;
	helpText?: string;
}
type Operation = Record<string, never> & { type?: string; inputFields: Field[] };
const operation = (app: App, key: string): Operation =>
	app.triggers![key]!.operation as unknown as Operation;
const hookTriggers = (app: App) =>
	Object.values(app.triggers!).filter((trigger) => trigger.operation.type === 'hook');

const SECRET = 's'.repeat(64);
const SALESHANDY_API = saleshandy.baseUrl;

/** What `z.console.log` printed during `run`. */
async function logged<T>(run: () => Promise<T>): Promise<{ result: T; lines: string[] }> {
	const spy = vi.spyOn(console, 'log').mockImplementation(() => undefined);
	try {
		const result = await run();
		return { result, lines: spy.mock.calls.map((call) => call.map(String).join(' ')) };
	} finally {
		spy.mockRestore();
	}
}

/** A delivery of `event` proven with `secret` as the provider proves it, to `trigger`'s perform. */
function performer(app: App, provider: ProviderDefinition) {
	const tester = zapier.createAppTester(app);
	return (
		event: Record<string, unknown>,
		inputData: Record<string, unknown>,
		{ secret = SECRET, trigger = 'new_event' }: { secret?: string; trigger?: string } = {},
	) => {
		const body = JSON.stringify(event);
		const proof = signDelivery(provider, body, secret);
		const zap = {
			inputData: { events: [event.event], max_age_hours: 0, ...inputData },
			authData: { apiKey: API_KEY, webhookSecret: SECRET },
			subscribeData: { id: 'w', secret: SECRET },
			rawRequest: rawRequest(String(proof.body), proof.headers),
		} as unknown as Bundle;
		return tester(operation(app, trigger).perform as never, zap) as Promise<
			Array<Record<string, unknown>>
		>;
	};
}

beforeAll(() => {
	delete process.env.KAKIYO_BASE_URL;
	delete process.env.SALESHANDY_BASE_URL;
	nock.disableNetConnect();
});
afterEach(() => {
	expect(nock.pendingMocks()).toEqual([]);
	nock.cleanAll();
});

describe('the filter fields', () => {
	it.each([
		['Kakiyo', KakiyoApp, kakiyo, ['campaigns', 'agents']],
		['Saleshandy', SaleshandyApp, saleshandy, ['sequences']],
		['Breakcold', BreakcoldApp, breakcold, ['objectTypes']],
	] as const)(
		'every %s hook trigger has a list field per filter and keep_events_without, on by default',
		(_name, app, provider, keys) => {
			expect(filtersOf(provider).map((filter) => filter.key)).toEqual(keys);
			for (const trigger of hookTriggers(app)) {
				const fields = (trigger.operation as unknown as Operation).inputFields;
				for (const filter of filtersOf(provider))
					expect(fields.find((field) => field.key === filter.key)).toEqual({
						key: filter.key,
						label: filter.label,
						list: true,
						required: false,
						...(filter.listOptions === undefined
							? {}
							: { dynamic: `filter_${filter.key}.id.name` }),
						...(filter.example === undefined ? {} : { placeholder: filter.example }),
						helpText: filterHelp(provider, filter),
					});
				expect(fields.find((field) => field.key === 'keep_events_without')).toEqual({
					key: 'keep_events_without',
					label: 'Run for Events Without a Filtered Field',
					type: 'boolean',
					required: false,
					default: 'true',
					helpText: keepWithoutHelp(provider),
				});
			}
		},
	);

	it.each([
		['Kakiyo', KakiyoApp],
		['Saleshandy', SaleshandyApp],
		['Breakcold', BreakcoldApp],
	] as const)(
		'each %s dropdown is fed by a hidden trigger of the app; a filter without a list has none',
		(_name, app) => {
			const dynamics = new Set(
				hookTriggers(app).flatMap((trigger) =>
					(trigger.operation as unknown as Operation).inputFields.flatMap((field) =>
						field.dynamic === undefined || field.key === 'events' ? [] : [field.dynamic],
					),
				),
			);
			const hidden = Object.values(app.triggers!).filter(
				(trigger) => trigger.display.hidden === true && trigger.key !== 'event_type',
			);
			expect([...dynamics].sort()).toEqual(
				hidden.map((trigger) => `${trigger.key}.id.name`).sort(),
			);
		},
	);

	it('keepsEventsWithout is off only for a clear no', () => {
		for (const no of [false, 'false', 'no', ' False ', 'NO', 0, '0'])
			expect(keepsEventsWithout(no)).toBe(false);
		for (const yes of [true, 'true', 'yes', '', undefined, null, 1, []])
			expect(keepsEventsWithout(yes)).toBe(true);
	});
});

describe('the hidden triggers that list the choices', () => {
	const kakiyoTester = zapier.createAppTester(KakiyoApp);
	const saleshandyTester = zapier.createAppTester(SaleshandyApp);

	it("filter_campaigns lists Kakiyo's campaigns with the key, as id and name", async () => {
		nock(API)
			.get('/campaigns')
			.query({ limit: '100' })
			.matchHeader('authorization', `Bearer ${API_KEY}`)
			.reply(200, {
				data: [
					{ id: 'campaign_1', name: 'Founders', status: 'active' },
					{ id: 'campaign_2', name: 'Agencies' },
				],
			});
		await expect(
			kakiyoTester(operation(KakiyoApp, 'filter_campaigns').perform as never, bundle()),
		).resolves.toEqual([
			{ id: 'campaign_1', name: 'Founders (active)' },
			{ id: 'campaign_2', name: 'Agencies' },
		]);
	});

	it('filter_agents turns a refused key into ExpiredAuthError and a failure into an app error', async () => {
		nock(API).get('/agents').query(true).reply(401, { error: 'invalid_api_key' });
		const expired = await kakiyoTester(
			operation(KakiyoApp, 'filter_agents').perform as never,
			bundle(),
		).catch((error: Error) => error);
		expect(expired).toMatchObject({ name: 'ExpiredAuthError' });
		nock(API).get('/agents').query(true).reply(503, { error: 'internal_error' });
		const failed = (await kakiyoTester(
			operation(KakiyoApp, 'filter_agents').perform as never,
			bundle(),
		).catch((error: Error) => error)) as Error & { doNotContextify?: boolean };
		expect(failed.message).toContain('HTTP 503');
		expect(failed.doNotContextify).toBe(true);
		expect(failed.message).not.toContain(API_KEY);
	});

	it("filter_sequences lists Saleshandy's sequences by name, the value a delivery carries", async () => {
		nock(SALESHANDY_API)
			.get('/sequences')
			.query({ pageSize: '1000', page: '1' })
			.matchHeader('x-api-key', API_KEY)
			.reply(200, {
				message: 'ok',
				payload: [
					{ id: 'JA5YdAr9wy', title: 'Q4 outbound', active: true },
					{ id: 'Kq2XbPz8mT', title: 'Old', active: false },
				],
			});
		await expect(
			saleshandyTester(operation(SaleshandyApp, 'filter_sequences').perform as never, bundle()),
		).resolves.toEqual([
			{ id: 'Q4 outbound', name: 'Q4 outbound' },
			{ id: 'Old', name: 'Old (paused)' },
		]);
	});

	it('the hidden triggers follow Zapier style and are hidden', () => {
		for (const app of [KakiyoApp, SaleshandyApp])
			for (const trigger of Object.values(app.triggers!).filter((each) =>
				each.key.startsWith('filter_'),
			)) {
				expect(trigger.display).toMatchObject({ hidden: true });
				expect(trigger.display.label).toMatch(/^([A-Z][A-Za-z]*)( [A-Z][A-Za-z]*)*$/);
				expect(trigger.display.description).toMatch(/^Lists .+\.$/);
			}
	});
});

describe('perform with a filter (Kakiyo)', () => {
	const perform = performer(KakiyoApp, kakiyo);
	/** The guide's flat form, `data.campaignId` and `data.agentId`. */
	const message = (campaignId: string, agentId = 'agent_1') => ({
		...kakiyo.sampleFor('linkedin.message.received'),
		data: { campaignId, agentId, chatId: 'chat_1' },
	});
	/** The example endpoint's nested form, `data.campaign.id`. */
	const completed = (id: string) => {
		const sample = kakiyo.sampleFor('campaign.completed') as { data: { campaign: object } };
		return { ...sample, data: { ...sample.data, campaign: { ...sample.data.campaign, id } } };
	};
	const offline = kakiyo.sampleFor('agent.offline');

	it('perform returns a proven delivery of a chosen campaign, flat or nested, and nothing for another', async () => {
		const chosen = { campaigns: ['campaign_a', 'campaign_b'] };
		await expect(perform(message('campaign_b'), chosen)).resolves.toEqual([
			expect.objectContaining({ event: 'linkedin.message.received' }),
		]);
		await expect(perform(completed('campaign_a'), chosen)).resolves.toHaveLength(1);
		const other = await logged(() => perform(message('campaign_c'), chosen));
		expect(other.result).toEqual([]);
		expect(other.lines).toContainEqual(
			expect.stringContaining(
				'a "linkedin.message.received" delivery of campaign campaign_c is not one of the chosen',
			),
		);
		await expect(perform(completed('campaign_c'), chosen)).resolves.toEqual([]);
	});

	it('perform applies every filter: the right campaign of another agent produces nothing', async () => {
		const chosen = { campaigns: ['campaign_a'], agents: ['agent_1'] };
		await expect(perform(message('campaign_a', 'agent_1'), chosen)).resolves.toHaveLength(1);
		await expect(perform(message('campaign_a', 'agent_2'), chosen)).resolves.toEqual([]);
	});

	it('perform reads chosen values typed as one comma-separated text, as an expression gives them', async () => {
		const typed = { campaigns: 'campaign_x, campaign_a' };
		await expect(perform(message('campaign_a'), typed)).resolves.toHaveLength(1);
		await expect(perform(message('campaign_b'), typed)).resolves.toEqual([]);
	});

	it('perform with nothing chosen returns every event, as before filters', async () => {
		await expect(perform(message('campaign_c'), {})).resolves.toHaveLength(1);
		await expect(perform(message('campaign_c'), { campaigns: [] })).resolves.toHaveLength(1);
	});

	it('perform refuses a forged delivery as before, whether or not it is of a chosen campaign', async () => {
		for (const campaign of ['campaign_a', 'campaign_c']) {
			const forged = await logged(() =>
				perform(message(campaign), { campaigns: ['campaign_a'] }, { secret: 'f'.repeat(64) }),
			);
			expect(forged.result).toEqual([]);
			expect(forged.lines).toEqual([
				expect.stringContaining('Dropped a delivery that is not from Kakiyo: mismatch'),
			]);
		}
	});

	it.each([
		[undefined, 1],
		[true, 1],
		['true', 1],
		[false, 0],
		['false', 0],
		['no', 0],
	])(
		'perform of an event carrying no campaign with keep_events_without %s returns %i records',
		async (keep, count) => {
			const { result, lines } = await logged(() =>
				perform(offline, {
					campaigns: ['campaign_a'],
					...(keep === undefined ? {} : { keep_events_without: keep }),
				}),
			);
			expect(result).toHaveLength(count);
			if (count === 0)
				expect(lines).toContainEqual(
					expect.stringContaining('"agent.offline" delivery carries no campaign'),
				);
		},
	);

	it("a fixed-event trigger filters too: LinkedIn Message Received's campaign field", async () => {
		const trigger = 'linkedin_message_received';
		await expect(
			perform(message('campaign_a'), { campaigns: ['campaign_a'] }, { trigger }),
		).resolves.toHaveLength(1);
		await expect(
			perform(message('campaign_c'), { campaigns: ['campaign_a'] }, { trigger }),
		).resolves.toEqual([]);
	});
});

describe("perform with a filter against Zapier's cache (its RPC mocked)", () => {
	const handler = handlerOf(KakiyoApp);
	let cache: Map<string, { value: string; ttl: number }>;
	let calls: RpcCall[];
	const deliver = (campaignId: string) => {
		const body = JSON.stringify({
			...kakiyo.sampleFor('linkedin.message.received'),
			data: { campaignId, agentId: 'agent_1' },
		});
		return handler(
			'triggers.new_event.operation.perform',
			bundle({
				inputData: { events: ['*'], max_age_hours: 0, campaigns: ['campaign_a'] },
				subscribeData: { id: 'w', secret: SECRET },
				rawRequest: rawRequest(body, signDelivery(kakiyo, body, SECRET).headers),
			}),
		);
	};

	beforeEach(() => {
		cache = new Map();
		calls = [];
		process.env.ZAPIER_DEPLOY_KEY = 'deploy-key-for-tests';
	});
	afterEach(() => {
		delete process.env.ZAPIER_DEPLOY_KEY;
	});

	it('a delivery the filter drops leaves nothing in the cache; a chosen one is remembered', async () => {
		mockZapierCache(cache, calls, 1);
		await expect(deliver('campaign_c')).resolves.toEqual([]);
		expect(calls).toEqual([]);
		await expect(deliver('campaign_a')).resolves.toHaveLength(1);
		expect(calls.map((call) => call.method)).toEqual(['zcache_set']);
	});
});

describe('perform with a filter (Saleshandy)', () => {
	const perform = performer(SaleshandyApp, saleshandy);
	const sent = (id: string | number, sequenceName: string) => {
		const sample = saleshandy.sampleFor('email-sent') as { sequence: object };
		return { ...sample, sequence: { ...sample.sequence, id, sequenceName } };
	};

	it('perform returns a delivery of a sequence chosen by name or by its delivery id, nothing for another', async () => {
		const byName = { sequences: ['Q4 outbound'] };
		await expect(perform(sent(139223, 'Q4 outbound'), byName)).resolves.toHaveLength(1);
		await expect(perform(sent(139224, 'Renewals'), byName)).resolves.toEqual([]);
		await expect(
			perform(sent(139224, 'Renewals'), { sequences: ['139224'] }),
		).resolves.toHaveLength(1);
	});

	it('perform refuses a delivery with another secret, of a chosen sequence or not', async () => {
		for (const name of ['Q4 outbound', 'Renewals'])
			await expect(
				perform(sent(1, name), { sequences: ['Q4 outbound'] }, { secret: 'guess' }),
			).resolves.toEqual([]);
	});

	it('an email account event carries no sequence: it runs unless keep_events_without is off', async () => {
		const account = saleshandy.sampleFor('email-account-disconnected');
		expect(account).not.toHaveProperty('sequence');
		await expect(perform(account, { sequences: ['Q4 outbound'] })).resolves.toHaveLength(1);
		await expect(
			perform(account, { sequences: ['Q4 outbound'], keep_events_without: 'false' }),
		).resolves.toEqual([]);
	});
});

describe('perform with a filter (Breakcold)', () => {
	const perform = performer(BreakcoldApp, breakcold);
	const record = (objectType: string) => {
		const sample = breakcold.sampleFor('record.created') as { data: object };
		return { ...sample, data: { ...sample.data, objectType } };
	};

	it('perform returns a record of a chosen object type and nothing for another', async () => {
		await expect(perform(record('person'), { objectTypes: ['person'] })).resolves.toEqual([
			expect.objectContaining({ event: 'record.created' }),
		]);
		await expect(perform(record('company'), { objectTypes: ['person'] })).resolves.toEqual([]);
	});

	it('perform refuses a delivery signed with another secret, of a chosen object type or not', async () => {
		for (const type of ['person', 'company'])
			await expect(
				perform(record(type), { objectTypes: ['person'] }, { secret: 'another-secret' }),
			).resolves.toEqual([]);
	});

	it('a task event and a legacy event carry no object type: they run unless keep_events_without is off', async () => {
		const task = breakcold.sampleFor('task.created');
		await expect(perform(task, { objectTypes: ['person'] })).resolves.toHaveLength(1);
		await expect(
			perform(task, { objectTypes: ['person'], keep_events_without: false }),
		).resolves.toEqual([]);
		const legacy = { ...breakcold.sampleFor('lead.create'), secret: SECRET };
		const tester = zapier.createAppTester(BreakcoldApp);
		const run = (keep: string) =>
			tester(
				operation(BreakcoldApp, 'new_event').perform as never,
				bundle({
					authData: { webhookSecret: SECRET },
					inputData: { events: ['*'], objectTypes: ['person'], keep_events_without: keep },
					rawRequest: rawRequest(JSON.stringify(legacy), {}),
				}),
			);
		await expect(run('true')).resolves.toHaveLength(1);
		await expect(run('false')).resolves.toEqual([]);
	});
});
