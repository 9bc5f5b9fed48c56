/**
 * Issue 22's filters in each Zapier app against its provider's sandbox over real HTTP: the
 * dropdowns list what the sandbox serves, and `perform` keeps a genuine delivery of the chosen
 * campaign, sequence or object type, drops one of another, and refuses a forged one either way.
 */
import zapier, { type Bundle } from 'zapier-platform-core';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';

import { startReceiver, type Receiver } from '../../sandbox/receiver.js';
import { startSandbox, type Sandbox, type SandboxProvider } from '../../sandbox/server.js';
import BreakcoldApp from '../apps/breakcold/src/index.js';
import SaleshandyApp from '../apps/saleshandy/src/index.js';
import { App as KakiyoApp, bundle, rawRequest } from './helpers.js';

type App = typeof KakiyoApp;
type Operation = Record<string, never> & { inputFields: Array<{ key: string; dynamic?: string }> };
const operation = (app: App, key: string): Operation =>
	app.triggers![key]!.operation as unknown as Operation;

/**
 * A sandbox of `provider` and a receiver standing in for the Zap's URL, for one describe; each
 * test starts with no hooks, deliveries or logged calls.
 */
function sandboxOf(provider: SandboxProvider, baseUrlVariable?: string) {
	const state = {} as { sandbox: Sandbox; receiver: Receiver };
	beforeAll(async () => {
		state.sandbox = await startSandbox({ provider, timeScale: 0.001, attemptTimeoutMs: 5_000 });
		state.receiver = await startReceiver();
		if (baseUrlVariable !== undefined) process.env[baseUrlVariable] = state.sandbox.apiUrl;
	});
	afterEach(async () => {
		await control(state.sandbox, '/reset', {});
		state.receiver.received.length = 0;
	});
	afterAll(async () => {
		if (baseUrlVariable !== undefined) delete process.env[baseUrlVariable];
		await state.receiver.close();
		await state.sandbox.close();
	});
	return state;
}

async function control(sandbox: Sandbox, path: string, body?: unknown): Promise<never> {
	const response = await fetch(`${sandbox.url}/_sandbox${path}`, {
		method: body === undefined ? 'GET' : 'POST',
		...(body === undefined ? {} : { body: JSON.stringify(body) }),
	});
	return (await response.json()) as never;
}

/** Emits an event and gives the delivery the receiver got for it, as Zapier hands it to `perform`. */
async function emitted(
	{ sandbox, receiver }: { sandbox: Sandbox; receiver: Receiver },
	emit: Record<string, unknown>,
): Promise<Bundle['rawRequest']> {
	const before = receiver.received.length;
	await control(sandbox, '/emit', emit);
	const delivery = (await receiver.waitFor(before + 1))[before]!;
	const headers = Object.fromEntries(
		Object.entries(delivery.headers).map(([name, value]) => [name, String(value)]),
	);
	return rawRequest(delivery.body.toString('utf8'), headers);
}

/** What `perform` returns for a delivery, and what it logged. */
async function performOf(
	app: App,
	zap: Record<string, unknown>,
	request: Bundle['rawRequest'],
): Promise<{ records: unknown[]; lines: string[] }> {
	const spy = vi.spyOn(console, 'log').mockImplementation(() => undefined);
	try {
		const records = (await zapier.createAppTester(app)(
			operation(app, 'new_event').perform as never,
			bundle({ ...zap, rawRequest: request }),
		)) as unknown[];
		return { records, lines: spy.mock.calls.map((call) => call.map(String).join(' ')) };
	} finally {
		spy.mockRestore();
	}
}

const listed = (app: App, key: string, authData: Record<string, unknown>) =>
	zapier.createAppTester(app)(
		operation(app, key).perform as never,
		bundle({ authData }),
	) as Promise<Array<{ id: string; name: string }>>;

