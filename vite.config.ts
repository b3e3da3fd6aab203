import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vitest/config';
import { messageParts } from './vite.message-parts';

/**
 * The unit test files that drive the server's store: run a second time on PostgreSQL. Not
 * sync-client (its property test makes 200 fresh servers: the client's logic, run once is enough).
 */
const POSTGRES_TEST_FILES = [
	'accounts',
	'census-page',
	'cli',
	'coverage',
	'exports',
	'fuzz-boundary',
	'history-timeline',
	'merge',
	'nul-text',
	'pg-store',
	'photos-client',
	'photos-server',
	'progress-server',
	'pull-triggers',
	'refused-batch',
	'review',
	'review-client',
	'shared-state',
	'signin-limits',
	'store-contract',
	'store-snapshot',
	'sync-client',
	'sync-rewind',
	'sync-server'
].map((name) => `tests/unit/${name}.test.ts`);

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
		environment: 'node',
		setupFiles: ['tests/unit/setup.ts'],
		// Test names are prefixed with their project: `sqlite` (every unit test) and `postgres` (the
		// server tests again, on PostgreSQL: tests/unit/stores.ts). The second needs a server where it
		// may create databases, ATLAS_TEST_DATABASE_URL (npm test starts one: scripts/pg-cluster.js);
		// without it only `sqlite` exists.
		projects: [
			// Benchmarks are scripts/bench (npm run bench), never part of `npm test`.
			{ extends: true, test: { name: 'sqlite', include: ['tests/unit/**/*.test.ts'], env: { ATLAS_TEST_STORE: 'sqlite' } } },
			...(process.env.ATLAS_TEST_DATABASE_URL
				? [
						{
							extends: true as const,
							test: {
								name: 'postgres',
								// Every store call is a network round trip here: a test doing dozens of syncs takes
								// several times longer than on SQLite, and the other workers share the two cores.
								testTimeout: 30_000,
								include: POSTGRES_TEST_FILES,
								env: { ATLAS_TEST_STORE: 'postgres' },
								globalSetup: ['tests/unit/pg-global-setup.ts']
							}
						}
					]
				: [])
		]
	}
});
