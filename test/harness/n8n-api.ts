/** n8n's owner set-up and its public API (`/api/v1`), as a test or the demo drives them. */

/** The names of the node types n8n offers in its editor, e.g. `n8n-nodes-kakiyo.kakiyoTrigger`. */
export async function nodeTypeNames(url: string, cookie: string): Promise<string[]> {
	const response = await fetch(`${url}/types/nodes.json`, { headers: { cookie } });
	return ((await response.json()) as Array<{ name: string }>).map((type) => type.name);
}

/** n8n's owner account and an API key for its public API. */
export async function setUpOwner(
	url: string,
): Promise<{ apiKey: string; cookie: string; email: string; password: string }> {
	const email = 'owner@example.com';
	const password = 'Kakiyo-e2e-Passw0rd';
	const setup = await fetch(`${url}/rest/owner/setup`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ email, firstName: 'Test', lastName: 'Owner', password }),
	});
	if (!setup.ok) throw new Error(`owner setup failed: ${setup.status} ${await setup.text()}`);
	const cookie = (setup.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
	const scopes = (await (
		await fetch(`${url}/rest/api-keys/scopes`, { headers: { cookie } })
	).json()) as { data: string[] };
	const created = await fetch(`${url}/rest/api-keys`, {
		method: 'POST',
		headers: { 'content-type': 'application/json', cookie },
		body: JSON.stringify({ label: 'e2e', scopes: scopes.data, expiresAt: null }),
	});
	if (!created.ok)
		throw new Error(`api key creation failed: ${created.status} ${await created.text()}`);
	const { data } = (await created.json()) as { data: { rawApiKey: string } };
	return { apiKey: data.rawApiKey, cookie, email, password };
}

/** A thin client for n8n's public API (`/api/v1`). */
export function publicApi(url: string, apiKey: string) {
	async function call<T>(
		method: string,
		path: string,
		body?: unknown,
	): Promise<{ status: number; body: T }> {
		const response = await fetch(`${url}/api/v1${path}`, {
			method,
			headers: {
				'x-n8n-api-key': apiKey,
				...(body === undefined ? {} : { 'content-type': 'application/json' }),
			},
			...(body === undefined ? {} : { body: JSON.stringify(body) }),
		});
		const text = await response.text();
		return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T };
	}
	return { call };
}
