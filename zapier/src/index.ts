import { createRequire } from 'node:module';
import { defineApp, version as platformVersion } from 'zapier-platform-core';

import authentication from './authentication.js';
import { addApiKey, handleKakiyoErrors } from './middleware.js';
import { triggers } from './triggers/index.js';

const { version } = createRequire(import.meta.url)('../package.json') as { version: string };

export default defineApp({
	version,
	platformVersion,
	authentication,
	beforeRequest: [addApiKey],
	afterResponse: [handleKakiyoErrors],
	// Kakiyo's 429 goes through handleKakiyoErrors, which says how long to wait.
	flags: { throwForThrottlingEarly: false },
	triggers,
});
