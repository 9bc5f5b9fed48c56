/** A Kakiyo sandbox and a real n8n with this package, ready to drive: what the demo starts. */
import { startSandbox, type Sandbox } from '../../sandbox/server.js';
import { publicApi, setUpOwner } from './n8n-api.js';
import { freePort, newUserFolder, removeFolder, startN8n, type RunningN8n } from './n8n-process.js';
import { packExtensions } from './pack.js';
import { CREDENTIAL_TYPE } from './workflow.js';

export interface Stack {
	sandbox: Sandbox;
	n8n: RunningN8n;
	owner: Awaited<ReturnType<typeof setUpOwner>>;
	api: ReturnType<typeof publicApi>;
	credential: { id: string; name: string };
	/** Stops n8n and the sandbox and removes their temporary folders. */
	close(): Promise<void>;
}

/** A Kakiyo sandbox and an n8n with this package, an owner, and a Kakiyo credential for the sandbox. */
export async function startStack(credentialName = 'Kakiyo (sandbox)'): Promise<Stack> {
	const { extension, folder } = packExtensions();
	const sandbox = await startSandbox();
	const home = newUserFolder();
	const n8n = await startN8n({ extension, userFolder: home, port: await freePort() });
	const owner = await setUpOwner(n8n.url);
	const api = publicApi(n8n.url, owner.apiKey);
	const created = await api.call<{ id: string }>('POST', '/credentials', {
		name: credentialName,
		type: CREDENTIAL_TYPE,
		data: { apiKey: sandbox.apiKey, baseUrl: sandbox.apiUrl },
	});
	if (created.status !== 200) throw new Error(`credential creation failed: ${created.status}`);
	return {
		sandbox,
		n8n,
		owner,
		api,
		credential: { id: created.body.id, name: credentialName },
		async close() {
			await n8n.stop();
			await sandbox.close();
			removeFolder(home);
			removeFolder(folder);
		},
	};
}
