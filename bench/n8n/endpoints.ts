/**
 * What the bench loads in one n8n: each provider's trigger (Breakcold in both its formats) and
 * n8n's own Webhook node, with Header Auth and without, each in a workflow of its own, active,
 * with a maker of fresh, distinct, correctly proven deliveries.
 */
import { randomBytes, randomUUID } from 'node:crypto';

import { signDelivery, receiveDelivery, type ProviderDefinition } from '../../shared/index.js';
import { authKinds } from '../../shared/verify-delivery.js';
import { breakcold } from '../../shared/providers/breakcold/index.js';
import { kakiyo } from '../../shared/providers/kakiyo/index.js';
import { saleshandy, SALESHANDY_SECRET_HEADER } from '../../shared/providers/saleshandy/index.js';
import { setActive, until, type PublicApi } from '../../test/harness/driver.js';
import type { Stack } from '../../test/harness/stack.js';
import { triggerNode } from '../../test/harness/workflow.js';
import type { Delivery, Endpoint } from './load.js';

/** The header n8n's Webhook node checks with Header Auth, and its value. */
export const TOKEN_HEADER = 'X-Bench-Token';
export const TOKEN = randomBytes(24).toString('hex');

/** Breakcold's webhook secret, as the user pastes it into the credential. */
export const BREAKCOLD_SECRET = `whsec_bench_${randomBytes(12).toString('hex')}`;

/** The triggers' version as the editor adds them: the newest. */
const TRIGGER_VERSION = 1.1;

/** The events each trigger listens to: the one its deliveries carry. */
const EVENTS = {
	kakiyo: 'linkedin.message.received',
	saleshandy: 'reply-received',
	breakcoldCurrent: 'record.updated',
	breakcoldLegacy: 'lead.create',
} as const;

const RUN = Date.now().toString(36);
let sequence = 0;
/** A mark no other delivery of this run carries, so no trigger drops one as a repeat. */
const unique = () => `${RUN}_${(sequence += 1).toString(36)}`;

/** The provider's sample of `event`, without the mark the connector puts on its own samples. */
function sample(provider: ProviderDefinition, event: string): Record<string, unknown> {
	const body = { ...provider.sampleFor(event) };
	delete body._connectorSample;
	return body;
}

type Body = Record<string, unknown> & { data: Record<string, unknown> };

/**
 * Kakiyo's guide delivery, dated now, about a chat no other delivery is about; with `bytes`, its
 * message is lengthened until the body is that long (a longer reply).
 */
function kakiyoBody(bytes?: number): string {
	const base = sample(kakiyo, EVENTS.kakiyo) as Body;
	const at = new Date().toISOString();
	const body = {
		...base,
		timestamp: at,
		data: { ...base.data, chatId: `chat_${unique()}`, timestamp: at },
	};
	const short = JSON.stringify(body);
	if (bytes === undefined || short.length >= bytes) return short;
	const message = `${String(base.data.message)} ${'Looking forward to it. '.repeat(Math.ceil(bytes / 20))}`;
	const full = JSON.stringify({ ...body, data: { ...body.data, message } });
	// The message is plain ASCII, so each character cut is one byte less.
	const data = { ...body.data, message: message.slice(0, message.length - (full.length - bytes)) };
	return JSON.stringify({ ...body, data });
}

/** A Kakiyo delivery, signed with `secret`; `bytes` long where given. */
export function kakiyoDelivery(secret: string, bytes?: number): Delivery {
	return signDelivery(kakiyo, kakiyoBody(bytes), secret) as Delivery;
}

function saleshandyDelivery(secret: string): Delivery {
	const base = sample(saleshandy, EVENTS.saleshandy) as Record<string, Record<string, unknown>>;
	const body = JSON.stringify({
		...base,
		replyReceivedAt: new Date().toISOString(),
		prospect: { ...base.prospect, id: `prs_${unique()}` },
	});
	return signDelivery(saleshandy, body, secret) as Delivery;
}

const [CURRENT_AUTH, LEGACY_AUTH] = authKinds(breakcold);

/** Breakcold's signed envelope, as its current webhooks send it. */
function breakcoldCurrentDelivery(secret: string): Delivery {
	const id = unique();
	const now = Date.now();
	const body = JSON.stringify({
		...sample(breakcold, EVENTS.breakcoldCurrent),
		eventId: `evt_${id}`,
		timestamp: new Date(now).toISOString(),
	});
	const proof = signDelivery(breakcold, body, secret, now, CURRENT_AUTH);
	return {
		headers: {
			...proof.headers,
			'X-Webhook-Delivery-Id': `dlv_${id}`,
			'X-Webhook-Event': EVENTS.breakcoldCurrent,
		},
		body: proof.body as string,
	};
}

