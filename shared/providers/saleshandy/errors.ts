import { MAX_QUOTED, type ErrorWording } from '../../error-of-answer.js';
import type { Places } from '../../provider.js';

/** Saleshandy's "invalid token" code (`400 1001: Invalid token`). */
const INVALID_TOKEN = '1001';
/** The code this connector gives a refusal that names Saleshandy's limit of active webhooks. */
export const HOOK_LIMIT = 'webhook-limit';

function text(value: unknown): string | undefined {
	if (typeof value === 'number') return String(value);
	return typeof value === 'string' && value !== '' ? value.slice(0, MAX_QUOTED) : undefined;
}

/**
 * Saleshandy's error body is not documented: `{message, errorCode}`, `{error: {code,
 * message}}` and a bare `"1001: Invalid token"` message are all read.
 */
function readError(body: unknown): { code?: string; message?: string } {
	if (typeof body === 'string') return readError({ message: body });
	if (body === null || typeof body !== 'object') return {};
	const record = body as Record<string, unknown>;
	const nested =
		record.error !== null && typeof record.error === 'object'
			? (record.error as Record<string, unknown>)
			: {};
	let message = text(record.message) ?? text(nested.message) ?? text(record.error);
	let code = text(record.errorCode) ?? text(record.code) ?? text(nested.code);
	const prefixed = message === undefined ? null : /^(\d{3,5}):\s*(.*)$/.exec(message);
	if (prefixed) {
		code ??= prefixed[1];
		message = prefixed[2] || message;
	}
	if (message !== undefined && /\b(limit|maximum)\b/i.test(message) && /webhook/i.test(message))
		code = HOOK_LIMIT;
	return { ...(code ? { code } : {}), ...(message ? { message } : {}) };
}

/** Where things are in Saleshandy's app. */
export const SALESHANDY_PLACES = {
	app: 'https://my.saleshandy.com',
	apiKeys: { menu: 'Settings > API Key', keyName: 'Open API key' },
} as const satisfies Places;

const keyHelp = `Create an API key in Saleshandy under ${SALESHANDY_PLACES.apiKeys.menu} and paste it into the credential.`;

/** Saleshandy's error answers in Saleshandy's words. */
export const saleshandyWording: ErrorWording = {
	name: 'Saleshandy',
	keyHelp,
	invalidKey: () => 'The Saleshandy API key is invalid or was revoked.',
	keyRefusalStatus: 400,
	forbiddenHelp: 'Check that the key belongs to the Saleshandy account that owns the sequences.',
	readError,
	explain: (status, code) => {
		if (code === INVALID_TOKEN || status === 401)
			return {
				kind: 'invalid-key',
				message: `The Saleshandy API key is invalid or was revoked. ${keyHelp}`,
			};
		if (code === HOOK_LIMIT)
			return {
				kind: 'invalid-request',
				message:
					'Saleshandy allows 50 active webhooks per account and this one would be the 51st. Remove webhooks you no longer use in Saleshandy, then try again.',
			};
		return undefined;
	},
};
