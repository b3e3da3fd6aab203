import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vitest/config';
import { messageParts } from './vite.message-parts';

export default defineConfig({
	plugins: [messageParts(), sveltekit()],
	server: { port: 5173, strictPort: true },
	// ATLAS_SOURCEMAP=1: source maps, to see what each module weighs in the client chunks.
	build: {
		sourcemap: !!process.env.ATLAS_SOURCEMAP,
		rolldownOptions: {
			treeshake: {
				// The catalogue files only define objects: where the browser does not use the whole
				// French catalogue (it loads it in parts, vite.message-parts.ts), none of it is kept.
				moduleSideEffects: [{ test: /[\\/]src[\\/]lib[\\/]i18n[\\/](fr|en)[\\/][^\\/]+\.ts$/, sideEffects: false }]
			}
		}
	},
	resolve: {
		// Dexie's ES2018 module build instead of its default entry (a wrapper around the ES5 UMD
		// build): same library and version, ~2 KB gzip less on every page, and tree-shakable.
		alias: [{ find: /^dexie$/, replacement: 'dexie/dist/modern/dexie.mjs' }]
	},
	test: {
		// Benchmarks are scripts/bench (npm run bench), never part of `npm test`.
		include: ['tests/unit/**/*.test.ts'],
		environment: 'node',
		setupFiles: ['tests/unit/setup.ts']
	}
});
