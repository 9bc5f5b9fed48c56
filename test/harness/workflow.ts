/** The Kakiyo Trigger as a node of a workflow sent to n8n's public API. */
export const NODE_TYPE = 'CUSTOM.kakiyoTrigger';
export const CREDENTIAL_TYPE = 'kakiyoApi';

/** A Kakiyo Trigger node for a workflow sent to n8n's public API. */
export function triggerNode(options: {
	webhookId: string;
	events: string[];
	credential: { id: string; name: string };
	name?: string;
	/** The node's Options collection, e.g. `{ sendSample: false }`. */
	options?: Record<string, unknown>;
}): Record<string, unknown> {
	return {
		id: `trigger-${options.webhookId}`,
		name: options.name ?? 'Kakiyo Trigger',
		type: NODE_TYPE,
		typeVersion: 1,
		position: [0, 0],
		webhookId: options.webhookId,
		parameters: {
			events: options.events,
			...(options.options ? { options: options.options } : {}),
		},
		credentials: { [CREDENTIAL_TYPE]: options.credential },
	};
}
