/**
 * Issue 21's walk: n8n 2.40.7's editor in headless Chromium, as a no-code user meets the three
 * triggers installed into `~/.n8n/nodes`: the node picker's search, a trigger's node with its
 * credential and events, "Execute step" and its output, and publishing. Each case asserts on
 * text in the page. `UPDATE_SCREENSHOTS=1` also writes the README's screenshot.
 */
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
	addTrigger,
	canvasNodeText,
	chooseCredential,
	chooseEvents,
	chooseOptions,
	closeNode,
	dismissPublished,
	executeStep,
	newCredential,
	openNode,
	openPicker,
	parametersText,
	pickerSearch,
	publish,
} from './editor.js';
import { kakiyo } from '../../shared/providers/kakiyo/index.js';
import { saleshandy } from '../../shared/providers/saleshandy/index.js';
import { PASTED_SECRET } from '../harness/round-trip.js';
import { credentialType } from '../harness/workflow.js';
import { sandboxHooks, startWalk, type Walk } from './walk.js';

const SCREENSHOT = join(__dirname, '..', '..', 'docs', 'n8n-kakiyo-trigger.png');
const TRIGGERS = [
	{
		id: 'kakiyo',
		name: 'Kakiyo',
		event: 'LinkedIn Message Received',
		eventId: 'linkedin.message.received',
	},
	{ id: 'saleshandy', name: 'Saleshandy', event: 'Email Opened', eventId: 'email-opened' },
] as const;

let walk: Walk;
/** JSON output as one line: the editor puts each token on a line of its own. */
const flat = (text: string) => text.replace(/\s+/g, ' ');

beforeAll(async () => {
	walk = await startWalk();
}, 900_000);

afterAll(async () => {
	await walk?.close();
});

describe('the node picker', () => {
	it.each(['Kakiyo', 'Saleshandy', 'Breakcold'])(
		'typing "%s" finds its trigger',
		async (name) => {
			await openPicker(walk.page, walk.stack.n8n.url);
			expect(await pickerSearch(walk.page, name)).toContain(`${name} Trigger`);
		},
		60_000,
	);
});

describe('a trigger in the editor', () => {
	it.each(TRIGGERS)(
		'the $name Trigger, its credential chosen and "$event" selected, shows a marked sample on "Execute step"',
		async ({ id, name, event, eventId }) => {
			const { page, stack } = walk;
			await openPicker(page, stack.n8n.url);
			await addTrigger(page, name, `${name} Trigger`);
			await chooseCredential(page, stack.providers[id]!.credential.name);
			await chooseEvents(page, [event]);
			const output = flat(await executeStep(page, 15_000));
			expect(output).toContain('1 item');
			expect(output).toContain(`"event": "${eventId}"`);
			expect(output).toContain('"_sample": true');
			if (id === 'kakiyo' && process.env.UPDATE_SCREENSHOTS === '1') {
				await page.getByTestId('output-panel').getByTestId('radio-button-table').click();
				await page.waitForTimeout(500);
				await page.screenshot({ path: SCREENSHOT });
			}
			await closeNode(page);
		},
		120_000,
	);
});

describe('filters (issue 22)', () => {
	it.each([
		{
			name: 'Kakiyo',
			parameter: 'campaigns',
			offered: ['Sandbox founders (active)', 'Sandbox agencies (active)'],
		},
		{
			name: 'Saleshandy',
			parameter: 'sequences',
			offered: ['Sandbox sequence', 'Sandbox follow-up'],
		},
	])(
		"the $name Trigger's $parameter dropdown lists the provider's own, and listening still shows the sample",
		async ({ name, parameter, offered }) => {
			const { page, stack } = walk;
			await openPicker(page, stack.n8n.url);
			await addTrigger(page, name, `${name} Trigger`);
			await chooseCredential(page, stack.providers[name.toLowerCase()]!.credential.name);
			await chooseEvents(page, [name === 'Kakiyo' ? 'Prospect Qualified' : 'Email Sent']);
			const listed = await chooseOptions(page, parameter, [offered[1]!]);
			for (const option of offered) expect(listed.join('\n')).toContain(option);
			expect(await parametersText(page)).toContain(offered[1]!);
			// The node's own sample shows whatever the filter says: the user needs its fields.
			expect(flat(await executeStep(page, 15_000))).toContain('"_sample": true');
			await closeNode(page);
		},
		120_000,
	);
});

