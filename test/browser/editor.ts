/**
 * n8n 2.40.7's editor as a no-code user drives it, through playwright-core: signing in, the node
 * picker, a trigger's node (credential, events, "Execute step", its output), the credential
 * dialog and publishing. Each step waits for what the user would see, and reads the page's text.
 */
import { existsSync } from 'node:fs';

import { chromium, selectors, type Browser, type Page } from 'playwright-core';

/** Debian's Chromium, unless `CHROMIUM_PATH` names another. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** How long the editor may take to show what a step leads to, in milliseconds. */
export const STEP_MS = 30_000;

/** Headless Chromium as a test runs it (no sandbox: root in a container). */
export async function launchChromium(): Promise<Browser> {
	if (!existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM}`);
	// n8n's editor marks its elements with data-test-id, not Playwright's data-testid.
	selectors.setTestIdAttribute('data-test-id');
	return chromium.launch({
		executablePath: CHROMIUM,
		args: [
			'--no-sandbox',
			'--disable-gpu',
			'--disable-dev-shm-usage',
			'--disable-quic',
			'--no-first-run',
			'--disable-background-networking',
			'--disable-component-update',
			'--disable-sync',
		],
	});
}

/** A page of a new browser context, signed in through n8n's sign-in form. */
export async function signIn(
	browser: Browser,
	url: string,
	owner: { email: string; password: string },
): Promise<Page> {
	const context = await browser.newContext({ viewport: { width: 1400, height: 860 } });
	context.setDefaultTimeout(STEP_MS);
	const page = await context.newPage();
	await page.goto(`${url}/signin`);
	await page.getByLabel(/email/i).first().fill(owner.email);
	await page
		.getByLabel(/password/i)
		.first()
		.fill(owner.password);
	await page.getByRole('button', { name: /sign in/i }).click();
	await page.waitForURL((address) => !address.pathname.includes('signin'));
	return page;
}

/** A new workflow, its node picker open on the triggers. */
export async function openPicker(page: Page, url: string): Promise<void> {
	await page.goto(`${url}/workflow/new`);
	await page.getByTestId('canvas-plus-button').click();
	await page.getByTestId('node-creator-search-bar').waitFor();
}

/** The names the node picker lists after typing `words` into its search. */
export async function pickerSearch(page: Page, words: string): Promise<string[]> {
	await page.getByTestId('node-creator-search-bar').fill(words);
	// The list settles a moment after typing; its first item then matches the words.
	await page.waitForTimeout(600);
	return page.getByTestId('node-creator-item-name').allInnerTexts();
}

/**
 * From the open picker: the trigger found by `words`, added to the workflow as a user does it
 * (an installed community node shows its details first, with "Add to workflow"). The node then
 * opens.
 */
export async function addTrigger(page: Page, words: string, name: string): Promise<void> {
	await page.getByTestId('node-creator-search-bar').fill(words);
	await page.getByTestId('node-creator-item-name').filter({ hasText: name }).first().click();
	await page.getByRole('button', { name: 'Add to workflow' }).click();
	await page.getByTestId('ndv').waitFor();
}

/** Chooses the credential named `name` in the open node. */
export async function chooseCredential(page: Page, name: string): Promise<void> {
	await page.getByTestId('node-credentials-select').click();
	await page
		.getByRole('option')
		.filter({ has: page.getByText(name, { exact: true }) })
		.click();
	await page.getByTestId('node-credentials-select').locator('input').waitFor();
}

/**
 * Opens the open node's multi-options parameter `parameter` (its name) and picks `names`; the
 * names it offered, as the user sees them.
 */
export async function chooseOptions(
	page: Page,
	parameter: string,
	names: readonly string[],
): Promise<string[]> {
	// A click while another dropdown is still closing is lost: click until the list shows.
	for (let attempt = 1; attempt <= 3; attempt++) {
		await page.getByTestId(`parameter-input-${parameter}`).click();
		const shown = await page
			.getByRole('option')
			.first()
			.waitFor({ timeout: 5_000 })
			.then(
				() => true,
				() => false,
			);
		if (shown) break;
	}
	const offered = (await page.getByRole('option').allInnerTexts()).map((text) => text.trim());
	for (const name of names)
		await page
			.getByRole('option')
			.filter({ has: page.getByText(name, { exact: true }) })
			.click();
	await page.keyboard.press('Escape');
	return offered;
}

/** Picks events in the open node's Events list, by name. */
export async function chooseEvents(page: Page, names: readonly string[]): Promise<void> {
	await chooseOptions(page, 'events', names);
}

/** The open node's parameters panel, as its text. */
export async function parametersText(page: Page): Promise<string> {
	return page.getByTestId('node-parameters').innerText();
}

/**
 * Clicks "Execute step" in the open node; the output panel's text once it shows items or an
 * error, or as it is after `timeoutMs` (e.g. still listening).
 */
export async function executeStep(page: Page, timeoutMs = STEP_MS): Promise<string> {
	await page.getByTestId('node-execute-button').click();
	const output = page.getByTestId('output-panel');
	for (const deadline = Date.now() + timeoutMs; Date.now() < deadline; ) {
		const text = await output.innerText();
		if (/\b\d+ items?\b/.test(text)) {
			// Items read best as JSON: every field, none cut off by the table's width.
			await output.getByTestId('radio-button-json').click();
			await output.getByText('[').first().waitFor();
			return output.innerText();
		}
		if (/error|problem|issue/i.test(text)) return text;
		await page.waitForTimeout(250);
	}
	return output.innerText();
}

/** Closes the open node, back to the canvas. */
export async function closeNode(page: Page): Promise<void> {
	await page.getByTestId('ndv-close-button').click();
	await page.getByTestId('ndv').waitFor({ state: 'hidden' });
}

/**
 * Publishes the open workflow as a user does (Publish, then Publish in its dialog); what the
 * page said once n8n reported the outcome, and how long that took, in milliseconds. n8n shows
 * its "Workflow published" dialog at once and says "Publishing…" in the header until the
 * triggers are active or have failed ("Workflow could not be activated").
 */
export async function publish(
	page: Page,
	timeoutMs = STEP_MS,
): Promise<{ text: string; ms: number }> {
	await page.getByTestId('workflow-open-publish-modal-button').click();
	await page.getByTestId('workflow-publish-button').click();
	const started = Date.now();
	const body = page.locator('body');
	await body
		.getByText('Publishing…')
		.first()
		.waitFor({ timeout: 5_000 })
		.catch(() => undefined);
	for (const deadline = started + timeoutMs; Date.now() < deadline; ) {
		const text = await body.innerText();
		if (!text.includes('Publishing…')) return { text, ms: Date.now() - started };
		await page.waitForTimeout(250);
	}
	return { text: await body.innerText(), ms: Date.now() - started };
}

/** Closes n8n's "Workflow published" dialog, where it shows. */
export async function dismissPublished(page: Page): Promise<void> {
	const gotIt = page.getByRole('button', { name: 'Got it' });
	if (await gotIt.isVisible()) await gotIt.click();
}

/** Opens the canvas node named `name`, as a double click does. */
export async function openNode(page: Page, name: string): Promise<void> {
	await page.getByTestId('canvas-node').filter({ hasText: name }).first().dblclick();
	await page.getByTestId('ndv').waitFor();
}

/** The text of the canvas node named `name` (its title and subtitle). */
export async function canvasNodeText(page: Page, name: string): Promise<string> {
	return page.getByTestId('canvas-node').filter({ hasText: name }).first().innerText();
}

/**
 * From the open node: a new credential with `fields` (by their parameter names), saved; the
 * dialog's connection test result, its details shown, as the dialog's text.
 */
export async function newCredential(page: Page, fields: Record<string, string>): Promise<string> {
	await page.getByTestId('node-credentials-select').click();
	await page.getByTestId('node-credentials-select-item-new').click();
	const dialog = page.getByTestId('editCredential-modal');
	for (const [name, value] of Object.entries(fields))
		await dialog.getByTestId(`parameter-input-${name}`).locator('input').fill(value);
	await dialog.getByTestId('credential-save-button').click();
	await dialog
		.getByText(/connect|connection tested successfully/i)
		.first()
		.waitFor();
	// A failed test shows its reason behind "More details", which appears a moment later.
	const details = dialog.getByText('More details');
	if (
		await details.waitFor({ timeout: 2_000 }).then(
			() => true,
			() => false,
		)
	)
		await details.click();
	await page.waitForTimeout(300);
	return dialog.innerText();
}