/** Breakcold's legacy delivery: no signature, the secret in the body. */
function breakcoldLegacyDelivery(secret: string): Delivery {
	const base = sample(breakcold, EVENTS.breakcoldLegacy) as Record<string, Record<string, unknown>>;
	const body = JSON.stringify({ ...base, payload: { ...base.payload, id: unique() } });
	return signDelivery(breakcold, body, secret, Date.now(), LEGACY_AUTH) as Delivery;
}

/**
 * Throws unless the trigger would run `delivery` without a word to its log: a bench whose
 * deliveries are refused, ignored or logged as odd measures something else.
 */
function expectAccepted(provider: ProviderDefinition, secret: string, delivery: Delivery): void {
	const reception = receiveDelivery(
		provider,
		{ headers: delivery.headers, body: Buffer.from(delivery.body) },
		{ secret, selected: Object.values(EVENTS) },
	);
	if (reception.outcome !== 'accepted' || reception.warning !== undefined)
		throw new Error(
			`a ${provider.id} bench delivery would not run cleanly: ${JSON.stringify(reception)}`,
		);
}

async function createWorkflow(api: PublicApi, name: string, node: Record<string, unknown>) {
	const created = await api.call<{ id: string }>('POST', '/workflows', {
		name,
		nodes: [node],
		connections: {},
		settings: { executionOrder: 'v1' },
	});
	if (created.status !== 200)
		throw new Error(
			`workflow "${name}" answered ${created.status}: ${JSON.stringify(created.body)}`,
		);
	await setActive(api, created.body.id, true);
	return created.body.id;
}

/** n8n's Webhook node answering as the triggers do: at once, when the delivery is received. */
function webhookNode(path: string, credential?: { id: string; name: string }) {
	return {
		id: `webhook-${path}`,
		name: 'Webhook',
		type: 'n8n-nodes-base.webhook',
		typeVersion: 2.1,
		position: [0, 0],
		webhookId: randomUUID(),
		parameters: {
			httpMethod: 'POST',
			path,
			responseMode: 'onReceived',
			authentication: credential ? 'headerAuth' : 'none',
			options: {},
		},
		...(credential ? { credentials: { httpHeaderAuth: credential } } : {}),
	};
}

interface Hook {
	url: string;
	secret?: string | null;
	headers?: Record<string, string>;
}

/** The hook n8n registered at a sandbox for `url`, once it has. */
async function hookAt(sandboxUrl: string, url: string): Promise<Hook> {
	const hooks = await until(
		`a hook for ${url}`,
		async () => (await (await fetch(`${sandboxUrl}/_sandbox/hooks`)).json()) as Hook[],
		(list) => list.some((hook) => hook.url === url),
		60_000,
	);
	return hooks.find((hook) => hook.url === url)!;
}

/**
 * Every endpoint, active and answering 2xx to a delivery of its own kind, in one n8n or in queue
 * mode (where `n8n.webhookUrl` is the balancer's).
 */
