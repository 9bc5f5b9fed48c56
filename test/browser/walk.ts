/**
 * What the browser test walks in: the three packages installed into `~/.n8n/nodes` as users
 * install them (n8n hides the credential checks of a custom-extension folder), a sandbox and a
 * credential per provider, and headless Chromium signed in as n8n's owner.
 */
import type { Browser, Page } from 'playwright-core';

import { n8nInstall } from '../harness/n8n-process.js';
import { PASTED_SECRET } from '../harness/round-trip.js';
import { startStack, type Stack } from '../harness/stack.js';
import { ensureChromium } from './chromium.js';
import { launchChromium, signIn } from './editor.js';

export interface Walk {
	stack: Stack;
	browser: Browser;
	page: Page;
	close(): Promise<void>;
}

export async function startWalk(): Promise<Walk> {
	ensureChromium();
	n8nInstall();
	const stack = await startStack({
		providers: ['kakiyo', 'saleshandy', 'breakcold'],
		credentialData: { breakcold: { webhookSecret: PASTED_SECRET } },
		install: 'nodes-folder',
	});
	const browser = await launchChromium().catch(async (error: unknown) => {
		await stack.close();
		throw error;
	});
	const page = await signIn(browser, stack.n8n.url, stack.owner);
	return {
		stack,
		browser,
		page,
		async close() {
			await browser.close();
			await stack.close();
		},
	};
}

/** Lists a sandbox's hooks as its provider's API would, with their URLs. */
export async function sandboxHooks(
	walk: Walk,
	provider: string,
): Promise<Array<{ id: string; url: string }>> {
	const response = await fetch(`${walk.stack.providers[provider]!.sandbox.url}/_sandbox/hooks`);
	return (await response.json()) as Array<{ id: string; url: string }>;
}
