/**
 * What the factory makes of a definition's data alone, and Saleshandy's app against the API as
 * Saleshandy documents it (nock): the registration body, the key header, the refused delete.
 */
import nock from 'nock';
import zapier from 'zapier-platform-core';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';

import { createApp } from '../src/app-factory.js';
import type { ProviderDefinition } from '../../shared/index.js';
import { kakiyo } from '../../shared/providers/kakiyo/index.js';
import {
	saleshandy,
	SALESHANDY_EVENTS,
	SALESHANDY_SECRET_HEADER,
} from '../../shared/providers/saleshandy/index.js';
import SaleshandyApp from '../apps/saleshandy/src/index.js';
import { API_KEY, App as KakiyoApp, bundle } from './helpers.js';

type App = ReturnType<typeof createApp>;
type Operation = Record<string, never> & {
	inputFields: Array<{ key: string; dynamic?: string; choices?: unknown }>;
};
const operation = (app: App, key: string): Operation =>
	app.triggers![key]!.operation as unknown as Operation;
const eventsField = (app: App) =>
	operation(app, 'new_event').inputFields.find((field) => field.key === 'events')!;

const API = saleshandy.baseUrl;
const TARGET = 'https://hooks.zapier.com/hooks/standard/1/abc/';
const saleshandyTester = zapier.createAppTester(SaleshandyApp);
const newEvent = operation(SaleshandyApp, 'new_event');

beforeAll(() => {
	delete process.env.SALESHANDY_BASE_URL;
	nock.disableNetConnect();
});
afterEach(() => {
	expect(nock.pendingMocks()).toEqual([]);
	nock.cleanAll();
});

describe('createApp', () => {
	it('a provider whose API takes no key gets no connection; one that does gets the apiKey field', () => {
		const keyless: ProviderDefinition = { ...saleshandy, apiAuth: { kind: 'none' } };
		expect(createApp(keyless, { version: '1.0.0' }).authentication).toBeUndefined();
		expect(createApp(saleshandy, { version: '1.0.0' }).authentication?.fields).toEqual([
			expect.objectContaining({
				key: 'apiKey',
				type: 'password',
				helpText: expect.stringContaining(`open **${saleshandy.places.apiKeys.menu}**`),
			}),
		]);
		const unplaced = { ...saleshandy, places: {} };
		expect(createApp(unplaced, { version: '1.0.0' }).authentication?.fields).toEqual([
			expect.objectContaining({ helpText: 'Your Saleshandy API key.' }),
		]);
	});

	it('the connection test lists hooks where the provider has no key check of its own', async () => {
		const api = { ...saleshandy.api, verifyKey: undefined };
		const app = createApp({ ...saleshandy, api }, { version: '1.0.0' });
		const tester = zapier.createAppTester(app);
		nock(API)
			.get('/webhook')
			.query(true)
			.matchHeader('x-api-key', API_KEY)
			.reply(200, { payload: [] });
		await expect(tester(app.authentication!.test as never, bundle())).resolves.toEqual({
			valid: true,
		});
		nock(API).get('/webhook').query(true).reply(401, { message: '1001: Invalid token' });
		await expect(tester(app.authentication!.test as never, bundle())).rejects.toMatchObject({
			name: 'ExpiredAuthError',
		});
	});

	it('events asked for get a trigger each, keyed from the event id, the category as noun by default, with no events field but the filters', () => {
		const app = createApp(saleshandy, {
			version: '1.0.0',
			eventTriggers: SALESHANDY_EVENTS.slice(0, 1),
		});
		expect(app.triggers?.email_sent).toMatchObject({
			noun: 'Email',
			display: { label: 'Email Sent' },
			operation: {
				type: 'hook',
				inputFields: [
					expect.objectContaining({ key: 'sequences' }),
					expect.objectContaining({ key: 'keep_events_without' }),
				],
			},
		});
	});

	it("the events dropdown is the provider's live list where it has one, the catalogue otherwise", () => {
		expect(eventsField(KakiyoApp)).toMatchObject({ dynamic: 'event_type.id.name' });
		expect(KakiyoApp.triggers?.event_type).toBeDefined();
		expect(eventsField(SaleshandyApp).choices).toEqual(
			SALESHANDY_EVENTS.map(({ id, name }) => ({ value: id, label: name, sample: id })),
		);
		expect(SaleshandyApp.triggers?.event_type).toBeUndefined();
		expect(kakiyo.api.listEvents).toBeDefined();
	});
});

describe('Saleshandy app against the documented API', () => {
	it('performSubscribe posts {name, webhookUrl, webhookEvent, headers} with the secret in its header, the key as x-api-key', async () => {
		let sent: Record<string, unknown> = {};
		nock(API).get('/webhook').query(true).reply(200, { payload: [] });
		nock(API)
			.post('/webhook/create', (body: Record<string, unknown>) => {
				sent = body;
				return true;
			})
			.matchHeader('x-api-key', API_KEY)
			.reply(201, {
				payload: { id: 7, webhookUrl: TARGET, webhookEvent: ['email-sent'], status: 'active' },
			});
		const data = (await saleshandyTester(
			newEvent.performSubscribe as never,
			bundle({
				targetUrl: TARGET,
				inputData: { events: ['email-sent'] },
				meta: { zap: { id: 42 } },
			}),
		)) as { id: string; secret: string };
		expect(data).toMatchObject({ id: '7', secret: expect.stringMatching(/^[0-9a-f]{64}$/) });
		expect(sent).toEqual({
			name: 'Zapier: New Event (Zap 42)',
			webhookUrl: TARGET,
			webhookEvent: ['email-sent'],
			headers: { [SALESHANDY_SECRET_HEADER]: data.secret },
		});
	});

	it('performUnsubscribe where Saleshandy refuses the delete tells the user to remove that webhook there', async () => {
		nock(API)
			.get('/webhook/7')
			.reply(200, { payload: { id: 7, webhookUrl: TARGET, webhookEvent: ['email-sent'] } });
		nock(API).delete('/webhook/7').reply(404, { message: 'Cannot DELETE /v1/webhook/7' });
		const error = (await saleshandyTester(
			newEvent.performUnsubscribe as never,
			bundle({
				targetUrl: TARGET,
				subscribeData: { id: '7', secret: 's'.repeat(64) },
				meta: { zap: { id: 42 } },
			}),
		).catch((thrown: Error) => thrown)) as Error;
		expect(error.name).toBe('AppError');
		// Zapier's own error carries its message and code as JSON.
		expect(JSON.parse(error.message)).toEqual({
			message:
				'Saleshandy did not let the app delete this Zap\'s webhook, so it stays there: delete the webhook named "Zapier: New Event (Zap 42)" (id 7) in Saleshandy. Whatever Saleshandy still sends to it, Zapier refuses now that the Zap is off.',
			code: 'hook-remains',
		});
		expect(error.message).not.toContain('s'.repeat(64));
	});
});
