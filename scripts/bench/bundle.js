/**
 * Bundles the TypeScript of the benchmark (tests/bench/**) with Vite's build API, so that the app's
 * real modules (`$lib/...`) run as they ship: for Chromium (the local section's page) and for Node
 * (the server sections' child processes). The project's own Vite settings are taken from its config
 * files, Kit's plugins left out (no app, no routes): the Node bundles get vite.cli.config.ts's
 * plugins (as the command line is built), the page gets vite.config.ts's other plugins and aliases
 * (as the app's client code is built). Node bundles go under node_modules/.cache so that their
 * imports of runtime dependencies (better-sqlite3, yazl…) resolve from the project's node_modules.
 */
import { readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join } from 'node:path';
import { build, loadConfigFromFile } from 'vite';
import { ROOT, WORK } from './paths.js';

/** @typedef {{ find: string | RegExp; replacement: string }} Alias */

/**
 * The plugins (Kit's and Svelte's left out) and aliases of one of the project's Vite config files.
 * @param {string} file
 * @returns {Promise<{ plugins: import('vite').PluginOption[]; alias: Alias[] }>}
 */
async function projectSettings(file) {
	const loaded = await loadConfigFromFile({ command: 'build', mode: 'production' }, join(ROOT, file), ROOT, 'silent');
	if (!loaded) throw new Error(`cannot read ${file}`);
	const plugins = (loaded.config.plugins ?? [])
		.flat()
		// sveltekit() is a promise of Kit's and Svelte's plugins: the benchmark builds modules, not the app.
		.filter((p) => p && typeof p === 'object' && 'name' in p && !/svelte/i.test(String(p.name)));
	const raw = loaded.config.resolve?.alias ?? [];
	/** @type {Alias[]} */
	const alias = Array.isArray(raw) ? raw : Object.entries(raw).map(([find, replacement]) => ({ find, replacement: String(replacement) }));
	return { plugins, alias: [...alias.filter((a) => a.find !== '$lib'), { find: '$lib', replacement: join(ROOT, 'src/lib') }] };
}

/** @returns {(id: string) => boolean} */
function nodeExternals() {
	const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
	const deps = Object.keys(pkg.dependencies ?? {});
	const builtins = new Set(builtinModules);
	return (id) => id.startsWith('node:') || builtins.has(id) || deps.some((d) => id === d || id.startsWith(`${d}/`));
}

/**
 * One browser ES module, `entry.js`, minified like the app's client code.
 * @param {string} entry path from the project root
 * @param {string} outDir
 */
export async function bundleBrowser(entry, outDir) {
	const { plugins, alias } = await projectSettings('vite.config.ts');
	await build({
		configFile: false,
		root: ROOT,
		plugins,
		publicDir: false,
		logLevel: 'warn',
		resolve: { alias },
		build: {
			outDir,
			emptyOutDir: true,
			target: 'es2022',
			copyPublicDir: false,
			rolldownOptions: { input: join(ROOT, entry), output: { format: 'es', entryFileNames: 'entry.js' } }
		}
	});
}

/**
 * Node ES modules, one per entry (`<name>.js`), runtime dependencies left as imports.
 * @param {Record<string, string>} entries name → path from the project root
 * @param {string} outDir
 */
export async function bundleNode(entries, outDir) {
	const { plugins, alias } = await projectSettings('vite.cli.config.ts');
	await build({
		configFile: false,
		root: ROOT,
		plugins,
		publicDir: false,
		logLevel: 'warn',
		resolve: { alias },
		ssr: { external: true, target: 'node' },
		build: {
			ssr: true,
			outDir,
			emptyOutDir: true,
			target: 'node20',
			minify: false,
			copyPublicDir: false,
			rolldownOptions: {
				input: Object.fromEntries(Object.entries(entries).map(([name, path]) => [name, join(ROOT, path)])),
				external: nodeExternals(),
				output: { format: 'esm', entryFileNames: '[name].js' }
			}
		}
	});
}

/** @type {Promise<string> | null} */
let nodeBundles = null;

/**
 * The Node processes of the server sections (tests/bench/node/*.ts), bundled once per run.
 * @returns {Promise<string>} the folder holding `<name>.js`
 */
export function nodeBundle() {
	const dir = join(WORK, 'node');
	nodeBundles ??= bundleNode(
		{
			seed: 'tests/bench/node/seed.ts',
			ingest: 'tests/bench/node/ingest.ts',
			'pull-client': 'tests/bench/node/pull-client.ts',
			'export-one': 'tests/bench/node/export-one.ts'
		},
		dir
	).then(() => dir);
	return nodeBundles;
}
