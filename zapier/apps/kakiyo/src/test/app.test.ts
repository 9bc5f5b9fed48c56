// What `zapier-platform test` runs in this folder (`npm test`): the contract every app keeps.
import { kakiyo } from '../core/providers/kakiyo/index.js';
import App from '../index.js';
import { describeApp } from './app-contract.js';

describeApp(App, kakiyo);
