/** Zapier's own CLI checks the app against its schema, on the Node it requires (22). */
import { describe, expect, it } from 'vitest';

import { APPS, appFolder, runZapierCli } from '../scripts/zapier-cli.js';

describe('zapier-platform validate', () => {
	it.each(APPS)(
		'zapier-platform validate --without-style finds the %s app structurally sound',
		(id) => {
			const result = runZapierCli(['validate', '--without-style', '--skip-build'], {
				cwd: appFolder(id),
				timeout: 180_000,
			});
			const output = `${result.stdout}${result.stderr}`;
			expect(output, output).toContain('This project is structurally sound!');
			expect(result.status, output).toBe(0);
		},
		240_000,
	);
});
