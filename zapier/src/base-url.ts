import { apiBaseUrl } from './core/index.js';
import { kakiyo } from './core/providers/kakiyo/index.js';

/** Kakiyo's API base URL: `KAKIYO_BASE_URL` (set with `zapier env:set`), or Kakiyo's own; https unless on loopback. */
export function baseUrl(): string {
	return apiBaseUrl(kakiyo, process.env.KAKIYO_BASE_URL);
}
