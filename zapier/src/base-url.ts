import { kakiyo } from './core/index.js';

/** Kakiyo's API base URL: `KAKIYO_BASE_URL` (set with `zapier env:set`), or Kakiyo's own. */
export function baseUrl(): string {
	return (process.env.KAKIYO_BASE_URL || kakiyo.baseUrl).replace(/\/+$/, '');
}
