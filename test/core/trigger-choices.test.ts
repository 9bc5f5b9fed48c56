import { describe, expect, it } from 'vitest';

import {
	exampleOf,
	isMintedTest,
	MAX_AGE_SETTING,
	maxAgeMsOf,
	mintSecret,
	pastedSecretProblem,
	pastesSecret,
	provingSecret,
	sampleEvents,
	type ApiResponse,
	type Transport,
} from '../../shared/index.js';
import { DEFAULT_MAX_AGE_MS } from '../../shared/delivery-age.js';
import { type KeyRead } from '../../shared/create-test.js';
import { breakcold } from '../../shared/providers/breakcold/index.js';
import { kakiyo } from '../../shared/providers/kakiyo/index.js';
import { saleshandy, SALESHANDY_SECRET_HEADER } from '../../shared/providers/saleshandy/index.js';

const HOUR_MS = 3_600_000;

describe('maxAgeMsOf', () => {
	it('maxAgeMsOf reads hours given as a number or as text, 0 included', () => {
		expect(maxAgeMsOf(2)).toBe(2 * HOUR_MS);
		expect(maxAgeMsOf('1.5')).toBe(1.5 * HOUR_MS);
		expect(maxAgeMsOf(0)).toBe(0);
		expect(maxAgeMsOf('0')).toBe(0);
	});

	it('maxAgeMsOf returns the default for nothing, text that is no number, a negative or an infinite value', () => {
		for (const given of [undefined, null, '', '  ', 'abc', -1, '-3', Infinity, NaN, {}, [2]])
			expect(maxAgeMsOf(given)).toBe(DEFAULT_MAX_AGE_MS);
		expect(MAX_AGE_SETTING.defaultHours * HOUR_MS).toBe(DEFAULT_MAX_AGE_MS);
	});
});

describe('provingSecret', () => {
	it('provingSecret takes the registered secret where the provider registers hooks', () => {
		expect(pastesSecret(kakiyo)).toBe(false);
		expect(provingSecret(kakiyo, { registered: 'r', pasted: 'p' })).toBe('r');
		expect(provingSecret(saleshandy, { pasted: 'p' })).toBeUndefined();
	});

	it('provingSecret takes the pasted secret where the provider has no API to register hooks', () => {
		expect(pastesSecret(breakcold)).toBe(true);
		expect(provingSecret(breakcold, { registered: 'r', pasted: 'p' })).toBe('p');
		expect(provingSecret(breakcold, { registered: 'r' })).toBeUndefined();
		expect(provingSecret(breakcold, { registered: 'r', pasted: 42 })).toBeUndefined();
	});
});

describe('sampleEvents', () => {
	const catalogue = kakiyo.events.map((entry) => entry.id);

	it('sampleEvents gives the events picked by id, once each, in their order', () => {
		const [first, second] = catalogue as [string, string];
		expect(sampleEvents(kakiyo, [second, first, second])).toEqual([second, first]);
	});

	it("sampleEvents gives the whole catalogue for the wildcard or nothing, the provider's sample event first", () => {
		for (const selected of [[], [kakiyo.wildcard as string]]) {
			const events = sampleEvents(kakiyo, selected);
			expect(events[0]).toBe(kakiyo.sampleEvent);
			expect([...events].sort()).toEqual([...catalogue].sort());
		}
	});

	it('sampleEvents puts events picked beside the wildcard first, then the rest', () => {
		const picked = catalogue[3] as string;
		const events = sampleEvents(kakiyo, [kakiyo.wildcard as string, picked]);
		expect(events[0]).toBe(picked);
		expect(events).toHaveLength(catalogue.length);
	});
});

