/**
 * Breakcold's `perform`, fuzzed in both its formats (see fuzz-apps.ts), in a process of its own:
 * the app tester's memory would not hold all four formats in one.
 */
import { breakcold } from '../../shared/providers/breakcold/index.js';
import Breakcold from '../apps/breakcold/src/index.js';
import { fuzzApps } from './fuzz-apps.js';

fuzzApps([{ provider: breakcold, app: Breakcold, registers: false }]);
