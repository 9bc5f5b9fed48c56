import { defineConfig } from 'vitest/config';

export default defineConfig({
	test: {
		exclude: ['node_modules/**', 'dist/**', 'zapier/**'],
		// Sandbox tests hold real sockets; a slow CI machine needs more than the default 5 s.
		testTimeout: 20_000,
		projects: [
			{
				extends: true,
				test: {
					name: 'unit',
					include: ['test/**/*.test.ts'],
					exclude: [
						'test/e2e/**',
						'test/soak/**',
						'test/compat/**',
						'test/queue/**',
						'test/registry/**',
						'test/browser/**',
					],
				},
			},
			{
				// Each real-n8n file builds and packs the packages and runs its own n8n: one at a time,
				// after the rest, so two builds never race and two n8n never share two cores.
				extends: true,
				test: {
					name: 'e2e',
					include: ['test/e2e/**/*.test.ts'],
					fileParallelism: false,
					sequence: { groupOrder: 1 },
				},
			},
			{
				// Proofs under faults, load and hostile input (RELIABILITY.md): slow, so not in
				// `npm test`; `npm run soak` runs them and CI runs that after the tests.
				extends: true,
				test: {
					name: 'soak',
					include: ['test/soak/**/*.soak.test.ts'],
					fileParallelism: false,
					testTimeout: 900_000,
					hookTimeout: 900_000,
				},
			},
			{
				// The packages in the oldest n8n they support: `npm run test:compat`, apart from
				// `npm test` because its first run installs that n8n too (several minutes, then cached).
				extends: true,
				test: {
					name: 'compat',
					include: ['test/compat/**/*.compat.test.ts'],
					fileParallelism: false,
					testTimeout: 120_000,
				},
			},
			{
				// The packages published to a local registry (verdaccio) as the release publishes them,
				// installed from it as their READMEs say, updated in place, in a real n8n:
				// `npm run test:registry`, apart from `npm test` because it takes 2 to 3.5 minutes;
				// CI runs it right after.
				extends: true,
				test: {
					name: 'registry',
					include: ['test/registry/**/*.registry.test.ts'],
					fileParallelism: false,
					testTimeout: 300_000,
					hookTimeout: 900_000,
				},
			},
			{
				// n8n's queue mode behind nginx (PostgreSQL, Redis, main, webhook processes, workers):
				// `npm run test:queue`, apart from `npm test` because it installs and runs services.
				extends: true,
				test: {
					name: 'queue',
					include: ['test/queue/**/*.queue.test.ts'],
					fileParallelism: false,
					testTimeout: 900_000,
					hookTimeout: 900_000,
				},
			},
			{
				// Issue 21's walk of n8n's editor in headless Chromium (Debian's, installed where
				// missing): `npm run test:browser`, apart from `npm test` because it installs Chromium
				// and drives a browser; CI runs it last.
				extends: true,
				test: {
					name: 'browser',
					include: ['test/browser/**/*.browser.test.ts'],
					fileParallelism: false,
					testTimeout: 120_000,
					hookTimeout: 900_000,
				},
			},
		],
	},
});
