// Generated from shared/providers/kakiyo/errors.ts by scripts/package-sources.ts: edit that file, then run npm run sources.
import type { ApiResponse } from '../../api-call.js';
import type { ProviderError } from '../../provider-error.js';
import { MAX_QUOTED, errorOfAnswer, type ErrorWording } from '../../error-of-answer.js';
import type { Places } from '../../provider.js';

/** Where things are in Kakiyo's app. */
export const KAKIYO_PLACES = {
	app: 'https://app.kakiyo.com',
	apiKeys: { menu: 'Team > API Keys', keyName: 'team API key' },
} as const satisfies Places;

function field(body: unknown, name: string): string | undefined {
	if (body === null || typeof body !== 'object') return undefined;
	const value = (body as Record<string, unknown>)[name];
	return typeof value === 'string' && value !== '' ? value.slice(0, MAX_QUOTED) : undefined;
}

/** Kakiyo's error answers (`{error, message}`) in Kakiyo's words. */
export const kakiyoWording: ErrorWording = {
	name: 'Kakiyo',
	keyHelp: `Create a key under ${KAKIYO_PLACES.apiKeys.menu} in Kakiyo and paste it into the credential.`,
	invalidKey: (code) =>
		code === 'missing_api_key'
			? 'No Kakiyo API key was sent.'
			: code === 'invalid_api_key_format'
				? 'The Kakiyo API key is malformed (Kakiyo keys are 40 characters).'
				: 'The Kakiyo API key is invalid or was revoked.',
	forbiddenHelp: `Check which team the key belongs to under ${KAKIYO_PLACES.apiKeys.menu}.`,
	readError: (body) => {
		const code = field(body, 'error');
		const message = field(body, 'message');
		return { ...(code ? { code } : {}), ...(message ? { message } : {}) };
	},
	explain: (status, code) =>
		status === 403 && code === 'subscription_inactive'
			? {
					kind: 'subscription-inactive',
					message:
						'Your Kakiyo subscription is inactive, so Kakiyo refuses API calls. Reactivate it in Kakiyo, then try again.',
				}
			: undefined,
};

/** A Kakiyo error answer as a message a no-code user can act on. */
export function kakiyoError(response: ApiResponse, doing: string, now = Date.now()): ProviderError {
	return errorOfAnswer(kakiyoWording, response, doing, now);
}
