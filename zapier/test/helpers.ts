import zapier, { type Bundle } from 'zapier-platform-core';

import App from '../apps/kakiyo/src/index.js';

export const appTester = zapier.createAppTester(App);
export { App };

export const API = 'https://api.kakiyo.com/v1';
export const API_KEY = 'k'.repeat(40);

/** A bundle as Zapier builds it, with the connection's key. */
export function bundle(extra: Record<string, unknown> = {}): Bundle {
	return { authData: { apiKey: API_KEY }, inputData: {}, ...extra } as unknown as Bundle;
}

/** A hook delivery as Zapier hands it to `perform`: headers renamed with `Http-`, raw body text. */
export function rawRequest(content: string, headers: Record<string, string>): Bundle['rawRequest'] {
	const renamed = Object.fromEntries(
		Object.entries(headers).map(([name, value]) => [
			`Http-${name.replace(/(^|-)([a-z])/g, (_, dash: string, letter: string) => dash + letter.toUpperCase())}`,
			value,
		]),
	);
	return { method: 'POST', querystring: '', headers: renamed, content };
}