describe('Kakiyo filters against the Kakiyo sandbox', () => {
	const state = sandboxOf('kakiyo', 'KAKIYO_BASE_URL');
	const events = ['linkedin.message.received', 'campaign.completed', 'agent.offline'];
	const auth = () => ({ apiKey: state.sandbox.apiKey });
	/** A Zap on `events` subscribed at the sandbox, filtered on `inputData`. */
	async function zapOf(inputData: Record<string, unknown>) {
		const subscribeData = (await zapier.createAppTester(KakiyoApp)(
			operation(KakiyoApp, 'new_event').performSubscribe as never,
			bundle({ authData: auth(), targetUrl: state.receiver.url, inputData: { events } }),
		)) as { id: string; secret: string };
		return { authData: auth(), subscribeData, inputData: { events, ...inputData } };
	}

	it("the Campaigns and Agents dropdowns list the sandbox's campaigns and agents, one call each", async () => {
		expect(operation(KakiyoApp, 'new_event').inputFields).toEqual(
			expect.arrayContaining([
				expect.objectContaining({ key: 'campaigns', dynamic: 'filter_campaigns.id.name' }),
				expect.objectContaining({ key: 'agents', dynamic: 'filter_agents.id.name' }),
			]),
		);
		await expect(listed(KakiyoApp, 'filter_campaigns', auth())).resolves.toEqual([
			{ id: 'campaign_sbx_1', name: 'Sandbox founders (active)' },
			{ id: 'campaign_sbx_2', name: 'Sandbox agencies (active)' },
		]);
		await expect(listed(KakiyoApp, 'filter_agents', auth())).resolves.toEqual([
			{ id: 'agent_sbx_1', name: 'Robin (SDR) (running)' },
			{ id: 'agent_sbx_2', name: 'Sam (AE) (running)' },
		]);
		await expect(control(state.sandbox, '/requests')).resolves.toEqual([
			{ method: 'GET', path: '/campaigns?limit=100', status: 200 },
			{ method: 'GET', path: '/agents?limit=100', status: 200 },
		]);
	});

	it('perform keeps a genuine delivery of the chosen campaign, drops another campaign, refuses a forged one either way', async () => {
		const [founders] = await listed(KakiyoApp, 'filter_campaigns', auth());
		const zap = await zapOf({ campaigns: [founders!.id] });
		const mine = await emitted(state, {
			event: 'linkedin.message.received',
			campaign: 'campaign_sbx_1',
		});
		const other = await emitted(state, {
			event: 'linkedin.message.received',
			campaign: 'campaign_sbx_2',
		});
		// campaign.completed carries its campaign nested, as Kakiyo's example endpoint shows it.
		const nested = await emitted(state, {
			event: 'campaign.completed',
			campaign: 'campaign_sbx_2',
		});

		expect((await performOf(KakiyoApp, zap, mine)).records).toEqual([
			expect.objectContaining({
				event: 'linkedin.message.received',
				data: expect.objectContaining({ campaignId: 'campaign_sbx_1' }),
			}),
		]);
		for (const dropped of [other, nested]) {
			const { records, lines } = await performOf(KakiyoApp, zap, dropped);
			expect(records).toEqual([]);
			expect(lines).toContainEqual(
				expect.stringContaining('delivery of campaign campaign_sbx_2 is not one of the chosen'),
			);
		}

		const forged = { ...zap, subscribeData: { ...zap.subscribeData, secret: 'f'.repeat(64) } };
		for (const delivery of [mine, other])
			expect(await performOf(KakiyoApp, forged, delivery)).toEqual({
				records: [],
				lines: [expect.stringContaining('Dropped a delivery that is not from Kakiyo: mismatch')],
			});
	});

	it('an agent event carries no campaign: it runs by default, and not with keep_events_without false', async () => {
		const zap = await zapOf({ campaigns: ['campaign_sbx_1'] });
		const offline = await emitted(state, { event: 'agent.offline' });
		expect((await performOf(KakiyoApp, zap, offline)).records).toEqual([
			expect.objectContaining({ event: 'agent.offline' }),
		]);
		const strict = { ...zap, inputData: { ...zap.inputData, keep_events_without: 'false' } };
		const { records, lines } = await performOf(KakiyoApp, strict, offline);
		expect(records).toEqual([]);
		expect(lines).toContainEqual(
			expect.stringContaining('"agent.offline" delivery carries no campaign'),
		);
	});
});

