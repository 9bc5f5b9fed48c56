// Generated from shared/endpoints.ts by zapier/scripts/app-sources.ts: edit that file, then run npm run zapier:sources.
import type { ProviderDefinition } from './provider.js';
import { ProviderError } from './provider-error.js';

const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

/** Whether a host name is this machine (loopback, `localhost`, the unspecified address). */
function isLoopback(host: string): boolean {
	const name = host
		.toLowerCase()
		.replace(/^\[|\]$/g, '')
		.replace(/\.$/, '');
	if (name === 'localhost' || name.endsWith('.localhost')) return true;
	if (name === '::1' || name === '::' || name === '0.0.0.0') return true;
	return IPV4.exec(name)?.[1] === '127';
}

/** Whether a host is private to a network: loopback, RFC 1918, link-local, IPv6 ULA. */
function isPrivate(host: string): boolean {
	if (isLoopback(host)) return true;
	const name = host.toLowerCase().replace(/^\[|\]$/g, '');
	const v4 = IPV4.exec(name);
	if (v4) {
		const [a, b] = [Number(v4[1]), Number(v4[2])];
		return (
			a === 10 ||
			(a === 172 && b >= 16 && b <= 31) ||
			(a === 192 && b === 168) ||
			(a === 169 && b === 254)
		);
	}
	return (
		/^f[cd][0-9a-f]{2}:/.test(name) || /^fe[89ab][0-9a-f]:/.test(name) || name.endsWith('.local')
	);
}

function parse(url: string): URL | undefined {
	try {
		return new URL(url);
	} catch {
		return undefined;
	}
}

/**
 * The API base URL to use: the default for an empty value, without a trailing slash. Throws a
 * `ProviderError` naming the fix for one that is not a URL, or not `https` anywhere but on this
 * machine (the API key would travel in clear).
 */
export function apiBaseUrl(provider: ProviderDefinition, configured: string | undefined): string {
	const value = (configured ?? '').trim() || provider.baseUrl;
	const url = parse(value);
	if (url === undefined || (url.protocol !== 'https:' && url.protocol !== 'http:')) {
		throw new ProviderError(
			`The Base URL "${value}" is not a web address. Leave it empty to use ${provider.displayName}'s own (${provider.baseUrl}).`,
			'misconfigured',
		);
	}
	if (url.protocol === 'http:' && !isLoopback(url.hostname)) {
		throw new ProviderError(
			`The Base URL "${value}" is not https, so the API key would travel unencrypted. Use https (${provider.baseUrl} is ${provider.displayName}'s own).`,
			'misconfigured',
		);
	}
	return value.replace(/\/+$/, '');
}

/**
 * Refuses a webhook URL the provider cannot reach (this machine or a private network), unless
 * the API itself is there too (a local test server). `fix` says how the platform's public URL
 * is set, e.g. "Set n8n's WEBHOOK_URL to ...".
 */
export function checkWebhookUrl(
	provider: ProviderDefinition,
	webhookUrl: string,
	baseUrl: string,
	fix: string,
): void {
	const target = parse(webhookUrl);
	if (target === undefined) {
		throw new ProviderError(`"${webhookUrl}" is not a web address. ${fix}`, 'misconfigured');
	}
	const api = parse(baseUrl);
	if (!isPrivate(target.hostname) || (api !== undefined && isPrivate(api.hostname))) return;
	throw new ProviderError(
		`${provider.displayName} cannot deliver to ${target.origin}: it is an address on this machine or its private network, which ${provider.displayName}'s servers cannot reach. ${fix}`,
		'misconfigured',
	);
}
