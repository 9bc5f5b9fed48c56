// Generated from nodes/trigger-factory/request-body.ts by scripts/package-sources.ts: edit that file, then run npm run sources.
import type { IWebhookFunctions } from 'n8n-workflow';

import { findHeader, refuseBodyType, type ProviderDefinition } from '../shared/index.js';

/**
 * The request's exact body bytes, or `undefined` once the request has been answered 4xx: a
 * multipart body (n8n has already taken it apart, so no bytes are left to prove) gets 415, a body
 * that cannot be read (over N8N_PAYLOAD_SIZE_MAX, or not in the Content-Encoding it claims) its
 * own 4xx. Never throws: a throw from webhook() makes n8n store an error execution and start the
 * workflow's Error Workflow, for anyone who can send a request.
 */
export async function requestBody(
	context: IWebhookFunctions,
	provider: ProviderDefinition,
	name: string,
): Promise<Buffer | undefined> {
	const req = context.getRequestObject();
	const refuse = (status: number, error: string, message: string, why: string) => {
		context.logger.warn(`${name} refused a request: ${why}`);
		context.getResponseObject().status(status).json({ error, message });
		return undefined;
	};
	const refusal = refuseBodyType(provider, findHeader(req.headers, 'content-type'));
	if (refusal !== undefined)
		return refuse(refusal.status, 'unsupported-media-type', refusal.message, refusal.message);
	// n8n reads the body of the types it parses; any other is read here.
	if (req.rawBody === undefined)
		try {
			if (!req.readable) throw new Error('the body was already read');
			await req.readRawBody();
		} catch (error) {
			const code = (error as { status?: unknown }).status;
			const status = typeof code === 'number' && code >= 400 && code < 500 ? code : 400;
			const message = 'The request body could not be read (too large, or not as encoded).';
			return refuse(
				status,
				'unreadable-body',
				message,
				`its body could not be read (${String(error)})`,
			);
		}
	return req.rawBody ?? Buffer.alloc(0);
}
