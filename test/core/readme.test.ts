import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

import { READMES, withTable } from '../../scripts/events-table.js';
import { recipe, RECIPE_FILE } from '../../scripts/queue-recipe.js';

describe('READMEs', () => {
	it.each(READMES.map(({ provider, readme }) => [provider.id, readme] as const))(
		"%s's package README holds the event table generated from its definition (run npm run docs)",
		(id, readme) => {
			const text = readFileSync(readme, 'utf8');
			const provider = READMES.find((entry) => entry.provider.id === id)!.provider;
			expect(text).toBe(withTable(text, provider));
			for (const { id: event } of provider.events) expect(text).toContain(`| \`${event}\` |`);
		},
	);

	it('the repository README shows the commands CI and users run', () => {
		const readme = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');
		expect(readme).toContain('npm ci && npm test');
		expect(readme).toContain('npm ci && npm run demo');
	});

	it("the queue-mode recipe's nginx.conf is the config the queue-mode test runs (run npm run docs)", () => {
		expect(readFileSync(RECIPE_FILE, 'utf8')).toBe(recipe());
	});
});
