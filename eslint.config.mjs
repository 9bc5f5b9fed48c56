// n8n's own config (what `n8n-node lint` runs) governs what ships: the core, nodes and credentials.
// Each package under packages/ is linted by its own, unmodified config (`n8n-node lint` there, in
// `npm run lint`), which also reads its manifest. The sandbox, tests, scripts and the Zapier apps
// run on a developer's machine or in Zapier, not inside n8n, so the community-node restrictions
// (no `process`, no `setTimeout`, no extra imports) are lifted there.
import { config as n8nConfig } from '@n8n/node-cli/eslint';
import { n8nCommunityNodesPlugin } from '@n8n/eslint-plugin-community-nodes';

const communityRulesOff = Object.fromEntries(
	Object.keys(n8nCommunityNodesPlugin.configs.recommended.rules).map((rule) => [rule, 'off']),
);

export default [
	{ ignores: ['dist/**', 'packages/**', 'node_modules/**', '**/*.js', '**/*.mjs'] },
	...n8nConfig,
	{
		// These rules read a node's or credential's package manifest: the root's names none, and
		// each package's own lint checks its node and credential against its own manifest.
		files: ['credentials/**/*.ts', 'nodes/**/*.ts'],
		rules: {
			'@n8n/community-nodes/credential-test-required': 'off',
			'@n8n/community-nodes/no-credential-reuse': 'off',
		},
	},
	{
		// The root package.json is the private workspace that builds the packages; each published
		// package's own manifest is packages/<name>/package.json, linted in full.
		files: ['package.json'],
		rules: Object.fromEntries(
			[
				'@n8n/community-nodes/n8n-object-validation',
				'@n8n/community-nodes/node-registration-complete',
				'@n8n/community-nodes/require-files-array',
				'@n8n/community-nodes/require-homepage',
				'@n8n/community-nodes/package-name-convention',
				'n8n-nodes-base/community-package-json-keywords-missing',
				'n8n-nodes-base/community-package-json-n8n-missing',
			].map((rule) => [rule, 'off']),
		),
	},
	{
		files: [
			'sandbox/**/*.ts',
			'test/**/*.ts',
			'scripts/**/*.ts',
			'bench/**/*.ts',
			'zapier/**/*.ts',
			'*.config.ts',
		],
		rules: { ...communityRulesOff, 'no-console': 'off' },
	},
];
