/** A provider's trigger as a node of a workflow sent to n8n's public API. */

/** n8n's type of a package's trigger node, loaded as a custom extension. */
export const nodeType = (provider: string) => `CUSTOM.${provider}Trigger`;
/** n8n's type of a package's trigger node, installed as a package (`~/.n8n/nodes`, Community Nodes). */
export const packageNodeType = (provider: string) => `n8n-nodes-${provider}.${provider}Trigger`;
/** n8n's type of a provider's credential. */
export const credentialType = (provider: string) => `${provider}Api`;

export const NODE_TYPE = nodeType('kakiyo');
export const CREDENTIAL_TYPE = credentialType('kakiyo');

/** A trigger node (Kakiyo's unless `provider` says) for a workflow sent to n8n's public API. */
export function triggerNode(options: {
	webhookId: string;
	events: string[];
	credential: { id: string; name: string };
	/** The provider's id, `kakiyo` by default. */
	provider?: string;
	name?: string;
	/** The node's Options collection, e.g. `{ sendSample: false }`. */
	options?: Record<string, unknown>;
	/** Other parameters, e.g. a filter's `{ campaigns: ['campaign_sbx_2'] }`. */
	parameters?: Record<string, unknown>;
	/** n8n's node type, as the stack loaded the package (`stack.nodeType`); a custom extension's by default. */
	type?: string;
}): Record<string, unknown> {
	const provider = options.provider ?? 'kakiyo';
	return {
		id: `trigger-${options.webhookId}`,
		name: options.name ?? 'Kakiyo Trigger',
		type: options.type ?? nodeType(provider),
		typeVersion: 1,
		position: [0, 0],
		webhookId: options.webhookId,
		parameters: {
			events: options.events,
			...options.parameters,
			...(options.options ? { options: options.options } : {}),
		},
		credentials: { [credentialType(provider)]: options.credential },
	};
}
