/**
 * The registry test (test/registry/) installs each package with the commands its README gives
 * self-hosted users; this finds, in seconds, a README whose commands it could no longer follow.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { readmeInstallCommands } from '../harness/registry.js';

describe('readmeInstallCommands', () => {
	it.each(['n8n-nodes-kakiyo', 'n8n-nodes-saleshandy', 'n8n-nodes-breakcold'])(
		"readmeInstallCommands(%s) is the README's: enter ~/.n8n/nodes, then npm install the package",
		(name) => {
			expect(readmeInstallCommands(name)).toEqual([
				'mkdir -p ~/.n8n/nodes && cd ~/.n8n/nodes',
				`npm install --legacy-peer-deps ${name}`,
			]);
		},
	);

	it('readmeInstallCommands throws for a README that installs some other way', () => {
		const readme = readFileSync(
			join(__dirname, '..', '..', 'packages', 'n8n-nodes-kakiyo', 'README.md'),
			'utf8',
		);
		expect(readmeInstallCommands('n8n-nodes-kakiyo', readme)).toHaveLength(2);
		for (const changed of [
			readme.replace('mkdir -p ~/.n8n/nodes && cd ~/.n8n/nodes\n', ''),
			readme.replace(
				'npm install --legacy-peer-deps n8n-nodes-kakiyo\n',
				'npm i n8n-nodes-kakiyo\n',
			),
			readme.replace('## Install', '## Installing'),
		])
			expect(() => readmeInstallCommands('n8n-nodes-kakiyo', changed)).toThrow(
				/no longer installs into ~\/\.n8n\/nodes/,
			);
	});
});
