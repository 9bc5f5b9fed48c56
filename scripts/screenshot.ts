/**
 * Takes docs/n8n-kakiyo-trigger.png: the Kakiyo Trigger open in a real n8n's editor, its events
 * loaded live from the sandbox. Needs Debian's Chromium (`apt-get install chromium`).
 */
import { join } from 'node:path';
import { chromium } from 'playwright-core';

import { startSandbox } from '../sandbox/server.js';
import {
	CREDENTIAL_TYPE,
	freePort,
	newUserFolder,
	NODE_TYPE,
	packExtension,
	publicApi,
	removeFolder,
	setUpOwner,
	startN8n,
} from './n8n-runner.js';

const OUTPUT = join(__dirname, '..', 'docs', 'n8n-kakiyo-trigger.png');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

async function main(): Promise<void> {
	const extension = packExtension();
	const sandbox = await startSandbox();
	const home = newUserFolder();
	const n8n = await startN8n({ extension, userFolder: home, port: await freePort() });
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
		const owner = await setUpOwner(n8n.url);
		const api = publicApi(n8n.url, owner.apiKey);
		const credential = await api.call<{ id: string }>('POST', '/credentials', {
			name: 'Kakiyo account',
			type: CREDENTIAL_TYPE,
			data: { apiKey: sandbox.apiKey, baseUrl: sandbox.apiUrl },
		});
		const workflow = await api.call<{ id: string }>('POST', '/workflows', {
			name: 'When a prospect replies on LinkedIn',
			nodes: [
				{
					id: 'trigger',
					name: 'Kakiyo Trigger',
					type: NODE_TYPE,
					typeVersion: 1,
					position: [0, 0],
					webhookId: 'kakiyo-screenshot',
					parameters: { events: ['linkedin.message.received', 'prospect.replied'] },
					credentials: { [CREDENTIAL_TYPE]: { id: credential.body.id, name: 'Kakiyo account' } },
				},
			],
			connections: {},
			settings: { executionOrder: 'v1' },
		});
		const page = await browser.newPage({ viewport: { width: 1400, height: 860 } });
		await page.goto(`${n8n.url}/signin`);
		await page.getByLabel(/email/i).first().fill(owner.email);
		await page
			.getByLabel(/password/i)
			.first()
			.fill(owner.password);
		await page.getByRole('button', { name: /sign in/i }).click();
		await page.waitForURL((url) => !url.pathname.includes('signin'));
		await page.goto(`${n8n.url}/workflow/${workflow.body.id}`);
		const node = page.locator('[data-test-id="canvas-node"]').first();
		await node.waitFor();
		await node.dblclick({ force: true });
		await page.getByText('Event Names or IDs').first().waitFor();
		await page.waitForTimeout(1_500);
		await page.screenshot({ path: OUTPUT });
		console.log(`wrote ${OUTPUT}`);
	} finally {
		await browser.close();
		await n8n.stop();
		await sandbox.close();
		removeFolder(home);
		removeFolder(extension.replace(/\/n8n-nodes-kakiyo$/, ''));
	}
}

main().catch((error: unknown) => {
	console.error(error);
	process.exit(1);
});
