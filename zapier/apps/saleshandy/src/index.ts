import { createRequire } from 'node:module';

import { createApp } from './app-factory.js';
import { saleshandy } from './core/providers/saleshandy/index.js';

const { version } = createRequire(import.meta.url)('../package.json') as { version: string };

/** Saleshandy's app: New Event for the events the user picks. */
export default createApp(saleshandy, {
	version,
	keyHelp:
		'Your Saleshandy Open API key. In [Saleshandy](https://my.saleshandy.com), open **Settings > API Key**, create a key and paste it here.',
});
