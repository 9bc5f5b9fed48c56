import { expect } from 'vitest';

import { ProviderError } from '../../shared/index.js';

/** The `ProviderError` that `run` throws; fails the test if it throws nothing or something else. */
export function errorOf(run: () => unknown): ProviderError {
	try {
		run();
	} catch (error) {
		expect(error).toBeInstanceOf(ProviderError);
		return error as ProviderError;
	}
	throw new Error('expected a ProviderError');
}
