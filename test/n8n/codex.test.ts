import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ICredentialType } from 'n8n-workflow';
import { describe, expect, it } from 'vitest';

import { BreakcoldApi } from '../../credentials/BreakcoldApi.credentials.js';
import { KakiyoApi } from '../../credentials/KakiyoApi.credentials.js';
import { SaleshandyApi } from '../../credentials/SaleshandyApi.credentials.js';

const ROOT = join(__dirname, '..', '..');

interface Codex {
	node: string;
	alias?: string[];
	resources: {
		primaryDocumentation: Array<{ url: string }>;
		credentialDocumentation: Array<{ url: string }>;
	};
}

const SERVICES = [
	{ id: 'kakiyo', service: 'Kakiyo', credential: new KakiyoApi() },
	{ id: 'saleshandy', service: 'Saleshandy', credential: new SaleshandyApi() },
	{ id: 'breakcold', service: 'Breakcold', credential: new BreakcoldApi() },
] as const satisfies ReadonlyArray<{ id: string; service: string; credential: ICredentialType }>;

const codex = (service: string): Codex =>
	JSON.parse(
		readFileSync(join(ROOT, 'nodes', `${service}Trigger`, `${service}Trigger.node.json`), 'utf8'),
	) as Codex;

/** The anchors GitHub gives a README's headings: lower case, punctuation dropped, spaces as dashes. */
function anchors(markdown: string): Set<string> {
	const headings = markdown
		.replace(/```[\s\S]*?```/g, '')
		.split('\n')
		.filter((line) => /^#{1,6} /.test(line))
		.map((line) =>
			line
				.replace(/^#+ /, '')
				.trim()
				.toLowerCase()
				.replace(/[^\p{L}\p{N} _-]/gu, '')
				.replace(/ /g, '-'),
		);
	return new Set(['readme', ...headings]);
}

describe.each(SERVICES)('the $service Trigger docs links', ({ id, service, credential }) => {
	const folder = join(ROOT, 'packages', `n8n-nodes-${id}`);
	const { homepage } = JSON.parse(readFileSync(join(folder, 'package.json'), 'utf8')) as {
		homepage: string;
	};
	const readme = homepage.replace(/#readme$/, '');
	const headings = anchors(readFileSync(join(folder, 'README.md'), 'utf8'));
	const links = [
		...codex(service).resources.primaryDocumentation.map(({ url }) => url),
		...codex(service).resources.credentialDocumentation.map(({ url }) => url),
		credential.documentationUrl,
	];

	it("open the package's README in the repository (its homepage), not an npm page of a package not yet published", () => {
		expect(homepage).toMatch(/#readme$/);
		for (const link of links) expect(link?.split('#')[0]).toBe(readme);
	});

	it("point at headings the package's README has", () => {
		for (const link of links) expect(headings).toContain(link?.split('#')[1]);
		expect(codex(service).resources.primaryDocumentation[0]?.url).toBe(homepage);
		expect(credential.documentationUrl).toBe(`${readme}#credentials`);
	});
});
