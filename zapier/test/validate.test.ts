/** Zapier's own CLI checks the app against its schema, on the Node it requires (22). */
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

import { envWithNode, ensureNode } from '../../scripts/toolchain.js';

const APP = join(dirname(fileURLToPath(import.meta.url)), '..');

describe('zapier-platform validate', () => {
	it('zapier-platform validate --without-style finds the app structurally sound', () => {
		const node22 = ensureNode(22);
		const result = spawnSync(
			join(node22, 'bin', 'node'),
			[
				join(APP, 'node_modules', 'zapier-platform-cli', 'src', 'bin', 'run'),
				'validate',
				'--without-style',
			],
			{
				cwd: APP,
				env: { ...envWithNode(node22), DISABLE_ZAPIER_ANALYTICS: '1', NO_UPDATE_NOTIFIER: '1' },
				encoding: 'utf8',
				timeout: 180_000,
			},
		);
		const output = `${result.stdout}${result.stderr}`;
		expect(output, output).toContain('This project is structurally sound!');
		expect(result.status, output).toBe(0);
	}, 240_000);
});
