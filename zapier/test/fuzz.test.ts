/** Kakiyo's and Saleshandy's `perform`, fuzzed (see fuzz-apps.ts; Breakcold has a file of its own). */
import { kakiyo } from '../../shared/providers/kakiyo/index.js';
import { saleshandy } from '../../shared/providers/saleshandy/index.js';
import Kakiyo from '../apps/kakiyo/src/index.js';
import Saleshandy from '../apps/saleshandy/src/index.js';
import { fuzzApps } from './fuzz-apps.js';

fuzzApps([
	{ provider: kakiyo, app: Kakiyo, registers: true },
	{ provider: saleshandy, app: Saleshandy, registers: true },
]);
