import { describe, expect, it } from 'vitest';

import { type ApiResponse } from '../../shared/index.js';
import { kakiyo, kakiyoError } from '../../shared/providers/kakiyo/index.js';
import { errorOf } from '../helpers/error-of.js';

const api = kakiyo.api;
const ok = (body: unknown, status = 200): ApiResponse => ({ status, headers: {}, body });
const fail = (status: number, error: string, message = 'text', headers = {}): ApiResponse => ({
	status,
	headers,
	body: { error, message },
});

describe('kakiyo hook API requests', () => {
	it('createHook describes POST /webhooks with name, url, events and secret', () => {
		const call = api.createHook({ name: 'n8n', url: 'https://x/hook', events: ['*'], secret: 's' });
		expect(call.request).toEqual({
			method: 'POST',
			path: '/webhooks',
			body: { name: 'n8n', url: 'https://x/hook', events: ['*'], secret: 's' },
		});
	});

	it('each call names the documented method and path, ids encoded', () => {
		expect(api.verifyKey().request).toEqual({ method: 'GET', path: '/verify' });
		expect(api.listEvents().request).toEqual({ method: 'GET', path: '/webhooks/test/events' });
		expect(api.getExample('prospect.qualified').request).toEqual({
			method: 'GET',
			path: '/webhooks/test/example/prospect.qualified',
		});
		expect(api.listHooks().request).toEqual({ method: 'GET', path: '/webhooks' });
		expect(api.getHook('wh/1').request).toEqual({ method: 'GET', path: '/webhooks/wh%2F1' });
		expect(api.deleteHook('wh_1').request).toEqual({ method: 'DELETE', path: '/webhooks/wh_1' });
		expect(api.sendTestEvent('message.sent').request).toEqual({
			method: 'POST',
			path: '/webhooks/test',
			body: { event: 'message.sent' },
		});
	});
});

describe('kakiyo hook API responses', () => {
	it("createHook reads Kakiyo's documented answer, 200 or 201", () => {
		const answer = {
			id: 'webhook_12345abcde',
			name: 'n',
			url: 'https://x',
			events: ['*'],
			active: true,
			message: 'Webhook created successfully',
		};
		const expected = {
			id: 'webhook_12345abcde',
			name: 'n',
			url: 'https://x',
			events: ['*'],
			active: true,
		};
		const call = api.createHook({ name: 'n', url: 'https://x', events: ['*'], secret: 's' });
		expect(call.parse(ok(answer))).toEqual(expected);
		expect(call.parse(ok(answer, 201))).toEqual(expected);
		expect(call.parse(ok({ webhook: answer }))).toEqual(expected);
	});

	it('createHook throws unexpected-response for a 2xx without an id', () => {
		const call = api.createHook({ name: 'n', url: 'https://x', events: ['*'], secret: 's' });
		expect(errorOf(() => call.parse(ok({ message: 'ok' })))).toMatchObject({
			kind: 'unexpected-response',
		});
	});

	it('getHook returns null and deleteHook already-gone for a 404', () => {
		expect(api.getHook('wh_1').parse(fail(404, 'not_found'))).toBeNull();
		expect(api.deleteHook('wh_1').parse(fail(404, 'not_found'))).toBe('already-gone');
		expect(api.deleteHook('wh_1').parse(ok({ message: 'deleted' }))).toBe('deleted');
		expect(api.deleteHook('wh_1').parse(ok(undefined, 204))).toBe('deleted');
	});

	it('getHook reads active false as disabled, and a missing active as active', () => {
		expect(
			api.getHook('wh_1').parse(ok({ id: 'wh_1', url: 'u', events: ['*'], active: false })),
		).toMatchObject({ active: false });
		expect(api.getHook('wh_1').parse(ok({ id: 'wh_1', url: 'u', events: ['*'] }))).toMatchObject({
			active: true,
		});
	});

	it('listHooks reads a bare array and the wrapped forms', () => {
		const hook = { id: 'wh_1', url: 'u', events: ['*'], active: true };
		for (const body of [[hook], { webhooks: [hook] }, { data: [hook] }]) {
			expect(api.listHooks().parse(ok(body))).toEqual([hook]);
		}
	});

	it('listEvents reads the documented bare array and fills what is missing', () => {
		const body = [
			{
				id: 'prospect.qualified',
				name: 'Prospect Qualified',
				description: 'Triggered when…',
				category: 'prospect',
			},
			{ id: 'agent.offline' },
		];
		expect(api.listEvents().parse(ok(body))).toEqual([
			body[0],
			{ id: 'agent.offline', name: 'agent.offline', description: '', category: 'agent' },
		]);
	});

	it('getExample returns the example object and throws for an invalid event type', () => {
		const example = {
			event: 'prospect.qualified',
			timestamp: 't',
			data: {},
			team: { id: 'team_abc' },
		};
		expect(api.getExample('prospect.qualified').parse(ok(example))).toEqual(example);
		expect(
			errorOf(() =>
				api.getExample('nope').parse(fail(400, 'validation_error', 'Invalid Event Type')),
			),
		).toMatchObject({
			kind: 'invalid-request',
			message: expect.stringContaining('Invalid Event Type'),
		});
	});
});

