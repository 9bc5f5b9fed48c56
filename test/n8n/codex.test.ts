import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { ICredentialType, INodeType } from 'n8n-workflow';
import { describe, expect, it } from 'vitest';

import { BreakcoldApi } from '../../credentials/BreakcoldApi.credentials.js';
import { KakiyoApi } from '../../credentials/KakiyoApi.credentials.js';
import { SaleshandyApi } from '../../credentials/SaleshandyApi.credentials.js';
import { BreakcoldTrigger } from '../../nodes/BreakcoldTrigger/BreakcoldTrigger.node.js';
import { KakiyoTrigger } from '../../nodes/KakiyoTrigger/KakiyoTrigger.node.js';
import { SaleshandyTrigger } from '../../nodes/SaleshandyTrigger/SaleshandyTrigger.node.js';

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
	{ id: 'kakiyo', service: 'Kakiyo', credential: new KakiyoApi(), node: new KakiyoTrigger() },
	{
		id: 'saleshandy',
		service: 'Saleshandy',
		credential: new SaleshandyApi(),
		node: new SaleshandyTrigger(),
	},
	{
		id: 'breakcold',
		service: 'Breakcold',
		credential: new BreakcoldApi(),
		node: new BreakcoldTrigger(),
	},
] as const satisfies ReadonlyArray<{
	id: string;
	service: string;
	credential: ICredentialType;
	node: INodeType;
}>;

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

/**
 * The node picker's search in n8n 2.40.7: `sublimeSearch` of @n8n/utils 1.48.0 (the version
 * n8n-workflow 2.40.1 depends on, byte for byte the one n8n 2.40.7 ships; the editor bundle holds
 * the same code), a fuzzy match of the whole query over `properties.displayName` (weight 1.3) and
 * each of `properties.codex.alias` (weight 1), which n8n's loader copies from the `.node.json`
 * (`getCodex` in n8n-core's directory-loader.js). Before it, the editor drops a last word that
 * starts "trigger" and lower-cases the query (`searchNodes`, editor-ui's nodeCreator utils).
 */
const { sublimeSearch } = createRequire(require.resolve('n8n-workflow'))(
	'@n8n/utils/search/sublime-search',
) as {
	sublimeSearch: <T extends object>(filter: string, data: readonly T[]) => Array<{ item: T }>;
};

function search(query: string): string[] {
	const words = query.split(' ');
	const filter = (
		words.length > 1 && 'trigger'.startsWith(words.at(-1)!.toLowerCase())
			? words.slice(0, -1).join(' ').trimEnd()
			: query
	).toLowerCase();
	const items = SERVICES.map(({ service, node }) => ({
		properties: {
			displayName: node.description.displayName,
			codex: { alias: codex(service).alias },
		},
	}));
	return sublimeSearch(filter, items).map(({ item }) => item.properties.displayName);
}

describe('the node picker finds each trigger by what it does (codex aliases)', () => {
	it.each([
		['Kakiyo', ['linkedin', 'LinkedIn trigger', 'outreach', 'prospecting', 'social selling']],
		['Saleshandy', ['cold email', 'email', 'outreach', 'sequence', 'email campaign']],
		['Breakcold', ['crm', 'CRM trigger', 'sales', 'leads', 'pipeline']],
	] as const)('the %s Trigger is found by %j', (service, queries) => {
		for (const query of queries) expect(search(query), query).toContain(`${service} Trigger`);
	});

	it('each trigger is still found by its own name, and no alias repeats its name', () => {
		for (const { service } of SERVICES) {
			expect(search(service.toLowerCase())).toContain(`${service} Trigger`);
			expect(codex(service).alias?.map((word) => word.toLowerCase())).not.toContain(
				service.toLowerCase(),
			);
		}
	});

	it('a word for one kind of tool does not find the others ("cold email" is not Kakiyo)', () => {
		expect(search('cold email')).toEqual(['Saleshandy Trigger']);
		expect(search('crm')).toEqual(['Breakcold Trigger']);
	});
});
