/**
 * What n8n hands a trigger's webhook() for one request, as far as the triggers use it, for unit
 * tests that call webhook() directly; the real-n8n tests are in test/e2e.
 */
import type { IDataObject, IWebhookFunctions } from 'n8n-workflow';

export interface WebhookCall {
	readonly headers: Record<string, string>;
	readonly body: string | Buffer;
	/** n8n's static data of the node: the hook record. */
	readonly staticData?: Record<string, unknown>;
	/** The events selected in the node; the wildcard `*` by default. */
	readonly events?: readonly string[];
	/** The node's Options collection. */
	readonly options?: IDataObject;
	/** Scopes the repeat guard as n8n's workflow and node ids do. */
	readonly workflowId?: string;
	/** The node's credentials, as `getNode()` names them. */
	readonly credentials?: Record<string, { id: string; name: string }>;
	/** What `getCredentials` resolves to. */
	readonly readCredential?: () => Promise<IDataObject>;
}

/** A trigger node, as far as these calls use it. */
export interface WebhookTrigger {
	webhook(this: IWebhookFunctions): Promise<{ workflowData?: unknown }>;
}

/** The functions webhook() is called with, and the status a refusal set. */
export function webhookContext(call: WebhookCall) {
	const answer = { status: 200 };
	const staticData = call.staticData ?? {};
	const functions = {
		getRequestObject: () => ({
			headers: { 'content-type': 'application/json', ...call.headers },
			rawBody: Buffer.from(call.body),
			readRawBody: async () => undefined,
		}),
		getWorkflowStaticData: () => staticData,
		getNodeParameter: (name: string, fallback?: unknown) =>
			name === 'events'
				? (call.events ?? ['*'])
				: name === 'options'
					? (call.options ?? fallback)
					: fallback,
		getMode: () => 'webhook',
		getNode: () => ({ id: 'node_1', credentials: call.credentials ?? {} }),
		getWorkflow: () => ({ id: call.workflowId ?? 'workflow_1' }),
		getCredentials: async () => (call.readCredential ? call.readCredential() : {}),
		getResponseObject: () => ({
			status: (code: number) => {
				answer.status = code;
				return { json: () => undefined };
			},
		}),
		logger: { warn: () => undefined, info: () => undefined, debug: () => undefined },
		helpers: { returnJsonArray: (json: unknown) => [{ json }] },
	};
	return { functions: functions as unknown as IWebhookFunctions, answer };
}

/** Calls `trigger.webhook()` with the request: the item it output (if a run starts) and the status. */
export async function callWebhook(
	trigger: WebhookTrigger,
	call: WebhookCall,
): Promise<{ output: IDataObject | undefined; status: number }> {
	const { functions, answer } = webhookContext(call);
	const result = await trigger.webhook.call(functions);
	const items = result.workflowData as Array<Array<{ json: IDataObject }>> | undefined;
	return { output: items?.[0]?.[0]?.json, status: answer.status };
}