describe('verifyKey', () => {
	it("verifyKey labels the key with the team's name where Kakiyo gives one, and with nothing otherwise", () => {
		const call = api.verifyKey();
		expect(call.parse(ok({ status: 'success', message: 'API key is valid' }))).toEqual({});
		expect(
			call.parse(ok({ status: 'success', team: { id: 't', name: 'Sales Team Alpha' } })),
		).toEqual({
			label: 'Sales Team Alpha',
		});
		expect(call.parse(ok({ teamName: 'Growth' }))).toEqual({ label: 'Growth' });
		expect(call.parse(ok({ data: { team: { name: 'Ops' } } }))).toEqual({ label: 'Ops' });
		expect(call.parse(ok({ team: { name: 42 }, teamName: '  ' }))).toEqual({});
		expect(call.parse(ok('not json'))).toEqual({});
	});
});

describe('kakiyoError', () => {
	const call = api.verifyKey();

	it('a 401 becomes invalid-key and says where to create a key', () => {
		for (const code of ['missing_api_key', 'invalid_api_key_format', 'invalid_api_key']) {
			const error = errorOf(() => call.parse(fail(401, code)));
			expect(error).toMatchObject({ kind: 'invalid-key', status: 401, code });
			expect(error.message).toContain('Team > API Keys');
		}
		expect(errorOf(() => call.parse(fail(401, 'invalid_api_key_format'))).message).toContain(
			'40 characters',
		);
	});

	it('a 403 subscription_inactive says to reactivate the subscription', () => {
		const error = errorOf(() => call.parse(fail(403, 'subscription_inactive')));
		expect(error).toMatchObject({ kind: 'subscription-inactive' });
		expect(error.message).toMatch(/subscription is inactive/);
	});

	it('a 403 forbidden names what was attempted', () => {
		expect(errorOf(() => call.parse(fail(403, 'forbidden'))).message).toContain(
			'checking the API key',
		);
	});

	it('a 429 carries the wait from Retry-After, in seconds or as a date', () => {
		const seconds = errorOf(() =>
			call.parse(fail(429, 'rate_limit_exceeded', 'slow down', { 'Retry-After': '17' })),
		);
		expect(seconds).toMatchObject({
			kind: 'rate-limited',
			retryAfterSeconds: 17,
			message: expect.stringContaining('Wait 17 seconds'),
		});
		const date = new Date(Date.now() + 60_000).toUTCString();
		const dated = errorOf(() =>
			call.parse(fail(429, 'rate_limit_exceeded', 'slow', { 'retry-after': date })),
		);
		expect(dated.retryAfterSeconds).toBeGreaterThan(55);
		expect(dated.retryAfterSeconds).toBeLessThanOrEqual(60);
		expect(errorOf(() => call.parse(fail(429, 'rate_limit_exceeded'))).message).toContain(
			'Wait a minute',
		);
	});

	it('a 429 gives a sensible wait for fractional, negative, past, huge and nonsense Retry-After values', () => {
		const now = Date.parse('2026-11-23T12:00:00Z');
		const waitFor = (value: string) =>
			kakiyoError(fail(429, 'rate_limit_exceeded', 'slow', { 'Retry-After': value }), 'x', now);
		expect(waitFor('1.5')).toMatchObject({
			retryAfterSeconds: 2,
			message: expect.stringContaining('Wait 2 seconds'),
		});
		expect(waitFor('0.2').retryAfterSeconds).toBe(1);
		expect(waitFor('0').retryAfterSeconds).toBe(1);
		expect(waitFor('-5')).toMatchObject({
			retryAfterSeconds: undefined,
			message: expect.stringContaining('Wait a minute'),
		});
		expect(waitFor('soon').retryAfterSeconds).toBeUndefined();
		expect(waitFor('Sun, 22 Nov 2026 12:00:00 GMT').retryAfterSeconds).toBe(1);
		expect(waitFor('Mon, 23 Nov 2026 12:05:00 GMT')).toMatchObject({
			retryAfterSeconds: 300,
			message: expect.stringContaining('Wait 5 minutes'),
		});
		expect(waitFor('1e12')).toMatchObject({
			retryAfterSeconds: 86_400,
			message: expect.stringContaining('Wait 24 hours'),
		});
		expect(waitFor('99999999999999999999999').retryAfterSeconds).toBe(86_400);
		expect(waitFor('7200').message).toContain('Wait 2 hours');
	});

	it('a 5xx becomes provider-down and says it is on Kakiyo', () => {
		for (const status of [500, 502, 503]) {
			expect(errorOf(() => call.parse(fail(status, 'internal_error')))).toMatchObject({
				kind: 'provider-down',
				message: expect.stringContaining(`HTTP ${status}`),
			});
		}
	});

	it("a request n8n's or Zapier's HTTP client timed out becomes unreachable, saying Kakiyo did not answer in time", () => {
		const timedOut = [
			Object.assign(new Error('timeout of 10000ms exceeded'), { code: 'ECONNABORTED' }),
			Object.assign(new Error('network timeout at: https://api.kakiyo.com/v1/webhooks'), {
				type: 'request-timeout',
			}),
			new DOMException('The operation was aborted due to timeout', 'TimeoutError'),
		];
		for (const cause of timedOut) {
			expect(api.listHooks().unreachable(cause)).toMatchObject({
				kind: 'unreachable',
				message: expect.stringContaining(
					'did not answer within 10 seconds while listing the webhooks',
				),
			});
		}
		const refused = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
		expect(api.listHooks().unreachable(refused).message).toMatch(
			/Could not reach Kakiyo.*ECONNREFUSED.*Base URL/,
		);
	});

	it("an error message never carries the request's secret, even where Kakiyo's text echoes it", () => {
		const secret = 'do-not-leak-this-secret';
		const create = api.createHook({ name: 'n', url: 'https://x', events: ['*'], secret });
		for (const status of [400, 401, 403, 404, 422, 429, 500, 302]) {
			for (const message of ['bad', `secret ${secret} is not allowed`]) {
				const error = errorOf(() =>
					create.parse({ status, headers: {}, body: { error: 'x', message } }),
				);
				expect(JSON.stringify({ ...error, message: error.message })).not.toContain(secret);
			}
		}
		expect(
			errorOf(() =>
				create.parse({ status: 400, headers: {}, body: { message: `secret ${secret} taken` } }),
			).message,
		).toContain('secret [secret] taken');
	});
});
