/** The release's bookkeeping: every package and app has its CHANGELOG.md section, found as the release finds it. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { changelogEntry } from '../../scripts/release.js';

const ROOT = join(__dirname, '..', '..');
const changelog = readFileSync(join(ROOT, 'CHANGELOG.md'), 'utf8');
const manifests = [
	...readdirSync(join(ROOT, 'packages')).map((name) => join(ROOT, 'packages', name)),
	...readdirSync(join(ROOT, 'zapier', 'apps')).map((id) => join(ROOT, 'zapier', 'apps', id)),
].map(
	(folder) =>
		JSON.parse(readFileSync(join(folder, 'package.json'), 'utf8')) as {
			name: string;
			version: string;
		},
);

describe('CHANGELOG.md', () => {
	it.each(manifests.map(({ name, version }) => [name, version]))(
		'changelogEntry finds a dated section for %s at its version %s',
		(name, version) => {
			expect(changelogEntry(changelog, name, version)).toMatch(
				/^### (Added|Changed|Fixed|Removed|Deprecated|Security)/,
			);
		},
	);

	it('changelogEntry returns a section up to the next release heading, and nothing for an undated or absent one', () => {
		const text = [
			'## [Unreleased]',
			'## [a@1.0.0] - 2026-01-02',
			'### Added',
			'- one',
			'## [b@1.0.0] - 2026-01-01',
			'- other',
			'## [c@1.0.0] - soon',
		].join('\n');
		expect(changelogEntry(text, 'a', '1.0.0')).toBe('### Added\n- one');
		expect(changelogEntry(text, 'c', '1.0.0')).toBeUndefined();
		expect(changelogEntry(text, 'a', '1.0.1')).toBeUndefined();
	});
});
