// n8n's own config (what `n8n-node lint` runs) governs what ships: the core, nodes, credentials and
// package.json. The sandbox, tests and scripts run on a developer's machine, not inside n8n, so the
// community-node restrictions (no `process`, no `setTimeout`, no extra imports) are lifted there.
import { config as n8nConfig } from '@n8n/node-cli/eslint';
import { n8nCommunityNodesPlugin } from '@n8n/eslint-plugin-community-nodes';

const communityRulesOff = Object.fromEntries(
	Object.keys(n8nCommunityNodesPlugin.configs.recommended.rules).map((rule) => [rule, 'off']),
);

export default [
	{ ignores: ['dist/**', 'zapier/**', 'node_modules/**', '**/*.js', '**/*.mjs'] },
	...n8nConfig,
	{
		files: ['sandbox/**/*.ts', 'test/**/*.ts', 'scripts/**/*.ts', 'bench/**/*.ts', '*.config.ts'],
		rules: { ...communityRulesOff, 'no-console': 'off' },
	},
];
