import type {
	ICredentialsDecrypted,
	ICredentialTestFunctions,
	INodeCredentialTestResult,
} from 'n8n-workflow';

import { pastedSecretProblem, type ProviderDefinition } from '../../shared/index.js';

/** The credential test of a provider that has no API: the pasted secret's form. */
export const SECRET_FORM_TEST = 'webhookSecretForm';

/** Checks the form of the webhook secret pasted into the provider's credential. */
export function webhookSecretForm(provider: ProviderDefinition) {
	return async function (
		this: ICredentialTestFunctions,
		credential: ICredentialsDecrypted,
	): Promise<INodeCredentialTestResult> {
		const problem = pastedSecretProblem(provider, credential.data?.webhookSecret);
		if (problem !== undefined) return { status: 'Error', message: problem };
		return { status: 'OK', message: 'The secret is set; the first delivery proves it' };
	};
}
