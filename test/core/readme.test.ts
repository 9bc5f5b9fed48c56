import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

import { KAKIYO_EVENTS } from '../../shared/providers/kakiyo/index.js';
import { README, withTable } from '../../scripts/events-table.js';

describe('README', () => {
	it("README's event table is the one generated from the core (run npm run docs)", () => {
		const readme = readFileSync(README, 'utf8');
		expect(readme).toBe(withTable(readme));
	});

	it("README's event table names every catalogue event", () => {
		const readme = readFileSync(README, 'utf8');
		for (const { id } of KAKIYO_EVENTS) expect(readme).toContain(`| \`${id}\` |`);
	});

	it('README shows the commands CI and users run', () => {
		const readme = readFileSync(README, 'utf8');
		expect(readme).toContain('npm ci && npm test');
		expect(readme).toContain('npm ci && npm run demo');
	});
});
