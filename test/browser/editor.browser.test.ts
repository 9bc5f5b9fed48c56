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
	chooseCredential,
	chooseEvents,
	closeNode,
	executeStep,
	newCredential,
	openPicker,
	pickerSearch,
} from './editor.js';
import { kakiyo } from '../../shared/providers/kakiyo/index.js';
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

	it('the credential dialog answers a wrong key with what activation says, not "Unauthorized"', async () => {
		const { page, stack } = walk;
		await openPicker(page, stack.n8n.url);
		await addTrigger(page, 'Kakiyo', 'Kakiyo Trigger');
		const sandbox = stack.providers.kakiyo!.sandbox;
		const dialog = await newCredential(page, { apiKey: 'k'.repeat(40), baseUrl: sandbox.apiUrl });
		await page.keyboard.press('Escape');
		expect(dialog).toContain('Couldn’t connect');
		expect(dialog).toContain(kakiyo.wording.invalidKey(undefined));
		expect(dialog).not.toContain('Unauthorized');
	}, 60_000);
});