export async function openEndpoints(
	stack: Pick<Stack, 'api' | 'providers' | 'n8n'>,
): Promise<Endpoint[]> {
	const { api, providers } = stack;
	const webhookUrl = (id: string) => `${stack.n8n.webhookUrl}webhook/${id}/webhook`;
	const trigger = async (provider: ProviderDefinition, id: string, event: string) => {
		const name = `${provider.displayName} Trigger`;
		const node = {
			...triggerNode({
				provider: provider.id,
				webhookId: id,
				events: [event],
				credential: providers[provider.id]!.credential,
				name,
			}),
			typeVersion: TRIGGER_VERSION,
		};
		return { id, url: webhookUrl(id), workflowId: await createWorkflow(api, `bench: ${id}`, node) };
	};

	const kakiyoFlow = await trigger(kakiyo, 'bench-kakiyo', EVENTS.kakiyo);
	const kakiyoSecret = (await hookAt(providers.kakiyo!.sandbox.url, kakiyoFlow.url)).secret!;
	const saleshandyFlow = await trigger(saleshandy, 'bench-saleshandy', EVENTS.saleshandy);
	const saleshandyHook = await hookAt(providers.saleshandy!.sandbox.url, saleshandyFlow.url);
	const saleshandySecret = saleshandyHook.headers![SALESHANDY_SECRET_HEADER]!;
	const current = await trigger(breakcold, 'bench-breakcold-current', EVENTS.breakcoldCurrent);
	const legacy = await trigger(breakcold, 'bench-breakcold-legacy', EVENTS.breakcoldLegacy);

	const credential = await api.call<{ id: string; name: string }>('POST', '/credentials', {
		name: 'Bench header',
		type: 'httpHeaderAuth',
		data: { name: TOKEN_HEADER, value: TOKEN },
	});
	if (credential.status !== 200)
		throw new Error(`httpHeaderAuth credential answered ${credential.status}`);
	const webhook = async (path: string, secured: boolean) => {
		const node = webhookNode(path, secured ? credential.body : undefined);
		return {
			id: path,
			url: `${stack.n8n.webhookUrl}webhook/${path}`,
			workflowId: await createWorkflow(api, `bench: ${path}`, node),
		};
	};
	// The Webhook node gets Kakiyo's deliveries, signature header and all: the same bytes.
	const secured = await webhook('bench-webhook-header-auth', true);
	const plain = await webhook('bench-webhook', false);

	const endpoints: Endpoint[] = [
		{
			...kakiyoFlow,
			secret: kakiyoSecret,
			label: 'Kakiyo Trigger (HMAC header)',
			next: () => kakiyoDelivery(kakiyoSecret),
		},
		{
			...saleshandyFlow,
			label: 'Saleshandy Trigger (secret header)',
			next: () => saleshandyDelivery(saleshandySecret),
		},
		{
			...current,
			label: 'Breakcold Trigger, signed (current)',
			next: () => breakcoldCurrentDelivery(BREAKCOLD_SECRET),
		},
		{
			...legacy,
			label: 'Breakcold Trigger, secret in body (legacy)',
			next: () => breakcoldLegacyDelivery(BREAKCOLD_SECRET),
		},
		{
			...secured,
			label: 'n8n Webhook node, Header Auth',
			next: () => {
				const delivery = kakiyoDelivery(kakiyoSecret);
				return { ...delivery, headers: { ...delivery.headers, [TOKEN_HEADER]: TOKEN } };
			},
		},
		{ ...plain, label: 'n8n Webhook node, unsecured', next: () => kakiyoDelivery(kakiyoSecret) },
	];
	expectAccepted(kakiyo, kakiyoSecret, endpoints[0]!.next());
	expectAccepted(saleshandy, saleshandySecret, endpoints[1]!.next());
	expectAccepted(breakcold, BREAKCOLD_SECRET, endpoints[2]!.next());
	expectAccepted(breakcold, BREAKCOLD_SECRET, endpoints[3]!.next());
	return endpoints;
}

/** Posts one delivery; its status. */
export async function deliverOnce(endpoint: Endpoint): Promise<number> {
	const delivery = endpoint.next();
	const response = await fetch(endpoint.url, {
		method: 'POST',
		headers: { 'content-type': 'application/json', ...delivery.headers },
		body: delivery.body,
	});
	await response.arrayBuffer();
	return response.status;
}

/** Waits until the endpoint answers a delivery 200 (n8n registers routes after it answers). */
export async function answering(endpoint: Endpoint): Promise<void> {
	await until(
		`${endpoint.id} to answer 200`,
		() => deliverOnce(endpoint),
		(s) => s === 200,
		60_000,
	);
}

/** One side of issue 23's comparison: an endpoint and its row label. */
export interface PairedSide {
	readonly label: string;
	readonly endpoint: Endpoint;
}

/**
 * Issue 23's two sides among `endpoints`: the Kakiyo Trigger (v1.1) and n8n's Webhook node with
 * Header Auth, each sent the same `bytes`-long signed Kakiyo deliveries (the Webhook node also
 * gets its header token).
 */
export function pairedSides(
	endpoints: readonly Endpoint[],
	bytes: number,
): { trigger: PairedSide; webhook: PairedSide } {
	const byId = (id: string) => endpoints.find((endpoint) => endpoint.id === id)!;
	const kakiyoEndpoint = byId('bench-kakiyo');
	// The probe delivery proved the secret.
	const secret = kakiyoEndpoint.secret!;
	return {
		trigger: {
			label: 'Kakiyo Trigger (v1.1)',
			endpoint: { ...kakiyoEndpoint, next: () => kakiyoDelivery(secret, bytes) },
		},
		webhook: {
			label: 'Webhook node, Header Auth',
			endpoint: {
				...byId('bench-webhook-header-auth'),
				next: () => {
					const delivery = kakiyoDelivery(secret, bytes);
					return { ...delivery, headers: { ...delivery.headers, [TOKEN_HEADER]: TOKEN } };
				},
			},
		},
	};
}
