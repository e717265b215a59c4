// ESLint 9 flat config: n8n's two node lint plugins composed as @n8n/node-cli does.
import js from '@eslint/js';
import { n8nCommunityNodesPlugin } from '@n8n/eslint-plugin-community-nodes';
import n8nNodesBase from 'eslint-plugin-n8n-nodes-base';
import tseslint from 'typescript-eslint';

const community = n8nCommunityNodesPlugin.configs.recommendedWithoutN8nCloudSupport;

export default tseslint.config(
	{ ignores: ['dist/**', 'node_modules/**', '.cache/**', 'coverage/**'] },
	{
		files: ['**/*.ts'],
		extends: [js.configs.recommended, tseslint.configs.recommended, community],
		rules: {
			'prefer-spread': 'off',
			'no-console': 'error',
			// This is a logic pack for self-hosted n8n (n8n does not verify logic nodes); zod is its one runtime dependency.
			'@n8n/community-nodes/no-runtime-dependencies': 'off',
		},
	},
	{ plugins: { 'n8n-nodes-base': n8nNodesBase } },
	{
		files: ['package.json'],
		extends: [community],
		rules: {
			...n8nNodesBase.configs.community.rules,
			// See above: zod is the one runtime dependency.
			'@n8n/community-nodes/no-runtime-dependencies': 'off',
			// The overrides serve only this repository's dev install (n8n-nodes-base for the in-engine tests would fetch
			// xlsx from a CDN outside the npm registry); npm ignores overrides of an installed dependency.
			'@n8n/community-nodes/no-overrides-field': 'off',
		},
		languageOptions: { parser: tseslint.parser, parserOptions: { extraFileExtensions: ['.json'] } },
	},
	{
		files: ['credentials/**/*.ts'],
		rules: {
			...n8nNodesBase.configs.credentials.rules,
			// The rule is for n8n's own repository (a docs slug); a community credential links its API's documentation.
			'n8n-nodes-base/cred-class-field-documentation-url-miscased': 'off',
		},
	},
	{
		files: ['nodes/**/*.ts'],
		ignores: ['**/*.test.ts'],
		rules: {
			...n8nNodesBase.configs.nodes.rules,
			// Our outputs are computed from the Route By parameter, as in n8n's Switch node.
			'n8n-nodes-base/node-class-description-outputs-wrong': 'off',
			// n8n now wants NodeConnectionTypes.Main; this older rule still asks for the 'main' literal (@n8n/node-cli turns it off too).
			'n8n-nodes-base/node-class-description-inputs-wrong-regular-node': 'off',
		},
	},
	{
		files: ['test/**/*.ts', 'bench/**/*.ts'],
		rules: {
			'no-console': 'off',
			// Tests read loosely typed workflow output and re-throw to assert on error types.
			'@typescript-eslint/no-explicit-any': 'off',
			'@n8n/community-nodes/require-node-api-error': 'off',
		},
	},
);