describe('Saleshandy filters against the Saleshandy sandbox', () => {
	const state = sandboxOf('saleshandy', 'SALESHANDY_BASE_URL');
	const events = ['email-sent', 'email-account-disconnected'];
	const auth = () => ({ apiKey: state.sandbox.apiKey });
	async function zapOf(inputData: Record<string, unknown>) {
		const subscribeData = (await zapier.createAppTester(SaleshandyApp)(
			operation(SaleshandyApp, 'new_event').performSubscribe as never,
			bundle({ authData: auth(), targetUrl: state.receiver.url, inputData: { events } }),
		)) as { id: string; secret: string };
		// Saleshandy's test of the new hook reached the Zap's URL; the events come after it.
		await state.receiver.waitFor(1);
		return { authData: auth(), subscribeData, inputData: { events, ...inputData } };
	}

	it("the Sequences dropdown lists the sandbox's sequences by name, in one call", async () => {
		expect(operation(SaleshandyApp, 'new_event').inputFields).toEqual(
			expect.arrayContaining([
				expect.objectContaining({ key: 'sequences', dynamic: 'filter_sequences.id.name' }),
			]),
		);
		await expect(listed(SaleshandyApp, 'filter_sequences', auth())).resolves.toEqual([
			{ id: 'Sandbox sequence', name: 'Sandbox sequence' },
			{ id: 'Sandbox follow-up', name: 'Sandbox follow-up' },
		]);
		await expect(control(state.sandbox, '/requests')).resolves.toEqual([
			{ method: 'GET', path: '/sequences?pageSize=1000&page=1', status: 200 },
		]);
	});

	it('perform keeps a genuine delivery of the chosen sequence, drops another, refuses a forged one either way', async () => {
		const [first] = await listed(SaleshandyApp, 'filter_sequences', auth());
		const zap = await zapOf({ sequences: [first!.id] });
		const mine = await emitted(state, { event: 'email-sent', sequence: 'Sandbox sequence' });
		const other = await emitted(state, { event: 'email-sent', sequence: 'Sandbox follow-up' });

		expect((await performOf(SaleshandyApp, zap, mine)).records).toEqual([
			expect.objectContaining({
				event: 'email-sent',
				sequence: expect.objectContaining({ sequenceName: 'Sandbox sequence' }),
			}),
		]);
		const dropped = await performOf(SaleshandyApp, zap, other);
		expect(dropped.records).toEqual([]);
		expect(dropped.lines).toContainEqual(
			expect.stringContaining(
				'delivery of sequence 102, Sandbox follow-up is not one of the chosen',
			),
		);
		// A delivery's own sequence id, typed or from an expression, chooses too.
		const byId = { ...zap, inputData: { ...zap.inputData, sequences: ['102'] } };
		await expect(performOf(SaleshandyApp, byId, other)).resolves.toMatchObject({
			records: [expect.objectContaining({ event: 'email-sent' })],
		});

		const forged = { ...zap, subscribeData: { ...zap.subscribeData, secret: 'f'.repeat(64) } };
		for (const delivery of [mine, other]) {
			const { records, lines } = await performOf(SaleshandyApp, forged, delivery);
			expect(records).toEqual([]);
			expect(lines).toEqual([
				expect.stringContaining('Dropped a delivery that is not from Saleshandy'),
			]);
		}
	});

	it('an email account event carries no sequence: it runs by default, and not with keep_events_without false', async () => {
		const zap = await zapOf({ sequences: ['Sandbox sequence'] });
		const account = await emitted(state, { event: 'email-account-disconnected' });
		expect((await performOf(SaleshandyApp, zap, account)).records).toEqual([
			expect.objectContaining({ event: 'email-account-disconnected' }),
		]);
		const strict = { ...zap, inputData: { ...zap.inputData, keep_events_without: false } };
		await expect(performOf(SaleshandyApp, strict, account)).resolves.toMatchObject({
			records: [],
		});
	});
});

describe('Breakcold filters against the Breakcold sandbox', () => {
	const state = sandboxOf('breakcold');
	const SECRET = 'whsec_sandbox_filters_0123456789';
	const zap = {
		authData: { webhookSecret: SECRET },
		inputData: { events: ['*'], objectTypes: ['person'] },
	};
	/** A current-format hook at the Zap's URL, made as the user makes it in Breakcold. */
	const hookAtZap = () =>
		control(state.sandbox, '/webhooks', {
			url: state.receiver.url,
			format: 'current',
			secret: SECRET,
		});

	it('Object Types is a plain list the user types into: Breakcold lists none and the app calls nothing', () => {
		const field = operation(BreakcoldApp, 'new_event').inputFields.find(
			(each) => each.key === 'objectTypes',
		);
		expect(field).toMatchObject({ key: 'objectTypes', list: true });
		expect(field).not.toHaveProperty('dynamic');
		expect(Object.keys(BreakcoldApp.triggers!).filter((key) => key.startsWith('filter_'))).toEqual(
			[],
		);
	});

	it('perform keeps a genuine record of the chosen object type, drops another, refuses a forged one either way', async () => {
		await hookAtZap();
		const person = await emitted(state, { event: 'record.created' });
		const company = await emitted(state, {
			event: 'record.created',
			data: { objectType: 'company' },
		});

		expect((await performOf(BreakcoldApp, zap, person)).records).toEqual([
			expect.objectContaining({
				event: 'record.created',
				data: expect.objectContaining({ objectType: 'person' }),
			}),
		]);
		const dropped = await performOf(BreakcoldApp, zap, company);
		expect(dropped.records).toEqual([]);
		expect(dropped.lines).toContainEqual(
			expect.stringContaining('delivery of object type company is not one of the chosen'),
		);

		const forged = { ...zap, authData: { webhookSecret: 'whsec_someone_else_0123456789' } };
		for (const delivery of [person, company]) {
			const { records, lines } = await performOf(BreakcoldApp, forged, delivery);
			expect(records).toEqual([]);
			expect(lines).toEqual([
				expect.stringContaining('Dropped a delivery that is not from Breakcold'),
			]);
		}
	});

	it('a task event carries no object type: it runs by default, and not with keep_events_without false', async () => {
		await hookAtZap();
		const task = await emitted(state, { event: 'task.created' });
		expect((await performOf(BreakcoldApp, zap, task)).records).toEqual([
			expect.objectContaining({ event: 'task.created' }),
		]);
		const strict = { ...zap, inputData: { ...zap.inputData, keep_events_without: 'no' } };
		await expect(performOf(BreakcoldApp, strict, task)).resolves.toMatchObject({ records: [] });
	});
});
