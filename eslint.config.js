/**
 * ESLint: JavaScript's and typescript-eslint's recommended rules, Svelte's, and the type-aware rules
 * about promises. A promise nobody awaits loses its failure silently (docs/lessons.md, "silent loss"):
 * each one is awaited, caught, or marked `void` where dropping it is the intent and is safe.
 * The other type-aware rules of typescript-eslint's "recommendedTypeChecked" are not on: the `no-unsafe-*`
 * family would flag every value read from JSON before valibot checks it, and `require-await` every
 * async method written to fit an interface (the store contract).
 * The import boundaries are checked by scripts/lint-boundaries.js (docs/architecture.md).
 * Run by `npm run lint` and `npm test`.
 */
import js from '@eslint/js';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import ts from 'typescript-eslint';
import svelteConfig from './svelte.config.js';

export default ts.config(
	{
		ignores: ['build/', '.svelte-kit/', 'static/', 'data/', 'test-results/', 'playwright-report/', 'coverage/', 'bench-results/', 'tmp/']
	},
	js.configs.recommended,
	...ts.configs.recommended,
	...svelte.configs.recommended,
	{
		languageOptions: {
			globals: { ...globals.browser, ...globals.node },
			parserOptions: {
				// Types from tsconfig.json (src, tests), scripts/tsconfig.json (the Node scripts); the files
				// neither includes (the service worker, which Kit type-checks apart, and the root configs)
				// get a default project.
				projectService: {
					allowDefaultProject: ['src/service-worker.ts', 'eslint.config.js', 'svelte.config.js', 'playwright.config.ts', 'vite.cli.config.ts']
				},
				tsconfigRootDir: import.meta.dirname,
				extraFileExtensions: ['.svelte']
			}
		},
		rules: {
			'@typescript-eslint/no-floating-promises': 'error',
			'@typescript-eslint/no-misused-promises': 'error',
			'@typescript-eslint/await-thenable': 'error',
			// `_name` says a value is deliberately left out (a destructured field dropped, an argument an
			// interface imposes).
			'@typescript-eslint/no-unused-vars': [
				'error',
				{ argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_', caughtErrors: 'none' }
			],
			// French text needs non-breaking spaces (U+00A0 before ; : ! ? and inside « »): allowed in
			// strings, templates, regular expressions and comments, never in the code itself.
			'no-irregular-whitespace': ['error', { skipStrings: true, skipTemplates: true, skipRegExps: true, skipComments: true }],
			// Separators are written `{' · '}` so that markup holds no text literal (scripts/lint-boundaries.js).
			'svelte/no-useless-mustaches': 'off',
			// The app is served at the root (no `paths.base`): links are plain paths, `resolve()` adds nothing.
			'svelte/no-navigation-without-resolve': 'off'
		}
	},
	{
		files: ['**/*.svelte', '**/*.svelte.ts', '**/*.svelte.js'],
		languageOptions: { parserOptions: { parser: ts.parser, svelteConfig } },
		// TypeScript (svelte-check) reports unknown names, with the types ESLint's own check does not know.
		rules: { 'no-undef': 'off' }
	}
);
