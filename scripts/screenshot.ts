/**
 * Takes docs/n8n-kakiyo-trigger.png: the Kakiyo Trigger open in a real n8n's editor, its events
 * loaded live from the sandbox. Needs Debian's Chromium (`apt-get install chromium`).
 */
import { join } from 'node:path';
import { chromium } from 'playwright-core';

import { startStack } from '../test/harness/stack.js';
import { triggerNode } from '../test/harness/workflow.js';

const OUTPUT = join(__dirname, '..', 'docs', 'n8n-kakiyo-trigger.png');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

async function main(): Promise<void> {
	const stack = await startStack({ credentialName: 'Kakiyo account' });
	const browser = await chromium.launch({
		executablePath: CHROMIUM,
		args: [
			'--no-sandbox',
			'--disable-gpu',
			'--disable-quic',
			'--no-first-run',
			'--disable-background-networking',
			'--disable-component-update',
			'--disable-sync',
		],
	});
	try {
		const workflow = await stack.api.call<{ id: string }>('POST', '/workflows', {
			name: 'When a prospect replies on LinkedIn',
			nodes: [
				triggerNode({
					webhookId: 'kakiyo-screenshot',
					events: ['linkedin.message.received', 'prospect.replied'],
					credential: stack.credential,
				}),
			],
			connections: {},
			settings: { executionOrder: 'v1' },
		});
		const page = await browser.newPage({ viewport: { width: 1400, height: 860 } });
		await page.goto(`${stack.n8n.url}/signin`);
		await page.getByLabel(/email/i).first().fill(stack.owner.email);
		await page
			.getByLabel(/password/i)
			.first()
			.fill(stack.owner.password);
		await page.getByRole('button', { name: /sign in/i }).click();
		await page.waitForURL((url) => !url.pathname.includes('signin'));
		await page.goto(`${stack.n8n.url}/workflow/${workflow.body.id}`);
		const node = page.locator('[data-test-id="canvas-node"]').first();
		await node.waitFor();
		await node.dblclick({ force: true });
		await page.getByText('Event Names or IDs').first().waitFor();
		await page.waitForTimeout(1_500);
		await page.screenshot({ path: OUTPUT });
		console.log(`wrote ${OUTPUT}`);
	} finally {
		await browser.close();
		await stack.close();
	}
}

main().catch((error: unknown) => {
	console.error(error);
	process.exit(1);
});
