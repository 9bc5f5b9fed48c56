/** One n8n credential per provider, pointing at that provider's sandbox. */
import type { Sandbox, SandboxProvider } from '../../sandbox/server.js';
import type { publicApi } from './n8n-api.js';
import { credentialType } from './workflow.js';

/** One provider's sandbox and the n8n credential that points at it. */
export interface ProviderStack {
	sandbox: Sandbox;
	credential: { id: string; name: string };
}

/**
 * Creates through n8n's public API one credential per sandbox (`sandboxes[i]` plays `ids[i]`),
 * named "<Name> (sandbox)" unless `credentialName` says otherwise (for the first provider), with
 * `{apiKey, baseUrl}` of its sandbox unless `credentialData` gives the provider's data.
 */
export async function createSandboxCredentials(
	api: ReturnType<typeof publicApi>,
	ids: readonly SandboxProvider[],
	sandboxes: readonly Sandbox[],
	options: {
		credentialName?: string;
		credentialData?: Partial<Record<SandboxProvider, Record<string, unknown>>>;
	} = {},
): Promise<Record<string, ProviderStack>> {
	const providers: Record<string, ProviderStack> = {};
	for (const [index, id] of ids.entries()) {
		const sandbox = sandboxes[index]!;
		const name =
			index === 0 && options.credentialName
				? options.credentialName
				: `${id.charAt(0).toUpperCase()}${id.slice(1)} (sandbox)`;
		const created = await api.call<{ id: string }>('POST', '/credentials', {
			name,
			type: credentialType(id),
			data: options.credentialData?.[id] ?? { apiKey: sandbox.apiKey, baseUrl: sandbox.apiUrl },
		});
		if (created.status !== 200)
			throw new Error(
				`${id} credential creation failed: ${created.status} ${JSON.stringify(created.body)}`,
			);
		providers[id] = { sandbox, credential: { id: created.body.id, name } };
	}
	return providers;
}
