import { defineConfig } from 'vitest/config';

export default defineConfig({
	test: {
		// Each app's own test too, the one `zapier-platform test` runs in its folder.
		include: ['test/**/*.test.ts', 'apps/*/src/test/**/*.test.ts'],
		testTimeout: 60_000,
	},
});
