import {
	NodeApiError,
	type IHookFunctions,
	type ILoadOptionsFunctions,
	type INode,
	type JsonObject,
} from 'n8n-workflow';

import { kakiyo, ProviderError, type ApiResponse, type Transport } from '../../shared/index.js';

/** Sends the core's request descriptions with n8n's authenticated HTTP helper. */
export function kakiyoTransport(context: IHookFunctions | ILoadOptionsFunctions): Transport {
	return async (request) => {
		const credentials = await context.getCredentials<{ baseUrl?: string }>('kakiyoApi');
		const baseURL = (credentials.baseUrl || kakiyo.baseUrl).replace(/\/+$/, '');
		const response = (await context.helpers.httpRequestWithAuthentication.call(
			context,
			'kakiyoApi',
			{
				method: request.method,
				baseURL,
				url: request.path,
				...(request.query ? { qs: request.query } : {}),
				...(request.body === undefined ? {} : { body: request.body }),
				json: true,
				returnFullResponse: true,
				ignoreHttpStatusErrors: true,
			},
		)) as { statusCode: number; headers: ApiResponse['headers']; body: unknown };
		return { status: response.statusCode, headers: response.headers ?? {}, body: response.body };
	};
}

/** Shows a provider failure in n8n with the core's message, which names the fix. */
export function toNodeError(node: INode, error: unknown): Error {
	if (!(error instanceof ProviderError))
		return error instanceof Error ? error : new Error(String(error));
	return new NodeApiError(node, { kind: error.kind, code: error.code ?? null } as JsonObject, {
		message: error.message,
		...(error.status === undefined ? {} : { httpCode: String(error.status) }),
	});
}
