/** Where the queue mode's services cannot be installed, the error says what is missing and how. */
import { expect, it } from 'vitest';

import { ensureServicePackages } from './services.js';

it('ensureServicePackages throws naming the missing packages and the command when not root', () => {
	expect(() =>
		ensureServicePackages(['redis-server', 'nginx'], { root: false, apt: true }),
	).toThrow(
		'queue mode needs redis-server, nginx, which this machine lacks, and cannot install them here (not root): install them (Debian or Ubuntu: sudo apt-get install -y redis-server nginx) and run again.',
	);
});

it('ensureServicePackages throws saying there is no apt-get where there is none', () => {
	expect(() => ensureServicePackages(['postgresql'], { root: true, apt: false })).toThrow(
		/cannot install them here \(no apt-get\).*apt-get install -y postgresql/,
	);
});

it('ensureServicePackages does nothing when nothing is missing, even where it could not install', () => {
	expect(() => ensureServicePackages([], { root: false, apt: false })).not.toThrow();
});