describe('exampleOf', () => {
	const answer =
		(response: ApiResponse): Transport =>
		async () =>
			response;

	it("exampleOf returns the provider's example where its API gives one", async () => {
		const example = { event: 'linkedin.message.received', from: 'the provider' };
		const heard: string[] = [];
		const got = await exampleOf(
			kakiyo,
			answer({ status: 200, headers: {}, body: example }),
			'linkedin.message.received',
			(why) => heard.push(why),
		);
		expect(got).toMatchObject({ from: 'the provider' });
		expect(heard).toEqual([]);
	});

	it("exampleOf falls back to the definition's sample when the provider fails, saying why", async () => {
		const heard: string[] = [];
		const got = await exampleOf(
			kakiyo,
			answer({ status: 503, headers: {}, body: {} }),
			'linkedin.message.received',
			(why) => heard.push(why),
		);
		expect(got).toEqual(kakiyo.sampleFor('linkedin.message.received'));
		expect(heard).toHaveLength(1);
		expect(heard[0]).toContain('linkedin.message.received');
	});

	it('exampleOf asks nothing of a provider without examples', async () => {
		const got = await exampleOf(
			breakcold,
			async () => {
				throw new Error('no call expected');
			},
			'lead.create',
			() => {},
		);
		expect(got).toEqual(breakcold.sampleFor('lead.create'));
	});
});

describe('isMintedTest', () => {
	const SCOPE = 'workflow_1:node_1';
	const delivery = (secret: string) => ({
		headers: { [SALESHANDY_SECRET_HEADER.toLowerCase()]: secret },
		body: JSON.stringify(saleshandy.sampleFor(saleshandy.events[0]?.id ?? '')),
	});
	const reads = (...values: KeyRead[]) => {
		const asked: boolean[] = [];
		const keyOf = async (fresh: boolean): Promise<KeyRead> => {
			asked.push(fresh);
			return values[asked.length - 1] ?? { value: undefined, remembered: false };
		};
		return { asked, keyOf };
	};

	it("isMintedTest knows a secret minted for this trigger with the credential's key", async () => {
		const { asked, keyOf } = reads({ value: 'key', remembered: true });
		expect(await isMintedTest(saleshandy, delivery(mintSecret('key', SCOPE)), SCOPE, keyOf)).toBe(
			true,
		);
		expect(asked).toEqual([false]);
	});

	it('isMintedTest reads the key again, fresh, when the remembered one fails', async () => {
		const { asked, keyOf } = reads(
			{ value: 'old', remembered: true },
			{ value: 'new', remembered: false },
		);
		expect(await isMintedTest(saleshandy, delivery(mintSecret('new', SCOPE)), SCOPE, keyOf)).toBe(
			true,
		);
		expect(asked).toEqual([false, true]);
	});

	it('isMintedTest refuses another trigger, another key, and reads nothing for a secret of another form', async () => {
		const other = reads({ value: 'key', remembered: false });
		expect(
			await isMintedTest(saleshandy, delivery(mintSecret('key', 'w:n2')), SCOPE, other.keyOf),
		).toBe(false);
		expect(other.asked).toEqual([false]);
		const forged = reads({ value: 'key', remembered: true });
		expect(await isMintedTest(saleshandy, delivery('not-minted'), SCOPE, forged.keyOf)).toBe(false);
		expect(forged.asked).toEqual([]);
		const kakiyoForm = reads({ value: 'key', remembered: true });
		expect(
			await isMintedTest(kakiyo, delivery(mintSecret('key', SCOPE)), SCOPE, kakiyoForm.keyOf),
		).toBe(false);
		expect(kakiyoForm.asked).toEqual([]);
	});
});

describe('pastedSecretProblem', () => {
	it("pastedSecretProblem asks for the secret where the provider's app shows it", () => {
		for (const blank of [undefined, '', '   ', 42])
			expect(pastedSecretProblem(breakcold, blank)).toBe(
				"Paste the webhook's secret from Breakcold (Settings > Webhook).",
			);
	});

	it('pastedSecretProblem names a space around the secret, and passes one that looks right', () => {
		expect(pastedSecretProblem(breakcold, ' whsec_abc')).toContain('space');
		expect(pastedSecretProblem(breakcold, 'whsec_abc\n')).toContain('space');
		expect(pastedSecretProblem(breakcold, 'whsec_abc')).toBeUndefined();
	});
});
