// What `zapier-platform test` runs in this folder (`npm test`): the contract every app keeps.
import { breakcold } from '../core/providers/breakcold/index.js';
import App from '../index.js';
import { describeApp } from './app-contract.js';

describeApp(App, breakcold);
