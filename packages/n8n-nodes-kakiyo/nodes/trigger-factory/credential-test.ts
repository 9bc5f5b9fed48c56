// Generated from nodes/trigger-factory/credential-test.ts by scripts/package-sources.ts: edit that file, then run npm run sources.
import type {
	ICredentialsDecrypted,
	ICredentialTestFunctions,
	INodeCredentialTestResult,
} from 'n8n-workflow';

/** The credential test of a provider that has no API: the pasted secret's form. */
export const SECRET_FORM_TEST = 'webhookSecretForm';

/** What a credential holding a pasted webhook secret must look like. */
export async function webhookSecretForm(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	const secret = credential.data?.webhookSecret;
	if (typeof secret !== 'string' || secret.trim() === '')
		return { status: 'Error', message: "Paste the webhook's secret from the provider" };
	if (secret !== secret.trim())
		return { status: 'Error', message: 'The secret starts or ends with a space: paste it again' };
	return { status: 'OK', message: 'The secret is set; the first delivery proves it' };
}
