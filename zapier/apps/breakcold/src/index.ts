import { createRequire } from 'node:module';

import { createApp } from './app-factory.js';
import { breakcold } from './core/providers/breakcold/index.js';

const { version } = createRequire(import.meta.url)('../package.json') as { version: string };

/** Breakcold's app: New Event on a static hook whose URL the user pastes into Breakcold. */
export default createApp(breakcold, { version });
