// Builds every app under apps/: the factory and the core synced in (sync-apps.mjs), then the
// app's own `npm run build`, the script Zapier's CLI runs (`_zapier-build`) before a build or push.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import './sync-apps.mjs';

const apps = join(dirname(fileURLToPath(import.meta.url)), '..', 'apps');
for (const id of readdirSync(apps)) {
	const app = join(apps, id);
	if (!existsSync(join(app, 'package.json'))) continue;
	const built = spawnSync('npm', ['run', '--silent', 'build'], {
		cwd: app,
		stdio: 'inherit',
		shell: process.platform === 'win32',
	});
	if (built.status !== 0) {
		console.error(`apps: ${id} did not build`);
		process.exit(built.status ?? 1);
	}
	console.log(`apps: ${id} built into apps/${id}/dist`);
}
