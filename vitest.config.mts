import { defineConfig } from 'vitest/config';

export default defineConfig({
	test: {
		include: ['test/**/*.test.ts'],
		exclude: ['node_modules/**', 'dist/**', 'zapier/**'],
		// Sandbox tests hold real sockets; a slow CI machine needs more than the default 5 s.
		testTimeout: 20_000,
	},
});
