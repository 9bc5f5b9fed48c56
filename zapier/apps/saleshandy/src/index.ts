import { createRequire } from 'node:module';

import { createApp } from './app-factory.js';
import { saleshandy } from './core/providers/saleshandy/index.js';

const { version } = createRequire(import.meta.url)('../package.json') as { version: string };

/** Saleshandy's app: New Event for the events the user picks. */
export default createApp(saleshandy, {
	version,
});
