/**
 * Builds every app under apps/: its source generated from the factory and the core
 * (app-sources.ts), then the app's own `npm run build`, the script Zapier's CLI runs
 * (`_zapier-build`) before a build or push.
 */
import { spawnSync } from 'node:child_process';
import { basename } from 'node:path';

import { appFolders, writeCopies } from './app-sources.js';

for (const app of appFolders()) {
	const id = basename(app);
	await writeCopies(app);
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
