/** Debian's Chromium for the browser test, installed where missing as the queue tests' services are. */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

import { CHROMIUM } from './editor.js';

/**
 * Installs Debian's `chromium` when {@link CHROMIUM} is missing (as root: `apt-get update`, then
 * `apt-get install`, about a minute). Throws saying how where that cannot be done here.
 */
export function ensureChromium(): void {
	if (existsSync(CHROMIUM)) return;
	const howTo = `install it (Debian or Ubuntu: sudo apt-get install -y chromium) or set CHROMIUM_PATH, and run again`;
	const root = process.getuid?.() === 0;
	if (!root || !existsSync('/usr/bin/apt-get'))
		throw new Error(
			`the browser test needs Chromium at ${CHROMIUM} and cannot install it here (${root ? 'no apt-get' : 'not root'}): ${howTo}.`,
		);
	const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
	// Waits for another apt (e.g. another session's install) rather than failing on its lock.
	const apt = (...args: string[]) =>
		spawnSync('apt-get', ['-o', 'DPkg::Lock::Timeout=300', ...args], {
			encoding: 'utf8',
			env,
			timeout: 600_000,
		});
	apt('update');
	const result = apt('install', '-y', '--no-install-recommends', 'chromium');
	if (result.status !== 0 || !existsSync(CHROMIUM))
		throw new Error(
			`apt-get could not install chromium (no network or no package source?): ${howTo}.\n${result.stderr.slice(-2000)}`,
		);
}