describe('issue 21', () => {
	it('Breakcold gives sample data on "Execute step" (listen for test event)', async () => {
		const { page, stack } = walk;
		await openPicker(page, stack.n8n.url);
		await addTrigger(page, 'Breakcold', 'Breakcold Trigger');
		await chooseEvents(page, ['Lead Create']);
		const output = flat(await executeStep(page, 15_000));
		await closeNode(page);
		expect(output).toContain('1 item');
		expect(output).toContain('"event": "lead.create"');
		expect(output).toContain('"_sample": true');
	}, 120_000);

	it('Saleshandy listens three times with other events and leaves no hook at Saleshandy', async () => {
		const { page, stack } = walk;
		const before = (await sandboxHooks(walk, 'saleshandy')).length;
		await openPicker(page, stack.n8n.url);
		await addTrigger(page, 'Saleshandy', 'Saleshandy Trigger');
		for (const event of ['Email Sent', 'Email Opened', 'Email Link Clicked']) {
			await chooseEvents(page, [event]);
			expect(flat(await executeStep(page, 15_000))).toContain('1 item');
		}
		await closeNode(page);
		expect((await sandboxHooks(walk, 'saleshandy')).length).toBe(before);
	}, 180_000);

	it("Saleshandy's notice renders as written and points where a no-code user can look", async () => {
		const { page, stack } = walk;
		await openPicker(page, stack.n8n.url);
		await addTrigger(page, 'Saleshandy', 'Saleshandy Trigger');
		const notice = await page
			.getByTestId('node-parameters')
			.locator('.notice, [role="alert"], [class*="notice"]')
			.first()
			.innerText();
		await closeNode(page);
		expect(notice).not.toMatch(/named "n8n: "/);
		expect(notice).not.toMatch(/n8n's log/);
	}, 60_000);

	it.each([
		['linkedin', 'Kakiyo Trigger'],
		['cold email', 'Saleshandy Trigger'],
		['outreach', 'Kakiyo Trigger'],
		['crm', 'Breakcold Trigger'],
	])(
		'typing "%s" in the node picker finds the %s',
		async (words, trigger) => {
			await openPicker(walk.page, walk.stack.n8n.url);
			expect(await pickerSearch(walk.page, words)).toContain(trigger);
		},
		60_000,
	);

	it.each([
		['Kakiyo', 'a wrong or revoked key', 'k'.repeat(40), '', kakiyo.wording.invalidKey(undefined)],
		[
			'Saleshandy',
			'a wrong or revoked key',
			'k'.repeat(40),
			'',
			saleshandy.wording.invalidKey(undefined),
		],
		[
			'Kakiyo',
			'an http:// Base URL',
			'k'.repeat(40),
			'http://api.kakiyo.com/v1',
			'is not https, so the API key would travel unencrypted',
		],
		[
			'Saleshandy',
			'a Base URL that is not a web address',
			'k'.repeat(40),
			'open-api.saleshandy.com/v1',
			'is not a web address',
		],
	] as const)(
		'the %s credential dialog answers %s with what activation says',
		async (name, _mistake, apiKey, baseUrl, says) => {
			const { page, stack } = walk;
			await openPicker(page, stack.n8n.url);
			await addTrigger(page, name, `${name} Trigger`);
			const sandbox = stack.providers[name.toLowerCase()]!.sandbox;
			const dialog = await newCredential(page, { apiKey, baseUrl: baseUrl || sandbox.apiUrl });
			await page.keyboard.press('Escape');
			expect(dialog).toContain('Couldn’t connect');
			expect(dialog).toContain(says);
			expect(dialog).not.toContain('Unauthorized');
			expect(dialog).not.toContain(apiKey);
		},
		60_000,
	);

	it("the credential dialog for a host nobody answers shows n8n's code, and the hint under Base URL says what it means", async () => {
		const { page, stack } = walk;
		await openPicker(page, stack.n8n.url);
		await addTrigger(page, 'Kakiyo', 'Kakiyo Trigger');
		const dialog = await newCredential(page, {
			apiKey: 'k'.repeat(40),
			baseUrl: 'https://kakiyo.invalid/v1',
		});
		await page.keyboard.press('Escape');
		expect(dialog).toContain('Couldn’t connect');
		expect(dialog).toContain('ENOTFOUND');
		expect(dialog).toContain(
			'If the test shows only ENOTFOUND, ECONNREFUSED or ETIMEDOUT, n8n could not reach this address',
		);
	}, 60_000);

	it('the Breakcold credential dialog catches a pasted secret with a space at its end', async () => {
		const { page, stack } = walk;
		await openPicker(page, stack.n8n.url);
		await addTrigger(page, 'Breakcold', 'Breakcold Trigger');
		const dialog = await newCredential(page, { webhookSecret: `${PASTED_SECRET} ` });
		await page.keyboard.press('Escape');
		expect(dialog).toContain('Couldn’t connect');
		expect(dialog).toContain('The secret starts or ends with a space: paste it again.');
	}, 60_000);

	it.each([
		['LinkedIn Message Received', 'LinkedIn Message Received'],
		['All Events', 'All events'],
	])(
		'the canvas subtitle of a Kakiyo Trigger listening to "%s" reads "%s"',
		async (event, subtitle) => {
			const { page, stack } = walk;
			await openPicker(page, stack.n8n.url);
			await addTrigger(page, 'Kakiyo', 'Kakiyo Trigger');
			await chooseEvents(page, [event]);
			await closeNode(page);
			const lines = (await canvasNodeText(page, 'Kakiyo Trigger')).split('\n');
			expect(lines).toContain(subtitle);
			expect(lines.join(' ')).not.toMatch(/linkedin\.message|\*/);
		},
		60_000,
	);

	it('publishing again with a key Kakiyo refuses: the page says what happened, and Kakiyo sees that key once', async () => {
		const { page, stack } = walk;
		const sandbox = stack.providers.kakiyo!.sandbox;
		const refused = 'Kakiyo (refused key)';
		await openPicker(page, stack.n8n.url);
		await addTrigger(page, 'Kakiyo', 'Kakiyo Trigger');
		await chooseCredential(page, stack.providers.kakiyo!.credential.name);
		await chooseEvents(page, ['LinkedIn Message Received']);
		await closeNode(page);
		const first = await publish(page);
		expect(first.text).toContain('Workflow published');
		expect(first.text).not.toContain('could not be activated');
		const url = (await sandboxHooks(walk, 'kakiyo')).map((hook) => hook.url);
		expect(url.filter((address) => address.includes('/webhook/'))).not.toEqual([]);
		await dismissPublished(page);
		// Made only now: n8n gives a new node the newest credential of its type.
		const created = await stack.api.call('POST', '/credentials', {
			name: refused,
			type: credentialType('kakiyo'),
			data: { apiKey: 'w'.repeat(40), baseUrl: sandbox.apiUrl },
		});
		expect(created.status).toBe(200);

		await fetch(`${sandbox.url}/_sandbox/requests`, { method: 'DELETE' });
		await openNode(page, 'Kakiyo Trigger');
		await chooseCredential(page, refused);
		await closeNode(page);
		const second = await publish(page, 90_000);
		expect(second.text).toContain('Workflow could not be activated');
		expect(flat(second.text)).toContain(
			`${kakiyo.wording.invalidKey(undefined)} ${kakiyo.wording.keyHelp} This workflow receives no Kakiyo events until it is published again with a working key`,
		);
		// n8n tries again for about 30 s in all; the refused key reaches Kakiyo once, whether
		// first for the lists the node loads with it together (events, campaigns, agents) or for
		// the publication.
		await page.waitForTimeout(Math.max(0, 35_000 - second.ms));
		const calls = (await (await fetch(`${sandbox.url}/_sandbox/requests`)).json()) as Array<{
			status: number;
		}>;
		expect(calls.filter((call) => call.status === 401)).toHaveLength(1);
	}, 180_000);
});
